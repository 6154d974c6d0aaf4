import QtQuick
import QtQuick.Shapes

// One key of the on-screen keyboard. Flat, no animation: the pressed state is a
// different colour and the face drops onto its shadow, which costs nothing at idle.
Item {
    id: key

    // What the key shows; `caption` is a smaller second line (e.g. a tone's name).
    property string label: ""
    property string caption: ""
    // "backspace", "shift", "shiftLocked" or "" for a text key.
    property string icon: ""
    // "letter" (white), "function" (grey), "helper" (Vietnamese tones and marks),
    // "accent" (Done) or "toggled" (shift on).
    property string kind: "letter"
    // Press-and-hold repeats (backspace); such a key acts on press, others on release.
    property bool autoRepeat: false
    property int labelPixelSize: Theme.fontLarge
    // Text.StyledText lets a label highlight part of itself (the language key).
    property int labelFormat: Text.PlainText
    readonly property bool down: tap.pressed

    signal activated()

    height: Theme.touch

    Accessible.role: Accessible.Button
    Accessible.name: key.caption !== "" ? key.label + " " + key.caption : key.label
    Accessible.onPressAction: key.activated()

    readonly property color faceColor: {
        if (key.down)
            return Theme.keyPressed
        switch (key.kind) {
        case "accent": return Theme.primary
        case "toggled": return Theme.accent
        case "function": return Qt.darker(Theme.keyBg, 1.12)
        case "helper": return "#fdf1ef"   // a light tint of the public-service red
        default: return Theme.surface
        }
    }
    readonly property color inkColor: (key.kind === "accent" || key.kind === "toggled") && !key.down
                                      ? Theme.textOnPrimary : Theme.text
    readonly property int shadow: Math.max(2, Math.round(Theme.radius / 4))

    // The shadow under the face; pressing hides it by moving the face down.
    Rectangle {
        anchors.fill: parent
        anchors.topMargin: key.shadow
        radius: Theme.radius
        color: Theme.border
    }

    Rectangle {
        id: face
        x: 0
        y: key.down ? key.shadow : 0
        width: parent.width
        height: parent.height - key.shadow
        radius: Theme.radius
        color: key.faceColor
        border.width: key.kind === "helper" ? 1 : 0
        border.color: Theme.border

        Column {
            anchors.centerIn: parent
            // Narrow keys (landscape, half-width keyboard) keep only a thin margin so a
            // caption like "huyền" or "nặng" still fits whole.
            width: parent.width - Math.max(4, Math.round(Theme.radius / 2))
            visible: key.icon === ""

            Text {
                width: parent.width
                height: key.caption !== "" ? face.height * 0.55 : face.height
                visible: key.label !== ""
                text: key.label
                color: key.inkColor
                font.family: Theme.fontFamily
                font.pixelSize: key.labelPixelSize
                // Long translated labels shrink rather than spill out of the key.
                fontSizeMode: Text.Fit
                minimumPixelSize: Math.round(key.labelPixelSize / 2)
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: key.caption !== "" ? Text.AlignBottom : Text.AlignVCenter
                textFormat: key.labelFormat
            }
            Text {
                width: parent.width
                visible: key.caption !== ""
                text: key.caption
                color: key.kind === "accent" || key.kind === "toggled" ? key.inkColor : Theme.muted
                font.family: Theme.fontFamily
                font.pixelSize: Math.round(Theme.fontSmall * 0.85)
                // Shrink to fit the key rather than cut the word: a tone name cut to
                // "huy…" says nothing. The floor only guards against unreadable text.
                fontSizeMode: Text.HorizontalFit
                minimumPixelSize: 10
                horizontalAlignment: Text.AlignHCenter
                textFormat: Text.PlainText
            }
        }

        // Icons are drawn, not taken from a font, so they never depend on which symbol
        // fonts a kiosk image happens to have. Drawn once: static shapes cost nothing.
        Shape {
            id: iconShape
            visible: key.icon !== ""
            anchors.centerIn: parent
            width: 24
            height: 24
            scale: Math.min(face.height, face.width) * 0.5 / 24
            preferredRendererType: Shape.SoftwareRenderer

            ShapePath {
                strokeColor: key.inkColor
                strokeWidth: 2
                fillColor: key.icon === "shiftLocked" || key.kind === "toggled"
                           ? key.inkColor : "transparent"
                joinStyle: ShapePath.RoundJoin
                capStyle: ShapePath.RoundCap
                PathSvg {
                    path: key.icon === "backspace"
                          ? "M 8 5 L 22 5 L 22 19 L 8 19 L 2 12 Z"
                          : "M 12 3 L 21 12 L 16 12 L 16 19 L 8 19 L 8 12 L 3 12 Z"
                }
            }
            ShapePath {
                strokeColor: key.icon === "backspace" ? key.inkColor : "transparent"
                strokeWidth: 2
                fillColor: "transparent"
                capStyle: ShapePath.RoundCap
                PathSvg { path: "M 11 9 L 17 15 M 17 9 L 11 15" }
            }
            // Caps lock: a bar under the arrow.
            Rectangle {
                visible: key.icon === "shiftLocked"
                x: 8
                y: 21
                width: 8
                height: 2
                color: key.inkColor
            }
        }
    }

    TapHandler {
        id: tap
        // Like a real button: the key fires when released on it, however long it was held
        // (older citizens press slowly), and sliding off cancels.
        gesturePolicy: TapHandler.ReleaseWithinBounds
        // TapHandler drops a tap held longer than this; an hour means never.
        longPressThreshold: 3600
        onTapped: if (!key.autoRepeat) key.activated()
        onPressedChanged: {
            if (!key.autoRepeat)
                return
            if (pressed) {
                key.activated()
                repeat.interval = 500
                repeat.start()
            } else {
                repeat.stop()
            }
        }
    }

    // Runs only while an auto-repeat key is held.
    Timer {
        id: repeat
        repeat: true
        onTriggered: {
            interval = 70
            key.activated()
        }
    }
}
