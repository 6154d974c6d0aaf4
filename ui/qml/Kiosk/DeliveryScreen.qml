pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import KioskCore

// How the result comes back: only the ways this procedure allows. By post, the address
// starts as the residence on the card and can be changed on the keyboard.
Item {
    id: screen
    objectName: "deliveryScreen"
    property bool portrait: true
    readonly property var addressInput: Kiosk.textInput("submit_post_address")
    property bool typing: false

    function label(kind) {
        switch (kind) {
        case "truc_tiep": return qsTr("Collect it at the one-stop counter")
        case "buu_chinh": return qsTr("Send it to me by post")
        case "truc_tuyen": return qsTr("Online, on the public service portal")
        default: return ""
        }
    }
    function detail(kind) {
        switch (kind) {
        case "truc_tiep": return qsTr("Bring your receipt and your ID card on the result date.")
        case "buu_chinh": return qsTr("The post office delivers the result to the address below (postage may apply).")
        case "truc_tuyen": return qsTr("You receive the electronic result on the portal, with your ID number.")
        default: return ""
        }
    }

    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap * 1.5
        columns: screen.portrait ? 1 : 2
        columnSpacing: Theme.gap * 2
        rowSpacing: Theme.gap

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            spacing: Theme.gap

            Text {
                Layout.fillWidth: true
                text: qsTr("How do you want to receive the result?")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            BodyText {
                color: Theme.muted
                font.pixelSize: Theme.fontSmall
                text: qsTr("Step 3 of 4: choose one.")
            }
            Repeater {
                model: Submit.deliveryOptions
                delegate: BigButton {
                    required property string modelData
                    objectName: "delivery_" + modelData
                    Layout.fillWidth: true
                    horizontalAlignment: Text.AlignLeft
                    fontSize: Theme.fontLarge
                    checked: Submit.delivery === modelData
                    text: (checked ? "◉  " : "○  ") + screen.label(modelData)
                    subtitle: screen.detail(modelData)
                    onClicked: {
                        Submit.chooseDelivery(modelData)
                        screen.typing = modelData === "buu_chinh"
                    }
                }
            }

            ColumnLayout {
                visible: Submit.delivery === "buu_chinh"
                Layout.fillWidth: true
                spacing: Theme.gap / 3
                Text {
                    Layout.fillWidth: true
                    text: qsTr("Address to post the result to")
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontBody
                    font.bold: true
                    color: Theme.text
                    wrapMode: Text.WordWrap
                }
                Rectangle {
                    Layout.fillWidth: true
                    implicitHeight: Math.max(Theme.touch, address.implicitHeight + Theme.gap)
                    radius: Theme.radius
                    color: Theme.surface
                    border.width: screen.typing ? 4 : 2
                    border.color: screen.typing ? Theme.accent : Theme.border
                    TextInput {
                        id: address
                        objectName: "postAddress"
                        anchors.left: parent.left
                        anchors.right: parent.right
                        anchors.verticalCenter: parent.verticalCenter
                        anchors.margins: Theme.gap
                        text: screen.addressInput ? screen.addressInput.text : ""
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.fontBody
                        color: Theme.text
                        wrapMode: TextInput.Wrap
                        onTextEdited: screen.addressInput.setText(text)
                    }
                    MouseArea {
                        anchors.fill: parent
                        onClicked: screen.typing = true
                    }
                }
            }

            Text {
                objectName: "deliveryError"
                Layout.fillWidth: true
                visible: Submit.errorKey !== ""
                text: Messages.errorText(Submit.errorKey)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontBody
                font.bold: true
                color: Theme.primary
                wrapMode: Text.WordWrap
            }
            Item { Layout.fillHeight: true }
            BigButton {
                objectName: "deliveryNext"
                Layout.fillWidth: true
                primary: true
                fontSize: Theme.fontLarge
                text: qsTr("Next ›")
                onClicked: {
                    screen.typing = false
                    Submit.deliveryNext()
                }
            }
        }

        OnScreenKeyboard {
            objectName: "keyboard"
            visible: screen.typing && Submit.delivery === "buu_chinh"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.alignment: Qt.AlignBottom
            language: "vi"
            target: screen.addressInput
            onAccepted: screen.typing = false
            onActivity: Kiosk.touch()
        }
    }
}
