"""Reading a chip ID card over any ``Transport``: PACE or BAC, then files under SM.

Typical use, on the card reader's worker thread::

    reader = EmrtdReader(transport)
    card = reader.read_card(BacKey.for_cccd(id_number, "900101", "300101"),
                            can=CanKey.for_cccd(id_number))
    card.dg13.full_name, card.dg2.faces[0].data, card.protocol, reader.report()

Chip access (ICAO 9303-11 §4.2). With a CAN, the reader first reads EF.CardAccess
(011C) in plain, before selecting the applet; if it lists a PACEInfo we support, it
runs PACE with the CAN (``pace.py``) and then selects the applet under the new secure
messaging. Otherwise -- no CAN, no EF.CardAccess, no usable PACEInfo, or a card that
refuses MSE:Set AT -- it selects the applet and runs BAC with the MRZ key, as before.
Without a CAN nothing changes: no EF.CardAccess round trip. With only a CAN and a card
without PACE: ``PaceUnavailable`` (an ``AccessDenied``; the MRZ keys are needed). A
wrong CAN is ``AccessDenied`` (the card answers 6300 to our token) and is not retried
with BAC: the MRZ keys come from the same ID number. ``CardContents.protocol`` and
``report()`` say which protocol opened the chip.

Chunk size. Under 3DES (BAC) secure messaging each READ BINARY answer carries the plain bytes
padded to 8 and encrypted in DO'87' (3 bytes of header + 1 padding indicator), plus
DO'99' (4) and DO'8E' (10). In a short APDU the answer holds at most 256 bytes, so the
largest plain chunk is 231 (0xE7: 232 encrypted + 18 = 250). We ask for 223 (0xDF) by
default: one DES block of headroom for chips whose buffers count the status word or use
the longer length form, the same figure as jmrtd's DEFAULT_MAX_BLOCKSIZE, and it costs
about 4% more round trips than 0xE7 (a 15 KB face: 68 reads instead of 65). When the
transport carries extended-length APDUs we ask for up to 4 KiB of answer per read
(4071 plain bytes: an assumed chip buffer, no standard fixes one); a chip that answers
6700 (wrong length) to a large Le makes us halve the chunk and go on, down to the
short-APDU figure. Under AES secure messaging (PACE) the padding is to 16 bytes, so
the short-APDU maximum is exactly 223 and the extended one 4063: the chunk is capped by
the session's algorithm.

Every file is read header first (4 bytes, as in ICAO 9303-11 Appendix D.4: enough for
the one-byte LDS tags and lengths up to 64 KiB), then in chunks up to its length.

The reader counts APDU round trips and wall time per step (``report()``), for
benchmarks and diagnostics. Errors are the typed ``CardError`` subclasses. A protected
error status (e.g. 6A82 for a missing optional file) keeps the session; a MAC failure,
a bare unprotected status or a transport error ends it, and reading must start again
with ``read_card`` (or ``select_applet`` + ``authenticate``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import MappingProxyType

from . import bac, lds, pace, tlv
from .apdu import (
    SW_CLA_NOT_SUPPORTED,
    SW_END_OF_FILE,
    SW_FILE_NOT_FOUND,
    SW_INS_NOT_SUPPORTED,
    SW_NO_INFO,
    SW_OK,
    SW_SECURITY_NOT_SATISFIED,
    SW_SM_INCORRECT,
    SW_SM_MISSING,
    SW_WRONG_DATA,
    SW_WRONG_LENGTH,
    SW_WRONG_OFFSET,
    SW_WRONG_P1P2,
    CommandApdu,
    ResponseApdu,
    Transport,
)
from .dg13 import Dg13, parse_dg13
from .errors import (
    AccessDenied,
    CardDataError,
    CardError,
    CardFileNotFound,
    CardIOError,
    CardTimeout,
    NotAnIdCard,
    SecureMessagingError,
)
from .pace import CanKey, PaceInfo, PacePassword, PaceUnavailable
from .sm import SecureMessaging, max_plain_read

DEFAULT_TIMEOUT = 5.0
SHORT_CHUNK = 0xDF
EXTENDED_CHUNK = max_plain_read(4096)
MIN_CHUNK = SHORT_CHUNK
HEADER_READ = 4
# READ BINARY with an offset in P1-P2 reaches 0x7FFF; no CCCD file comes close, and a
# hostile header claiming more must not keep us reading.
MAX_FILE_SIZE = 0x7FFF + SHORT_CHUNK

PROTOCOL_BAC = "BAC"
PROTOCOL_PACE = "PACE"

FILE_NAMES = {
    pace.FID_EF_CARD_ACCESS: "EF.CardAccess",
    lds.FID_EF_COM: "EF.COM",
    lds.FID_DG1: "DG1",
    lds.FID_DG2: "DG2",
    lds.FID_DG13: "DG13",
    lds.FID_EF_SOD: "EF.SOD",
}


@dataclass(frozen=True, slots=True)
class StepStats:
    """One step of a reading session, for the report."""

    name: str
    apdus: int
    seconds: float
    bytes_read: int = 0


@dataclass(frozen=True, slots=True)
class CardContents:
    """What one session read. ``raw`` keeps each file's exact bytes (by FID) for
    Passive Authentication, which hashes them against EF.SOD."""

    com: lds.EfCom
    dg1: lds.Dg1
    dg2: lds.Dg2 | None
    dg13: Dg13 | None
    sod: lds.SecurityObject | None
    raw: MappingProxyType[int, bytes] = field(repr=False)
    stats: tuple[StepStats, ...] = ()
    protocol: str | None = None  # PROTOCOL_PACE or PROTOCOL_BAC: what opened the chip


class EmrtdReader:
    """Reader (IFD) side of an eMRTD session over ``transport``.

    ``rng`` and ``clock`` are injectable so a session can be replayed exactly in tests.
    ``chunk`` overrides the READ BINARY size (see the module docstring).
    """

    def __init__(
        self,
        transport: Transport,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        chunk: int | None = None,
        rng: Callable[[int], bytes] = os.urandom,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.transport = transport
        self.timeout = timeout
        self.extended = bool(getattr(transport, "extended_length", False))
        self.chunk = chunk or (EXTENDED_CHUNK if self.extended else SHORT_CHUNK)
        if not 1 <= self.chunk <= (EXTENDED_CHUNK if self.extended else max_plain_read(256)):
            raise ValueError("chunk does not fit a protected response")
        self.rng = rng
        self.clock = clock
        self._sm: SecureMessaging | None = None
        self._stats: list[StepStats] = []
        # The protocol of the current session and, for PACE, what EF.CardAccess offered.
        self.protocol: str | None = None
        self.pace_info: PaceInfo | None = None
        self.pace_infos: tuple[PaceInfo, ...] = ()
        self._apdus = 0
        self._bytes = 0

    # -- reporting ------------------------------------------------------------------

    @property
    def stats(self) -> tuple[StepStats, ...]:
        return tuple(self._stats)

    def report(self) -> dict[str, object]:
        """Round trips and time per step: a small diagnostics dict (no personal data)."""
        return {
            "protocol": self.protocol,
            "pace": self.pace_info.describe()
            if self.protocol == PROTOCOL_PACE and self.pace_info else None,
            "extended_length": self.extended,
            "chunk": self.chunk,
            "steps": [
                {"step": s.name, "apdus": s.apdus, "ms": round(s.seconds * 1000, 1),
                 "bytes": s.bytes_read}
                for s in self._stats
            ],
            "total_apdus": sum(s.apdus for s in self._stats),
            "total_ms": round(sum(s.seconds for s in self._stats) * 1000, 1),
        }

    @contextmanager
    def _step(self, name: str) -> Iterator[None]:
        apdus, read, start = self._apdus, self._bytes, self.clock()
        try:
            yield
        finally:
            self._stats.append(
                StepStats(name, self._apdus - apdus, self.clock() - start, self._bytes - read)
            )

    # -- transport ------------------------------------------------------------------

    def _transmit(self, apdu: bytes) -> bytes:
        self._apdus += 1
        try:
            raw = self.transport.transmit(apdu, self.timeout)
        except CardError:
            self._sm = None
            raise
        except TimeoutError as exc:
            self._sm = None
            raise CardTimeout(str(exc)) from exc
        except OSError as exc:
            self._sm = None
            raise CardIOError(str(exc)) from exc
        if not isinstance(raw, bytes | bytearray):
            raise CardIOError("transport returned no bytes")
        return bytes(raw)

    def _plain(self, cmd: CommandApdu) -> ResponseApdu:
        return ResponseApdu.from_bytes(self._transmit(cmd.to_bytes()))

    def _secure(self, cmd: CommandApdu) -> ResponseApdu:
        if self._sm is None:
            raise CardError("no secure messaging session: authenticate first")
        sm = self._sm
        try:
            trace = sm.unwrap(self._transmit(sm.wrap(cmd)))
        except CardError:
            self._sm = None
            raise
        if trace.sw in (SW_SM_MISSING, SW_SM_INCORRECT):
            self._sm = None
            raise SecureMessagingError(f"card ended secure messaging ({trace.sw:04X})", sw=trace.sw)
        if not trace.authenticated:
            # A bare status word: the card has left SM, so must we.
            self._sm = None
        return ResponseApdu(trace.data, trace.sw)

    def _send(self, cmd: CommandApdu, secure: bool) -> ResponseApdu:
        return self._secure(cmd) if secure else self._plain(cmd)

    # -- the protocol ---------------------------------------------------------------

    def select_applet(self, *, secure: bool = False) -> None:
        """SELECT the eMRTD applet by AID; a card without it is NotAnIdCard.

        In plain (before BAC) it ends any session; ``secure`` sends it under the
        secure messaging PACE has just set up, which the session survives.
        """
        with self._step("select_applet"):
            if not secure:
                self._sm = None
                self.protocol = None
            resp = self._send(CommandApdu(0x00, 0xA4, 0x04, 0x0C, lds.EMRTD_AID), secure)
            if resp.sw == SW_WRONG_P1P2:
                # Some chips refuse P2=0C ("no FCI"); ask for the FCI instead.
                resp = self._send(CommandApdu(0x00, 0xA4, 0x04, 0x00, lds.EMRTD_AID), secure)
            if resp.sw in (SW_FILE_NOT_FOUND, SW_WRONG_DATA, SW_WRONG_P1P2,
                           SW_INS_NOT_SUPPORTED, SW_CLA_NOT_SUPPORTED):
                raise NotAnIdCard(f"eMRTD applet not selectable ({resp.sw:04X})", sw=resp.sw)
            if not resp.ok:
                raise CardIOError(f"SELECT applet failed ({resp.sw:04X})", sw=resp.sw)

    def authenticate(self, key: bac.BacKey) -> None:
        """BAC: GET CHALLENGE then EXTERNAL AUTHENTICATE; sets up secure messaging."""
        keys = key.keys()
        with self._step("bac"):
            self._sm = None
            self.protocol = None
            resp = self._plain(CommandApdu(0x00, 0x84, 0x00, 0x00, ne=8))
            if not resp.ok:
                raise CardIOError(f"GET CHALLENGE failed ({resp.sw:04X})", sw=resp.sw)
            rnd_icc = resp.data
            rnd_ifd = self.rng(bac.RND_LEN)
            k_ifd = self.rng(bac.K_LEN)
            data = bac.reader_authenticate_data(keys, rnd_icc, rnd_ifd, k_ifd)
            resp = self._plain(CommandApdu(0x00, 0x82, 0x00, 0x00, data, ne=bac.AUTH_DATA_LEN))
            if resp.sw in (SW_NO_INFO, SW_SECURITY_NOT_SATISFIED) or (resp.sw & 0xFFF0) == 0x63C0:
                raise AccessDenied(f"card refused the BAC keys ({resp.sw:04X})", sw=resp.sw)
            if not resp.ok:
                raise CardIOError(f"EXTERNAL AUTHENTICATE failed ({resp.sw:04X})", sw=resp.sw)
            session = bac.reader_complete(keys, rnd_icc, rnd_ifd, k_ifd, resp.data)
            self._sm = SecureMessaging.from_session(session)
            self.protocol = PROTOCOL_BAC

    def read_card_access(self) -> tuple[PaceInfo, ...]:
        """EF.CardAccess, read in plain from the master file before the applet is
        selected: the PACEInfos the card offers, in its order. Empty for a card without
        the file (a BAC-only chip), one that refuses to read it, or one whose file we
        cannot parse: the caller then falls back to BAC."""
        with self._step("card_access"):
            self._sm = None
            self.protocol = None
            self.pace_infos = ()
            fid = pace.FID_EF_CARD_ACCESS
            try:
                resp = self._plain(CommandApdu(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big")))
                if not resp.ok:
                    return ()
                self.pace_infos = pace.parse_card_access(self._read_whole(fid, secure=False))
            except CardIOError as exc:
                if exc.sw is None:
                    raise  # the transport failed (timeout, removal): not a BAC-only card
                return ()
            except CardDataError:
                return ()
            return self.pace_infos

    def authenticate_pace(
        self, can: CanKey | PacePassword | str, info: PaceInfo | None = None
    ) -> None:
        """PACE with the CAN (or another ``PacePassword``, e.g. the MRZ's; ``info``: the
        PACEInfo to use, by default the best one of EF.CardAccess, read now). Sets up
        secure messaging (AES for the AES protocols); then select the applet with
        ``select_applet(secure=True)``. MSE:Set AT names the parameters (84) when the
        last EF.CardAccess read listed more than one PACEInfo.

        Raises PaceUnavailable when the card offers no PACE we support or refuses
        MSE:Set AT (nothing secret has been exchanged: BAC may follow), AccessDenied
        for a wrong CAN, SecureMessagingError when the card's token does not verify.
        """
        if isinstance(can, str):
            can = CanKey(can)
        password = can.password() if isinstance(can, CanKey) else can
        if info is None:
            info = pace.choose(self.read_card_access())
            if info is None:
                raise PaceUnavailable("the card offers no PACE this reader supports")
        terminal = pace.PaceTerminal(info, password, rng=self.rng)
        with self._step("pace"):
            self._sm = None
            self.protocol = None
            # The parameter id is needed only when the card offers more than one PACEInfo.
            resp = self._plain(terminal.set_at(parameter_id=len(self.pace_infos) > 1))
            if not resp.ok:
                raise PaceUnavailable(f"card refused MSE:Set AT ({resp.sw:04X})", sw=resp.sw)
            data = self._pace_step(terminal.step1())
            data = self._pace_step(terminal.step2(data))
            data = self._pace_step(terminal.step3(data))
            data = self._pace_step(terminal.step4(data))
            keys = terminal.finish(data)
            self._sm = keys.secure_messaging()
            self.protocol = PROTOCOL_PACE
            self.pace_info = info

    def _pace_step(self, cmd: CommandApdu) -> bytes:
        resp = self._plain(cmd)
        sw = resp.sw
        if sw in (SW_NO_INFO, SW_SECURITY_NOT_SATISFIED) or (sw & 0xFFF0) == 0x63C0:
            # The card could not verify our token: the CAN is wrong.
            raise AccessDenied(f"card refused the CAN ({sw:04X})", sw=sw)
        if not resp.ok:
            raise CardIOError(f"GENERAL AUTHENTICATE failed ({sw:04X})", sw=sw)
        return resp.data

    def open_session(self, key: bac.BacKey | None = None, *,
                     can: CanKey | str | None = None) -> str:
        """Chip access: PACE with ``can`` if the card offers it, else the applet and BAC
        with ``key`` (see the module docstring). Returns PROTOCOL_PACE or PROTOCOL_BAC."""
        if can is not None:
            info = pace.choose(self.read_card_access())
            if info is not None:
                try:
                    self.authenticate_pace(can, info)
                except PaceUnavailable:
                    if key is None:
                        raise
                else:
                    self.select_applet(secure=True)
                    return PROTOCOL_PACE
            elif key is None:
                raise PaceUnavailable("the card offers no PACE: the MRZ keys are needed")
        if key is None:
            raise ValueError("a BAC key or a CAN is needed")
        self.select_applet()
        self.authenticate(key)
        return PROTOCOL_BAC

    def _select_file(self, fid: int) -> None:
        resp = self._secure(CommandApdu(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big")))
        if resp.sw == SW_FILE_NOT_FOUND:
            raise CardFileNotFound(f"file {fid:04X} not on the card", sw=resp.sw)
        if not resp.ok:
            raise CardIOError(f"SELECT {fid:04X} failed ({resp.sw:04X})", sw=resp.sw)

    def _max_chunk(self, secure: bool) -> int:
        """The session's limit on a READ BINARY chunk: AES pads to 16, 3DES to 8."""
        if not secure or self._sm is None:
            return self.chunk
        return self._sm.max_plain_read(4096 if self.extended else 256)

    def _read_binary(self, offset: int, n: int, *, secure: bool = True) -> bytes:
        """READ BINARY ``n`` bytes at ``offset``, adapting to what the card accepts."""
        while True:
            cmd = CommandApdu(0x00, 0xB0, offset >> 8, offset & 0xFF, ne=n)
            resp = self._send(cmd, secure)
            if resp.sw in (SW_OK, SW_END_OF_FILE):
                if len(resp.data) > n:
                    raise CardDataError("READ BINARY: more data than asked for")
                self._bytes += len(resp.data)
                return resp.data
            if resp.sw == SW_WRONG_OFFSET:
                raise CardDataError("READ BINARY: file shorter than its header says", sw=resp.sw)
            retry = self._sm is not None or not secure
            if retry and (resp.sw & 0xFF00) == 0x6C00 and 0 < (resp.sw & 0xFF) < n:
                # "Wrong Le, xx available": the card tells us how much there is.
                n = resp.sw & 0xFF
            elif retry and resp.sw == SW_WRONG_LENGTH and n > MIN_CHUNK:
                # Too large an Le for this chip's buffer: smaller chunks from now on.
                self.chunk = max(MIN_CHUNK, min(self.chunk, n) // 2)
                n = self.chunk
            else:
                raise CardIOError(f"READ BINARY failed ({resp.sw:04X})", sw=resp.sw)

    def read_file(self, fid: int) -> bytes:
        """One elementary file, whole, under secure messaging."""
        self._select_file(fid)
        return self._read_whole(fid, secure=True)

    def _read_whole(self, fid: int, *, secure: bool) -> bytes:
        """The selected file, header first, then in chunks up to its length."""
        buf = bytearray(self._read_binary(0, HEADER_READ, secure=secure))
        try:
            _, length, header_len = tlv.read_header(bytes(buf))
        except CardDataError:
            if len(buf) < HEADER_READ:
                raise
            # Header longer than 4 bytes (2-byte tag or long length): fetch a little more.
            buf += self._read_binary(len(buf), 6, secure=secure)
            _, length, header_len = tlv.read_header(bytes(buf))
        total = header_len + length
        if total > MAX_FILE_SIZE:
            raise CardDataError(f"file {fid:04X} claims {total} bytes")
        del buf[total:]
        while len(buf) < total:
            if len(buf) > 0x7FFF:
                raise CardDataError("file beyond the reach of READ BINARY offsets")
            chunk = min(self.chunk, self._max_chunk(secure))
            data = self._read_binary(len(buf), min(chunk, total - len(buf)), secure=secure)
            if not data:
                raise CardDataError("READ BINARY: no progress")
            buf += data
        return bytes(buf)

    def _read_step(self, fid: int) -> bytes:
        with self._step(FILE_NAMES.get(fid, f"EF.{fid:04X}")):
            return self.read_file(fid)

    def _read_optional(self, fid: int) -> bytes | None:
        try:
            return self._read_step(fid)
        except CardFileNotFound:
            # The session survives a 6A82 only if the card protected it; re-check.
            if self._sm is None:
                raise
            return None

    def read_card(
        self,
        key: bac.BacKey | None = None,
        *,
        can: CanKey | str | None = None,
        face: bool = True,
        details: bool = True,
        sod: bool = True,
    ) -> CardContents:
        """The whole session: PACE with ``can`` if given and offered, else applet and BAC
        with ``key``; then EF.COM, DG1, then DG2/DG13/EF.SOD if wanted and listed in
        EF.COM. Raises CardError subclasses (and ValueError, before any I/O, when
        ``key`` cannot be an MRZ or ``can`` is not 6 digits, or both are missing:
        validate typed-in input first)."""
        # Refuse bad typed-in input before touching the card.
        if key is not None:
            key.mrz_information()
        if can is not None and not isinstance(can, CanKey):
            can = CanKey(can)
        if key is None and can is None:
            raise ValueError("a BAC key or a CAN is needed")
        self._stats = []
        self.pace_info = None
        self.pace_infos = ()
        protocol = self.open_session(key, can=can)
        raw: dict[int, bytes] = {}
        raw[lds.FID_EF_COM] = self._read_step(lds.FID_EF_COM)
        com = lds.parse_ef_com(raw[lds.FID_EF_COM])
        raw[lds.FID_DG1] = self._read_step(lds.FID_DG1)
        dg1 = lds.parse_dg1(raw[lds.FID_DG1])
        listed = set(com.data_groups)
        dg2 = dg13 = security = None
        if face and 2 in listed:
            data = self._read_optional(lds.FID_DG2)
            if data is not None:
                raw[lds.FID_DG2] = data
                dg2 = lds.parse_dg2(data)
        if details and 13 in listed:
            data = self._read_optional(lds.FID_DG13)
            if data is not None:
                raw[lds.FID_DG13] = data
                dg13 = parse_dg13(data)
        if sod:
            data = self._read_optional(lds.FID_EF_SOD)
            if data is not None:
                raw[lds.FID_EF_SOD] = data
                security = lds.parse_sod(data)
        return CardContents(
            com=com, dg1=dg1, dg2=dg2, dg13=dg13, sod=security,
            raw=MappingProxyType(raw), stats=self.stats, protocol=protocol,
        )
