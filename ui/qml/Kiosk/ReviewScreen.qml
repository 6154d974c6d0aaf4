pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import KioskCore

// Everything the citizen is about to submit on one screen, each part with a "Change"
// link back to it; then one button to submit. While the kiosk stores and sends the
// dossier (screen "submit_sending") the same page stays, covered by a notice.
Item {
    id: screen
    objectName: "reviewScreen"
    property bool portrait: true
    readonly property bool sending: Kiosk.screen === "submit_sending"

    function deliveryText(kind) {
        switch (kind) {
        case "truc_tiep": return qsTr("Collect it at the one-stop counter")
        case "buu_chinh": return qsTr("By post to: %1").arg(Submit.postAddress)
        case "truc_tuyen": return qsTr("Online, on the public service portal")
        default: return ""
        }
    }

    component Part: Rectangle {
        id: part
        property string title: ""
        property string changeName: ""
        property string changeWhat: ""
        default property alias content: body.data
        Layout.fillWidth: true
        implicitHeight: col.implicitHeight + Theme.gap * 2
        radius: Theme.radius
        color: Theme.surface
        border.width: 2
        border.color: Theme.border
        ColumnLayout {
            id: col
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.margins: Theme.gap
            spacing: Theme.gap / 2
            RowLayout {
                Layout.fillWidth: true
                Text {
                    Layout.fillWidth: true
                    text: part.title
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontLarge
                    font.bold: true
                    color: Theme.primaryDark
                    wrapMode: Text.WordWrap
                }
                BigButton {
                    objectName: part.changeName
                    visible: part.changeWhat !== ""
                    text: qsTr("Change")
                    fontSize: Theme.fontSmall
                    onClicked: Submit.change(part.changeWhat)
                }
            }
            ColumnLayout {
                id: body
                Layout.fillWidth: true
                spacing: Theme.gap / 3
            }
        }
    }

    component Row2: ColumnLayout {
        id: row
        property string label: ""
        property string value: ""
        Layout.fillWidth: true
        spacing: 0
        Text {
            Layout.fillWidth: true
            text: row.label
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontSmall
            color: Theme.muted
            wrapMode: Text.WordWrap
        }
        Text {
            Layout.fillWidth: true
            text: row.value
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontBody
            color: Theme.text
            wrapMode: Text.WordWrap
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap * 1.5
        spacing: Theme.gap
        enabled: !screen.sending

        Text {
            objectName: "reviewTitle"
            Layout.fillWidth: true
            text: qsTr("Check and submit")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontTitle
            font.bold: true
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        BodyText {
            color: Theme.muted
            font.pixelSize: Theme.fontSmall
            text: qsTr("Step 4 of 4: check everything. Nothing is sent until you touch Submit.")
        }

        Flickable {
            id: flick
            objectName: "reviewFlick"
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: width
            contentHeight: parts.implicitHeight
            clip: true
            boundsBehavior: Flickable.StopAtBounds

            ColumnLayout {
                id: parts
                width: flick.width
                spacing: Theme.gap

                Part {
                    title: Submit.procedureName(Kiosk.language)
                    Row2 { label: qsTr("Procedure code"); value: Submit.procedureCode }
                    Row2 {
                        label: qsTr("Fee")
                        value: Submit.fee < 0 ? qsTr("Confirmed and paid at the counter")
                                              : Submit.fee === 0 ? qsTr("Free")
                                                                 : qsTr("%1, paid by bank QR after submitting").arg(Messages.money(Submit.fee))
                    }
                }
                Part {
                    title: qsTr("Your form")
                    changeName: "changeForm"
                    changeWhat: "form"
                    Repeater {
                        model: Submit.reviewRows(Kiosk.language)
                        delegate: Row2 {
                            required property var modelData
                            objectName: "review_" + modelData.id
                            label: modelData.label
                            value: modelData.value + (modelData.locked ? "  🔒" : "")
                        }
                    }
                }
                Part {
                    title: qsTr("Result delivery")
                    changeName: "changeDelivery"
                    changeWhat: "delivery"
                    Row2 { objectName: "reviewDelivery"; label: qsTr("How you receive the result"); value: screen.deliveryText(Submit.delivery) }
                }
                Part {
                    title: qsTr("Consent")
                    changeName: "changeConsent"
                    changeWhat: "consent"
                    Row2 { label: qsTr("You agreed to the processing of your personal data"); value: Submit.consentTime }
                }
            }
        }

        Text {
            objectName: "reviewError"
            Layout.fillWidth: true
            visible: Submit.errorKey !== ""
            text: Messages.errorText(Submit.errorKey)
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontBody
            font.bold: true
            color: Theme.primary
            wrapMode: Text.WordWrap
        }
        BigButton {
            objectName: "submitButton"
            Layout.fillWidth: true
            primary: true
            fontSize: Theme.fontLarge
            text: qsTr("Submit the dossier")
            onClicked: Submit.submit()
        }
    }

    Rectangle {
        objectName: "sendingNotice"
        anchors.fill: parent
        visible: screen.sending
        color: Theme.bg
        opacity: 0.97
        MouseArea { anchors.fill: parent }
        ColumnLayout {
            anchors.centerIn: parent
            width: parent.width - Theme.gap * 4
            spacing: Theme.gap
            Text {
                Layout.fillWidth: true
                text: qsTr("Submitting your dossier…")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
            }
            BodyText {
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Your dossier is saved at the kiosk first, then sent. This takes a few seconds.")
            }
        }
    }
}
