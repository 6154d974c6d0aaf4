import QtQuick
import QtQuick.Layouts
import KioskCore

// "Do you need more time?" Modal: it swallows touches so a tap on the dimmed page
// only keeps the session, it never presses something underneath.
Rectangle {
    id: overlay
    color: "#cc000000"

    MouseArea {
        anchors.fill: parent
        onClicked: Kiosk.stillHere()
    }

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - Theme.gap * 4, Theme.shortSide * 0.9)
        height: box.implicitHeight + Theme.gap * 4
        radius: Theme.radius * 2
        color: Theme.surface

        ColumnLayout {
            id: box
            anchors.centerIn: parent
            width: parent.width - Theme.gap * 4
            spacing: Theme.gap * 1.5

            Text {
                objectName: "timeoutQuestion"
                Layout.fillWidth: true
                text: qsTr("Do you need more time?")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontTitle
                font.bold: true
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
                color: Theme.text
            }
            Text {
                objectName: "timeoutSeconds"
                Layout.fillWidth: true
                text: Kiosk.secondsLeft
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontTitle * 2
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
                color: Theme.primary
            }
            Text {
                Layout.fillWidth: true
                objectName: "timeoutExplanation"
                // The number above is the countdown, so this needs no plural ("second(s)").
                text: qsTr("When the count reaches 0, the kiosk goes back to the start screen and forgets everything you typed.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontBody
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
                color: Theme.muted
            }
            BigButton {
                objectName: "moreTimeButton"
                Layout.fillWidth: true
                primary: true
                fontSize: Theme.fontLarge
                text: qsTr("Yes, I need more time")
                onClicked: Kiosk.stillHere()
            }
            BigButton {
                objectName: "endSessionButton"
                Layout.fillWidth: true
                text: qsTr("No, I am finished")
                onClicked: Kiosk.home()
            }
        }
    }
}
