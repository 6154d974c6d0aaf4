import QtQuick
import QtQuick.Layouts
import KioskCore

// A ward officer types the assisted-mode PIN on a digit pad. The digits show as dots;
// the PIN goes to the core, which decides (and locks out after wrong tries).
Rectangle {
    id: dialog
    objectName: "staffPinDialog"
    signal closed()
    color: Theme.bg
    property string pin: ""

    function press(d) { if (pin.length < 12) pin += d; Staff.clearError() }
    function submit() {
        if (Staff.unlock(pin)) { pin = ""; dialog.closed() } else { pin = "" }
    }

    // Touches must not reach the screen underneath.
    MouseArea { anchors.fill: parent }

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - Theme.gap * 4, Theme.touch * 8)
        spacing: Theme.gap

        Text {
            Layout.fillWidth: true
            text: qsTr("Staff: type the assisted-mode PIN")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontLarge
            font.bold: true
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        Text {
            objectName: "pinDots"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: "●".repeat(dialog.pin.length) || " "
            font.pixelSize: Theme.fontTitle
            color: Theme.text
        }
        BodyText {
            objectName: "staffError"
            visible: Staff.errorKey !== ""
            color: Theme.warning
            text: Staff.errorKey === "staff.locked_out"
                  ? qsTr("Too many wrong PINs. Try again in %n minute(s).", "", Staff.retryMinutes)
                  : Messages.errorText(Staff.errorKey)
        }
        GridLayout {
            Layout.fillWidth: true
            columns: 3
            columnSpacing: Theme.gap / 2
            rowSpacing: Theme.gap / 2
            Repeater {
                model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
                BigButton {
                    required property string modelData
                    objectName: "pin_" + (modelData === "⌫" ? "back" : modelData === "OK" ? "ok" : modelData)
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touch * 1.2
                    primary: modelData === "OK"
                    fontSize: Theme.fontLarge
                    text: modelData
                    Accessible.name: modelData === "⌫" ? qsTr("Delete") : modelData === "OK" ? qsTr("Unlock") : modelData
                    onClicked: {
                        if (modelData === "⌫") dialog.pin = dialog.pin.slice(0, -1)
                        else if (modelData === "OK") dialog.submit()
                        else dialog.press(modelData)
                    }
                }
            }
        }
        BigButton {
            objectName: "staffCancel"
            Layout.fillWidth: true
            text: qsTr("Cancel")
            onClicked: { dialog.pin = ""; Staff.clearError(); dialog.closed() }
        }
    }
}
