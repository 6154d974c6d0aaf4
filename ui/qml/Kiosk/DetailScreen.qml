import QtQuick
import QtQuick.Layouts
import KioskCore

// One procedure in full: what to bring, the fee, how long, who handles it, whether it
// can be done online, and a QR code to carry it away on a phone. Where the catalog
// does not know something, the page says so and points to where to find it.
Item {
    id: screen
    objectName: "detailScreen"
    property bool portrait: true
    readonly property var proc: Catalog.procedure(Kiosk.stepState.code || "")
    readonly property bool found: proc.code !== undefined
    // submit flow: this kiosk has the procedure's form and can send the dossier online.
    readonly property bool canSubmit: found && Submit.available(proc.code)
    // The catalog does not state an online level; next to the kiosk's own submit button
    // "online level unknown" would contradict it, so the page says what the kiosk knows.
    readonly property bool levelUnknown: found && ["toan_trinh", "mot_phan"].indexOf(proc.onlineLevel) < 0

    Flickable {
        id: flick
        objectName: "detailFlick"
        anchors.fill: parent
        anchors.margins: Theme.gap
        contentWidth: width
        contentHeight: layout.implicitHeight + Theme.gap * 2
        clip: true
        boundsBehavior: Flickable.StopAtBounds

        GridLayout {
            id: layout
            width: flick.width
            columns: screen.portrait ? 1 : 2
            columnSpacing: Theme.gap * 2
            rowSpacing: Theme.gap * 1.5

            // Name, code, field, online level.
            ColumnLayout {
                Layout.fillWidth: true
                Layout.columnSpan: screen.portrait ? 1 : 2
                spacing: Theme.gap / 2
                Text {
                    objectName: "procedureName"
                    Layout.fillWidth: true
                    text: screen.found ? screen.proc.name : qsTr("This procedure is not in the kiosk's catalog.")
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontTitle
                    font.bold: true
                    color: Theme.text
                    wrapMode: Text.WordWrap
                }
                BodyText {
                    visible: screen.found
                    color: Theme.muted
                    text: screen.found ? qsTr("Code %1 · Field: %2").arg(screen.proc.code).arg(screen.proc.field) : ""
                }
                BodyText {
                    visible: screen.found && Kiosk.language !== "vi"
                    color: Theme.muted
                    font.italic: true
                    text: qsTr("Procedures are published in Vietnamese only; the official text is shown as published.")
                }
            }

            // submit flow: the way to submit this procedure here, when the kiosk has its form.
            BigButton {
                objectName: "submitOnline"
                visible: screen.canSubmit
                Layout.fillWidth: true
                Layout.columnSpan: screen.portrait ? 1 : 2
                primary: true
                fontSize: Theme.fontLarge
                text: qsTr("Submit online at this kiosk")
                subtitle: qsTr("Fill in the form, pay the fee by bank QR and take your receipt.")
                onClicked: Submit.begin(screen.proc.code)
            }

            // Left column (or top in portrait): the facts.
            ColumnLayout {
                visible: screen.found
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignTop
                spacing: Theme.gap * 1.5

                Section {
                    Layout.fillWidth: true
                    heading: qsTr("Can it be done online?")
                    BodyText {
                        objectName: "onlineLevel"
                        font.bold: true
                        text: !screen.found ? ""
                              : screen.canSubmit && screen.levelUnknown ? qsTr("Yes, at this kiosk")
                              : Messages.onlineLabel(screen.proc.onlineLevel)
                    }
                    BodyText {
                        objectName: "onlineExplanation"
                        text: !screen.found ? ""
                              : screen.canSubmit && screen.levelUnknown
                                ? qsTr("Use the button above to fill in the form here; the kiosk sends your dossier to the agency online.")
                              : Messages.onlineExplanation(screen.proc.onlineLevel)
                    }
                    BodyText {
                        visible: screen.found && screen.proc.onlineNote !== ""
                        text: screen.found ? screen.proc.onlineNote : ""
                    }
                }

                Section {
                    Layout.fillWidth: true
                    heading: qsTr("Who handles it")
                    BodyText {
                        objectName: "agency"
                        text: {
                            if (!screen.found) return ""
                            var parts = []
                            if (screen.proc.agency !== "") parts.push(screen.proc.agency)
                            parts.push(qsTr("Level: %1").arg(screen.proc.levels.join(", ")))
                            return parts.join("\n")
                        }
                    }
                }

                // Without detail: say so, and say where to look.
                Rectangle {
                    objectName: "noDetailNotice"
                    visible: screen.found && !screen.proc.hasDetail
                    Layout.fillWidth: true
                    implicitHeight: notice.implicitHeight + Theme.gap * 2
                    radius: Theme.radius
                    color: Theme.warningBg
                    BodyText {
                        id: notice
                        anchors.left: parent.left
                        anchors.right: parent.right
                        anchors.verticalCenter: parent.verticalCenter
                        anchors.margins: Theme.gap
                        color: Theme.warning
                        text: qsTr("The kiosk does not have the list of papers, the fee or the processing time for this procedure yet. Scan the QR code to read them on the National Public Service Portal, or ask at the one-stop counter of the ward office.")
                    }
                }

                Section {
                    Layout.fillWidth: true
                    visible: screen.found && screen.proc.times.length > 0
                    heading: qsTr("How long it takes")
                    Repeater {
                        model: screen.found ? screen.proc.times : []
                        delegate: BodyText {
                            required property var modelData
                            text: "• " + Messages.timeText(modelData)
                        }
                    }
                }

                Section {
                    Layout.fillWidth: true
                    objectName: "feesSection"
                    visible: screen.found && (screen.proc.fees.length > 0 || screen.proc.feeNote !== "")
                    heading: qsTr("Fee")
                    Repeater {
                        model: screen.found ? screen.proc.fees : []
                        delegate: BodyText {
                            required property var modelData
                            text: {
                                var head = modelData.amount >= 0 ? Messages.money(modelData.amount) : Messages.feeKindLabel(modelData.kind)
                                var how = Messages.methodLabel(modelData.method)
                                return "• " + head + (how !== "" ? " (" + how + ")" : "") + (modelData.text !== "" ? "\n  " + modelData.text : "")
                            }
                        }
                    }
                    BodyText {
                        visible: screen.found && screen.proc.feeNote !== ""
                        text: screen.found ? screen.proc.feeNote : ""
                    }
                }

                Section {
                    Layout.fillWidth: true
                    objectName: "documentsSection"
                    visible: screen.found && screen.proc.documentGroups.length > 0
                    heading: qsTr("Papers to bring")
                    Repeater {
                        model: screen.found ? screen.proc.documentGroups : []
                        delegate: ColumnLayout {
                            required property var modelData
                            Layout.fillWidth: true
                            spacing: Theme.gap / 3
                            BodyText {
                                visible: modelData.case !== ""
                                font.bold: true
                                text: modelData.case
                            }
                            Repeater {
                                model: modelData.documents
                                delegate: BodyText {
                                    required property string modelData
                                    text: "• " + modelData
                                }
                            }
                        }
                    }
                }

                Section {
                    Layout.fillWidth: true
                    visible: screen.found && screen.proc.documentsToShow.length > 0
                    heading: qsTr("Originals to show")
                    Repeater {
                        model: screen.found ? screen.proc.documentsToShow : []
                        delegate: BodyText {
                            required property string modelData
                            text: "• " + modelData
                        }
                    }
                }

                Section {
                    Layout.fillWidth: true
                    visible: screen.found && screen.proc.results.length > 0
                    heading: qsTr("What you receive")
                    Repeater {
                        model: screen.found ? screen.proc.results : []
                        delegate: BodyText {
                            required property string modelData
                            text: "• " + modelData
                        }
                    }
                }

                Section {
                    Layout.fillWidth: true
                    visible: screen.found && screen.proc.conditions.length > 0
                    heading: qsTr("Conditions")
                    Repeater {
                        model: screen.found ? screen.proc.conditions : []
                        delegate: BodyText {
                            required property string modelData
                            text: "• " + modelData
                        }
                    }
                }

                Section {
                    Layout.fillWidth: true
                    visible: screen.found && screen.proc.notes.length > 0
                    heading: qsTr("Good to know")
                    Repeater {
                        model: screen.found ? screen.proc.notes : []
                        delegate: BodyText {
                            required property string modelData
                            text: "• " + modelData
                        }
                    }
                }
            }

            // Right column (or bottom in portrait): take it away on a phone.
            Rectangle {
                objectName: "qrPanel"
                visible: screen.found && screen.proc.onlineUrl !== ""
                Layout.fillWidth: screen.portrait
                Layout.preferredWidth: screen.portrait ? -1 : Theme.shortSide * 0.45
                Layout.alignment: Qt.AlignTop
                implicitHeight: qrColumn.implicitHeight + Theme.gap * 2
                radius: Theme.radius
                color: Theme.surface
                border.color: Theme.border
                border.width: 2

                ColumnLayout {
                    id: qrColumn
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.top: parent.top
                    anchors.margins: Theme.gap
                    spacing: Theme.gap / 2
                    Text {
                        Layout.fillWidth: true
                        text: qsTr("Open this procedure on your phone")
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.fontLarge
                        font.bold: true
                        color: Theme.text
                        wrapMode: Text.WordWrap
                        horizontalAlignment: Text.AlignHCenter
                    }
                    Image {
                        objectName: "procedureQr"
                        Layout.alignment: Qt.AlignHCenter
                        readonly property int side: Math.round(Math.min(Theme.shortSide * 0.4, qrColumn.width))
                        Layout.preferredWidth: side
                        Layout.preferredHeight: side
                        sourceSize.width: side
                        sourceSize.height: side
                        fillMode: Image.PreserveAspectFit
                        smooth: false
                        cache: false  // one QR per procedure viewed: keeping them all only grows
                        source: screen.found && screen.proc.onlineUrl !== "" ? "image://qr/" + encodeURIComponent(screen.proc.onlineUrl) : ""
                    }
                    BodyText {
                        horizontalAlignment: Text.AlignHCenter
                        color: Theme.muted
                        text: qsTr("Point your phone's camera at the code.")
                    }
                }
            }
        }
    }
}
