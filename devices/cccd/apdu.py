"""ISO/IEC 7816-4 APDUs and the transport port the reader talks through.

The transport is the one seam to hardware: a PC/SC (pyscard) driver, an NFC stack, or an
in-memory card in tests all implement ``Transport``. It moves bytes and nothing else --
no retries, no status word handling, no secure messaging; the reader does those.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from .errors import CardDataError

# Status words the reader acts on.
SW_OK = 0x9000
SW_END_OF_FILE = 0x6282  # fewer bytes than asked: end of file reached
SW_NO_INFO = 0x6300  # ICAO: mutual authentication failed
SW_WRONG_LENGTH = 0x6700
SW_SECURITY_NOT_SATISFIED = 0x6982
SW_SM_MISSING = 0x6987
SW_SM_INCORRECT = 0x6988
SW_WRONG_DATA = 0x6A80
SW_FILE_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6A86
SW_WRONG_OFFSET = 0x6B00
SW_INS_NOT_SUPPORTED = 0x6D00
SW_CLA_NOT_SUPPORTED = 0x6E00
SW_UNKNOWN = 0x6F00

SHORT_MAX_NE = 256
EXTENDED_MAX_NE = 65536


@runtime_checkable
class Transport(Protocol):
    """One card in one reader, able to exchange APDUs.

    ``transmit`` sends one command APDU (header, Lc, data, Le as bytes) and returns the
    card's response: data followed by SW1 SW2. It must give up after ``timeout`` seconds
    and raise, from ``devices.cccd.errors``:

    * ``CardRemoved`` when the card left the field or the reader went away,
    * ``CardTimeout`` when the card did not answer in time,
    * ``CardIOError`` for any other transport failure.

    ``extended_length`` tells whether the whole chain (reader, driver, card) carries
    extended-length APDUs (Lc/Le up to 65535); the reader then reads in larger chunks.
    A driver that does not know says False.

    Implementations run on the device's worker thread; the reader never calls one from
    two threads at once.
    """

    @property
    def extended_length(self) -> bool: ...

    def transmit(self, apdu: bytes, timeout: float) -> bytes: ...


@dataclass(frozen=True, slots=True)
class CommandApdu:
    """A command APDU. ``ne`` is the number of response bytes expected (None: no Le)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    ne: int | None = None

    def __post_init__(self) -> None:
        for name in ("cla", "ins", "p1", "p2"):
            if not 0 <= getattr(self, name) <= 0xFF:
                raise ValueError(f"{name} must be one byte")
        if len(self.data) > 65535:
            raise ValueError("command data too long")
        if self.ne is not None and not 1 <= self.ne <= EXTENDED_MAX_NE:
            raise ValueError("ne must be 1..65536")

    @property
    def header(self) -> bytes:
        return bytes((self.cla, self.ins, self.p1, self.p2))

    @property
    def needs_extended(self) -> bool:
        return len(self.data) > 255 or (self.ne is not None and self.ne > SHORT_MAX_NE)

    def to_bytes(self, *, extended: bool | None = None) -> bytes:
        """Encode (ISO 7816-4 cases 1-4, short or extended)."""
        ext = self.needs_extended if extended is None else extended
        if self.needs_extended and not ext:
            raise ValueError("this APDU needs extended length")
        out = bytearray(self.header)
        if not ext:
            if self.data:
                out.append(len(self.data))
                out += self.data
            if self.ne is not None:
                out.append(self.ne % 256)
            return bytes(out)
        if self.data:
            out += b"\x00" + len(self.data).to_bytes(2, "big") + self.data
            if self.ne is not None:
                out += (self.ne % 65536).to_bytes(2, "big")
        elif self.ne is not None:
            out += b"\x00" + (self.ne % 65536).to_bytes(2, "big")
        return bytes(out)

    @classmethod
    def from_bytes(cls, raw: bytes) -> CommandApdu:
        """Decode a command APDU (the card side); malformed -> CardDataError."""
        n = len(raw)
        if n < 4:
            raise CardDataError("APDU: shorter than a header")
        cla, ins, p1, p2 = raw[0], raw[1], raw[2], raw[3]
        body = raw[4:]
        b = len(body)
        if b == 0:
            return cls(cla, ins, p1, p2)
        if b == 1:
            return cls(cla, ins, p1, p2, ne=body[0] or 256)
        if body[0] != 0:
            lc = body[0]
            if b == 1 + lc:
                return cls(cla, ins, p1, p2, bytes(body[1:]))
            if b == 2 + lc:
                return cls(cla, ins, p1, p2, bytes(body[1 : 1 + lc]), body[-1] or 256)
            raise CardDataError("APDU: Lc does not match the data")
        # Extended length: a 0x00 then two length bytes.
        if b == 3:
            return cls(cla, ins, p1, p2, ne=int.from_bytes(body[1:3], "big") or 65536)
        if b < 3:
            raise CardDataError("APDU: truncated extended length")
        lc = int.from_bytes(body[1:3], "big")
        if lc == 0:
            raise CardDataError("APDU: extended Lc of zero")
        if b == 3 + lc:
            return cls(cla, ins, p1, p2, bytes(body[3:]))
        if b == 5 + lc:
            le = int.from_bytes(body[-2:], "big") or 65536
            return cls(cla, ins, p1, p2, bytes(body[3 : 3 + lc]), le)
        raise CardDataError("APDU: extended Lc does not match the data")


@dataclass(frozen=True, slots=True)
class ResponseApdu:
    data: bytes
    sw: int

    @property
    def ok(self) -> bool:
        return self.sw == SW_OK

    def to_bytes(self) -> bytes:
        return bytes(self.data) + self.sw.to_bytes(2, "big")

    @classmethod
    def from_bytes(cls, raw: bytes) -> ResponseApdu:
        if len(raw) < 2:
            raise CardDataError("response: shorter than a status word")
        return cls(bytes(raw[:-2]), int.from_bytes(raw[-2:], "big"))
