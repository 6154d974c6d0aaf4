import QtQuick

// A picture, not words: a receipt with its QR code, held over the scanner's window
// below the screen. Drawn with rectangles so it cannot be mistaken for a real code.
Item {
    id: hint
    implicitWidth: Theme.touch * 1.6
    implicitHeight: Theme.touch * 1.9

    // The receipt.
    Rectangle {
        id: paper
        x: hint.width * 0.15
        y: 0
        width: hint.width * 0.7
        height: hint.height * 0.55
        color: Theme.surface
        border.width: 2
        border.color: Theme.muted
        // Its QR code: three finder squares and a few modules.
        Repeater {
            model: [[0.12, 0.12], [0.55, 0.12], [0.12, 0.5]]
            Rectangle {
                required property var modelData
                x: paper.width * modelData[0]
                y: paper.height * modelData[1]
                width: paper.width * 0.32
                height: width
                color: "transparent"
                border.width: Math.max(2, width / 6)
                border.color: Theme.text
            }
        }
        Rectangle {
            x: paper.width * 0.62
            y: paper.height * 0.58
            width: paper.width * 0.2
            height: width
            color: Theme.text
        }
    }
    // The way down.
    Text {
        anchors.horizontalCenter: parent.horizontalCenter
        y: paper.height
        text: "\u2193"
        font.pixelSize: hint.height * 0.28
        font.bold: true
        color: Theme.accent
    }
    // The scanner's window, glowing.
    Rectangle {
        anchors.bottom: parent.bottom
        anchors.horizontalCenter: parent.horizontalCenter
        width: hint.width * 0.9
        height: hint.height * 0.14
        radius: height / 2
        color: Theme.text
        Rectangle {
            anchors.centerIn: parent
            width: parent.width * 0.7
            height: parent.height * 0.35
            radius: height / 2
            color: "#e53935"
        }
    }
}
