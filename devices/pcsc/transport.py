"""``PcscTransport``: one card in one PC/SC reader, as a ``devices.cccd`` Transport.

It moves APDUs and handles what ISO 7816 leaves to the transport: ``61xx`` (fetch the
rest with GET RESPONSE) and ``6Cxx`` (wrong Le: send the command again with Le = xx).
Everything else in the answer, garbage included, goes up unchanged: parsing is the
protocol layer's job. All PC/SC calls run on a ``CardWorker``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from smartcard import scard
from smartcard.pcsc.PCSCPart10 import (
    CM_IOCTL_GET_FEATURE_REQUEST,
    FEATURE_GET_TLV_PROPERTIES,
    parseFeatureRequest,
    parseTlvProperties,
)

from devices.cccd.apdu import CommandApdu
from devices.cccd.errors import CardDataError

from .errors import (
    SERVICE_LOST,
    BadResponse,
    CardIOError,
    CardRemoved,
    CardReset,
    NoService,
    ReaderError,
    ReaderUnplugged,
    from_code,
    u32,
)
from .worker import CardWorker

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_TIMEOUT = 5.0
# After a failed or empty exchange, how long to watch for the card being gone before
# calling it an I/O error: pcscd polls presence on some drivers (vpcd) every 400 ms.
REMOVAL_GRACE = 0.8
# A card answering 61xx for ever must not keep us fetching.
MAX_GET_RESPONSE = 256

_CARD_GONE = frozenset(u32(c) for c in (
    scard.SCARD_W_REMOVED_CARD,
    scard.SCARD_E_NO_SMARTCARD,
))
_READER_GONE = frozenset(u32(c) for c in (
    scard.SCARD_E_READER_UNAVAILABLE,
    scard.SCARD_E_UNKNOWN_READER,
))


def get_response_cla(cla: int) -> int:
    """The class byte for GET RESPONSE after a command with ``cla``: the same logical
    channel, without secure messaging or chaining bits (ISO 7816-4 §5.4.1)."""
    if cla & 0x80:
        return cla  # proprietary class: leave it to the card's own rules
    if cla & 0x40:
        return cla & 0x4F  # further interindustry: channel in the low 4 bits
    return cla & 0x03


def with_le(apdu: bytes, le: int) -> bytes | None:
    """``apdu`` sent again with Le = ``le`` (0 meaning 256), or None if it cannot be
    parsed or re-encoded as a short APDU."""
    try:
        cmd = CommandApdu.from_bytes(apdu)
        again = CommandApdu(cmd.cla, cmd.ins, cmd.p1, cmd.p2, cmd.data, le or 256)
        return again.to_bytes(extended=False)
    except (CardDataError, ValueError):
        return None


class PcscTransport:
    """The card in ``reader``, reached through PC/SC.

    ``transmit(apdu, timeout)`` returns the card's answer (data + SW1 SW2) or raises a
    ``devices.pcsc`` error (``CardRemoved``, ``ReaderUnplugged``, ``CardTimeout``,
    ``NoService``, ``BadResponse``...), never a pyscard exception. The card is
    connected on first use (or by ``connect()``); once it is removed the transport stays
    dead: a new card needs a new transport.

    ``extended_length``: None asks the reader (PC/SC part 10 ``dwMaxAPDUDataSize``; a
    reader that cannot tell counts as short-only), True/False override it, as config.

    Without ``worker`` it starts its own card worker thread; ``close()`` stops it.
    """

    def __init__(
        self,
        reader: str,
        timeout: float = DEFAULT_TIMEOUT,
        *,
        extended_length: bool | None = None,
        worker: CardWorker | None = None,
        removal_grace: float = REMOVAL_GRACE,
        on_error: Callable[[ReaderError], None] | None = None,
    ) -> None:
        self.reader = reader
        self.on_error = on_error
        self.timeout = timeout
        self.removal_grace = removal_grace
        self._own_worker = worker is None
        self._worker = worker if worker is not None else CardWorker(f"pcsc-card {reader}")
        if self._own_worker:
            self._worker.start()
        self._extended: bool | None = extended_length
        # Worker-thread state.
        self._handle: int | None = None
        self._protocol = 0
        self._generation = -1
        self._needs_reconnect = False
        self._dead: ReaderError | None = None
        self._closed = False
        self.atr = b""
        self.apdus = 0

    def __repr__(self) -> str:
        return f"<PcscTransport {self.reader!r}>"

    def __enter__(self) -> PcscTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public, any thread ---------------------------------------------------------

    @property
    def extended_length(self) -> bool:
        """Whether reader and driver carry extended-length APDUs (connects if needed)."""
        if self._extended is None:
            self.connect()
        return bool(self._extended)

    @property
    def connected(self) -> bool:
        return self._handle is not None and self._dead is None

    def connect(self, timeout: float | None = None) -> bytes:
        """Connect to the card now; returns its ATR."""
        return self._call(self._ensure_connected, timeout, "connect")

    def transmit(self, apdu: bytes, timeout: float | None = None) -> bytes:
        """Send one command APDU; the card's answer, data + SW1 SW2."""
        apdu = bytes(apdu)
        return self._call(lambda: self._exchange(apdu), timeout, "transmit")

    def close(self, timeout: float | None = None) -> None:
        """Let go of the card (left as it is, powered) and stop an own worker."""
        if self._closed:
            return
        self._closed = True
        try:
            self._worker.call(self._disconnect, self._timeout(timeout), "disconnect")
        except ReaderError as exc:
            log.debug("closing %r: %s", self, exc)
        if self._own_worker:
            self._worker.stop(self._timeout(timeout))

    def _timeout(self, timeout: float | None) -> float:
        return self.timeout if timeout is None else timeout

    def _call(self, fn: Callable[[], T], timeout: float | None, what: str) -> T:
        try:
            return self._worker.call(fn, self._timeout(timeout), what)
        except ReaderError as exc:
            if self.on_error is not None:
                self.on_error(exc)
            raise

    # -- worker thread ----------------------------------------------------------------

    def _ensure_connected(self) -> bytes:
        if self._closed:
            raise CardIOError("transport closed")
        if self._dead is not None:
            raise type(self._dead)(f"{self._dead} (earlier)", code=self._dead.code)
        if self._handle is not None and self._generation != self._worker.generation:
            self._fail(NoService("pcscd restarted: the connection to the card is gone"))
        if self._handle is None:
            self._connect()
        elif self._needs_reconnect:
            self._reconnect()
        return self.atr

    def _connect(self) -> None:
        for attempt in (1, 2):
            ctx = self._worker.context()
            code, handle, protocol = scard.SCardConnect(
                ctx, self.reader, scard.SCARD_SHARE_SHARED,
                scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
            )
            if code == scard.SCARD_S_SUCCESS:
                break
            if u32(code) in SERVICE_LOST:
                # A context from before a pcscd restart: get a new one and try again.
                self._worker.drop_context()
                if attempt == 1:
                    continue
            raise from_code(code, f"connect to {self.reader!r}")
        self._handle, self._protocol = handle, protocol
        self._generation = self._worker.generation
        code, _name, _state, _proto, atr = scard.SCardStatus(handle)
        self.atr = bytes(atr) if code == scard.SCARD_S_SUCCESS else b""
        if self._extended is None:
            self._extended = self._reader_says_extended()

    def _reconnect(self) -> None:
        code, protocol = scard.SCardReconnect(
            self._handle, scard.SCARD_SHARE_SHARED,
            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1, scard.SCARD_LEAVE_CARD,
        )
        if code != scard.SCARD_S_SUCCESS:
            self._fail(self._classify(code, "reconnect"))
        self._protocol, self._needs_reconnect = protocol, False

    def _reader_says_extended(self) -> bool:
        """PC/SC v2 part 10: FEATURE_GET_TLV_PROPERTIES, dwMaxAPDUDataSize > 0 means
        extended APDUs. A reader without the feature (vpcd included) says no."""
        try:
            code, raw = scard.SCardControl(self._handle, CM_IOCTL_GET_FEATURE_REQUEST, [])
            if code != scard.SCARD_S_SUCCESS:
                return False
            features = dict(parseFeatureRequest(list(raw)))
            ioctl = features.get("FEATURE_GET_TLV_PROPERTIES") or features.get(
                FEATURE_GET_TLV_PROPERTIES
            )
            if ioctl is None:
                return False
            code, raw = scard.SCardControl(self._handle, ioctl, [])
            if code != scard.SCARD_S_SUCCESS:
                return False
            size = parseTlvProperties(list(raw)).get("PCSCv2_PART10_PROPERTY_dwMaxAPDUDataSize")
            return isinstance(size, int) and size > 0
        except Exception as exc:  # a reader's odd answer must not fail the connection
            log.debug("reader %r: no TLV properties (%s)", self.reader, exc)
            return False

    def _disconnect(self) -> None:
        handle, self._handle = self._handle, None
        if handle is not None and self._generation == self._worker.generation:
            scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)

    def _fail(self, error: ReaderError) -> None:
        """The connection is over for good: remember why and let the handle go."""
        if isinstance(error, (CardRemoved, ReaderUnplugged, NoService)):
            self._dead = error
            try:
                self._disconnect()
            except Exception:  # the handle is probably dead already
                self._handle = None
        raise error

    def _classify(self, code: int, doing: str) -> ReaderError:
        code = u32(code)
        if code in SERVICE_LOST:
            self._worker.drop_context()
            return NoService(f"{doing}: the PC/SC service went away", code=code)
        if code in _CARD_GONE:
            return CardRemoved(f"{doing}: card removed", code=code)
        if code in _READER_GONE:
            return ReaderUnplugged(f"{doing}: reader {self.reader!r} gone", code=code)
        if code == u32(scard.SCARD_W_RESET_CARD):
            self._needs_reconnect = True
            return CardReset(f"{doing}: the card was reset", code=code)
        return from_code(code, doing)

    def _gone_within_grace(self) -> ReaderError | None:
        """After an exchange went wrong: watch the card's status for a moment; the
        error for a card or reader that is gone, or None if it is still there."""
        deadline = time.monotonic() + self.removal_grace
        while True:
            code = u32(scard.SCardStatus(self._handle)[0])
            if code != u32(scard.SCARD_S_SUCCESS) and code != u32(scard.SCARD_W_RESET_CARD):
                error = self._classify(code, "transmit")
                if isinstance(error, (CardRemoved, ReaderUnplugged, NoService)):
                    return error
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.05)

    def _raw(self, apdu: bytes) -> bytes:
        self.apdus += 1
        code, response = scard.SCardTransmit(self._handle, self._protocol, list(apdu))
        if code != scard.SCARD_S_SUCCESS:
            error = self._classify(code, "transmit")
            if type(error) is CardIOError:
                # A plain I/O failure is often the card leaving mid-exchange.
                error = self._gone_within_grace() or error
            self._fail(error)
        response = bytes(response)
        if len(response) < 2:
            # vpcd (and some drivers) answer "nothing" when the card leaves mid-answer.
            gone = self._gone_within_grace()
            self._fail(gone or BadResponse(
                f"transmit: {len(response)}-byte answer, no status word"
            ))
        return response

    def _exchange(self, apdu: bytes) -> bytes:
        self._ensure_connected()
        response = self._raw(apdu)
        sw1, sw2 = response[-2], response[-1]
        if sw1 == 0x6C:
            again = with_le(apdu, sw2)
            if again is not None:
                response = self._raw(again)
                sw1, sw2 = response[-2], response[-1]
        if sw1 != 0x61:
            return response
        data = bytearray(response[:-2])
        get_response = bytes((get_response_cla(apdu[0]), 0xC0, 0x00, 0x00))
        for _ in range(MAX_GET_RESPONSE):
            response = self._raw(get_response + bytes((sw2,)))
            data += response[:-2]
            sw1, sw2 = response[-2], response[-1]
            if sw1 != 0x61:
                return bytes(data) + response[-2:]
        raise CardIOError("transmit: the card keeps answering 61xx")
