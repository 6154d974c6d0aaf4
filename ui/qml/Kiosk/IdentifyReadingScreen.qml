import QtQuick
import QtQuick.Layouts
import KioskCore

// The chip is being read: a few seconds in which the card must stay where it is.
Item {
    id: screen
    objectName: "identifyReadingScreen"
    property bool portrait: true

    ColumnLayout {
        anchors.centerIn: parent
        width: parent.width - Theme.gap * 4
        spacing: Theme.gap * 2

        // A plain spinner: no Controls style needed.
        Item {
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: Theme.touch * 1.5
            Layout.preferredHeight: Theme.touch * 1.5
            Rectangle {
                anchors.fill: parent
                radius: width / 2
                color: "transparent"
                border.width: Theme.gap
                border.color: Theme.keyBg
            }
            Rectangle {
                width: Theme.gap * 1.6
                height: width
                radius: width / 2
                color: Theme.accent
                x: parent.width / 2 - width / 2
                y: 0
                transformOrigin: Item.Center
            }
            RotationAnimation on rotation {
                from: 0; to: 360; duration: 1200
                loops: Animation.Infinite
            }
        }
        Text {
            objectName: "readingTitle"
            Layout.fillWidth: true
            text: qsTr("Reading your card…")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontTitle
            font.bold: true
            color: Theme.text
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
        }
        BodyText {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Do not move the card. This takes a few seconds.")
        }
    }
}
