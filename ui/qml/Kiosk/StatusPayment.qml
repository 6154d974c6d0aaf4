import QtQuick
import QtQuick.Layouts
import KioskCore

// Status 6: pay what is owed with a bank app (VietQR). The QR, the amount in figures and
// in words, the payee, how long the code is valid, and the kiosk watching for the bank's
// confirmation.
Rectangle {
    id: pay
    property bool vi: true
    implicitHeight: col.implicitHeight + Theme.gap * 2
    radius: Theme.radius
    color: Theme.surface
    border.width: 3
    border.color: Status.payState === "paid" ? Theme.ok : Theme.warning

    ColumnLayout {
        id: col
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: Theme.gap / 2

        Text {
            objectName: "statusOwed"
            Layout.fillWidth: true
            text: Status.payState === "paid" ? qsTr("Paid. Thank you.")
                                             : qsTr("Amount to pay: %1").arg(Messages.money(Status.owed))
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontLarge
            font.bold: true
            color: Status.payState === "paid" ? Theme.ok : Theme.text
            wrapMode: Text.WordWrap
        }
        BodyText {
            visible: Status.payState === "paid"
            text: qsTr("The agency now continues with your dossier.")
        }
        BodyText {
            objectName: "statusPayProblem"
            visible: Status.payState === "expired" || Status.payState === "error" || Status.payState === "unconfirmed"
            color: Theme.primary
            font.bold: true
            text: Status.payState === "expired" ? qsTr("The payment code has expired. Make a new one to pay.")
                  : Status.payError !== "" ? Messages.errorText(Status.payError) : ""
        }
        BigButton {
            objectName: "statusPayButton"
            Layout.fillWidth: true
            visible: Status.payState === "" || Status.payState === "expired" || Status.payState === "error" || Status.payState === "unconfirmed"
            primary: true
            text: Status.payState === "" ? qsTr("Pay now with your bank app (VietQR)")
                  : Status.payState === "unconfirmed" ? qsTr("Check the payment again")
                  : qsTr("Make a new payment code")
            onClicked: Status.startPayment()
        }
        BodyText {
            objectName: "statusPayProgress"
            visible: text !== ""
            text: Status.payState === "creating" ? qsTr("Preparing the payment code…")
                  : Status.payState === "checking" ? qsTr("Checking with the bank whether the fee was paid…")
                  : Status.payState === "confirming" ? Messages.errorText("pay.confirming")
                  : ""
        }

        // The code to scan with a banking app.
        ColumnLayout {
            visible: Status.payQr !== ""
            Layout.fillWidth: true
            spacing: Theme.gap / 2
            BodyText {
                text: qsTr("Open your bank's app, choose QR payment and scan this code:")
            }
            Image {
                objectName: "statusPayQr"
                Layout.alignment: Qt.AlignHCenter
                Layout.preferredWidth: Theme.touch * 4
                Layout.preferredHeight: Theme.touch * 4
                sourceSize.width: Theme.touch * 4
                sourceSize.height: Theme.touch * 4
                smooth: false
                source: Status.payQr !== "" ? "image://qr/" + encodeURIComponent(Status.payQr) : ""
            }
            BodyText {
                objectName: "statusPayAmount"
                font.bold: true
                text: qsTr("Amount: %1").arg(Messages.money(Status.payAmount))
            }
            BodyText {
                objectName: "statusPayWords"
                text: qsTr("In words: %1").arg(pay.vi ? Status.payWordsVi : Status.payWordsEn)
            }
            BodyText {
                text: qsTr("To: %1, account %2 at %3").arg(Status.payAccountName).arg(Status.payAccount).arg(Status.bankName)
            }
            BodyText {
                visible: Status.payExpires !== ""
                text: qsTr("The code is valid until %1.").arg(Status.payExpires)
            }
            BodyText {
                objectName: "statusPayWaiting"
                // Polls failing: said plainly (the code can still be paid).
                color: Status.payNotice !== "" ? Theme.primary : Theme.muted
                font.bold: Status.payNotice !== ""
                text: Status.payNotice !== "" ? Messages.errorText(Status.payNotice)
                                              : qsTr("Waiting for your bank to confirm the payment…")
            }
        }
    }
}
