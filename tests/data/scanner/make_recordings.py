"""Write the recorded key-event streams of a keyboard-wedge scanner used by the tests.

Run from the repository root:  .venv/bin/python tests/data/scanner/make_recordings.py

Each .bin file is a sequence of Linux ``struct input_event`` records in this machine's
native layout (struct.Struct("llHHi"): timeval seconds, microseconds, type, code, value;
24 bytes on 64-bit Linux), exactly what read() on /dev/input/eventN returns. Every key
press or release is framed the way a USB HID keyboard's is: EV_MSC/MSC_SCAN with the HID
usage, EV_KEY, EV_SYN/SYN_REPORT. Keys follow 4 ms apart, as a typical scanner types.

This script deliberately does not use devices.scanner (its own small US key table, its own
Alt-code and Ctrl+Shift+U sequences), so the decoder is checked against an independent
encoding. Files:

receipt_url.bin        the receipt QR: a dossier lookup URL, ASCII, ends with Enter
vietnamese_altcode.bin "Phường Hoàn Kiếm, Hà Nội" with Alt+keypad decimal codes, Enter
cccd_qr_altcode.bin    the chip ID card's QR, Vietnamese letters as Alt+keypad, keypad Enter
cccd_qr_ibus.bin       the same QR, Vietnamese letters as Ctrl+Shift+U hex Space, Enter
cccd_qr_mangled.bin    the same QR from a US-layout scanner that types '?' for them, Enter
split_by_gap.bin       "H26.105-251122-0001" with a 500 ms pause after "H26.105-2"
                       and no terminator at all: two scans, both ended by the gap
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

EVENT = struct.Struct("llHHi")
EV_SYN, EV_KEY, EV_MSC, MSC_SCAN = 0, 1, 4, 4
T0 = 1763805600.0  # 2025-11-22 10:00 UTC
STEP = 0.004

RECEIPT_URL = "https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma=H26.105-251122-0001"
VIETNAMESE = "Phường Hoàn Kiếm, Hà Nội"
CCCD_QR = "012345678901|123456789|Nguyễn Văn A|01021990|Nam|123 Hà Nội|10102021"
RECEIPT_CODE = "H26.105-251122-0001"

# US layout: character -> (keycode, shift)
_US: dict[str, tuple[int, bool]] = {}
for _codes, _plain, _shifted in (
    (range(2, 12), "1234567890", "!@#$%^&*()"),
    (range(16, 26), "qwertyuiop", "QWERTYUIOP"),
    (range(30, 39), "asdfghjkl", "ASDFGHJKL"),
    (range(44, 51), "zxcvbnm", "ZXCVBNM"),
    ((12, 13, 26, 27, 39, 40, 41, 43, 51, 52, 53, 57), "-=[];'`\\,./ ", "_+{}:\"~|<>? "),
):
    for _c, _p, _s in zip(_codes, _plain, _shifted, strict=True):
        _US[_s] = (_c, True)
        _US[_p] = (_c, False)
KEYPAD = {"7": 71, "8": 72, "9": 73, "4": 75, "5": 76, "6": 77, "1": 79, "2": 80, "3": 81,
          "0": 82}
LEFTSHIFT, LEFTCTRL, LEFTALT, ENTER, KPENTER, SPACE, KEY_U = 42, 29, 56, 28, 96, 57, 22
# HID usage IDs a USB keyboard reports in MSC_SCAN (0x70000 | usage), for realism only.
_HID = {LEFTSHIFT: 0xE1, LEFTCTRL: 0xE0, LEFTALT: 0xE2, ENTER: 0x28, KPENTER: 0x58,
        SPACE: 0x2C}


class Recorder:
    def __init__(self) -> None:
        self.t = T0
        self.out = bytearray()

    def _ev(self, etype: int, code: int, value: int) -> None:
        sec = int(self.t)
        self.out += EVENT.pack(sec, round((self.t - sec) * 1e6), etype, code, value)

    def key(self, code: int, value: int) -> None:
        self._ev(EV_MSC, MSC_SCAN, 0x70000 | _HID.get(code, code))
        self._ev(EV_KEY, code, value)
        self._ev(EV_SYN, 0, 0)
        self.t += STEP

    def tap(self, code: int, shift: bool = False) -> None:
        if shift:
            self.key(LEFTSHIFT, 1)
        self.key(code, 1)
        self.key(code, 0)
        if shift:
            self.key(LEFTSHIFT, 0)

    def text(self, text: str, unicode: str = "altcode") -> None:
        for ch in text:
            if ch in _US:
                self.tap(*_US[ch])
            elif unicode == "altcode":
                n = ord(ch)
                self.key(LEFTALT, 1)
                for d in (f"0{n}" if n < 256 else str(n)):
                    self.tap(KEYPAD[d])
                self.key(LEFTALT, 0)
            elif unicode == "ibus":
                self.key(LEFTCTRL, 1)
                self.key(LEFTSHIFT, 1)
                self.tap(KEY_U)
                self.key(LEFTSHIFT, 0)
                self.key(LEFTCTRL, 0)
                for h in f"{ord(ch):x}":
                    self.tap(*_US[h])
                self.tap(SPACE)
            elif unicode == "question":
                self.tap(*_US["?"])
            else:
                raise ValueError(unicode)

    def pause(self, seconds: float) -> None:
        self.t += seconds


def recordings() -> dict[str, bytes]:
    out: dict[str, bytes] = {}

    r = Recorder()
    r.text(RECEIPT_URL)
    r.tap(ENTER)
    out["receipt_url.bin"] = bytes(r.out)

    r = Recorder()
    r.text(VIETNAMESE, "altcode")
    r.tap(ENTER)
    out["vietnamese_altcode.bin"] = bytes(r.out)

    for name, mode, end in (("cccd_qr_altcode.bin", "altcode", KPENTER),
                            ("cccd_qr_ibus.bin", "ibus", ENTER),
                            ("cccd_qr_mangled.bin", "question", ENTER)):
        r = Recorder()
        r.text(CCCD_QR, mode)
        r.tap(end)
        out[name] = bytes(r.out)

    r = Recorder()
    r.text(RECEIPT_CODE[:9])
    r.pause(0.5)
    r.text(RECEIPT_CODE[9:])
    out["split_by_gap.bin"] = bytes(r.out)
    return out


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    for name, data in recordings().items():
        (target / name).write_bytes(data)
        print(f"{name}: {len(data) // EVENT.size} events")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
