import QtQuick
import QtQuick.Layouts
import KioskCore

// What a passer-by sees: who this kiosk serves, their language, bigger text, and one
// obvious thing to touch.
Item {
    id: screen
    objectName: "startScreen"
    property bool portrait: true

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap * 2
        spacing: Theme.gap * 2
        // Tap handlers grab passively: under the PIN pad nothing may take a touch.
        enabled: !pinDialog.visible

        // Header: the service, the place.
        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: header.implicitHeight + Theme.gap * 3
            radius: Theme.radius
            color: Theme.primary
            ColumnLayout {
                id: header
                anchors.centerIn: parent
                width: parent.width - Theme.gap * 4
                spacing: Theme.gap / 2
                Text {
                    Layout.fillWidth: true
                    text: qsTr("Hanoi Public Services")
                    color: Theme.textOnPrimary
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontTitle
                    font.bold: true
                    wrapMode: Text.WordWrap
                    horizontalAlignment: Text.AlignHCenter
                }
                Text {
                    Layout.fillWidth: true
                    visible: Kiosk.wardName !== ""
                    text: Kiosk.wardName
                    color: Theme.textOnPrimary
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontLarge
                    wrapMode: Text.WordWrap
                    horizontalAlignment: Text.AlignHCenter
                }
            }
        }

        // Language first: a citizen who cannot read the rest must still find this.
        Text {
            Layout.fillWidth: true
            text: qsTr("Choose your language")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontBody
            color: Theme.muted
            horizontalAlignment: Text.AlignHCenter
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            BigButton {
                objectName: "langVi"
                Layout.fillWidth: true
                Layout.preferredWidth: 1  // equal halves whatever the label
                text: "Tiếng Việt"
                checked: Kiosk.language === "vi"
                fontSize: Theme.fontLarge
                onClicked: Kiosk.setLanguage("vi")
            }
            BigButton {
                objectName: "langEn"
                Layout.fillWidth: true
                Layout.preferredWidth: 1  // equal halves whatever the label
                text: "English"
                checked: Kiosk.language === "en"
                fontSize: Theme.fontLarge
                onClicked: Kiosk.setLanguage("en")
            }
        }
        BigButton {
            objectName: "largeTextSwitch"
            Layout.fillWidth: true
            text: Kiosk.largeText ? qsTr("Larger text: on") : qsTr("Larger text: off")
            subtitle: qsTr("Touch to make the text bigger or smaller")
            checked: Kiosk.largeText
            onClicked: Kiosk.setLargeText(!Kiosk.largeText)
        }

        // The tiles: large, few, each a whole task.
        GridLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            columns: screen.portrait ? 1 : 2
            columnSpacing: Theme.gap * 2
            rowSpacing: Theme.gap * 2

            BigButton {
                objectName: "tileLookup"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumHeight: Theme.touch * 2.5
                primary: true
                fontSize: Theme.fontTitle
                text: qsTr("Look up a procedure")
                subtitle: qsTr("Which papers to bring, the fee, how long it takes, where to go")
                onClicked: Kiosk.startLookup()
            }
            BigButton {
                objectName: "tileIdentify"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumHeight: Theme.touch * 2.5
                fontSize: Theme.fontTitle
                text: qsTr("Identify with your ID card")
                subtitle: qsTr("Place your chip ID card (CCCD) on the reader so that forms fill themselves in")
                onClicked: Identity.begin()
            }
            BigButton {
                objectName: "tileStatus"
                visible: Status.available
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumHeight: Theme.touch * 2.5
                Layout.columnSpan: screen.portrait ? 1 : 2
                fontSize: Theme.fontTitle
                text: qsTr("Check a dossier")
                subtitle: qsTr("Where your dossier stands and what to do next: type its code or scan your receipt")
                onClicked: Status.begin()
            }
        }

        RowLayout {
            Layout.fillWidth: true
            CatalogFreshness {
                Layout.fillWidth: true
            }
            // For ward officers only; small and out of the citizen's way.
            BigButton {
                objectName: "staffButton"
                visible: Staff.enabled && !Staff.active
                text: qsTr("Staff")
                onClicked: pinDialog.visible = true
            }
        }
    }

    StaffPinDialog {
        id: pinDialog
        anchors.fill: parent
        visible: false
        onClosed: visible = false
    }
}
