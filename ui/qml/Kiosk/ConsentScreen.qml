pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import KioskCore

// Consent to the processing of personal data (Law 91/2025/QH15): the whole text, then
// an explicit choice. No consent, no submission: the screen says so and offers home.
Item {
    id: screen
    objectName: "consentScreen"
    property bool portrait: true

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap * 1.5
        spacing: Theme.gap

        Text {
            Layout.fillWidth: true
            text: qsTr("Your personal data")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontTitle
            font.bold: true
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        BodyText {
            color: Theme.muted
            font.pixelSize: Theme.fontSmall
            text: qsTr("Step 2 of 4: read how your data is used, then choose.")
        }

        Flickable {
            id: flick
            objectName: "consentFlick"
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: width
            contentHeight: paras.implicitHeight + Theme.gap * 2
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            enabled: !Submit.declined
            Rectangle {
                width: flick.width
                height: paras.implicitHeight + Theme.gap * 2
                radius: Theme.radius
                color: Theme.surface
                border.width: 2
                border.color: Theme.border
                Column {
                    id: paras
                    x: Theme.gap
                    y: Theme.gap
                    width: flick.width - Theme.gap * 2
                    spacing: Theme.gap
                    Repeater {
                        model: Submit.consentText(Kiosk.language)
                        delegate: Text {
                            required property string modelData
                            required property int index
                            objectName: "consentPara_" + index
                            width: paras.width
                            text: modelData
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fontBody
                            color: Theme.text
                            wrapMode: Text.WordWrap
                            textFormat: Text.PlainText
                        }
                    }
                }
            }
        }

        // Refused: nothing is stored or sent; the way out is plain.
        Rectangle {
            objectName: "declinedNotice"
            visible: Submit.declined
            Layout.fillWidth: true
            implicitHeight: declinedText.implicitHeight + Theme.gap * 2
            radius: Theme.radius
            color: Theme.warningBg
            border.width: 2
            border.color: Theme.warning
            BodyText {
                id: declinedText
                objectName: "declinedText"
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.verticalCenter: parent.verticalCenter
                anchors.margins: Theme.gap
                text: Messages.errorText("submit.consent_declined")
            }
        }
        Text {
            Layout.fillWidth: true
            visible: Submit.errorKey !== ""
            text: Messages.errorText(Submit.errorKey)
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontBody
            font.bold: true
            color: Theme.primary
            wrapMode: Text.WordWrap
        }

        GridLayout {
            Layout.fillWidth: true
            columns: screen.portrait ? 1 : 2
            columnSpacing: Theme.gap
            rowSpacing: Theme.gap
            BigButton {
                objectName: "consentAgree"
                visible: !Submit.declined
                Layout.fillWidth: true
                primary: true
                fontSize: Theme.fontLarge
                text: qsTr("I agree")
                onClicked: Submit.agree()
            }
            BigButton {
                objectName: "consentDecline"
                visible: !Submit.declined
                Layout.fillWidth: true
                fontSize: Theme.fontLarge
                text: qsTr("I do not agree")
                onClicked: Submit.decline()
            }
            BigButton {
                objectName: "declinedHome"
                visible: Submit.declined
                Layout.fillWidth: true
                primary: true
                fontSize: Theme.fontLarge
                text: qsTr("Go to the start screen")
                onClicked: Kiosk.home()
            }
            BigButton {
                objectName: "declinedReconsider"
                visible: Submit.declined
                Layout.fillWidth: true
                fontSize: Theme.fontLarge
                text: qsTr("Read the text again")
                onClicked: Submit.reconsider()
            }
        }
    }
}
