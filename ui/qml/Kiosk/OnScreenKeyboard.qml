pragma ComponentBehavior: Bound
import QtQuick

// The kiosk's own on-screen keyboard (Qt Virtual Keyboard's licence does not fit).
//
//   OnScreenKeyboard { target: nameInput; language: "vi" }
//
// `target` is a KioskCore TelexInput: the keyboard only calls its slots, the field shows
// its text. In "vi" the target types Telex and a row of tone and mark helpers appears;
// in "en" letters are typed as they are. The keyboard fills its parent's width, keys
// growing up to a comfortable size and the rows centred beyond that.
Rectangle {
    id: root

    property var target: null               // a KioskCore TelexInput
    property string language: "vi"           // "vi" | "en"
    property string layout: "letters"        // "letters" | "numbers"
    property int shiftState: 0               // 0 off, 1 next letter only, 2 caps lock
    readonly property bool upper: root.shiftState > 0

    signal accepted()
    // Emitted after the language key switched `language`; a screen that keeps the
    // choice elsewhere can listen and store it.
    signal languageToggleRequested()
    // Every key press, for the session's idle timer.
    signal activity()

    // ------------------------------------------------------------------- geometry
    // Every row is 11.5 units wide (ten letters and a 1.5-unit key), so the columns
    // line up; a key of w units spans w units plus the gaps it covers.
    readonly property real rowUnits: 11.5
    readonly property real spacing: Math.max(6, Math.round(Theme.gap / 2))
    readonly property real unit: Math.max(1, Math.min(
        Theme.touch * 1.5,
        (root.width - 2 * root.spacing - (root.rowUnits - 1) * root.spacing) / root.rowUnits))
    function keyWidth(units) { return units * root.unit + (units - 1) * root.spacing }

    width: parent ? parent.width : 1080
    implicitHeight: rows.implicitHeight + 2 * root.spacing
    height: implicitHeight
    color: Theme.keyBg

    // The TelexInput follows the keyboard's language.
    Binding {
        target: root.target
        property: "mode"
        value: root.language
        when: root.target !== null
    }

    // ------------------------------------------------------------------- actions
    function typeText(t) {
        root.activity()
        if (root.target)
            root.target.press(t)
        if (root.shiftState === 1)
            root.shiftState = 0
    }
    function call(method, arg) {
        root.activity()
        if (!root.target)
            return
        if (arg === undefined)
            root.target[method]()
        else
            root.target[method](arg)
    }
    function letter(ch) { return root.upper ? ch.toUpperCase() : ch }

    readonly property var symbolNames: ({
        ",": "comma", ".": "period", "-": "minus", "/": "slash", ":": "colon",
        ";": "semicolon", "(": "paren_left", ")": "paren_right", "&": "ampersand",
        "@": "at", "\"": "quote", "?": "question", "!": "exclamation", "'": "apostrophe",
        "#": "hash", "+": "plus", "=": "equals", "%": "percent", "*": "asterisk"
    })
    function keyName(ch) {
        const name = root.symbolNames[ch]
        return "key_" + (name !== undefined ? name : ch)
    }

    readonly property bool letters: root.layout === "letters"
    readonly property var row1: root.letters ? Array.from("qwertyuiop") : Array.from("1234567890")
    readonly property var row2: root.letters ? Array.from("asdfghjkl") : Array.from("-/:;()&@\"")
    readonly property var row3: root.letters ? Array.from("zxcvbnm,.-") : Array.from(".,?!'#+=%*")

    component CharKey: KeyButton {
        required property string modelData
        objectName: root.keyName(modelData)
        width: root.keyWidth(1)
        label: root.letter(modelData)
        onActivated: root.typeText(label)
    }
    component Spacer: Item {
        property real units: 1
        width: root.keyWidth(units)
        height: 1
    }

    Column {
        id: rows
        anchors.top: parent.top
        anchors.topMargin: root.spacing
        anchors.horizontalCenter: parent.horizontalCenter
        spacing: root.spacing

        // Vietnamese helpers: a tone or mark for the last word, by touch.
        Row {
            spacing: root.spacing
            visible: root.language === "vi"

            Repeater {
                model: [
                    //: Name of the Vietnamese tone "sắc" on its keyboard key.
                    { name: "sac", glyph: "á", caption: qsTr("acute") },
                    //: Name of the Vietnamese tone "huyền" on its keyboard key.
                    { name: "huyen", glyph: "à", caption: qsTr("grave") },
                    //: Name of the Vietnamese tone "hỏi" on its keyboard key.
                    { name: "hoi", glyph: "ả", caption: qsTr("hook") },
                    //: Name of the Vietnamese tone "ngã" on its keyboard key.
                    { name: "nga", glyph: "ã", caption: qsTr("tilde") },
                    //: Name of the Vietnamese tone "nặng" on its keyboard key.
                    { name: "nang", glyph: "ạ", caption: qsTr("dot") }
                ]
                KeyButton {
                    required property var modelData
                    objectName: "key_tone_" + modelData.name
                    width: root.keyWidth(1)
                    kind: "helper"
                    label: modelData.glyph
                    caption: modelData.caption
                    onActivated: root.call("applyTone", modelData.name)
                }
            }
            KeyButton {
                objectName: "key_tone_none"
                width: root.keyWidth(1.5)
                kind: "helper"
                label: "a"
                //: Keyboard key that removes the tone of the last word ("bỏ dấu").
                caption: qsTr("no tone")
                onActivated: root.call("applyTone", "none")
            }
            Repeater {
                model: [
                    { name: "circumflex", glyph: "â ê ô", units: 1.5 },
                    { name: "breve", glyph: "ă", units: 1 },
                    { name: "horn", glyph: "ơ ư", units: 1.5 },
                    { name: "stroke", glyph: "đ", units: 1 }
                ]
                KeyButton {
                    required property var modelData
                    objectName: "key_mark_" + modelData.name
                    width: root.keyWidth(modelData.units)
                    kind: "helper"
                    label: modelData.glyph
                    onActivated: root.call("applyMark", modelData.name)
                }
            }
        }

        Row {
            spacing: root.spacing
            Repeater { model: root.row1; CharKey {} }
            KeyButton {
                objectName: "key_backspace"
                width: root.keyWidth(1.5)
                kind: "function"
                icon: "backspace"
                autoRepeat: true
                //: Accessible name of the keyboard's delete key.
                Accessible.name: qsTr("Backspace")
                onActivated: root.call("backspace")
            }
        }

        Row {
            spacing: root.spacing
            Spacer { units: 0.5 }
            Repeater { model: root.row2; CharKey {} }
            KeyButton {
                objectName: "key_done"
                width: root.keyWidth(2)
                kind: "accent"
                labelPixelSize: Theme.fontBody
                //: Keyboard key that closes the keyboard ("Xong").
                label: qsTr("Done")
                onActivated: {
                    root.activity()
                    root.shiftState = 0
                    root.accepted()
                }
            }
        }

        Row {
            spacing: root.spacing
            KeyButton {
                objectName: "key_shift"
                visible: root.letters
                width: root.keyWidth(1.5)
                kind: root.shiftState > 0 ? "toggled" : "function"
                icon: root.shiftState === 2 ? "shiftLocked" : "shift"
                //: Accessible name of the keyboard's shift key.
                Accessible.name: qsTr("Shift")
                // One tap: the next letter is a capital; a second: caps lock; a third: off.
                onActivated: {
                    root.activity()
                    root.shiftState = (root.shiftState + 1) % 3
                }
            }
            Spacer { units: 0.75; visible: !root.letters }
            Repeater { model: root.row3; CharKey {} }
            Spacer { units: 0.75; visible: !root.letters }
        }

        Row {
            spacing: root.spacing
            KeyButton {
                objectName: root.letters ? "key_mode_numbers" : "key_mode_letters"
                width: root.keyWidth(2)
                kind: "function"
                labelPixelSize: Theme.fontBody
                //: Keyboard key switching to digits and symbols.
                label: root.letters ? qsTr("?123")
                                    //: Keyboard key switching back to letters.
                                    : qsTr("ABC")
                onActivated: {
                    root.activity()
                    root.layout = root.letters ? "numbers" : "letters"
                }
            }
            KeyButton {
                objectName: "key_language"
                width: root.keyWidth(2)
                kind: "function"
                labelPixelSize: Theme.fontBody
                // Both languages on the key, the active one highlighted.
                labelFormat: Text.StyledText
                label: root.language === "vi"
                       ? "<b><font color=\"" + Theme.accent + "\">VI</font></b> · EN"
                       : "VI · <b><font color=\"" + Theme.accent + "\">EN</font></b>"
                //: Caption of the key that switches between Vietnamese (Telex) and plain typing ("kiểu gõ").
                caption: qsTr("typing")
                onActivated: {
                    root.activity()
                    root.language = root.language === "vi" ? "en" : "vi"
                    root.languageToggleRequested()
                }
            }
            KeyButton {
                objectName: "key_space"
                width: root.keyWidth(7.5)
                // What the bar does and how letters are typed, in the screen's language
                // (not the name of a language: on a Vietnamese screen's digit field
                // "English" only puzzled people).
                caption: root.language === "vi"
                         //: Space bar caption while typing Vietnamese with Telex.
                         ? qsTr("Space · Vietnamese accents (Telex)")
                         //: Space bar caption while letters are typed as they are, without Telex accents.
                         : qsTr("Space · no accents")
                onActivated: root.call("space")
            }
        }
    }
}
