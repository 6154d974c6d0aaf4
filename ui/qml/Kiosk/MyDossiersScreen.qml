import QtQuick
import QtQuick.Layouts
import KioskCore

// The citizen's own dossiers, after identifying with the chip ID card: newest first,
// each one touch away from its status.
Item {
    id: screen
    objectName: "myDossiersScreen"
    property bool portrait: true
    readonly property bool vi: Kiosk.language === "vi"

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: Theme.gap

        Text {
            Layout.fillWidth: true
            text: qsTr("Your dossiers")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontTitle
            font.bold: true
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        BodyText {
            visible: Status.mineState === "shown"
            text: Status.mine.length > 0 ? qsTr("Touch a dossier to see where it stands and what to do next.")
                                         : qsTr("There are no dossiers under your ID number.")
        }
        BodyText {
            objectName: "mineLoading"
            visible: Status.mineState === "loading"
            text: qsTr("Looking up your dossiers…")
        }
        ColumnLayout {
            visible: Status.mineState === "error"
            Layout.fillWidth: true
            spacing: Theme.gap
            Text {
                objectName: "mineError"
                Layout.fillWidth: true
                text: Messages.errorText(Status.mineError)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.primary
                wrapMode: Text.WordWrap
            }
            BigButton {
                objectName: "mineRetry"
                Layout.fillWidth: true
                primary: true
                visible: Status.mineError !== "portal.identity_insufficient"
                text: qsTr("Try again")
                onClicked: Status.reloadMine()
            }
            // The chip was not read (QR or typed ID): identify again with the card on the reader.
            BigButton {
                objectName: "mineIdentifyAgain"
                Layout.fillWidth: true
                primary: true
                visible: Status.mineError === "portal.identity_insufficient"
                text: qsTr("Identify with the chip ID card")
                onClicked: Status.identifyForMine()
            }
        }

        Flickable {
            id: flick
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: width
            contentHeight: list.implicitHeight
            boundsBehavior: Flickable.StopAtBounds
            GridLayout {
                id: list
                width: flick.width
                columns: screen.portrait ? 1 : 2
                columnSpacing: Theme.gap
                rowSpacing: Theme.gap
                Repeater {
                    model: Status.mineState === "shown" ? Status.mine : []
                    BigButton {
                        required property var modelData
                        required property int index
                        objectName: "mineItem_" + index
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        horizontalAlignment: Text.AlignLeft
                        text: modelData.procedure
                        subtitle: (screen.vi ? modelData.vi : modelData.en) + "\n" + qsTr("Dossier %1, submitted %2").arg(modelData.code).arg(modelData.submitted)
                        onClicked: Status.openFromList(modelData.code)
                    }
                }
            }
        }
    }
}
