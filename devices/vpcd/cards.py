"""Virtual cards: what ``VpcdConnection`` plays into the reader.

A card is anything with an ``atr`` and the four methods of ``VirtualCard``. All of them
are called on the connection's thread only, so a card needs no locking of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from devices.cccd.apdu import CommandApdu
from devices.cccd.errors import CardDataError

# PC/SC part 3 ATR of an ISO 14443-4 card with no historical bytes: what a contactless
# reader reports for a chip ID card, and valid for pcscd's ATR parser (T=1, TCK ok).
CONTACTLESS_ATR = bytes.fromhex("3B80800101")

SW_OK = b"\x90\x00"
SW_END_OF_FILE = b"\x62\x82"
SW_WRONG_LENGTH = b"\x67\x00"
SW_CONDITIONS = b"\x69\x85"
SW_FILE_NOT_FOUND = b"\x6a\x82"
SW_WRONG_P1P2 = b"\x6a\x86"
SW_WRONG_OFFSET = b"\x6b\x00"
SW_INS_NOT_SUPPORTED = b"\x6d\x00"
SW_CLA_NOT_SUPPORTED = b"\x6e\x00"


class CardLifted(Exception):  # noqa: N818 -- an event, not an error of the card
    """Raised by ``VirtualCard.process`` to leave the reader in the middle of a command:
    the connection drops the link without answering, as a card pulled out of the field."""


@runtime_checkable
class VirtualCard(Protocol):
    """A card the vpcd link can play. ``process`` answers one command APDU with data +
    SW1 SW2 (never empty: the driver takes an empty answer for a dead card)."""

    atr: bytes

    def process(self, apdu: bytes) -> bytes: ...

    def power_on(self) -> None: ...

    def power_off(self) -> None: ...

    def reset(self) -> None: ...


class CardAdapter:
    """Makes a card-side object with ``process(apdu)`` (and optionally ``reset()``) a
    ``VirtualCard``: power off, power on and reset all reset it, as a chip losing the
    field does. E.g. ``CardAdapter(devices.cccd.specimen.specimen_card())``."""

    def __init__(self, card: Any, atr: bytes = CONTACTLESS_ATR) -> None:
        self.card = card
        self.atr = atr

    def process(self, apdu: bytes) -> bytes:
        return self.card.process(apdu)

    def reset(self) -> None:
        reset = getattr(self.card, "reset", None)
        if reset is not None:
            reset()

    def power_on(self) -> None:
        self.reset()

    def power_off(self) -> None:
        self.reset()


class EchoCard:
    """Answers every command with the command's own bytes and 9000."""

    def __init__(self, atr: bytes = CONTACTLESS_ATR) -> None:
        self.atr = atr
        self.powered = False

    def process(self, apdu: bytes) -> bytes:
        return bytes(apdu) + SW_OK

    def power_on(self) -> None:
        self.powered = True

    def power_off(self) -> None:
        self.powered = False

    def reset(self) -> None:
        self.powered = True


class FileCard:
    """A plain (no security) file system card: SELECT the application by AID, SELECT an
    elementary file by its 2-byte identifier, READ BINARY at an offset (or by short EF
    identifier, the low 5 bits of the file identifier).

    Two switches make it answer like a T=0 card, so a reader's handling of the
    procedure bytes can be exercised:

    * ``get_response``: a command with response data gets ``61xx`` and the data must be
      fetched with GET RESPONSE (``00 C0 00 00 xx``);
    * ``exact_le``: READ BINARY with an Le larger than what is left answers ``6Cxx``
      (xx = bytes available) instead of the short answer with ``6282``.
    """

    def __init__(
        self,
        files: Mapping[int, bytes],
        *,
        aid: bytes | None = None,
        atr: bytes = CONTACTLESS_ATR,
        get_response: bool = False,
        exact_le: bool = False,
    ) -> None:
        self.files = dict(files)
        self.aid = aid
        self.atr = atr
        self.get_response = get_response
        self.exact_le = exact_le
        self.commands = 0
        self.reset()

    def power_on(self) -> None:
        self.reset()

    def power_off(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.app_selected = self.aid is None
        self.current: int | None = None
        self._pending = b""

    def process(self, apdu: bytes) -> bytes:
        self.commands += 1
        try:
            cmd = CommandApdu.from_bytes(bytes(apdu))
        except CardDataError:
            return SW_WRONG_LENGTH
        if cmd.cla != 0x00:
            return SW_CLA_NOT_SUPPORTED
        if cmd.ins == 0xC0:
            return self._fetch(cmd.ne or 256)
        self._pending = b""
        if cmd.ins == 0xA4:
            data, sw = self._select(cmd)
        elif cmd.ins == 0xB0:
            data, sw = self._read_binary(cmd)
        else:
            return SW_INS_NOT_SUPPORTED
        if data and self.get_response:
            # T=0 style: announce the data, hand it out on GET RESPONSE.
            self._pending = data + sw
            return bytes((0x61, min(len(data), 256) % 256))
        return data + sw

    def _fetch(self, ne: int) -> bytes:
        if not self._pending:
            return SW_CONDITIONS
        data, sw = self._pending[:-2], self._pending[-2:]
        chunk, rest = data[:ne], data[ne:]
        if rest:
            self._pending = rest + sw
            return chunk + bytes((0x61, min(len(rest), 256) % 256))
        self._pending = b""
        return chunk + sw

    def _select(self, cmd: CommandApdu) -> tuple[bytes, bytes]:
        if cmd.p1 == 0x04:
            if self.aid is None or cmd.data != self.aid:
                return b"", SW_FILE_NOT_FOUND
            self.app_selected = True
            self.current = None
            return b"", SW_OK
        if cmd.p1 not in (0x00, 0x02) or len(cmd.data) != 2:
            return b"", SW_WRONG_P1P2
        fid = int.from_bytes(cmd.data, "big")
        if not self.app_selected or fid not in self.files:
            return b"", SW_FILE_NOT_FOUND
        self.current = fid
        return b"", SW_OK

    def _read_binary(self, cmd: CommandApdu) -> tuple[bytes, bytes]:
        if cmd.p1 & 0x80:
            sfi = cmd.p1 & 0x1F
            fid = next((f for f in self.files if f & 0x1F == sfi), None)
            if fid is None or not self.app_selected:
                return b"", SW_FILE_NOT_FOUND
            self.current, offset = fid, cmd.p2
        else:
            offset = (cmd.p1 << 8) | cmd.p2
        if self.current is None:
            return b"", SW_CONDITIONS
        content = self.files[self.current]
        if offset >= len(content):
            return b"", SW_WRONG_OFFSET
        ne = cmd.ne or 256
        available = len(content) - offset
        if ne > available and self.exact_le:
            return b"", bytes((0x6C, min(available, 256) % 256))
        chunk = content[offset : offset + ne]
        return chunk, SW_OK if len(chunk) == ne else SW_END_OF_FILE
