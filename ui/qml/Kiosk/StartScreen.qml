import QtQuick
import QtQuick.Layouts
import KioskCore

// What a passer-by sees: who this kiosk serves, their language, bigger text, and one
// obvious thing to touch.
Item {
    id: screen
    objectName: "startScreen"
    property bool portrait: true

    // The page is made afresh on every visit and sized by the Loader only after its
    // layouts' first pass (at zero size). Lay out again at once when the size arrives, so
    // the tiles have their real place the moment the page appears, not a frame later: a
    // touch (or a test's click) right away must land on the tile it is aimed at.
    function relayout() {
        content.ensurePolished()
        tiles.ensurePolished()
        content.ensurePolished()  // the tiles' heights feed back into the column
    }
    onWidthChanged: relayout()
    onHeightChanged: relayout()
    // Equal tiles whatever their labels: in landscape a third of the row each.
    readonly property real tileWidth: screen.portrait ? content.width
                                      : (content.width - 2 * tiles.columnSpacing) / 3

    // Everything fits in either orientation at normal text size; with larger text (or a
    // long ward name) the page scrolls rather than pushing the staff button off screen.
    Flickable {
        id: flick
        objectName: "startFlick"
        anchors.fill: parent
        anchors.margins: Theme.gap * 2
        contentWidth: width
        contentHeight: content.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        // Tap handlers grab passively: under the PIN pad nothing may take a touch.
        enabled: !pinDialog.visible

        ColumnLayout {
            id: content
            width: flick.width
            // At least the viewport, so the tiles share what is left; more, and it scrolls.
            height: Math.max(implicitHeight, flick.height)
            spacing: screen.portrait ? Theme.gap * 2 : Theme.gap * 1.5

            // Header: the service, the place (smaller in landscape, where height is scarce).
            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: header.implicitHeight + (screen.portrait ? Theme.gap * 3 : Theme.gap * 1.5)
                radius: Theme.radius
                color: Theme.primary
                ColumnLayout {
                    id: header
                    anchors.centerIn: parent
                    width: parent.width - Theme.gap * 4
                    spacing: screen.portrait ? Theme.gap / 2 : 0
                    Text {
                        Layout.fillWidth: true
                        text: qsTr("Hanoi Public Services")
                        color: Theme.textOnPrimary
                        font.family: Theme.fontFamily
                        font.pixelSize: screen.portrait ? Theme.fontTitle : Theme.fontLarge
                        font.bold: true
                        wrapMode: Text.WordWrap
                        horizontalAlignment: Text.AlignHCenter
                    }
                    Text {
                        Layout.fillWidth: true
                        visible: Kiosk.wardName !== ""
                        text: Kiosk.wardName
                        color: Theme.textOnPrimary
                        font.family: Theme.fontFamily
                        font.pixelSize: screen.portrait ? Theme.fontLarge : Theme.fontBody
                        wrapMode: Text.WordWrap
                        horizontalAlignment: Text.AlignHCenter
                    }
                }
            }

            // Language first: a citizen who cannot read the rest must still find this. In
            // landscape the text-size switch sits beside the languages to save height.
            GridLayout {
                Layout.fillWidth: true
                columns: screen.portrait ? 1 : 2
                columnSpacing: Theme.gap
                rowSpacing: Theme.gap * 2

                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 2  // two thirds beside the switch in landscape
                    Layout.fillHeight: !screen.portrait
                    spacing: screen.portrait ? Theme.gap * 2 : Theme.gap / 2
                    Text {
                        Layout.fillWidth: true
                        text: qsTr("Choose your language")
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.fontBody
                        color: Theme.muted
                        wrapMode: Text.WordWrap
                        horizontalAlignment: Text.AlignHCenter
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        spacing: Theme.gap
                        BigButton {
                            objectName: "langVi"
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            Layout.preferredWidth: 1  // equal halves whatever the label
                            text: "Tiếng Việt"
                            checked: Kiosk.language === "vi"
                            fontSize: Theme.fontLarge
                            onClicked: Kiosk.setLanguage("vi")
                        }
                        BigButton {
                            objectName: "langEn"
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            Layout.preferredWidth: 1  // equal halves whatever the label
                            text: "English"
                            checked: Kiosk.language === "en"
                            fontSize: Theme.fontLarge
                            onClicked: Kiosk.setLanguage("en")
                        }
                    }
                }
                BigButton {
                    objectName: "largeTextSwitch"
                    Layout.fillWidth: true
                    Layout.fillHeight: !screen.portrait
                    Layout.preferredWidth: 1
                    text: Kiosk.largeText ? qsTr("Larger text: on") : qsTr("Larger text: off")
                    subtitle: qsTr("Touch to make the text bigger or smaller")
                    checked: Kiosk.largeText
                    onClicked: Kiosk.setLargeText(!Kiosk.largeText)
                }
            }

            // The tiles: large, few, each a whole task.
            GridLayout {
                id: tiles
                Layout.fillWidth: true
                Layout.fillHeight: true
                // Landscape: one row, so the third tile is not pushed below the window.
                columns: screen.portrait ? 1 : 3
                columnSpacing: Theme.gap * 1.5
                rowSpacing: Theme.gap * 2

                BigButton {
                    objectName: "tileLookup"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.minimumHeight: Theme.touch * 2.5
                    Layout.preferredWidth: screen.tileWidth
                    primary: true
                    fontSize: Theme.fontTitle
                    text: qsTr("Look up a procedure")
                    subtitle: qsTr("Which papers to bring, the fee, how long it takes, where to go")
                    onClicked: Kiosk.startLookup()
                }
                BigButton {
                    objectName: "tileIdentify"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.minimumHeight: Theme.touch * 2.5
                    Layout.preferredWidth: screen.tileWidth
                    fontSize: Theme.fontTitle
                    text: qsTr("Identify with your ID card")
                    subtitle: qsTr("Place your chip ID card (CCCD) on the reader so that forms fill themselves in")
                    onClicked: Identity.begin()
                }
                BigButton {
                    objectName: "tileStatus"
                    visible: Status.available
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.minimumHeight: Theme.touch * 2.5
                    Layout.preferredWidth: screen.tileWidth
                    fontSize: Theme.fontTitle
                    text: qsTr("Check a dossier")
                    subtitle: qsTr("Where your dossier stands and what to do next: type its code or scan your receipt")
                    onClicked: Status.begin()
                }
            }

            RowLayout {
                Layout.fillWidth: true
                CatalogFreshness {
                    Layout.fillWidth: true
                }
                // For ward officers only; small and out of the citizen's way.
                BigButton {
                    objectName: "staffButton"
                    visible: Staff.enabled && !Staff.active
                    text: qsTr("Staff")
                    onClicked: pinDialog.visible = true
                }
            }
        }
    }

    StaffPinDialog {
        id: pinDialog
        anchors.fill: parent
        visible: false
        onClosed: visible = false
    }
}
