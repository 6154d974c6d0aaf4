import QtQuick
import QtQuick.Layouts
import KioskCore

// All fields (lĩnh vực) in one scrolling list of large rows; the counts are for the
// current search, so a citizen sees where the matches are.
Rectangle {
    id: picker
    objectName: "fieldPicker"
    signal picked(string name)
    signal closed()
    color: Theme.bg

    // Touches must not fall through to the search screen underneath.
    MouseArea { anchors.fill: parent }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: Theme.gap

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            Text {
                Layout.fillWidth: true
                text: qsTr("Choose a field")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            BigButton {
                objectName: "fieldPickerClose"
                text: qsTr("Close")
                onClicked: picker.closed()
            }
        }
        BigButton {
            objectName: "fieldAll"
            Layout.fillWidth: true
            text: qsTr("All fields")
            checked: Catalog.field === ""
            onClicked: picker.picked("")
        }
        ListView {
            id: fields
            objectName: "fieldList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: Theme.gap / 2
            boundsBehavior: Flickable.StopAtBounds
            // Delegates are made synchronously: results change on every keystroke, and a
            // model reset during asynchronous incubation of buffered delegates trips Qt.
            cacheBuffer: 0
            model: picker.visible ? Catalog.fieldOptions : []
            delegate: BigButton {
                required property var modelData
                required property int index
                objectName: "field_" + index
                width: fields.width
                horizontalAlignment: Text.AlignLeft
                text: modelData.count >= 0 ? modelData.name + "  (" + modelData.count + ")" : modelData.name
                checked: Catalog.field === modelData.name
                onClicked: picker.picked(modelData.name)
            }
        }
    }
}
