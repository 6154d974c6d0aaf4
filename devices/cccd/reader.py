"""Reading a chip ID card over any ``Transport``: select, BAC, then files under SM.

Typical use, on the card reader's worker thread::

    reader = EmrtdReader(transport)
    card = reader.read_card(BacKey.for_cccd(id_number, "900101", "300101"))
    card.dg13.full_name, card.dg2.faces[0].data, reader.report()

Chunk size. Under BAC secure messaging each READ BINARY answer carries the plain bytes
padded to 8 and encrypted in DO'87' (3 bytes of header + 1 padding indicator), plus
DO'99' (4) and DO'8E' (10). In a short APDU the answer holds at most 256 bytes, so the
largest plain chunk is 231 (0xE7: 232 encrypted + 18 = 250). We ask for 223 (0xDF) by
default: one DES block of headroom for chips whose buffers count the status word or use
the longer length form, the same figure as jmrtd's DEFAULT_MAX_BLOCKSIZE, and it costs
about 4% more round trips than 0xE7 (a 15 KB face: 68 reads instead of 65). When the
transport carries extended-length APDUs we ask for up to 4 KiB of answer per read
(4071 plain bytes: an assumed chip buffer, no standard fixes one); a chip that answers
6700 (wrong length) to a large Le makes us halve the chunk and go on, down to the
short-APDU figure.

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

from . import bac, lds, tlv
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
from .sm import SecureMessaging, max_plain_read

DEFAULT_TIMEOUT = 5.0
SHORT_CHUNK = 0xDF
EXTENDED_CHUNK = max_plain_read(4096)
MIN_CHUNK = SHORT_CHUNK
HEADER_READ = 4
# READ BINARY with an offset in P1-P2 reaches 0x7FFF; no CCCD file comes close, and a
# hostile header claiming more must not keep us reading.
MAX_FILE_SIZE = 0x7FFF + SHORT_CHUNK

FILE_NAMES = {
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
        self._apdus = 0
        self._bytes = 0

    # -- reporting ------------------------------------------------------------------

    @property
    def stats(self) -> tuple[StepStats, ...]:
        return tuple(self._stats)

    def report(self) -> dict[str, object]:
        """Round trips and time per step: a small diagnostics dict (no personal data)."""
        return {
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

    # -- the protocol ---------------------------------------------------------------

    def select_applet(self) -> None:
        """SELECT the eMRTD applet by AID; a card without it is NotAnIdCard."""
        with self._step("select_applet"):
            self._sm = None
            resp = self._plain(CommandApdu(0x00, 0xA4, 0x04, 0x0C, lds.EMRTD_AID))
            if resp.sw == SW_WRONG_P1P2:
                # Some chips refuse P2=0C ("no FCI"); ask for the FCI instead.
                resp = self._plain(CommandApdu(0x00, 0xA4, 0x04, 0x00, lds.EMRTD_AID))
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

    def _select_file(self, fid: int) -> None:
        resp = self._secure(CommandApdu(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big")))
        if resp.sw == SW_FILE_NOT_FOUND:
            raise CardFileNotFound(f"file {fid:04X} not on the card", sw=resp.sw)
        if not resp.ok:
            raise CardIOError(f"SELECT {fid:04X} failed ({resp.sw:04X})", sw=resp.sw)

    def _read_binary(self, offset: int, n: int) -> bytes:
        """READ BINARY ``n`` bytes at ``offset``, adapting to what the card accepts."""
        while True:
            resp = self._secure(CommandApdu(0x00, 0xB0, offset >> 8, offset & 0xFF, ne=n))
            if resp.sw in (SW_OK, SW_END_OF_FILE):
                if len(resp.data) > n:
                    raise CardDataError("READ BINARY: more data than asked for")
                self._bytes += len(resp.data)
                return resp.data
            if resp.sw == SW_WRONG_OFFSET:
                raise CardDataError("READ BINARY: file shorter than its header says", sw=resp.sw)
            retry = self._sm is not None
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
        buf = bytearray(self._read_binary(0, HEADER_READ))
        try:
            _, length, header_len = tlv.read_header(bytes(buf))
        except CardDataError:
            if len(buf) < HEADER_READ:
                raise
            # Header longer than 4 bytes (2-byte tag or long length): fetch a little more.
            buf += self._read_binary(len(buf), 6)
            _, length, header_len = tlv.read_header(bytes(buf))
        total = header_len + length
        if total > MAX_FILE_SIZE:
            raise CardDataError(f"file {fid:04X} claims {total} bytes")
        del buf[total:]
        while len(buf) < total:
            if len(buf) > 0x7FFF:
                raise CardDataError("file beyond the reach of READ BINARY offsets")
            data = self._read_binary(len(buf), min(self.chunk, total - len(buf)))
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
        self, key: bac.BacKey, *, face: bool = True, details: bool = True, sod: bool = True
    ) -> CardContents:
        """The whole session: applet, BAC, EF.COM, DG1, then DG2/DG13/EF.SOD if wanted
        and listed in EF.COM. Raises CardError subclasses (and ValueError, before any
        I/O, when ``key`` cannot be an MRZ: validate typed-in input first)."""
        key.mrz_information()  # refuse bad typed-in input before touching the card
        self._stats = []
        self.select_applet()
        self.authenticate(key)
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
            raw=MappingProxyType(raw), stats=self.stats,
        )
