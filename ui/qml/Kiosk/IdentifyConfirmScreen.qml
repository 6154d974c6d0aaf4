import QtQuick
import QtQuick.Layouts
import KioskCore

// What the chip says about its holder, unmasked: it is the citizen's own data on their
// own screen. They confirm it is them, or say it is not (and the kiosk forgets it).
Item {
    id: screen
    objectName: "identifyConfirmScreen"
    property bool portrait: true

    component Row2: ColumnLayout {
        id: row
        required property string label
        required property string value
        required property string name
        Layout.fillWidth: true
        spacing: Theme.gap / 4
        Text {
            Layout.fillWidth: true
            text: row.label
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontSmall
            color: Theme.muted
            wrapMode: Text.WordWrap
        }
        Text {
            objectName: row.name
            Layout.fillWidth: true
            text: row.value
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontLarge
            font.bold: true
            color: Theme.text
            wrapMode: Text.WordWrap
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap * 2
        spacing: Theme.gap * 1.5

        Text {
            Layout.fillWidth: true
            text: Identity.state === "confirmed" ? qsTr("Thank you, you are identified")
                                                 : qsTr("Is this you?")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontTitle
            font.bold: true
            color: Theme.text
            wrapMode: Text.WordWrap
        }

        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: details.implicitHeight + Theme.gap * 2
            radius: Theme.radius
            color: Theme.surface
            border.width: 2
            border.color: Theme.border
            RowLayout {
                id: details
                anchors.fill: parent
                anchors.margins: Theme.gap
                spacing: Theme.gap
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.alignment: Qt.AlignTop
                    spacing: Theme.gap
                    Row2 { name: "fullName"; label: qsTr("Full name"); value: Identity.fullName }
                    Row2 { name: "dateOfBirth"; label: qsTr("Date of birth"); value: Identity.dateOfBirth }
                    Row2 { name: "residence"; label: qsTr("Permanent residence"); value: Identity.residence }
                }
                // Assisted mode only: the officer compares the chip's photo with the
                // person in front of them. Shown from memory, never saved.
                ColumnLayout {
                    visible: Identity.faceUrl !== ""
                    Layout.alignment: Qt.AlignTop
                    Image {
                        objectName: "chipFace"
                        source: Identity.faceUrl
                        cache: false
                        fillMode: Image.PreserveAspectFit
                        Layout.preferredWidth: Theme.touch * 3
                        Layout.preferredHeight: Theme.touch * 4
                    }
                    Text {
                        Layout.preferredWidth: Theme.touch * 3
                        text: qsTr("Photo on the chip (staff only, not saved)")
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.fontSmall
                        color: Theme.muted
                        wrapMode: Text.WordWrap
                    }
                }
            }
        }

        BodyText {
            objectName: "verifiedNote"
            color: Identity.verified ? Theme.ok : Theme.warning
            text: Identity.verified
                  ? qsTr("The card's chip was checked: these details are genuine.")
                  : Identity.fromQrOnly
                    ? qsTr("These details come from the QR code on your card; the chip was not read. Some services need the chip: place the card on the reader for those.")
                    : qsTr("The card's chip could not be checked. Staff may ask to see the card.")
        }

        BodyText {
            objectName: "confirmedNote"
            visible: Identity.state === "confirmed"
            text: qsTr("The kiosk will use these details for this visit only. Take your card with you when you leave: the kiosk then forgets them.")
        }

        Item { Layout.fillHeight: true }

        // submit flow: "Continue" once confirmed, or why this identity is not enough.
        FormGate { Layout.fillWidth: true }

        // Identified from the start screen: what the identity is for, one touch away.
        ColumnLayout {
            objectName: "identifiedNext"
            Layout.fillWidth: true
            visible: Identity.state === "confirmed" && !Submit.active
            spacing: Theme.gap
            BigButton {
                objectName: "showMyDossiers"
                Layout.fillWidth: true
                primary: true
                fontSize: Theme.fontLarge
                text: qsTr("See my dossiers")
                subtitle: qsTr("Where each of your dossiers stands and what to do next")
                onClicked: Status.showMine()
            }
            BigButton {
                objectName: "findProcedureToSubmit"
                Layout.fillWidth: true
                fontSize: Theme.fontLarge
                text: qsTr("Submit a dossier online")
                subtitle: qsTr("Find the procedure; the form fills itself in from your card")
                onClicked: Kiosk.startLookup()
            }
        }

        BigButton {
            objectName: "confirmButton"
            Layout.fillWidth: true
            visible: Identity.state === "read"
            primary: true
            fontSize: Theme.fontLarge
            text: qsTr("Yes, this is me")
            onClicked: Identity.confirm()
        }
        BigButton {
            objectName: "rejectButton"
            Layout.fillWidth: true
            visible: Identity.state === "read"
            fontSize: Theme.fontLarge
            text: qsTr("No, this is not me")
            onClicked: Identity.reject()
        }
    }
}
