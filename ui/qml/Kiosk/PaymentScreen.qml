import QtQuick
import QtQuick.Layouts
import KioskCore

// Pay the fee with a banking app: the VietQR code (checked by the kiosk before it is
// shown), the amount in figures and words, the payee, and how long the code is valid.
// The screen moves on by itself once the bank confirms.
Item {
    id: screen
    objectName: "paymentScreen"
    property bool portrait: true

    function mmss(s) {
        var m = Math.floor(s / 60)
        var r = s % 60
        return m + ":" + (r < 10 ? "0" : "") + r
    }

    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap * 1.5
        columns: screen.portrait ? 1 : 2
        columnSpacing: Theme.gap * 2
        rowSpacing: Theme.gap

        // The facts and the buttons.
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            spacing: Theme.gap

            Text {
                objectName: "paymentTitle"
                Layout.fillWidth: true
                text: qsTr("Pay the fee")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            BodyText {
                objectName: "payIntro"
                // "Scan the code" only while there is a code to scan.
                text: Submit.payQr !== ""
                      ? qsTr("Your dossier %1 has been submitted. Open your bank's app, choose to scan a QR code, and scan the code on this screen.").arg(Submit.reference)
                      : qsTr("Your dossier %1 has been submitted.").arg(Submit.reference)
            }

            // Said before anyone pays: no paper receipt this time.
            Rectangle {
                objectName: "printerWarning"
                visible: Submit.printerProblem !== ""
                Layout.fillWidth: true
                implicitHeight: warn.implicitHeight + Theme.gap * 2
                radius: Theme.radius
                color: Theme.warningBg
                border.width: 2
                border.color: Theme.warning
                BodyText {
                    id: warn
                    objectName: "printerWarningText"
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.verticalCenter: parent.verticalCenter
                    anchors.margins: Theme.gap
                    font.bold: true
                    text: Messages.errorText("pay.receipt_on_screen")
                }
            }

            Text {
                objectName: "payAmount"
                visible: Submit.payState !== "error" && Submit.payState !== "paid"
                Layout.fillWidth: true
                text: Messages.money(Submit.payAmount)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontTitle * 1.2
                font.bold: true
                color: Theme.primaryDark
                wrapMode: Text.WordWrap
            }
            BodyText {
                objectName: "payWords"
                visible: Submit.payState !== "error" && Submit.payState !== "paid"
                font.italic: true
                text: qsTr("In words: %1").arg(Submit.amountWords(Kiosk.language))
            }
            BodyText {
                objectName: "payPayee"
                visible: Submit.payBank !== "" && Submit.payQr !== ""
                text: qsTr("To: %1, %2").arg(Submit.payAccountName).arg(Submit.payBank)
            }
            BodyText {
                objectName: "payCountdown"
                visible: Submit.payQr !== ""
                font.bold: true
                text: qsTr("This code is valid for %1 more.").arg(screen.mmss(Submit.paySecondsLeft))
            }
            BodyText {
                objectName: "payStatus"
                visible: text !== ""
                text: Submit.payState === "paid" ? qsTr("Paid. Thank you!")
                      : Submit.payState === "cancelling" || Submit.payState === "checking" ? qsTr("Checking with the bank whether the fee was paid…")
                      : Submit.payState === "confirming" ? Messages.errorText("pay.confirming")
                      : Submit.payState === "preparing" ? qsTr("Preparing the payment code…")
                      : ""
            }
            // Polls are failing: said, and the QR stays (it can still be paid).
            Rectangle {
                objectName: "payNotice"
                visible: Submit.payNotice !== ""
                Layout.fillWidth: true
                implicitHeight: noticeText.implicitHeight + Theme.gap * 2
                radius: Theme.radius
                color: Theme.warningBg
                border.width: 2
                border.color: Theme.warning
                BodyText {
                    id: noticeText
                    objectName: "payNoticeText"
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.verticalCenter: parent.verticalCenter
                    anchors.margins: Theme.gap
                    font.bold: true
                    text: Submit.payNotice !== "" ? Messages.errorText(Submit.payNotice) : ""
                }
            }
            Text {
                objectName: "payError"
                Layout.fillWidth: true
                visible: Submit.payError !== ""
                text: Messages.errorText(Submit.payError)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontBody
                font.bold: true
                color: Theme.primary
                wrapMode: Text.WordWrap
            }

            Item { Layout.fillHeight: true }

            BigButton {
                objectName: "payNewCode"
                visible: Submit.payState === "expired" || Submit.payState === "cancelled" || Submit.payState === "unconfirmed" || (Submit.payState === "error" && Submit.payError === "pay.unavailable")
                Layout.fillWidth: true
                primary: true
                text: Submit.payState === "unconfirmed" ? qsTr("Check the payment again") : qsTr("Make a new payment code")
                onClicked: Submit.newCode()
            }
            BigButton {
                objectName: "payLater"
                Layout.fillWidth: true
                enabled: Submit.payState !== "cancelling" && Submit.payState !== "checking" && Submit.payState !== "paid"
                text: Submit.payState === "unconfirmed" ? qsTr("Take my receipt") : qsTr("Pay later at the counter")
                subtitle: Submit.payState === "unconfirmed" ? qsTr("Your receipt says the payment is being confirmed.")
                                                            : qsTr("The kiosk first checks whether you paid; if not, the code is cancelled.")
                onClicked: Submit.payLater()
            }
        }

        // The code itself, as large as the screen allows.
        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            Layout.minimumHeight: Theme.shortSide * 0.5
            radius: Theme.radius
            color: Theme.surface
            border.width: 2
            border.color: Theme.border
            Image {
                objectName: "paymentQr"
                anchors.centerIn: parent
                readonly property int side: Math.round(Math.min(parent.width, parent.height) - Theme.gap * 2)
                width: side
                height: side
                sourceSize.width: side
                sourceSize.height: side
                fillMode: Image.PreserveAspectFit
                smooth: false
                cache: false
                visible: Submit.payQr !== ""
                source: Submit.payQr !== "" ? "image://qr/" + encodeURIComponent(Submit.payQr) : ""
            }
            BodyText {
                anchors.centerIn: parent
                width: parent.width - Theme.gap * 2
                visible: Submit.payQr === ""
                horizontalAlignment: Text.AlignHCenter
                color: Theme.muted
                text: Submit.payState === "paid" ? qsTr("Paid")
                      : Submit.payState === "unconfirmed" ? qsTr("Do not pay again.")
                      : qsTr("No payment code is shown.")
            }
        }
    }
}
