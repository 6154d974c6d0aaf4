import QtQuick

// A touch target a finger cannot miss: at least Theme.touch high, visible press state,
// label that wraps instead of being cut.
Rectangle {
    id: button

    property string text: ""
    property string subtitle: ""
    property bool primary: false
    property bool checked: false
    property int fontSize: Theme.fontBody
    property int horizontalAlignment: Text.AlignHCenter
    signal clicked()

    implicitWidth: Math.max(Theme.touch * 2, label.implicitWidth + Theme.gap * 3)
    implicitHeight: Math.max(Theme.touch, column.implicitHeight + Theme.gap * 1.5)
    radius: Theme.radius
    opacity: enabled ? 1.0 : 0.45
    color: {
        if (tap.pressed)
            return primary ? Theme.primaryDark : Theme.keyPressed
        if (primary || checked)
            return primary ? Theme.primary : Theme.accent
        return Theme.surface
    }
    border.width: primary || checked ? 0 : 2
    border.color: Theme.border

    Accessible.role: Accessible.Button
    Accessible.name: text

    Column {
        id: column
        anchors.verticalCenter: parent.verticalCenter
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.gap
        spacing: Theme.gap / 3

        Text {
            id: label
            width: parent.width
            text: button.text
            font.family: Theme.fontFamily
            font.pixelSize: button.fontSize
            font.bold: true
            wrapMode: Text.WordWrap
            horizontalAlignment: button.horizontalAlignment
            color: button.primary || button.checked ? Theme.textOnPrimary : Theme.text
        }
        Text {
            width: parent.width
            visible: button.subtitle !== ""
            text: button.subtitle
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
            horizontalAlignment: button.horizontalAlignment
            color: button.primary || button.checked ? Theme.textOnPrimary : Theme.muted
        }
    }

    TapHandler {
        id: tap
        onTapped: button.clicked()
    }
}
