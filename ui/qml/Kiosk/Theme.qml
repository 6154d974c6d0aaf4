pragma Singleton
import QtQuick

// Sizes for a touch kiosk read at arm's length. Everything scales with the
// window's short side, so the same screens work in portrait 1080x1920 and
// landscape 1920x1080; `largeText` is the citizen's "bigger text" switch.
QtObject {
    id: theme

    // Set by Main.qml from the window size and the citizen's choice.
    property real shortSide: 1080
    property bool largeText: false
    readonly property real textScale: largeText ? 1.3 : 1.0

    // Pixels per millimetre of the physical screen; Main.qml sets it from config
    // (kiosk panels often report a wrong DPI), default 1080p at 24 inch.
    property real pixelsPerMm: 3.6
    function mm(v) { return Math.round(v * pixelsPerMm) }

    // Touch targets at least 15 mm and never smaller than 88 px.
    readonly property int touch: Math.max(mm(15), 88)
    readonly property int gap: Math.round(shortSide / 60)
    readonly property int radius: Math.round(shortSide / 90)

    readonly property int fontSmall: Math.round(shortSide / 42 * textScale)
    readonly property int fontBody: Math.round(shortSide / 34 * textScale)
    readonly property int fontLarge: Math.round(shortSide / 26 * textScale)
    readonly property int fontTitle: Math.round(shortSide / 20 * textScale)

    // High contrast, colour-blind safe; red/green are never the only signal.
    readonly property color bg: "#f4f6f8"
    readonly property color surface: "#ffffff"
    readonly property color primary: "#b3261e"      // Vietnamese public-service red
    readonly property color primaryDark: "#8c1d18"
    readonly property color textOnPrimary: "#ffffff"
    readonly property color accent: "#0b57d0"
    readonly property color text: "#1b1b1f"
    readonly property color muted: "#49454f"
    readonly property color border: "#c4c7c5"
    readonly property color warning: "#7a4f01"
    readonly property color warningBg: "#fff3cd"
    readonly property color ok: "#146c2e"
    readonly property color keyBg: "#e8eaed"
    readonly property color keyPressed: "#c2c7cf"

    readonly property string fontFamily: "Noto Sans"
}
