import QtQuick
import QtQuick.Layouts
import KioskCore

// Identify with the chip ID card: where to place the card, then the ID number and date
// of birth (the keys that open the chip) on the kiosk's own keyboard, digits first.
Item {
    id: screen
    objectName: "identifyScreen"
    property bool portrait: true
    // Which field the keyboard types into: "id", "dob" or "expiry".
    property string active: "id"
    // The printed expiry is asked for only when the ones derived from the birth date
    // did not open the card (or once the citizen has typed one).
    // (Null inputs and an undefined key only while the engine is torn down.)
    readonly property bool askExpiry: Identity.errorKey === "card.wrong_keys"
                                      || String(Identity.errorKey || "").indexOf("expiry.") === 0
                                      || (screen.expiryInput ? screen.expiryInput.text !== "" : false)

    // The texts live in the kiosk (see Kiosk.textInput); a session wipe clears them.
    readonly property var idInput: Kiosk.textInput("id")
    readonly property var dobInput: Kiosk.textInput("dob")
    readonly property var expiryInput: Kiosk.textInput("expiry")

    Component.onCompleted: {
        screen.idInput.maxLength = 12;
        screen.dobInput.maxLength = 10;
        screen.expiryInput.maxLength = 16;
    }

    // Twelve digits typed: on to the date of birth.
    Connections {
        target: screen.idInput
        function onTextChanged() {
            if (screen.active === "id" && screen.idInput.text.length === 12)
                screen.active = "dob";
        }
    }

    function read() {
        Identity.startRead(screen.idInput.text, screen.dobInput.text,
                           screen.askExpiry ? screen.expiryInput.text : "");
    }

    component Field: Rectangle {
        id: box
        required property string name
        required property string label
        required property string hint
        required property var input
        readonly property bool current: screen.active === box.name
        Layout.fillWidth: true
        Layout.preferredHeight: column.implicitHeight + Theme.gap
        radius: Theme.radius
        color: Theme.surface
        border.width: box.current ? 4 : 2
        border.color: box.current ? Theme.accent : Theme.border

        ColumnLayout {
            id: column
            anchors.fill: parent
            anchors.margins: Theme.gap / 2
            anchors.leftMargin: Theme.gap
            spacing: Theme.gap / 4
            Text {
                Layout.fillWidth: true
                text: box.label
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontSmall
                color: Theme.muted
                wrapMode: Text.WordWrap
            }
            TextInput {
                id: field
                objectName: box.name + "Field"
                Layout.fillWidth: true
                // Null only while the engine is torn down.
                text: box.input ? box.input.text : ""
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontLarge
                color: Theme.text
                inputMethodHints: Qt.ImhDigitsOnly
                clip: true
                cursorVisible: box.current
                onTextEdited: box.input.setText(text)
                Text {
                    anchors.fill: parent
                    visible: field.text === ""
                    text: box.hint
                    font: field.font
                    color: Theme.border
                    elide: Text.ElideRight
                }
            }
        }
        // On top of the text: a tap anywhere on the box chooses the field the keyboard
        // types into (the TextInput underneath would otherwise take the press).
        MouseArea {
            anchors.fill: parent
            onClicked: screen.active = box.name
        }
    }

    // Portrait: the form above the keyboard. Landscape: side by side, so the keyboard's
    // bottom rows never fall off a 1080-pixel-high screen.
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

            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: steps.implicitHeight + Theme.gap * 2
                radius: Theme.radius
                color: Theme.surface
                border.width: 2
                border.color: Theme.border
                ColumnLayout {
                    id: steps
                    anchors.fill: parent
                    anchors.margins: Theme.gap
                    spacing: Theme.gap / 2
                    Text {
                        objectName: "identifyTitle"
                        Layout.fillWidth: true
                        text: qsTr("Place your ID card on the reader")
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.fontLarge
                        font.bold: true
                        color: Theme.text
                        wrapMode: Text.WordWrap
                    }
                    BodyText {
                        Layout.fillWidth: true
                        text: qsTr("Lay the chip ID card (CCCD) flat on the reader below the screen and leave it there until you have finished. Then type your 12-digit ID number and your date of birth, as printed on the card.")
                    }
                }
            }

            Field {
                name: "id"
                label: qsTr("ID number (12 digits)")
                // A pattern, not a number: a real-looking ID here was taken for someone's.
                //: Placeholder of the empty ID-number field.
                hint: qsTr("12 digits")
                input: screen.idInput
            }
            Field {
                name: "dob"
                label: qsTr("Date of birth (day/month/year)")
                hint: qsTr("DD/MM/YYYY")
                input: screen.dobInput
            }
            Field {
                name: "expiry"
                visible: screen.askExpiry
                label: qsTr("Expiry date printed on the card (day/month/year)")
                hint: qsTr("DD/MM/YYYY")
                input: screen.expiryInput
            }
            BigButton {
                objectName: "noExpiryButton"
                visible: screen.askExpiry
                Layout.fillWidth: true
                fontSize: Theme.fontSmall
                checked: screen.expiryInput ? screen.expiryInput.text === Identity.noExpiryText : false
                text: qsTr("My card says: %1 (no expiry)").arg(Identity.noExpiryText)
                onClicked: screen.expiryInput.setText(checked ? "" : Identity.noExpiryText)
            }

            Text {
                objectName: "identifyError"
                Layout.fillWidth: true
                visible: Identity.errorKey !== ""
                text: Messages.errorText(Identity.errorKey)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontBody
                font.bold: true
                color: Theme.primary
                wrapMode: Text.WordWrap
            }

            BigButton {
                objectName: "readCardButton"
                Layout.fillWidth: true
                primary: true
                fontSize: Theme.fontLarge
                text: qsTr("Read the card")
                onClicked: screen.read()
            }

            // Demo and staff training only (simulated reader): stands in for a citizen's hand.
            BigButton {
                objectName: "demoCardButton"
                visible: Identity.demoCard
                Layout.fillWidth: true
                checked: Identity.demoCardInserted
                fontSize: Theme.fontSmall
                text: Identity.demoCardInserted ? qsTr("Demo: take the sample card off the reader") : qsTr("Demo: place the sample card (ID 001190012345, born 15/03/1990)")
                onClicked: Identity.toggleDemoCard()
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
            layout: "numbers"
            language: "en"
            target: screen.active === "id" ? screen.idInput
                  : screen.active === "dob" ? screen.dobInput : screen.expiryInput
            onAccepted: {
                if (screen.active === "id")
                    screen.active = "dob";
                else if (screen.active === "dob" && screen.askExpiry)
                    screen.active = "expiry";
                else
                    screen.read();
            }
            onActivity: Kiosk.touch()
        }
    }
}
