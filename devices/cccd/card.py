"""The card side of an ICAO eMRTD applet, in memory: groundwork for the virtual chip.

``EmrtdCard`` answers raw command APDUs the way a BAC- and PACE-protected chip does:

* in the master file, before the applet is selected: EF.CardAccess (011C), when the
  files include it, selectable and readable without secure messaging;
* PACE (when EF.CardAccess lists a supported PACEInfo and the card has a ``can``):
  MSE:Set AT and the four GENERAL AUTHENTICATE steps of ``pace.PaceChip`` (wrong CAN:
  6300 at step 4), then secure messaging with the PACE keys (AES or 3DES); selecting
  the applet under that secure messaging keeps the session;
* SELECT by AID (``00 A4 04 0C``) of the eMRTD applet; anything else: 6A82;
* GET CHALLENGE (8 bytes) and EXTERNAL AUTHENTICATE (BAC; wrong keys: 6300), unless
  ``keys`` is None (a PACE-only chip: 6D00);
* after BAC or PACE, only under secure messaging: SELECT EF by file identifier
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

from . import bac, pace
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
from .pace import FID_EF_CARD_ACCESS, PaceChip
from .sm import SM_CLA_BITS, SecureMessaging

SW_CONDITIONS_NOT_SATISFIED = 0x6985

INS_SELECT = 0xA4
INS_GET_CHALLENGE = 0x84
INS_EXTERNAL_AUTHENTICATE = 0x82
INS_READ_BINARY = 0xB0
INS_MSE = pace.INS_MSE
INS_GENERAL_AUTHENTICATE = pace.INS_GENERAL_AUTHENTICATE


def _sw(sw: int) -> bytes:
    return sw.to_bytes(2, "big")


class EmrtdCard:
    """A BAC/PACE chip with a small file system, answering APDUs (see module docstring).

    ``files`` by file identifier; EF.CardAccess (011C) among them lives in the master
    file, the others in the applet. ``can`` (6 digits) is the PACE password; ``keys``
    the BAC keys, or None for a chip without BAC.
    """

    def __init__(
        self,
        files: Mapping[int, bytes],
        keys: bac.BacKeys | None,
        *,
        aid: bytes = EMRTD_AID,
        rng: Callable[[int], bytes] = os.urandom,
        extended_length: bool = False,
        extended_buffer: int = 0x1000,
        can: str | None = None,
    ) -> None:
        self.files = dict(files)
        self.keys = keys
        # Validated like the reader's, so a typo in a test fails here, not as 6300.
        self.can = pace.CanKey(can) if can is not None else None
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
        self.pace = self._pace_chip()

    def _pace_chip(self) -> PaceChip | None:
        """PACE as EF.CardAccess announces it: the file is the single source of truth."""
        access = self.files.get(FID_EF_CARD_ACCESS)
        if access is None:
            return None
        passwords = {}
        if self.can is not None:
            password = self.can.password()
            passwords[password.ref] = password.secret
        return PaceChip(pace.parse_card_access(access), passwords, rng=self.rng)

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
        chained = cmd.cla == pace.CLA_CHAINING and cmd.ins == INS_GENERAL_AUTHENTICATE
        if cmd.cla != 0x00 and not chained:
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
        if cmd.ins == INS_MSE:
            return self._mse(cmd, secure)
        if cmd.ins == INS_GENERAL_AUTHENTICATE:
            return self._general_authenticate(cmd, secure)
        return b"", SW_INS_NOT_SUPPORTED

    def _visible(self, fid: int) -> bool:
        """EF.CardAccess is in the master file, the LDS files in the applet."""
        if fid not in self.files:
            return False
        return (fid == FID_EF_CARD_ACCESS) != self.applet_selected

    def _select(self, cmd: CommandApdu, secure: bool) -> tuple[bytes, int]:
        if cmd.p1 == 0x04:
            if cmd.data != self.aid:
                return b"", SW_FILE_NOT_FOUND
            self.applet_selected = True
            self.challenge = None
            self.current_file = None
            if not secure:
                # Selecting the applet in plain starts over: any session ends. Under
                # secure messaging (the reader's first command after PACE) it goes on.
                self.sm = None
            return b"", SW_OK
        if cmd.p1 not in (0x00, 0x02) or len(cmd.data) != 2:
            return b"", SW_WRONG_P1P2
        fid = int.from_bytes(cmd.data, "big")
        if not self._visible(fid):
            return b"", SW_FILE_NOT_FOUND
        if not secure and fid != FID_EF_CARD_ACCESS:
            return b"", SW_SECURITY_NOT_SATISFIED
        self.current_file = fid
        return b"", SW_OK

    def _mse(self, cmd: CommandApdu, secure: bool) -> tuple[bytes, int]:
        if self.pace is None:
            return b"", SW_INS_NOT_SUPPORTED
        if (cmd.p1, cmd.p2) != (0xC1, 0xA4):
            return b"", SW_WRONG_P1P2
        if secure:
            return b"", SW_CONDITIONS_NOT_SATISFIED
        return b"", self.pace.set_at(cmd.data)

    def _general_authenticate(self, cmd: CommandApdu, secure: bool) -> tuple[bytes, int]:
        if self.pace is None:
            return b"", SW_INS_NOT_SUPPORTED
        if secure or (cmd.p1, cmd.p2) != (0, 0):
            return b"", SW_CONDITIONS_NOT_SATISFIED
        data, sw = self.pace.general_authenticate(
            cmd.data, last=not cmd.cla & pace.CLA_CHAINING
        )
        keys, self.pace.keys = self.pace.keys, None
        if keys is not None:
            # Step 4 answered in plain; everything after it is under the new keys.
            self.sm = keys.secure_messaging()
        return data, sw

    def _get_challenge(self, cmd: CommandApdu) -> tuple[bytes, int]:
        if self.keys is None:
            return b"", SW_INS_NOT_SUPPORTED
        if cmd.ne != 8:
            return b"", SW_WRONG_LENGTH
        if not self.applet_selected:
            return b"", SW_CONDITIONS_NOT_SATISFIED
        self.sm = None
        self.challenge = self.rng(bac.RND_LEN)
        return self.challenge, SW_OK

    def _external_authenticate(self, cmd: CommandApdu, secure: bool) -> tuple[bytes, int]:
        challenge, self.challenge = self.challenge, None  # one try per challenge
        if self.keys is None:
            return b"", SW_INS_NOT_SUPPORTED
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
        if cmd.p1 & 0x80:
            # Short EF identifier: the LDS files (and EF.CardAccess) are 01xx, xx = SFI.
            fid = 0x0100 | (cmd.p1 & 0x1F)
            if not self._visible(fid):
                return b"", SW_FILE_NOT_FOUND
            if not secure and fid != FID_EF_CARD_ACCESS:
                return b"", SW_SECURITY_NOT_SATISFIED
            self.current_file = fid
            offset = cmd.p2
        else:
            offset = (cmd.p1 << 8) | cmd.p2
        if not secure and self.current_file != FID_EF_CARD_ACCESS:
            return b"", SW_SECURITY_NOT_SATISFIED
        if self.current_file is None:
            return b"", SW_CONDITIONS_NOT_SATISFIED
        if cmd.ne is None:
            return b"", SW_WRONG_LENGTH
        budget = self.extended_buffer if extended else 256
        # A protected answer carries its padding and MACs in the same buffer.
        capacity = self.sm.max_plain_read(budget) if secure and self.sm else budget
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
