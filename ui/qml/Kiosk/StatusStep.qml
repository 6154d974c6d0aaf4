import QtQuick
import QtQuick.Layouts

// One status on a dossier's road: reached (with when, and the agency's note), the one it
// is at now (with what happens next), or still to come. The mark's shape says which as
// well as its colour.
RowLayout {
    id: row
    property var step: ({})
    property bool vi: true
    readonly property string state_: row.step && row.step.state ? row.step.state : "todo"
    spacing: Theme.gap

    Rectangle {
        Layout.alignment: Qt.AlignTop
        Layout.preferredWidth: Theme.fontLarge * 1.2
        Layout.preferredHeight: Theme.fontLarge * 1.2
        radius: width / 2
        color: row.state_ === "done" ? Theme.ok : row.state_ === "current" ? Theme.accent : Theme.surface
        border.width: 3
        border.color: row.state_ === "todo" ? Theme.border : color
        Text {
            anchors.centerIn: parent
            text: row.state_ === "done" ? "\u2713" : row.state_ === "current" ? "\u25CF" : ""
            color: Theme.textOnPrimary
            font.pixelSize: Theme.fontBody
            font.bold: true
        }
    }
    ColumnLayout {
        Layout.fillWidth: true
        spacing: 2
        Text {
            Layout.fillWidth: true
            text: row.step ? (row.vi ? row.step.vi : row.step.en) || "" : ""
            font.family: Theme.fontFamily
            font.pixelSize: row.state_ === "current" ? Theme.fontLarge : Theme.fontBody
            font.bold: row.state_ !== "todo"
            color: row.state_ === "todo" ? Theme.muted : Theme.text
            wrapMode: Text.WordWrap
        }
        Text {
            Layout.fillWidth: true
            visible: text !== ""
            text: row.step && row.step.when ? row.step.when : (row.state_ === "todo" ? qsTr("still to come") : "")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontSmall
            color: Theme.muted
        }
        Text {
            id: note
            objectName: "statusStepNote"
            Layout.fillWidth: true
            visible: text !== ""
            text: row.step && row.step.note ? row.step.note : ""
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontSmall
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        // The agency writes its notes in Vietnamese: an English reader is told so, as the
        // procedure pages do, instead of meeting unexplained Vietnamese.
        Text {
            objectName: "statusStepNoteLanguage"
            Layout.fillWidth: true
            visible: note.text !== "" && !row.vi
            text: qsTr("(the agency's note, in Vietnamese)")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontSmall
            font.italic: true
            color: Theme.muted
            wrapMode: Text.WordWrap
        }
    }
}
