pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import KioskCore

// The procedure's declaration form (tờ khai), built from its definition. What the chip
// proved is shown, not edited (the core refuses changes too); one field at a time takes
// the keyboard; every problem is said in plain words right under its field.
Item {
    id: screen
    objectName: "formScreen"
    property bool portrait: true
    // The field the keyboard types into ("" : none).
    property string active: ""
    property bool unitPickerOpen: false
    property string unitField: ""

    readonly property var fields: Submit.formFields(Kiosk.language)
    readonly property var numericTypes: ["date", "integer", "phone", "id_number"]
    readonly property var activeField: {
        for (var i = 0; i < screen.fields.length; i++)
            if (screen.fields[i].id === screen.active)
                return screen.fields[i]
        return null
    }
    readonly property var activeInput: screen.active !== "" ? Kiosk.textInput("form_" + screen.active) : null

    function isText(f) {
        return ["text", "textarea", "date", "integer", "phone", "email", "id_number"].indexOf(f.type) >= 0
    }
    function shown(id) { return Submit.visibleIds.indexOf(id) >= 0 }

    // The next editable text field after `id` that is on screen ("" when none).
    function nextTextField(id) {
        var seen = id === ""
        for (var i = 0; i < screen.fields.length; i++) {
            var f = screen.fields[i]
            if (seen && screen.isText(f) && !f.locked && screen.shown(f.id))
                return f.id
            if (f.id === id)
                seen = true
        }
        return ""
    }

    function scrollTo(item) {
        if (!item)
            return
        var y = item.mapToItem(flick.contentItem, 0, 0).y
        var top = Math.max(0, Math.min(y - Theme.gap, flick.contentHeight - flick.height))
        flick.contentY = top
    }
    // The keyboard's own mode key changes its layout; each field starts in its own.
    onActiveFieldChanged: {
        if (screen.activeField)
            keyboard.layout = screen.numericTypes.indexOf(screen.activeField.type) >= 0 ? "numbers" : "letters"
    }

    function activate(id) {
        screen.active = id
        screen.scrollTarget = id
        scrollTimer.restart()
    }

    // Scrolling waits for the layout; a Timer (not Qt.callLater) dies with the page.
    property string scrollTarget: ""
    Timer {
        id: scrollTimer
        interval: 0
        onTriggered: screen.scrollTo(flickContent.boxFor(screen.scrollTarget))
    }

    // After "Next" with problems: the first one comes into view.
    Connections {
        target: Submit
        function onFormChanged() {
            if (Submit.firstErrorField !== "" && screen.active === "") {
                screen.scrollTarget = Submit.firstErrorField
                scrollTimer.restart()
            }
        }
    }

    // A number outside its range: say the range (the field's min/max from the form
    // definition), else the general sentence.
    function rangeText(f) {
        var has = function(v) { return v !== undefined && v !== null && v !== "" }
        if (has(f.min) && has(f.max))
            return qsTr("Please enter a number from %1 to %2.").arg(f.min).arg(f.max)
        if (has(f.min))
            return qsTr("Please enter a number of at least %1.").arg(f.min)
        if (has(f.max))
            return qsTr("Please enter a number no greater than %1.").arg(f.max)
        return Messages.errorText("form.number_range")
    }

    component FieldBox: ColumnLayout {
        id: box
        required property var modelData
        readonly property var f: box.modelData
        readonly property string error: Submit.fieldErrors[box.f.id] || ""
        readonly property var input: screen.isText(box.f) && !box.f.locked ? Kiosk.textInput("form_" + box.f.id) : null
        readonly property string value: Submit.values[box.f.id] !== undefined ? String(Submit.values[box.f.id]) : ""
        objectName: "field_" + box.f.id
        visible: screen.shown(box.f.id)
        width: flickContent.width
        spacing: Theme.gap / 3

        // What the citizen types becomes the form's value (the core decides the rest).
        Connections {
            target: box.input
            function onTextChanged() { Submit.setValue(box.f.id, box.input.text) }
        }

        Text {
            visible: box.f.section !== ""
            Layout.fillWidth: true
            Layout.topMargin: Theme.gap
            text: box.f.section
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontLarge
            font.bold: true
            color: Theme.primaryDark
            wrapMode: Text.WordWrap
        }
        Text {
            Layout.fillWidth: true
            text: box.f.label + (box.f.required && box.f.type !== "checkbox" ? " *" : "")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontBody
            font.bold: true
            color: Theme.text
            wrapMode: Text.WordWrap
            visible: box.f.type !== "checkbox"
        }
        Text {
            Layout.fillWidth: true
            visible: box.f.hint !== "" && !box.f.locked && box.f.type !== "checkbox"
            text: box.f.hint
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontSmall
            color: Theme.muted
            wrapMode: Text.WordWrap
        }

        // Read from the verified chip: shown with the reason it cannot be changed.
        Rectangle {
            visible: box.f.locked
            Layout.fillWidth: true
            implicitHeight: lockedCol.implicitHeight + Theme.gap
            radius: Theme.radius
            color: Theme.bg
            border.width: 2
            border.color: Theme.border
            ColumnLayout {
                id: lockedCol
                anchors.fill: parent
                anchors.margins: Theme.gap / 2
                spacing: 0
                Text {
                    objectName: "locked_" + box.f.id
                    Layout.fillWidth: true
                    text: box.f.type === "choice" ? Submit.choiceLabel(box.f.id, box.value, Kiosk.language) : box.value
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontLarge
                    color: Theme.text
                    wrapMode: Text.WordWrap
                }
                Text {
                    Layout.fillWidth: true
                    text: qsTr("🔒 Read from your chip ID card; it cannot be changed here.")
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontSmall
                    color: Theme.ok
                    wrapMode: Text.WordWrap
                }
            }
        }

        // Typed on the on-screen keyboard.
        Rectangle {
            id: textBox
            visible: screen.isText(box.f) && !box.f.locked
            Layout.fillWidth: true
            implicitHeight: Math.max(Theme.touch, typed.implicitHeight + Theme.gap)
            radius: Theme.radius
            color: Theme.surface
            border.width: screen.active === box.f.id ? 4 : 2
            border.color: box.error !== "" ? Theme.primary : screen.active === box.f.id ? Theme.accent : Theme.border
            TextInput {
                id: typed
                objectName: "fieldInput_" + box.f.id
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.verticalCenter: parent.verticalCenter
                anchors.margins: Theme.gap
                text: box.input ? box.input.text : ""
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontLarge
                color: Theme.text
                wrapMode: TextInput.Wrap
                cursorVisible: screen.active === box.f.id
                onTextEdited: if (box.input) box.input.setText(text)
                Text {
                    anchors.fill: parent
                    visible: typed.text === "" && box.f.type === "date"
                    text: qsTr("DD/MM/YYYY")
                    font: typed.font
                    color: Theme.border
                }
            }
            MouseArea {
                anchors.fill: parent
                onClicked: screen.activate(box.f.id)
            }
        }

        // Choices as big buttons, side by side where they fit.
        Flow {
            visible: box.f.type === "choice" && !box.f.locked
            Layout.fillWidth: true
            spacing: Theme.gap / 2
            Repeater {
                model: box.f.type === "choice" && !box.f.locked ? box.f.choices : []
                delegate: BigButton {
                    required property var modelData
                    required property int index
                    objectName: "choice_" + box.f.id + "_" + index
                    width: box.f.choices.length > 3 ? flickContent.width : Math.max(implicitWidth, Theme.touch * 3)
                    horizontalAlignment: box.f.choices.length > 3 ? Text.AlignLeft : Text.AlignHCenter
                    text: modelData.label
                    checked: box.value === modelData.value
                    onClicked: {
                        screen.active = ""
                        Submit.setValue(box.f.id, modelData.value)
                    }
                }
            }
        }

        BigButton {
            objectName: "check_" + box.f.id
            visible: box.f.type === "checkbox"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignLeft
            checked: box.value === "true"
            text: (checked ? "☑  " : "☐  ") + box.f.label
            onClicked: {
                screen.active = ""
                Submit.setValue(box.f.id, checked ? "" : "true")
            }
        }

        BigButton {
            objectName: "unitButton_" + box.f.id
            visible: box.f.type === "unit"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignLeft
            text: box.value !== "" ? Submit.choiceLabel(box.f.id, box.value, Kiosk.language) + "  ▾" : qsTr("Choose the commune or ward  ▾")
            onClicked: {
                screen.active = ""
                screen.unitField = box.f.id
                screen.unitPickerOpen = true
            }
        }

        Text {
            objectName: "fieldError_" + box.f.id
            Layout.fillWidth: true
            visible: box.error !== ""
            text: {
                if (box.error === "")
                    return ""
                if (box.error === "form.pattern" && box.f.patternMessage !== "")
                    return "⚠ " + box.f.patternMessage
                if (box.error === "form.number_range")
                    return "⚠ " + screen.rangeText(box.f)
                return "⚠ " + Messages.errorText(box.error)
            }
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontBody
            font.bold: true
            color: Theme.primary
            wrapMode: Text.WordWrap
        }
    }

    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap
        columns: screen.portrait ? 1 : 2
        columnSpacing: Theme.gap * 2
        rowSpacing: Theme.gap
        enabled: !screen.unitPickerOpen  // see Main.qml: no touch may fall through

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            spacing: Theme.gap / 2

            Text {
                objectName: "formTitle"
                Layout.fillWidth: true
                text: Submit.formTitle(Kiosk.language)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            BodyText {
                color: Theme.muted
                font.pixelSize: Theme.fontSmall
                text: qsTr("Step 1 of 4: fill in the form. Items marked * are required.")
            }

            Flickable {
                id: flick
                objectName: "formFlick"
                Layout.fillWidth: true
                Layout.fillHeight: true
                contentWidth: width
                contentHeight: flickContent.implicitHeight + Theme.gap
                clip: true
                boundsBehavior: Flickable.StopAtBounds

                Column {
                    id: flickContent
                    width: flick.width
                    spacing: Theme.gap
                    function boxFor(id) {
                        for (var i = 0; i < fieldRepeater.count; i++) {
                            var item = fieldRepeater.itemAt(i)
                            if (item && item.f && item.f.id === id)
                                return item
                        }
                        return null
                    }
                    Repeater {
                        id: fieldRepeater
                        model: screen.fields
                        delegate: FieldBox {}
                    }
                }
            }

            Text {
                objectName: "formError"
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
                objectName: "formNext"
                Layout.fillWidth: true
                primary: true
                fontSize: Theme.fontLarge
                text: qsTr("Next ›")
                onClicked: {
                    screen.active = ""
                    Submit.formNext()
                }
            }
        }

        OnScreenKeyboard {
            id: keyboard
            objectName: "keyboard"
            visible: screen.activeField !== null
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.alignment: Qt.AlignBottom
            language: screen.activeField && ["text", "textarea"].indexOf(screen.activeField.type) >= 0 ? "vi" : "en"
            target: screen.activeInput
            onAccepted: screen.activate(screen.nextTextField(screen.active))
            onActivity: Kiosk.touch()
        }
    }

    // The communes and wards of Hà Nội: a long list of large rows, the kiosk's own first.
    Rectangle {
        objectName: "unitPicker"
        anchors.fill: parent
        visible: screen.unitPickerOpen
        color: Theme.bg
        MouseArea { anchors.fill: parent }  // touches must not fall through
        ColumnLayout {
            anchors.fill: parent
            anchors.margins: Theme.gap
            spacing: Theme.gap
            RowLayout {
                Layout.fillWidth: true
                Text {
                    Layout.fillWidth: true
                    text: qsTr("Choose the commune or ward")
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontLarge
                    font.bold: true
                    color: Theme.text
                    wrapMode: Text.WordWrap
                }
                BigButton {
                    objectName: "unitPickerClose"
                    text: qsTr("Close")
                    onClicked: screen.unitPickerOpen = false
                }
            }
            ListView {
                id: unitList
                objectName: "unitList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: Theme.gap / 2
                cacheBuffer: 0
                boundsBehavior: Flickable.StopAtBounds
                model: screen.unitPickerOpen ? Submit.unitOptions(Kiosk.language) : null
                delegate: BigButton {
                    required property var modelData
                    required property int index
                    objectName: "unitOption_" + index
                    width: unitList.width
                    horizontalAlignment: Text.AlignLeft
                    text: modelData.name
                    onClicked: {
                        Submit.setValue(screen.unitField, modelData.code)
                        screen.unitPickerOpen = false
                    }
                }
            }
        }
    }
}
