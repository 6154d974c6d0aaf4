"""Keyboard layouts for decoding wedge scanners: Linux keycode -> character.

A wedge scanner "types" each character of a code by pressing the key that produces it on
the layout the scanner is configured for; the kiosk must decode with the same layout.
A layout is data: ``{keycode: (plain, shifted)}`` plus optional AltGr characters
``{keycode: char}``. To add one, add a ``Layout`` to ``LAYOUTS`` (see docs/scanners.md);
keycodes are the kernel's (linux/input-event-codes.h; ``evdev.ecodes``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Keycodes of the main key rows (the same physical keys on every layout).
_ROW_DIGITS = tuple(range(2, 12))  # KEY_1 .. KEY_0
_ROW_Q = tuple(range(16, 26))  # KEY_Q .. KEY_P
_ROW_A = tuple(range(30, 39))  # KEY_A .. KEY_L
_ROW_Z = tuple(range(44, 51))  # KEY_Z .. KEY_M

# Keypad with NumLock on (scanners that use the keypad assume it is).
KEYPAD: dict[int, str] = {
    71: "7", 72: "8", 73: "9", 74: "-", 75: "4", 76: "5", 77: "6", 78: "+",
    79: "1", 80: "2", 81: "3", 82: "0", 83: ".", 55: "*", 98: "/",
}
KEYPAD_DIGITS: dict[int, int] = {code: int(ch) for code, ch in KEYPAD.items() if ch.isdigit()}


def _rows(*pairs: tuple[tuple[int, ...], str, str]) -> dict[int, tuple[str, str]]:
    out: dict[int, tuple[str, str]] = {}
    for codes, plain, shifted in pairs:
        if not (len(codes) == len(plain) == len(shifted)):
            raise ValueError("layout row lengths differ")
        for code, p, s in zip(codes, plain, shifted, strict=True):
            out[code] = (p, s)
    return out


@dataclass(frozen=True)
class Layout:
    name: str
    keys: dict[int, tuple[str, str]]
    altgr: dict[int, str] = field(default_factory=dict)

    def reverse(self) -> dict[str, tuple[int, bool, bool]]:
        """char -> (keycode, shift, altgr): how a scanner types a character."""
        out: dict[str, tuple[int, bool, bool]] = {}
        for code, ch in self.altgr.items():
            out.setdefault(ch, (code, False, True))
        for code, (plain, shifted) in sorted(self.keys.items()):
            out[shifted] = (code, True, False)
            out[plain] = (code, False, False)
        return out


US = Layout("us", {
    **_rows((_ROW_DIGITS, "1234567890", "!@#$%^&*()"),
            (_ROW_Q, "qwertyuiop", "QWERTYUIOP"),
            (_ROW_A, "asdfghjkl", "ASDFGHJKL"),
            (_ROW_Z, "zxcvbnm", "ZXCVBNM")),
    12: ("-", "_"), 13: ("=", "+"), 26: ("[", "{"), 27: ("]", "}"), 39: (";", ":"),
    40: ("'", '"'), 41: ("`", "~"), 43: ("\\", "|"), 51: (",", "<"), 52: (".", ">"),
    53: ("/", "?"), 57: (" ", " "),
})

# German QWERTZ: Y and Z swapped, digits' shifted symbols differ, AltGr for @ { [ ] } \ ~ |.
DE = Layout("de", {
    **_rows((_ROW_DIGITS, "1234567890", "!\"§$%&/()="),
            (_ROW_Q, "qwertzuiop", "QWERTZUIOP"),
            (_ROW_A, "asdfghjkl", "ASDFGHJKL"),
            (_ROW_Z, "yxcvbnm", "YXCVBNM")),
    12: ("ß", "?"), 13: ("´", "`"), 26: ("ü", "Ü"), 27: ("+", "*"), 39: ("ö", "Ö"),
    40: ("ä", "Ä"), 41: ("^", "°"), 43: ("#", "'"), 51: (",", ";"), 52: (".", ":"),
    53: ("-", "_"), 86: ("<", ">"), 57: (" ", " "),
}, altgr={16: "@", 3: "²", 4: "³", 8: "{", 9: "[", 10: "]", 11: "}", 12: "\\", 27: "~",
          86: "|", 18: "€"})

LAYOUTS: dict[str, Layout] = {layout.name: layout for layout in (US, DE)}
