import QtQuick
import QtQuick.Layouts
import KioskCore

// One procedure in a list: its name large, its field and online level small.
Rectangle {
    id: row
    property string code: ""
    property string name: ""
    property string field: ""
    property string onlineLevel: ""
    signal clicked()

    implicitHeight: Math.max(Theme.touch, content.implicitHeight + Theme.gap * 1.5)
    radius: Theme.radius
    color: tap.pressed ? Theme.keyPressed : Theme.surface
    border.width: 1
    border.color: Theme.border
    Accessible.role: Accessible.Button
    Accessible.name: name

    ColumnLayout {
        id: content
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.margins: Theme.gap
        spacing: Theme.gap / 4

        Text {
            Layout.fillWidth: true
            text: row.name
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontBody
            font.bold: true
            color: Theme.text
            wrapMode: Text.WordWrap
            maximumLineCount: 3
            elide: Text.ElideRight
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            Text {
                Layout.fillWidth: true
                text: row.field + "  ·  " + row.code
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontSmall
                color: Theme.muted
                elide: Text.ElideRight
            }
            Rectangle {
                visible: row.onlineLevel === "toan_trinh" || row.onlineLevel === "mot_phan"
                radius: height / 2
                color: row.onlineLevel === "toan_trinh" ? Theme.ok : Theme.accent
                implicitWidth: badge.implicitWidth + Theme.gap
                implicitHeight: badge.implicitHeight + Theme.gap / 3
                Text {
                    id: badge
                    anchors.centerIn: parent
                    text: Messages.onlineLabel(row.onlineLevel)
                    color: Theme.textOnPrimary
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontSmall
                }
            }
        }
    }

    TapHandler {
        id: tap
        onTapped: row.clicked()
    }
}
