"""The card side of an ICAO eMRTD applet, in memory: groundwork for the virtual chip.

``EmrtdCard`` answers raw command APDUs the way a BAC-protected chip does:

* SELECT by AID (``00 A4 04 0C``) of the eMRTD applet; anything else: 6A82;
* GET CHALLENGE (8 bytes) and EXTERNAL AUTHENTICATE (BAC; wrong keys: 6300);
* after BAC, only under secure messaging: SELECT EF by file identifier
  (``A4 02 0C``) and READ BINARY (offset in P1-P2, or a short EF identifier in P1);
* a bad MAC or a plain command in the middle of SM ends the session (6988 / 6982),
  as real chips do, so a reader must start again from SELECT.

It is not a test mock: it fails the way a chip fails (wrong length, offset past the
end, too large an Le for its buffer) so the reader's handling can be exercised. Files
are given whole (built with ``lds``/``dg13``); randomness comes from ``rng`` so an
exchange can be replayed exactly.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from . import bac
from .apdu import (
    SW_CLA_NOT_SUPPORTED,
    SW_END_OF_FILE,
    SW_FILE_NOT_FOUND,
    SW_INS_NOT_SUPPORTED,
    SW_NO_INFO,
    SW_OK,
    SW_SECURITY_NOT_SATISFIED,
    SW_SM_INCORRECT,
    SW_WRONG_LENGTH,
    SW_WRONG_OFFSET,
    SW_WRONG_P1P2,
    CommandApdu,
)
from .errors import AccessDenied, CardDataError, CardRemoved
from .lds import EMRTD_AID
from .sm import SM_CLA_BITS, SecureMessaging, max_plain_read

SW_CONDITIONS_NOT_SATISFIED = 0x6985

INS_SELECT = 0xA4
INS_GET_CHALLENGE = 0x84
INS_EXTERNAL_AUTHENTICATE = 0x82
INS_READ_BINARY = 0xB0


def _sw(sw: int) -> bytes:
    return sw.to_bytes(2, "big")


class EmrtdCard:
    """A BAC chip with a small file system, answering APDUs (see module docstring)."""

    def __init__(
        self,
        files: Mapping[int, bytes],
        keys: bac.BacKeys,
        *,
        aid: bytes = EMRTD_AID,
        rng: Callable[[int], bytes] = os.urandom,
        extended_length: bool = False,
        extended_buffer: int = 0x1000,
    ) -> None:
        self.files = dict(files)
        self.keys = keys
        self.aid = aid
        self.rng = rng
        self.extended_length = extended_length
        # Bytes of response data the chip can send in one extended-length answer.
        self.extended_buffer = extended_buffer
        self.reset()

    def reset(self) -> None:
        """Power cycle: nothing selected, no challenge, no session."""
        self.applet_selected = False
        self.challenge: bytes | None = None
        self.sm: SecureMessaging | None = None
        self.current_file: int | None = None

    @property
    def authenticated(self) -> bool:
        return self.sm is not None

    def process(self, apdu: bytes) -> bytes:
        """Answer one command APDU: response data followed by SW1 SW2."""
        try:
            cmd = CommandApdu.from_bytes(apdu)
        except CardDataError:
            return _sw(SW_WRONG_LENGTH)
        extended = len(apdu) > 5 and apdu[4] == 0
        if extended and not self.extended_length:
            return _sw(SW_WRONG_LENGTH)
        if cmd.cla & SM_CLA_BITS == SM_CLA_BITS:
            return self._protected(apdu, extended)
        if cmd.cla != 0x00:
            return _sw(SW_CLA_NOT_SUPPORTED)
        if self.sm is not None and cmd.ins not in (INS_SELECT, INS_GET_CHALLENGE):
            # A plain command inside a session aborts it.
            self.sm = None
        data, sw = self._dispatch(cmd, secure=False, extended=extended)
        return data + _sw(sw)

    def _protected(self, apdu: bytes, extended: bool) -> bytes:
        if self.sm is None:
            return _sw(SW_SM_INCORRECT)
        try:
            cmd = self.sm.unwrap_command(apdu)
        except CardDataError:
            # Wrong MAC or malformed objects: the session is over (ICAO 9303-11 §9.8.6).
            self.sm = None
            return _sw(SW_SM_INCORRECT)
        data, sw = self._dispatch(cmd, secure=True, extended=extended)
        if self.sm is None:
            return _sw(sw)
        return self.sm.wrap_response(data, sw)

    def _dispatch(self, cmd: CommandApdu, *, secure: bool, extended: bool) -> tuple[bytes, int]:
        if cmd.ins == INS_SELECT:
            return self._select(cmd, secure)
        if cmd.ins == INS_GET_CHALLENGE:
            return self._get_challenge(cmd)
        if cmd.ins == INS_EXTERNAL_AUTHENTICATE:
            return self._external_authenticate(cmd, secure)
        if cmd.ins == INS_READ_BINARY:
            return self._read_binary(cmd, secure, extended)
        return b"", SW_INS_NOT_SUPPORTED

    def _select(self, cmd: CommandApdu, secure: bool) -> tuple[bytes, int]:
        if cmd.p1 == 0x04:
            if cmd.data != self.aid:
                return b"", SW_FILE_NOT_FOUND
            # Selecting the applet starts over: any session ends.
            self.applet_selected = True
            self.challenge = None
            self.sm = None
            self.current_file = None
            return b"", SW_OK
        if cmd.p1 not in (0x00, 0x02) or len(cmd.data) != 2:
            return b"", SW_WRONG_P1P2
        if not self.applet_selected:
            return b"", SW_FILE_NOT_FOUND
        if not secure:
            return b"", SW_SECURITY_NOT_SATISFIED
        fid = int.from_bytes(cmd.data, "big")
        if fid not in self.files:
            return b"", SW_FILE_NOT_FOUND
        self.current_file = fid
        return b"", SW_OK

    def _get_challenge(self, cmd: CommandApdu) -> tuple[bytes, int]:
        if cmd.ne != 8:
            return b"", SW_WRONG_LENGTH
        if not self.applet_selected:
            return b"", SW_CONDITIONS_NOT_SATISFIED
        self.sm = None
        self.challenge = self.rng(bac.RND_LEN)
        return self.challenge, SW_OK

    def _external_authenticate(self, cmd: CommandApdu, secure: bool) -> tuple[bytes, int]:
        challenge, self.challenge = self.challenge, None  # one try per challenge
        if secure or challenge is None:
            return b"", SW_CONDITIONS_NOT_SATISFIED
        k_icc = self.rng(bac.K_LEN)
        try:
            answer, session = bac.card_answer(self.keys, challenge, cmd.data, k_icc)
        except AccessDenied:
            return b"", SW_NO_INFO
        self.sm = SecureMessaging.from_session(session)
        return answer, SW_OK

    def _read_binary(self, cmd: CommandApdu, secure: bool, extended: bool) -> tuple[bytes, int]:
        if not secure:
            return b"", SW_SECURITY_NOT_SATISFIED
        if cmd.p1 & 0x80:
            # Short EF identifier: the LDS files are 01xx with xx = SFI.
            fid = 0x0100 | (cmd.p1 & 0x1F)
            if fid not in self.files:
                return b"", SW_FILE_NOT_FOUND
            self.current_file = fid
            offset = cmd.p2
        else:
            offset = (cmd.p1 << 8) | cmd.p2
        if self.current_file is None:
            return b"", SW_CONDITIONS_NOT_SATISFIED
        if cmd.ne is None:
            return b"", SW_WRONG_LENGTH
        capacity = max_plain_read(self.extended_buffer if extended else 256)
        if cmd.ne > capacity:
            return b"", SW_WRONG_LENGTH
        content = self.files[self.current_file]
        if offset >= len(content):
            return b"", SW_WRONG_OFFSET
        chunk = content[offset : offset + cmd.ne]
        return chunk, SW_OK if len(chunk) == cmd.ne else SW_END_OF_FILE


class CardTransport:
    """A ``Transport`` onto an in-memory card: the tests' and the simulator's link.

    ``remove()`` takes the card out of the field: the next transmit raises CardRemoved.
    """

    def __init__(self, card: EmrtdCard) -> None:
        self.card = card
        self.present = True
        self.exchanges: list[tuple[bytes, bytes]] = []
        self.record = False

    @property
    def extended_length(self) -> bool:
        return self.card.extended_length

    def remove(self) -> None:
        self.present = False
        self.card.reset()

    def insert(self) -> None:
        self.present = True

    def transmit(self, apdu: bytes, timeout: float) -> bytes:
        if not self.present:
            raise CardRemoved("no card in the field")
        response = self.card.process(bytes(apdu))
        if self.record:
            self.exchanges.append((bytes(apdu), response))
        return response
