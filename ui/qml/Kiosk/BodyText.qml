import QtQuick
import QtQuick.Layouts

// Running text of a procedure page, large enough to read at arm's length.
Text {
    Layout.fillWidth: true
    font.family: Theme.fontFamily
    font.pixelSize: Theme.fontBody
    color: Theme.text
    wrapMode: Text.WordWrap
    textFormat: Text.PlainText
}
