"""Decode a keyboard-wedge scanner's key events into scanned text, and back.

Input is Linux ``struct input_event`` records (as read from /dev/input/eventN) or the
(type, code, value) triples inside them. The decoder knows the layout, Shift / CapsLock,
AltGr, Ctrl+letter control characters, the terminator keys, the inter-character gap that
ends a scan without a terminator, and the two ways wedge scanners type characters that are
not on the layout:

* Alt + keypad decimal digits, committed when Alt is released (Windows style). As in
  Windows, a code of 255 or less typed with a leading 0 is a Windows-1252 byte and without
  it an OEM (cp437) byte; larger codes are Unicode code points ("ễ" = Alt+7877).
* Ctrl+Shift+U, hex digits, then Space or Enter (IBus / GTK style). Holding Ctrl+Shift
  while typing the digits and committing on their release works too.

Text the scanner mangled ("Nguy?n") passes through unchanged: judging it is the core's job.

`KeyDecoder.feed` returns completed scans or raises `ScannerError` (only that), and keeps
at most ``max_len`` characters: untrusted bytes cannot make it grow without bound.
"""

from __future__ import annotations

import struct
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from devices.scanner.errors import TOO_LONG, ScannerError
from devices.scanner.layouts import KEYPAD, KEYPAD_DIGITS, LAYOUTS, Layout

EV_SYN, EV_KEY, EV_LED = 0, 1, 0x11
SYN_REPORT, SYN_DROPPED = 0, 3
LED_CAPSL = 1
KEY_ESC, KEY_TAB, KEY_ENTER, KEY_SPACE, KEY_U = 1, 15, 28, 57, 22
KEY_LEFTCTRL, KEY_RIGHTCTRL, KEY_LEFTSHIFT, KEY_RIGHTSHIFT = 29, 97, 42, 54
KEY_LEFTALT, KEY_RIGHTALT, KEY_CAPSLOCK, KEY_KPENTER = 56, 100, 58, 96
RELEASE, PRESS, REPEAT = 0, 1, 2

# struct input_event on this machine: struct timeval (two C longs) + u16 type + u16 code
# + s32 value; 24 bytes on 64-bit Linux, 16 on 32-bit.
EVENT = struct.Struct("llHHi")

TERMINATOR_KEYS = {"enter": (KEY_ENTER, KEY_KPENTER), "tab": (KEY_TAB,)}
MAX_LEN = 4096  # a QR holds at most 7089 digits / 2953 bytes; ours are far shorter
_MAX_ALT_DIGITS = 7  # enough for U+10FFFF (1114111)
_MAX_HEX_DIGITS = 6
_HEX_KEYS = {2: "1", 3: "2", 4: "3", 5: "4", 6: "5", 7: "6", 8: "7", 9: "8", 10: "9", 11: "0",
             30: "a", 48: "b", 46: "c", 32: "d", 18: "e", 33: "f"}
_HEX_KEYS.update({code: str(d) for code, d in KEYPAD_DIGITS.items()})


@dataclass(frozen=True)
class Decoded:
    text: str
    terminator: str | None  # "enter" | "tab" | None when the gap timeout ended it
    garbled: bool = False  # a broken Unicode sequence or events lost (SYN_DROPPED)


def iter_events(data: bytes) -> Iterator[tuple[float, int, int, int]]:
    """(timestamp, type, code, value) of each whole record in `data`."""
    for off in range(0, len(data) - len(data) % EVENT.size, EVENT.size):
        sec, usec, etype, code, value = EVENT.unpack_from(data, off)
        yield sec + usec / 1e6, etype, code, value


def pack_event(ts: float, etype: int, code: int, value: int) -> bytes:
    sec = int(ts)
    return EVENT.pack(sec, int(round((ts - sec) * 1e6)), etype, code, value)


def _char_from_code(code: int, leading_zero: bool, oem: str) -> str | None:
    if leading_zero and code <= 0xFF:
        try:
            return bytes([code]).decode("cp1252")
        except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are not defined
            return None
    if code <= 0xFF and oem != "unicode":
        return bytes([code]).decode(oem, errors="replace")
    if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
        return chr(code)
    return None


class KeyDecoder:
    """A state machine over key events; one per device, used on one thread."""

    def __init__(self, layout: str | Layout = "us", terminators: Iterable[str] = ("enter", "tab"),
                 gap: float = 0.1, max_len: int = MAX_LEN, oem: str = "cp437",
                 capslock: bool = False) -> None:
        if isinstance(layout, str):
            if layout not in LAYOUTS:
                raise ScannerError("scanner.bad_uri", f"unknown layout {layout!r}")
            layout = LAYOUTS[layout]
        self.layout = layout
        self.terminators: dict[int, str] = {}
        for name in terminators:
            if name not in TERMINATOR_KEYS:
                raise ScannerError("scanner.bad_uri", f"unknown terminator {name!r}")
            for code in TERMINATOR_KEYS[name]:
                self.terminators[code] = name
        self.gap, self.max_len, self.oem = gap, max_len, oem
        self.capslock = capslock
        self.ignored = 0  # key presses that typed nothing (F-keys, Alt+letter ...)
        self._held: set[int] = set()
        self._buf: list[str] = []
        self._garbled = False
        self._alt: str | None = None  # keypad digits typed while Alt is held
        self._hex: str | None = None  # hex digits after Ctrl+Shift+U
        self._hex_held = False  # digits typed with Ctrl+Shift still held: commit on release
        self._last_ts: float | None = None
        self._overflow = False  # a scan ran over max_len; its tail is being dropped

    # -- state ------------------------------------------------------------------------
    @property
    def pending(self) -> bool:
        """A scan is in progress (text or an unfinished Unicode sequence)."""
        return bool(self._buf) or bool(self._alt) or bool(self._hex) or self._overflow

    def _mods(self, *codes: int) -> bool:
        return any(c in self._held for c in codes)

    def reset(self) -> None:
        self._buf.clear()
        self._garbled = False
        self._alt = self._hex = None
        self._hex_held = False

    # -- input ------------------------------------------------------------------------
    def feed_bytes(self, data: bytes) -> list[Decoded]:
        out: list[Decoded] = []
        for ts, etype, code, value in iter_events(data):
            out.extend(self.feed(etype, code, value, ts))
        return out

    def feed(self, etype: int, code: int, value: int, ts: float | None = None) -> list[Decoded]:
        out: list[Decoded] = []
        if etype == EV_KEY:
            # A pause longer than the gap between two key events ends the scan before it,
            # even when a recording is replayed faster than it was made.
            if ts is not None and self._last_ts is not None and ts - self._last_ts > self.gap:
                done = self.flush()
                if done is not None:
                    out.append(done)
            self._last_ts = ts
            done = self._key(code, value)
            if done is not None:
                out.append(done)
        elif etype == EV_LED and code == LED_CAPSL:
            self.capslock = value != 0
        elif etype == EV_SYN and code == SYN_DROPPED:
            # The kernel's buffer overflowed: key events of this scan are lost.
            self._garbled = True
            self._held.clear()
        return out

    def flush(self) -> Decoded | None:
        """End the scan in progress without a terminator (the gap timeout)."""
        if self._overflow:  # the pause ends the runaway scan; nothing of it is delivered
            self.reset()
            self._overflow = False
            return None
        self._commit_hex()
        if self._alt:
            self._garbled = True  # Alt never released: the character is lost
        self._alt = None if KEY_LEFTALT not in self._held else ""
        if not self._buf:
            self._garbled = False
            return None
        done = Decoded("".join(self._buf), None, self._garbled)
        self.reset()
        return done

    # -- the key machine ----------------------------------------------------------------
    def _append(self, ch: str) -> None:
        if self._overflow:
            return  # the rest of a runaway scan: dropped until its terminator or a pause
        if len(self._buf) >= self.max_len:
            self.reset()
            self._overflow = True
            raise ScannerError(TOO_LONG, f"more than {self.max_len} characters without a break")
        self._buf.append(ch)

    def _bad(self) -> None:
        self._garbled = True
        self._append("\ufffd")

    def _commit_alt(self) -> None:
        digits, self._alt = self._alt, None
        if not digits:
            return
        ch = _char_from_code(int(digits), digits.startswith("0"), self.oem)
        if ch is None:
            self._bad()
        else:
            self._append(ch)

    def _commit_hex(self) -> None:
        digits, self._hex, self._hex_held = self._hex, None, False
        if not digits:
            return
        code = int(digits, 16)
        if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            self._append(chr(code))
        else:
            self._bad()

    def _key(self, code: int, value: int) -> Decoded | None:
        if value == RELEASE:
            self._held.discard(code)
            if code == KEY_LEFTALT or (code == KEY_RIGHTALT and not self.layout.altgr):
                self._commit_alt()
            elif (code in (KEY_LEFTCTRL, KEY_RIGHTCTRL, KEY_LEFTSHIFT, KEY_RIGHTSHIFT)
                  and self._hex_held):
                self._commit_hex()
            return None
        if value not in (PRESS, REPEAT):
            return None
        if code in (KEY_LEFTCTRL, KEY_RIGHTCTRL, KEY_LEFTSHIFT, KEY_RIGHTSHIFT,
                    KEY_LEFTALT, KEY_RIGHTALT):
            if value == PRESS:
                self._held.add(code)
                if code == KEY_LEFTALT or (code == KEY_RIGHTALT and not self.layout.altgr):
                    self._alt = ""
            return None
        if code == KEY_CAPSLOCK:
            if value == PRESS:
                self.capslock = not self.capslock
            return None
        ctrl = self._mods(KEY_LEFTCTRL, KEY_RIGHTCTRL)
        shift = self._mods(KEY_LEFTSHIFT, KEY_RIGHTSHIFT)
        alt = self._alt is not None and (
            self._mods(KEY_LEFTALT) or (not self.layout.altgr and self._mods(KEY_RIGHTALT)))
        if alt:
            if code in KEYPAD_DIGITS:
                self._alt = (self._alt or "") + str(KEYPAD_DIGITS[code])
                if len(self._alt) > _MAX_ALT_DIGITS:
                    self._alt = None
                    self._bad()
            else:
                self.ignored += 1  # Alt+letter is a shortcut, not text
            return None
        if ctrl and shift and code == KEY_U:
            self._commit_hex()
            self._hex = ""
            return None
        if self._hex is not None:
            if code in (KEY_SPACE, KEY_ENTER, KEY_KPENTER):
                self._commit_hex()
                return None
            if code == KEY_ESC:
                self._hex, self._hex_held = None, False
                return None
            if code in _HEX_KEYS:
                self._hex += _HEX_KEYS[code]
                self._hex_held = self._hex_held or ctrl
                if len(self._hex) > _MAX_HEX_DIGITS:
                    self._hex, self._hex_held = None, False
                    self._bad()
                return None
            self._commit_hex()  # any other key ends the sequence and types itself
        if code in self.terminators:
            self._overflow = False
            if not self._buf:
                self._garbled = False
                return None  # a lone terminator is not a scan
            done = Decoded("".join(self._buf), self.terminators[code], self._garbled)
            self.reset()
            return done
        if code in KEYPAD:
            self._append(KEYPAD[code])
            return None
        altgr = self.layout.altgr and self._mods(KEY_RIGHTALT)
        if altgr:
            ch = self.layout.altgr.get(code)
            if ch is None:
                self.ignored += 1
            else:
                self._append(ch)
            return None
        pair = self.layout.keys.get(code)
        if pair is None:
            self.ignored += 1
            return None
        plain, shifted = pair
        upper = shift != (self.capslock and plain.isalpha())
        ch = shifted if upper else plain
        if ctrl:
            # Ctrl+letter types an ASCII control character (GS1 scanners send GS as Ctrl+]).
            base = ch.upper()
            if len(base) == 1 and "@" <= base <= "_":
                self._append(chr(ord(base) & 0x1F))
            else:
                self.ignored += 1
            return None
        self._append(ch)
        return None


# -- the other direction: how a scanner types text (for the simulator) --------------------

UNICODE_MODES = ("altcode", "ibus", "question", "strip", "drop", "bytes")


def _strip_marks(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return {"đ": "d", "Đ": "D"}.get(base, base)


def _press(code: int) -> list[tuple[int, int]]:
    return [(code, PRESS), (code, RELEASE)]


def _alt_code(digits: str) -> list[tuple[int, int]]:
    by_digit = {str(d): code for code, d in KEYPAD_DIGITS.items()}
    keys = [(KEY_LEFTALT, PRESS)]
    for d in digits:
        keys += _press(by_digit[d])
    return keys + [(KEY_LEFTALT, RELEASE)]


def encode_text(text: str, layout: str | Layout = "us", unicode: str = "altcode",
                ) -> list[list[tuple[int, int]]]:
    """Key (code, value) events a wedge scanner sends for each character of `text`.

    `unicode` says what it does with a character not on the layout: "altcode" (Alt+keypad
    decimal), "ibus" (Ctrl+Shift+U hex Space), or mangle it the ways real scanners do:
    "question" ('?'), "strip" (drop the diacritics), "drop" (leave it out), "bytes" (each
    UTF-8 byte as an Alt+0NNN Windows-1252 character: mojibake).
    """
    lay = LAYOUTS[layout] if isinstance(layout, str) else layout
    rev = lay.reverse()
    out: list[list[tuple[int, int]]] = []

    def typed(ch: str) -> list[tuple[int, int]] | None:
        if ch not in rev:
            return None
        code, shift, altgr = rev[ch]
        if altgr:
            return [(KEY_RIGHTALT, PRESS), *_press(code), (KEY_RIGHTALT, RELEASE)]
        if shift:
            return [(KEY_LEFTSHIFT, PRESS), *_press(code), (KEY_LEFTSHIFT, RELEASE)]
        return _press(code)

    for ch in text:
        keys = typed(ch)
        if keys is None:
            if unicode == "altcode":
                n = ord(ch)
                keys = _alt_code(f"0{n}" if n <= 0xFF else str(n))
            elif unicode == "ibus":
                keys = [(KEY_LEFTCTRL, PRESS), (KEY_LEFTSHIFT, PRESS), *_press(KEY_U),
                        (KEY_LEFTSHIFT, RELEASE), (KEY_LEFTCTRL, RELEASE)]
                for h in f"{ord(ch):04x}":
                    keys += typed(h) or []
                keys += _press(KEY_SPACE)
            elif unicode == "question":
                keys = typed("?") or []
            elif unicode == "strip":
                keys = [k for c in _strip_marks(ch) for k in (typed(c) or [])]
            elif unicode == "drop":
                keys = []
            elif unicode == "bytes":
                keys = [k for b in ch.encode("utf-8") for k in _alt_code(f"0{b}")]
            else:
                raise ValueError(f"unknown unicode mode {unicode!r}")
        out.append(keys)
    return out
