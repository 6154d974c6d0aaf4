import QtQuick
import QtQuick.Layouts

// A titled block of the procedure page: the title large, then whatever it holds.
ColumnLayout {
    id: section
    property string heading: ""
    default property alias content: body.data
    spacing: Theme.gap / 2

    Text {
        Layout.fillWidth: true
        text: section.heading
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontLarge
        font.bold: true
        color: Theme.primaryDark
        wrapMode: Text.WordWrap
    }
    ColumnLayout {
        id: body
        Layout.fillWidth: true
        spacing: Theme.gap / 2
    }
}
