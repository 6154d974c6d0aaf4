import QtQuick
import QtQuick.Layouts
import KioskCore

// The receipt: printed, and shown here as well. When the printer cannot print, the
// lookup QR on the screen and the code in big letters are the receipt. A dossier still
// in the kiosk's outbox shows its local reference and says it will be sent by itself.
Item {
    id: screen
    objectName: "receiptScreen"
    property bool portrait: true
    readonly property bool printFailed: Submit.printState === "failed"

    function deliveryText(kind) {
        switch (kind) {
        case "truc_tiep": return qsTr("Collect it at the one-stop counter")
        case "buu_chinh": return qsTr("By post")
        case "truc_tuyen": return qsTr("Online, on the public service portal")
        default: return ""
        }
    }

    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap * 1.5
        columns: screen.portrait ? 1 : 2
        columnSpacing: Theme.gap * 2
        rowSpacing: Theme.gap

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            spacing: Theme.gap

            Text {
                objectName: "receiptTitle"
                Layout.fillWidth: true
                text: Submit.offline ? qsTr("Your dossier is saved") : qsTr("Your dossier has been submitted")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.ok
                wrapMode: Text.WordWrap
            }
            Rectangle {
                objectName: "offlineNotice"
                visible: Submit.offline
                Layout.fillWidth: true
                implicitHeight: offlineText.implicitHeight + Theme.gap * 2
                radius: Theme.radius
                color: Theme.warningBg
                border.width: 2
                border.color: Theme.warning
                BodyText {
                    id: offlineText
                    objectName: "offlineText"
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.verticalCenter: parent.verticalCenter
                    anchors.margins: Theme.gap
                    text: qsTr("The connection to the public service portal is down. Your dossier is kept safely at the kiosk and will be sent automatically when the connection is back. Use the kiosk reference below to look it up until the dossier code arrives.")
                }
            }

            BodyText {
                color: Theme.muted
                text: Submit.offline ? qsTr("Kiosk reference") : qsTr("Dossier code")
            }
            Text {
                objectName: "receiptCode"
                Layout.fillWidth: true
                text: Submit.reference
                font.family: Theme.fontFamily
                font.pixelSize: screen.printFailed ? Theme.fontTitle * 1.3 : Theme.fontTitle
                font.bold: true
                font.letterSpacing: 2
                color: Theme.text
                wrapMode: Text.WrapAnywhere
            }
            BodyText { text: Submit.procedureName(Kiosk.language) }
            BodyText {
                visible: Submit.appointment !== ""
                text: qsTr("Result due: %1").arg(Submit.appointment)
            }
            BodyText {
                objectName: "receiptFee"
                font.bold: Submit.feeState === "unknown"  // the one line to show the staff
                text: Submit.fee < 0 ? qsTr("Fee: confirmed and paid at the counter")
                      : Submit.fee === 0 ? qsTr("Fee: free")
                      : Submit.feeState === "paid" ? qsTr("Fee: %1, paid").arg(Messages.money(Submit.fee))
                      : Submit.feeState === "unknown" ? qsTr("Fee: %1, payment being confirmed. Do not pay again; ask the staff if it is not confirmed.").arg(Messages.money(Submit.fee))
                                       : qsTr("Fee: %1, not paid yet: pay at the counter").arg(Messages.money(Submit.fee))
            }
            BodyText { text: qsTr("Result: %1").arg(screen.deliveryText(Submit.delivery)) }

            // What happened to the paper.
            Rectangle {
                objectName: "printNotice"
                Layout.fillWidth: true
                implicitHeight: printText.implicitHeight + Theme.gap * 2
                radius: Theme.radius
                color: screen.printFailed ? Theme.warningBg : Theme.surface
                border.width: 2
                border.color: screen.printFailed ? Theme.warning : Theme.border
                BodyText {
                    id: printText
                    objectName: "printText"
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.verticalCenter: parent.verticalCenter
                    anchors.margins: Theme.gap
                    font.bold: screen.printFailed
                    text: Submit.printState === "printing" ? qsTr("Printing your receipt…")
                          : Submit.printState === "printed" ? qsTr("Take your receipt from the printer below the screen.")
                          : screen.printFailed ? Messages.errorText(Submit.printError) + " " + qsTr("Photograph the QR code and write down the code above: they are your receipt.")
                          : ""
                }
            }

            Item { Layout.fillHeight: true }
            BigButton {
                objectName: "receiptDone"
                Layout.fillWidth: true
                primary: true
                fontSize: Theme.fontLarge
                text: qsTr("Done")
                subtitle: qsTr("The kiosk forgets your details.")
                onClicked: Submit.finish()
            }
        }

        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            Layout.minimumHeight: Theme.shortSide * 0.45
            radius: Theme.radius
            color: Theme.surface
            border.width: 2
            border.color: Theme.border
            ColumnLayout {
                anchors.fill: parent
                anchors.margins: Theme.gap
                spacing: Theme.gap / 2
                Image {
                    objectName: "receiptQr"
                    Layout.alignment: Qt.AlignHCenter
                    readonly property int side: Math.round(Math.max(Theme.touch * 2, Math.min(parent.width, parent.height - lookHint.implicitHeight - Theme.gap)))
                    Layout.preferredWidth: side
                    Layout.preferredHeight: side
                    sourceSize.width: side
                    sourceSize.height: side
                    fillMode: Image.PreserveAspectFit
                    smooth: false
                    cache: false
                    source: Submit.receiptQr !== "" ? "image://qr/" + encodeURIComponent(Submit.receiptQr) : ""
                }
                BodyText {
                    id: lookHint
                    horizontalAlignment: Text.AlignHCenter
                    color: Theme.muted
                    text: qsTr("Scan with your phone to follow your dossier, or scan it at any kiosk.")
                }
            }
        }
    }
}
