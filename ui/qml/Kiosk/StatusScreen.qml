import QtQuick
import QtQuick.Layouts
import KioskCore

// One dossier: where it stands on the national road of statuses, what happens next and
// what the citizen must do (add documents, pay what is owed, collect the result), with a
// printed slip to take away. A status the kiosk remembers from an earlier lookup is
// marked as such while the kiosk is offline; a dossier still in the kiosk's outbox is
// "not sent yet".
Item {
    id: screen
    objectName: "statusScreen"
    property bool portrait: true
    readonly property bool vi: Kiosk.language === "vi"
    readonly property bool shown: Status.state === "shown"
    readonly property bool queued: screen.shown && Status.kind === "queued"
    readonly property bool hasStatus: screen.shown && Status.kind !== "queued"

    function showPayment() {
        if (!payCard.visible)
            return
        var y = payCard.mapToItem(body, 0, 0).y
        flick.contentY = Math.max(0, Math.min(y, flick.contentHeight - flick.height))
    }

    component Heading: Text {
        Layout.fillWidth: true
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontLarge
        font.bold: true
        color: Theme.text
        wrapMode: Text.WordWrap
    }
    component Card: Rectangle {
        default property alias content: inner.data
        property color edge: Theme.border
        Layout.fillWidth: true
        Layout.preferredHeight: inner.implicitHeight + Theme.gap * 2
        radius: Theme.radius
        color: Theme.surface
        border.width: 3
        border.color: edge
        ColumnLayout {
            id: inner
            anchors.fill: parent
            anchors.margins: Theme.gap
            spacing: Theme.gap / 2
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: Theme.gap

        // Which dossier: always on top, whatever else happens.
        Text {
            objectName: "statusCode"
            Layout.fillWidth: true
            text: qsTr("Dossier %1").arg(Status.code)
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontTitle
            font.bold: true
            color: Theme.text
            wrapMode: Text.WrapAnywhere
        }
        BodyText {
            objectName: "statusProcedure"
            visible: text !== ""
            text: Status.procedureName
            font.bold: true
        }

        Flickable {
            id: flick
            objectName: "statusFlick"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: width
            contentHeight: body.implicitHeight
            boundsBehavior: Flickable.StopAtBounds

            // The answer to "Print" is at the top: bring it into view.
            Connections {
                target: Status
                function onPrintChanged() { flick.contentY = 0 }
                // The payment code appeared: bring it into view (after the layout grew).
                function onPayChanged() {
                    if (Status.payState === "waiting")
                        Qt.callLater(screen.showPayment)
                }
            }

            GridLayout {
                id: body
                width: flick.width
                columns: screen.portrait ? 1 : 2
                columnSpacing: Theme.gap * 2
                rowSpacing: Theme.gap

                // -- left (portrait: top): the answer and what to do -----------------
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.alignment: Qt.AlignTop
                    spacing: Theme.gap

                    // The slip: printed, or why not and its QR code on screen instead. First, so the
                    // answer to the citizen's last touch is where they look.
                    Card {
                        objectName: "statusPrintCard"
                        visible: screen.hasStatus && Status.printState !== ""
                        edge: Status.printState === "error" ? Theme.primary : Theme.border
                        Heading {
                            objectName: "statusPrintText"
                            color: Status.printState === "error" ? Theme.primary : Theme.text
                            text: Status.printState === "printing" ? qsTr("Printing the status slip…")
                                : Status.printState === "printed" ? qsTr("The status slip is printed. Please take it.")
                                : Messages.errorText(Status.printError)
                        }
                        BodyText {
                            visible: Status.printState === "error"
                            text: qsTr("Instead, scan this QR code with your phone to follow the dossier:")
                        }
                        Image {
                            objectName: "statusSlipQr"
                            visible: Status.printState === "error" && Status.slipQr !== ""
                            Layout.alignment: Qt.AlignHCenter
                            Layout.preferredWidth: Theme.touch * 3.5
                            Layout.preferredHeight: Theme.touch * 3.5
                            sourceSize.width: Theme.touch * 3.5
                            sourceSize.height: Theme.touch * 3.5
                            smooth: false
                            source: visible ? "image://qr/" + encodeURIComponent(Status.slipQr) : ""
                        }
                    }

                    // Waiting for the portal: say so, never a blank screen.
                    Card {
                        objectName: "statusChecking"
                        visible: Status.state === "checking"
                        Heading { text: qsTr("Checking with the public service system…") }
                        BodyText { text: qsTr("This takes a few seconds.") }
                    }

                    // No status to show: why, and what can be done.
                    Card {
                        objectName: "statusErrorCard"
                        visible: Status.state === "error"
                        edge: Theme.primary
                        Heading {
                            objectName: "statusError"
                            text: Messages.errorText(Status.errorKey)
                            color: Theme.primary
                        }
                        BigButton {
                            objectName: "statusRetry"
                            Layout.fillWidth: true
                            primary: true
                            text: qsTr("Try again")
                            onClicked: Status.retry()
                        }
                    }

                    // Offline: the last status the kiosk saw, clearly marked.
                    Rectangle {
                        objectName: "statusOfflineBanner"
                        visible: screen.shown && Status.kind === "cached"
                        Layout.fillWidth: true
                        Layout.preferredHeight: offlineText.implicitHeight + Theme.gap * 2
                        radius: Theme.radius
                        color: Theme.warningBg
                        border.width: 3
                        border.color: Theme.warning
                        Text {
                            id: offlineText
                            objectName: "statusOfflineText"
                            anchors.fill: parent
                            anchors.margins: Theme.gap
                            text: qsTr("Last known status, as of %1. The kiosk is offline right now, so it may have changed since.").arg(Status.asOf)
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fontBody
                            font.bold: true
                            color: Theme.text
                            wrapMode: Text.WordWrap
                        }
                    }

                    // Still in the kiosk's outbox.
                    Card {
                        objectName: "statusQueuedCard"
                        visible: screen.queued
                        edge: Theme.warning
                        Heading {
                            objectName: "statusQueuedTitle"
                            text: Status.queuedRefused ? qsTr("Not sent") : qsTr("Not sent yet")
                        }
                        BodyText {
                            objectName: "statusQueuedText"
                            text: Status.queuedRefused
                                  ? Messages.errorText("status.local_ref_refused")
                                  : qsTr("Your dossier is saved at this kiosk and has not reached the public service system yet. The kiosk sends it automatically as soon as the connection is back; you do not need to do anything.")
                        }
                        BodyText {
                            text: qsTr("Kiosk reference: %1").arg(Status.localRef)
                        }
                        BodyText {
                            visible: Status.procedureName !== "" || Status.procedureCode !== ""
                            text: qsTr("Procedure: %1").arg(Status.procedureName !== "" ? Status.procedureName : Status.procedureCode)
                        }
                        BodyText {
                            text: qsTr("Saved at: %1").arg(Status.submitted)
                        }
                    }

                    // The status now, in plain words, and what happens next.
                    Card {
                        objectName: "statusNowCard"
                        visible: screen.hasStatus
                        edge: Theme.accent
                        Text {
                            Layout.fillWidth: true
                            text: qsTr("Status now")
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fontSmall
                            color: Theme.muted
                        }
                        Heading {
                            objectName: "statusName"
                            font.pixelSize: Theme.fontTitle
                            text: screen.vi ? Status.statusVi : Status.statusEn
                        }
                        BodyText {
                            objectName: "statusNext"
                            text: qsTr("What happens next: %1").arg(screen.vi ? Status.nextVi : Status.nextEn)
                        }
                        BodyText {
                            objectName: "statusAppointment"
                            visible: Status.appointment !== "" && Status.statusNo < 9
                            font.bold: true
                            text: qsTr("Result due on: %1").arg(Status.appointment)
                        }
                        BodyText {
                            visible: Status.localRef !== ""
                            text: qsTr("Sent from this kiosk under the reference %1.").arg(Status.localRef)
                        }
                    }

                    // Status 5: the documents to add.
                    Card {
                        objectName: "statusSupplementCard"
                        visible: screen.hasStatus && Status.supplement !== ""
                        edge: Theme.warning
                        Heading { text: qsTr("Documents to add") }
                        BodyText { objectName: "statusSupplement"; text: Status.supplement }
                        BodyText {
                            visible: !screen.vi
                            font.pixelSize: Theme.fontSmall
                            color: Theme.muted
                            text: qsTr("(as written by the agency, in Vietnamese)")
                        }
                    }

                    // Status 6: what is owed, payable here.
                    StatusPayment {
                        id: payCard
                        objectName: "statusPayCard"
                        visible: screen.hasStatus && (Status.owed > 0 || Status.payState === "paid")
                        Layout.fillWidth: true
                        vi: screen.vi
                    }

                    // Status 9: where and when to collect.
                    Card {
                        objectName: "statusCollectCard"
                        visible: screen.hasStatus && Status.collect !== ""
                        edge: Theme.ok
                        Heading { text: qsTr("Where to collect the result") }
                        BodyText { objectName: "statusCollect"; text: Status.collect }
                        BodyText {
                            visible: !screen.vi
                            font.pixelSize: Theme.fontSmall
                            color: Theme.muted
                            text: qsTr("(as written by the agency, in Vietnamese)")
                        }
                    }

                    // Status 3 or 8: the agency's reason.
                    Card {
                        visible: screen.hasStatus && Status.reason !== ""
                        Heading { text: qsTr("Reason given by the agency") }
                        BodyText { objectName: "statusReason"; text: Status.reason }
                        BodyText {
                            visible: !screen.vi
                            font.pixelSize: Theme.fontSmall
                            color: Theme.muted
                            text: qsTr("(as written by the agency, in Vietnamese)")
                        }
                    }

                }

                // -- right (portrait: below): the road so far and still to come ---------
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.alignment: Qt.AlignTop
                    visible: screen.hasStatus
                    spacing: Theme.gap / 2
                    Heading { text: qsTr("The road of your dossier") }
                    Repeater {
                        objectName: "statusTimeline"
                        model: screen.hasStatus ? Status.timeline : []
                        StatusStep {
                            required property var modelData
                            required property int index
                            objectName: "statusStep_" + index
                            Layout.fillWidth: true
                            step: modelData
                            vi: screen.vi
                        }
                    }
                }
            }
        }

        // One obvious next action, and the way to another dossier.
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            BigButton {
                objectName: "statusPrintButton"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                visible: screen.hasStatus
                enabled: Status.printState !== "printing"
                primary: Status.owed === 0
                text: qsTr("Print a status slip")
                onClicked: Status.printSlip()
            }
            BigButton {
                objectName: "statusAnotherButton"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                text: Status.fromList ? qsTr("Back to your dossiers") : qsTr("Check another dossier")
                onClicked: Kiosk.back()
            }
        }
    }
}
