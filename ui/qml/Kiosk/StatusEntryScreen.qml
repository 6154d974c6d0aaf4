import QtQuick
import QtQuick.Layouts
import KioskCore

// "Where is my dossier?": type the code from the receipt (checked while it is typed),
// or hold the receipt's QR code under the scanner, or identify with the chip ID card to
// see all of one's dossiers.
Item {
    id: screen
    objectName: "statusEntryScreen"
    property bool portrait: true

    // The text lives in the kiosk (see Kiosk.textInput); a session wipe clears it.
    readonly property var codeInput: Kiosk.textInput("status_code")

    Component.onCompleted: screen.codeInput.maxLength = 40

    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap
        columns: screen.portrait ? 1 : 2
        columnSpacing: Theme.gap * 2
        rowSpacing: Theme.gap

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            spacing: Theme.gap

            Text {
                objectName: "statusEntryTitle"
                Layout.fillWidth: true
                text: qsTr("Check your dossier")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            BodyText {
                text: qsTr("Type the dossier code printed on your receipt. Spaces, dots and small letters do not matter.")
            }

            // The field: what was typed, large, with an example while it is empty.
            Rectangle {
                id: box
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch * 1.2
                radius: Theme.radius
                color: Theme.surface
                border.width: 4
                border.color: Status.typedError !== "" ? Theme.primary
                            : Status.typedCode !== "" ? Theme.ok : Theme.accent
                Text {
                    id: field
                    objectName: "statusCodeField"
                    anchors.fill: parent
                    anchors.leftMargin: Theme.gap
                    anchors.rightMargin: Theme.gap
                    verticalAlignment: Text.AlignVCenter
                    // Null only while the engine is torn down.
                    text: screen.codeInput ? screen.codeInput.text : ""
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontLarge
                    font.bold: true
                    color: Theme.text
                    elide: Text.ElideLeft
                }
                Text {
                    anchors.fill: field
                    verticalAlignment: Text.AlignVCenter
                    visible: field.text === ""
                    text: qsTr("e.g. %1").arg("H26.105-251122-0001")
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontLarge
                    color: Theme.border
                    elide: Text.ElideRight
                }
            }

            // Feedback while typing: why it cannot be a code, or that it is one.
            Text {
                objectName: "statusCodeFeedback"
                Layout.fillWidth: true
                visible: text !== ""
                text: Status.typedError !== "" ? Messages.errorText(Status.typedError)
                    : Status.typedCode !== "" ? qsTr("Code recognised: %1").arg(Status.typedCode)
                    : ""
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontBody
                font.bold: true
                color: Status.typedError !== "" ? Theme.primary : Theme.ok
                wrapMode: Text.WordWrap
            }

            BigButton {
                objectName: "statusLookUpButton"
                Layout.fillWidth: true
                primary: true
                fontSize: Theme.fontLarge
                text: qsTr("Look up")
                onClicked: Status.lookUp()
            }

            // The other two ways in, each one obvious action.
            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: scanRow.implicitHeight + Theme.gap * 2
                radius: Theme.radius
                color: Theme.surface
                border.width: 2
                border.color: Theme.border
                RowLayout {
                    id: scanRow
                    anchors.fill: parent
                    anchors.margins: Theme.gap
                    spacing: Theme.gap
                    StatusScanHint {
                        Layout.preferredWidth: Theme.touch * 1.6
                        Layout.preferredHeight: Theme.touch * 1.9
                    }
                    BodyText {
                        objectName: "statusScanHint"
                        Layout.fillWidth: true
                        text: qsTr("Or hold the QR code on your receipt under the scanner, the small glass window below the screen. The kiosk opens your dossier by itself.")
                    }
                }
            }
            BigButton {
                objectName: "statusMineButton"
                Layout.fillWidth: true
                text: qsTr("Or identify with your chip ID card")
                subtitle: qsTr("See all your dossiers at once")
                onClicked: Status.identifyForMine()
            }

            Item {
                Layout.fillHeight: true
            }
        }

        OnScreenKeyboard {
            id: keyboard
            objectName: "keyboard"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.alignment: Qt.AlignBottom
            // Codes are plain letters and digits: no Telex here.
            language: "en"
            target: screen.codeInput
            onLanguageToggleRequested: keyboard.language = "en"
            onAccepted: Status.lookUp()
            onActivity: Kiosk.touch()
        }
    }
}
