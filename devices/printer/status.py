"""ESC/POS real-time status (DLE EOT n) requests and the parsing of their answers.

Each answer is one byte whose bits 1 and 4 are always 1 and bits 0 and 7 always 0 (that
is how a host tells a status byte from stray data). Bit meanings, per the ESC/POS
command reference:

n=1 printer:       bit 3 offline; bit 5 waiting for online recovery; bit 6 paper being fed
                   by the FEED button; bit 2 drawer kick-out connector pin 3.
n=2 offline cause: bit 2 cover open; bit 3 paper fed by FEED button; bit 5 printing stopped
                   by paper end; bit 6 an error occurred.
n=3 error cause:   bit 2 mechanical (recoverable) error; bit 3 autocutter error;
                   bit 5 unrecoverable error; bit 6 automatically recoverable error.
n=4 roll sensor:   bits 2+3 paper near end; bits 5+6 paper end (not present).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .errors import StatusError

DLE_EOT = b"\x10\x04"
QUERY_PRINTER = DLE_EOT + b"\x01"
QUERY_OFFLINE = DLE_EOT + b"\x02"
QUERY_ERROR = DLE_EOT + b"\x03"
QUERY_PAPER = DLE_EOT + b"\x04"
QUERIES = {1: QUERY_PRINTER, 2: QUERY_OFFLINE, 3: QUERY_ERROR, 4: QUERY_PAPER}

FIXED_MASK = 0b1001_0011
FIXED_VALUE = 0b0001_0010

Paper = Literal["ok", "near_end", "out", "unknown"]


def _byte(answer: bytes, what: str) -> int:
    if not isinstance(answer, bytes | bytearray):
        raise StatusError(f"{what}: answer is not bytes")
    if len(answer) != 1:
        raise StatusError(f"{what}: expected 1 status byte, got {len(answer)}")
    b = answer[0]
    if b & FIXED_MASK != FIXED_VALUE:
        raise StatusError(f"{what}: byte 0x{b:02x} breaks the fixed bits")
    return b


def _bit(b: int, n: int) -> bool:
    return bool(b >> n & 1)


def parse_printer(answer: bytes) -> dict[str, bool]:
    b = _byte(answer, "DLE EOT 1")
    return {"offline": _bit(b, 3), "waiting_recovery": _bit(b, 5),
            "feed_button": _bit(b, 6), "drawer_pin3": _bit(b, 2)}


def parse_offline(answer: bytes) -> dict[str, bool]:
    b = _byte(answer, "DLE EOT 2")
    return {"cover_open": _bit(b, 2), "feed_button": _bit(b, 3),
            "paper_end_stop": _bit(b, 5), "error": _bit(b, 6)}


def parse_error(answer: bytes) -> dict[str, bool]:
    b = _byte(answer, "DLE EOT 3")
    return {"mechanical": _bit(b, 2), "cutter": _bit(b, 3),
            "unrecoverable": _bit(b, 5), "auto_recoverable": _bit(b, 6)}


def parse_paper(answer: bytes) -> dict[str, bool]:
    b = _byte(answer, "DLE EOT 4")
    # Both bits of a pair are set together; a printer that sets only one of them is
    # still telling us the sensor tripped, so either bit counts.
    return {"near_end": bool(b & 0b0000_1100), "end": bool(b & 0b0110_0000)}


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    online: bool
    paper: Paper
    cover_open: bool
    error: str | None  # "cutter", "unrecoverable", "auto_recoverable", "mechanical", or None
    # False when the transport has no way back from the printer (file://): nothing was
    # asked, so nothing is known beyond "the bytes can be written".
    checked: bool = True

    @property
    def ready(self) -> bool:
        return self.problem_key is None

    @property
    def problem_key(self) -> str | None:
        """The key of the reason this printer cannot print now, the most actionable first."""
        if self.cover_open:
            return "printer.cover_open"
        if self.paper == "out":
            return "printer.no_paper"
        if self.error == "cutter":
            return "printer.jam"
        if self.error is not None:
            return "printer.error"
        if not self.online:
            return "printer.offline"
        return None

    def describe(self, lang: str = "en") -> str:
        from .errors import MESSAGES

        if not self.checked:
            return ("không đọc được trạng thái qua kết nối này (chỉ ghi)" if lang == "vi"
                    else "status not available on this connection (write only)")
        key = self.problem_key
        if key is None:
            if self.paper == "near_end":
                return MESSAGES["printer.paper_near_end"]["vi" if lang == "vi" else "en"]
            return "sẵn sàng" if lang == "vi" else "ready"
        return MESSAGES[key]["vi" if lang == "vi" else "en"]

    def to_dict(self) -> dict[str, object]:
        return {"online": self.online, "paper": self.paper, "cover_open": self.cover_open,
                "error": self.error, "checked": self.checked, "ready": self.ready,
                "problem": self.problem_key}


UNCHECKED = PrinterStatus(online=True, paper="unknown", cover_open=False, error=None,
                          checked=False)


def status_from_answers(answers: dict[int, bytes]) -> PrinterStatus:
    """Combine the answers to DLE EOT 1..4 (all four required) into a PrinterStatus."""
    try:
        p1, p2, p3, p4 = (answers[n] for n in (1, 2, 3, 4))
    except KeyError as exc:
        raise StatusError(f"no answer to DLE EOT {exc.args[0]}") from None
    printer, offline, error, paper = parse_printer(p1), parse_offline(p2), parse_error(p3), parse_paper(p4)
    err = None
    for name in ("cutter", "unrecoverable", "auto_recoverable", "mechanical"):
        if error[name]:
            err = name
            break
    if err is None and offline["error"]:
        err = "unknown"  # the printer says "error" but not which one
    if paper["end"] or offline["paper_end_stop"]:
        paper_state: Paper = "out"
    elif paper["near_end"]:
        paper_state = "near_end"
    else:
        paper_state = "ok"
    return PrinterStatus(online=not printer["offline"], paper=paper_state,
                         cover_open=offline["cover_open"], error=err)


def status_byte(n: int, **bits: bool) -> int:
    """The byte a printer sends for DLE EOT n with the named conditions set (for the
    simulator, and readable in tests)."""
    names = {
        1: {"drawer_pin3": 0x04, "offline": 0x08, "waiting_recovery": 0x20, "feed_button": 0x40},
        2: {"cover_open": 0x04, "feed_button": 0x08, "paper_end_stop": 0x20, "error": 0x40},
        3: {"mechanical": 0x04, "cutter": 0x08, "unrecoverable": 0x20, "auto_recoverable": 0x40},
        4: {"near_end": 0x0C, "end": 0x60},
    }[n]
    b = FIXED_VALUE
    for name, on in bits.items():
        if on:
            b |= names[name]
    return b
