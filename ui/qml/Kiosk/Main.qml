import QtQuick
import QtQuick.Window
import QtQuick.Layouts
import KioskCore

// The one window. The core decides which step a citizen is on; this maps the step's
// screen name to a page and keeps the bar, the idle countdown and the theme in place.
Window {
    id: root
    width: 1080
    height: 1920
    visible: true
    color: Theme.bg
    title: qsTr("Hanoi public service kiosk")

    readonly property bool portrait: height >= width

    Binding { target: Theme; property: "shortSide"; value: Math.min(root.width, root.height) }
    Binding { target: Theme; property: "largeText"; value: Kiosk.largeText }
    Binding {
        target: Theme; property: "pixelsPerMm"
        value: Kiosk.pixelsPerMm > 0 ? Kiosk.pixelsPerMm : 3.6
    }

    TopBar {
        id: bar
        objectName: "topBar"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        visible: Kiosk.screen !== "start"
        enabled: Kiosk.idlePhase !== "countdown"
        height: visible ? implicitHeight : 0
    }

    // While an officer has assisted mode unlocked, every screen says so, with the way out.
    Rectangle {
        id: staffStrip
        objectName: "staffStrip"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        visible: Staff.active
        height: visible ? Theme.touch + Theme.gap : 0
        color: Theme.warning
        RowLayout {
            anchors.fill: parent
            anchors.margins: Theme.gap / 2
            Text {
                Layout.fillWidth: true
                text: qsTr("Assisted mode: a staff member is helping")
                color: Theme.textOnPrimary
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontBody
                font.bold: true
                elide: Text.ElideRight
            }
            BigButton {
                objectName: "staffExit"
                text: qsTr("End assisted mode")
                onClicked: Staff.lock()
            }
        }
    }

    Loader {
        id: page
        objectName: "page"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: bar.bottom
        anchors.bottom: staffStrip.top
        // Under the countdown nothing may take a touch: tap handlers grab passively on
        // press, so a tap that closes the countdown would otherwise also land beneath.
        enabled: Kiosk.idlePhase !== "countdown"
        sourceComponent: {
            switch (Kiosk.screen) {
            case "search": return searchPage
            case "detail": return detailPage
            case "identify": return identifyPage
            case "identify_reading": return identifyReadingPage
            case "identify_confirm": return identifyConfirmPage
            // status flow screens
            case "status_entry": return statusEntryPage
            case "status_view": return statusViewPage
            case "status_mine": return statusMinePage
            // submit flow screens
            case "submit_form": return submitFormPage
            case "submit_consent": return submitConsentPage
            case "submit_delivery": return submitDeliveryPage
            case "submit_review": return submitReviewPage
            case "submit_sending": return submitReviewPage
            case "submit_payment": return submitPaymentPage
            case "submit_receipt": return submitReceiptPage
            default: return startPage
            }
        }
    }

    Component { id: startPage; StartScreen { portrait: root.portrait } }
    Component { id: searchPage; SearchScreen { portrait: root.portrait } }
    Component { id: detailPage; DetailScreen { portrait: root.portrait } }
    Component { id: identifyPage; IdentifyScreen { portrait: root.portrait } }
    Component { id: identifyReadingPage; IdentifyReadingScreen { portrait: root.portrait } }
    Component { id: identifyConfirmPage; IdentifyConfirmScreen { portrait: root.portrait } }
    // status flow pages
    Component { id: statusEntryPage; StatusEntryScreen { portrait: root.portrait } }
    Component { id: statusViewPage; StatusScreen { portrait: root.portrait } }
    Component { id: statusMinePage; MyDossiersScreen { portrait: root.portrait } }
    // submit flow pages
    Component { id: submitFormPage; FormScreen { portrait: root.portrait } }
    Component { id: submitConsentPage; ConsentScreen { portrait: root.portrait } }
    Component { id: submitDeliveryPage; DeliveryScreen { portrait: root.portrait } }
    Component { id: submitReviewPage; ReviewScreen { portrait: root.portrait } }
    Component { id: submitPaymentPage; PaymentScreen { portrait: root.portrait } }
    Component { id: submitReceiptPage; ReceiptScreen { portrait: root.portrait } }

    // What the kiosk made of a scan it cannot act on, for a few seconds, over any screen.
    Rectangle {
        objectName: "scanNotice"
        visible: Scanner.noticeKey !== ""
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: staffStrip.top
        anchors.bottomMargin: Theme.gap * 2
        width: parent.width - Theme.gap * 4
        height: noticeText.implicitHeight + Theme.gap * 2
        radius: Theme.radius
        color: Theme.warningBg
        border.width: 2
        border.color: Theme.warning
        Text {
            id: noticeText
            objectName: "scanNoticeText"
            anchors.fill: parent
            anchors.margins: Theme.gap
            text: Messages.errorText(Scanner.noticeKey)
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontBody
            color: Theme.text
            wrapMode: Text.WordWrap
        }
    }

    TimeoutOverlay {
        objectName: "timeoutOverlay"
        anchors.fill: parent
        visible: Kiosk.idlePhase === "countdown"
    }
}
