import QtQuick
import KioskCore

// Says where the procedures on screen come from and how old they are, so a citizen
// knows when to double-check at the counter.
Rectangle {
    id: banner
    property date now: new Date()
    readonly property bool offline: Catalog.connection === "offline"
    implicitHeight: label.implicitHeight + Theme.gap
    radius: Theme.radius
    color: offline ? Theme.warningBg : "transparent"

    Timer {
        interval: 30000; running: banner.visible; repeat: true
        onTriggered: banner.now = new Date()
    }

    Text {
        id: label
        objectName: "catalogFreshness"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.margins: Theme.gap / 2
        wrapMode: Text.WordWrap
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontSmall
        color: banner.offline ? Theme.warning : Theme.muted
        text: {
            var age = Messages.age(Catalog.syncedAt, banner.now)
            if (Catalog.count === 0)
                return qsTr("The procedure catalog is loading…")
            if (banner.offline)
                return Messages.errorText(Catalog.connectionErrorKey) + " "
                    + qsTr("Showing the saved catalog (%1 procedures, %2).").arg(Catalog.count).arg(age)
            return qsTr("%1 procedures, %2.").arg(Catalog.count).arg(age)
        }
    }
}
