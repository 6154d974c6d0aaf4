import QtQuick
import QtQuick.Layouts
import KioskCore

// Search as you type. The query lives in the core's step state, so coming back from
// a procedure shows the same results; the on-screen keyboard is docked at the bottom
// and can be folded away to see more results.
Item {
    id: screen
    objectName: "searchScreen"
    property bool portrait: true
    property bool keyboardOpen: true
    property bool fieldPickerOpen: false

    // The field's text lives in the kiosk (see Kiosk.textInput): it survives going to a
    // procedure and back, and the session wipe clears it.
    readonly property var input: Kiosk.textInput("search")

    Connections {
        target: screen.input
        function onTextChanged() {
            Catalog.setQuery(screen.input.text)
        }
    }

    Binding {
        target: screen.input
        property: "mode"
        value: Kiosk.language === "vi" ? "vi" : "en"
    }

    Component.onCompleted: {
        screen.input.maxLength = 120
        Catalog.refreshResults()
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: Theme.gap
        enabled: !screen.fieldPickerOpen  // see Main.qml: no touch may fall through

        // The field a citizen types into. It shows the keyboard's text; a staff member's
        // hardware keyboard types into it directly.
        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.touch * 1.1
            radius: Theme.radius
            color: Theme.surface
            border.width: 3
            border.color: Theme.accent

            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: Theme.gap
                anchors.rightMargin: Theme.gap / 2
                spacing: Theme.gap / 2

                TextInput {
                    id: field
                    objectName: "searchField"
                    Layout.fillWidth: true
                    // Null only while the engine is torn down.
                    text: screen.input ? screen.input.text : ""
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontLarge
                    color: Theme.text
                    clip: true
                    cursorVisible: true
                    focus: true
                    onTextEdited: screen.input.setText(text)

                    Text {
                        anchors.fill: parent
                        visible: field.text === ""
                        text: qsTr("Type a procedure, e.g. khai sinh")
                        font: field.font
                        color: Theme.muted
                        elide: Text.ElideRight
                    }
                }
                BigButton {
                    objectName: "clearSearch"
                    visible: field.text !== ""
                    text: qsTr("Clear")
                    Layout.preferredHeight: Theme.touch * 0.9
                    onClicked: screen.input.clear()
                }
            }
        }

        // Filters: by field, and by the level of government that handles it.
        Flow {
            Layout.fillWidth: true
            spacing: Theme.gap / 2

            BigButton {
                objectName: "fieldFilter"
                text: Catalog.field === "" ? qsTr("Field: all") : qsTr("Field: %1").arg(Catalog.field)
                checked: Catalog.field !== ""
                fontSize: Theme.fontSmall
                width: Math.min(implicitWidth, screen.width - Theme.gap * 2)
                onClicked: screen.fieldPickerOpen = true
            }
            BigButton {
                objectName: "levelAll"
                text: qsTr("All levels")
                checked: Catalog.level === ""
                fontSize: Theme.fontSmall
                onClicked: Catalog.setLevel("")
            }
            Repeater {
                model: Catalog.levelOptions
                delegate: BigButton {
                    required property var modelData
                    objectName: "level_" + modelData.code
                    text: modelData.count >= 0 ? modelData.label + " (" + modelData.count + ")" : modelData.label
                    checked: Catalog.level === modelData.code
                    fontSize: Theme.fontSmall
                    onClicked: Catalog.setLevel(Catalog.level === modelData.code ? "" : modelData.code)
                }
            }
        }

        Text {
            objectName: "resultSummary"
            Layout.fillWidth: true
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontBody
            color: Theme.muted
            wrapMode: Text.WordWrap
            text: {
                if (Catalog.errorKey !== "")
                    return Messages.errorText(Catalog.errorKey)
                if (Catalog.query === "" && Catalog.field === "" && Catalog.level === "")
                    return qsTr("Most asked for:")
                if (Catalog.searching && Catalog.total === 0)
                    return qsTr("Searching…")
                if (Catalog.total === 0)
                    return qsTr("No procedure found. Check the spelling, or try fewer words.")
                return qsTr("%n procedure(s) found", "", Catalog.total)
            }
        }

        // Results, or the most asked-for procedures before anything is typed.
        ListView {
            id: list
            objectName: "resultsList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: Theme.gap / 2
            boundsBehavior: Flickable.StopAtBounds
            // Delegates are made synchronously: results change on every keystroke, and a
            // model reset during asynchronous incubation of buffered delegates trips Qt.
            cacheBuffer: 0
            readonly property bool showingSuggestions: Catalog.query === "" && Catalog.field === "" && Catalog.level === ""
            // Let go of the model as soon as the screen is left: a wipe clears the results
            // right after, while this page is still being torn down.
            model: Kiosk.screen !== "search" ? null
                 : showingSuggestions ? Catalog.suggestions : Catalog.results
            delegate: ResultRow {
                required property int index
                required code
                required name
                required field
                required onlineLevel
                width: list.width
                objectName: "result_" + index
                onClicked: Kiosk.openProcedure(code)
            }
        }

        BigButton {
            objectName: "toggleKeyboard"
            Layout.fillWidth: true
            visible: !screen.keyboardOpen
            text: qsTr("Show keyboard")
            onClicked: screen.keyboardOpen = true
        }

        OnScreenKeyboard {
            id: keyboard
            objectName: "keyboard"
            Layout.fillWidth: true
            visible: screen.keyboardOpen
            target: screen.input
            language: Kiosk.language
            onAccepted: screen.keyboardOpen = false
            onActivity: Kiosk.touch()
        }
    }

    FieldPicker {
        anchors.fill: parent
        visible: screen.fieldPickerOpen
        onPicked: function(name) {
            Catalog.setField(name)
            screen.fieldPickerOpen = false
        }
        onClosed: screen.fieldPickerOpen = false
    }
}
