import QtQuick
import QtQuick.Layouts
import KioskCore

// On the identify confirm screen, only while submitting a dossier: once the citizen has
// said "this is me", the way on to the form, or why this identity is not enough.
ColumnLayout {
    id: gate
    visible: Submit.active
    spacing: Theme.gap

    Text {
        objectName: "formGateError"
        Layout.fillWidth: true
        visible: Submit.errorKey !== ""
        text: Messages.errorText(Submit.errorKey)
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontBody
        font.bold: true
        color: Theme.primary
        wrapMode: Text.WordWrap
    }
    BigButton {
        objectName: "continueToForm"
        Layout.fillWidth: true
        visible: Identity.state === "confirmed" || Submit.resumable
        primary: true
        fontSize: Theme.fontLarge
        text: qsTr("Continue to the form ›")
        onClicked: Submit.continueToForm()
    }
}
