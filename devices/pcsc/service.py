"""``ReaderService``: follows readers and cards, and runs all card I/O on one worker.

Two threads:

* the watcher polls ``SCardGetStatusChange`` (with a timeout, and ``SCardCancel`` on
  stop) on its own context: readers plugged and unplugged, cards inserted and removed,
  and pcscd going away (its context is then re-established with capped exponential
  backoff; the readers come back by themselves). pyscard's monitor singletons are not
  used, so nothing outlives ``stop()``.
* the card worker (``CardWorker``) owns every call that talks to a card; callers wait
  for it with a timeout.

Callbacks run on the watcher thread: hand them over to your own thread (a queued Qt
signal, a queue) and return quickly.
"""

from __future__ import annotations

import datetime as _dt
import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from smartcard import scard

from .errors import SERVICE_LOST, NoCard, NoReader, NoService, ReaderError, u32
from .readers import PNP_NOTIFICATION, establish_context, readers_in, release_context
from .transport import DEFAULT_TIMEOUT, REMOVAL_GRACE, PcscTransport
from .worker import CardWorker

log = logging.getLogger(__name__)

T = TypeVar("T")

_CHANGED = scard.SCARD_STATE_CHANGED
_READER_GONE_STATES = scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE


@dataclass(frozen=True, slots=True)
class CardState:
    """A card the watcher saw in a reader. ``mute``: present but gave no ATR."""

    reader: str
    atr: bytes
    mute: bool
    counter: int


class ReaderService:
    """The PC/SC card reader service (see the module docstring).

    ``timeout`` is the default for every card call; ``poll_interval`` bounds how long
    the watcher blocks in one status call; ``retry_min``/``retry_max`` bound the
    backoff while pcscd is unreachable. ``extended_length`` is handed to transports
    (None: ask the reader).
    """

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        poll_interval: float = 0.5,
        retry_min: float = 0.2,
        retry_max: float = 5.0,
        extended_length: bool | None = None,
        removal_grace: float = REMOVAL_GRACE,
        on_readers: Callable[[list[str]], None] | None = None,
        on_card_inserted: Callable[[str, bytes], None] | None = None,
        on_card_removed: Callable[[str], None] | None = None,
        on_service: Callable[[bool], None] | None = None,
    ) -> None:
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.retry_min = retry_min
        self.retry_max = retry_max
        self.extended_length = extended_length
        self.removal_grace = removal_grace
        self.on_readers = on_readers
        self.on_card_inserted = on_card_inserted
        self.on_card_removed = on_card_removed
        self.on_service = on_service
        self._worker = CardWorker("pcsc-card")
        self._watcher: threading.Thread | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._ctx: int | None = None  # the watcher's context, shared only for SCardCancel
        self._readers: list[str] | None = None
        self._cards: dict[str, CardState] = {}
        self._service_up: bool | None = None
        self._context_restarts = 0
        self._last_error: tuple[ReaderError, _dt.datetime] | None = None

    def __enter__(self) -> ReaderService:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- life cycle -------------------------------------------------------------------

    def start(self) -> None:
        if self._watcher is not None:
            return
        self._stop.clear()
        with self._lock:
            # Start from nothing known, so the first look reports everything again.
            self._readers, self._cards, self._service_up = None, {}, None
        self._worker.start()
        self._watcher = threading.Thread(target=self._watch, name="pcsc-watcher", daemon=True)
        self._watcher.start()

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop both threads and join them; False if one is still stuck after
        ``timeout`` (only the card worker can be, inside a driver that never returns)."""
        self._stop.set()
        with self._lock:
            ctx = self._ctx
        if ctx is not None:
            try:
                scard.SCardCancel(ctx)  # wakes the watcher out of its status call
            except Exception:  # the context may be stale; the poll timeout bounds the wait
                pass
        joined = True
        if self._watcher is not None:
            self._watcher.join(timeout)
            joined = not self._watcher.is_alive()
            if joined:
                self._watcher = None
        return self._worker.stop(timeout) and joined

    @property
    def running(self) -> bool:
        return self._watcher is not None and self._watcher.is_alive()

    # -- state ------------------------------------------------------------------------

    @property
    def readers(self) -> list[str]:
        with self._lock:
            return list(self._readers or [])

    @property
    def cards(self) -> dict[str, bytes]:
        """Reader name -> ATR of the cards present now (as last seen by the watcher)."""
        with self._lock:
            return {name: card.atr for name, card in self._cards.items()}

    @property
    def last_error(self) -> ReaderError | None:
        with self._lock:
            return self._last_error[0] if self._last_error else None

    def diagnostics(self) -> dict[str, object]:
        """A technician's snapshot: service, readers, ATRs, last error. No personal data
        (an ATR identifies a card model, not a person)."""
        with self._lock:
            error = None
            if self._last_error is not None:
                exc, at = self._last_error
                error = {"key": exc.key, "message": str(exc), "at": at.isoformat()}
            service = {None: "unknown", True: "available", False: "unavailable"}[
                self._service_up
            ]
            return {
                "running": self.running,
                "service": service,
                "readers": list(self._readers or []),
                "cards": {
                    name: {"atr": card.atr.hex(" ").upper(), "mute": card.mute}
                    for name, card in self._cards.items()
                },
                "last_error": error,
                "context_restarts": self._context_restarts,
                "worker": self._worker.stats(),
            }

    # -- card I/O ---------------------------------------------------------------------

    def open(self, reader: str | None = None, *, timeout: float | None = None) -> PcscTransport:
        """Connect to the card in ``reader`` (None: the first reader holding a card) and
        return its transport, bound to this service's worker. Raises NoReader, NoCard,
        ReaderUnplugged, CardTimeout..."""
        if reader is None:
            with self._lock:
                readers = list(self._readers or [])
                holding = [name for name in readers if name in self._cards]
            if not holding:
                error: ReaderError = NoCard("no card in any reader") if readers else NoReader(
                    "no card reader connected"
                )
                self._record(error)
                raise error
            reader = holding[0]
        transport = PcscTransport(
            reader,
            self.timeout,
            extended_length=self.extended_length,
            worker=self._worker,
            removal_grace=self.removal_grace,
            on_error=self._record,
        )
        transport.connect(timeout)
        return transport

    def call(self, fn: Callable[[], T], *, timeout: float | None = None) -> T:
        """Run ``fn`` on the card worker (e.g. a whole ``EmrtdReader.read_card``), waiting
        at most ``timeout``; transports used inside run directly on the worker."""
        try:
            return self._worker.call(fn, self.timeout if timeout is None else timeout, "card job")
        except ReaderError as exc:
            self._record(exc)
            raise

    # -- watcher thread -----------------------------------------------------------------

    def _watch(self) -> None:
        ctx: int | None = None
        delay = self.retry_min
        names: list[str] = []
        states: dict[str, int] = {}
        pnp_state = scard.SCARD_STATE_UNAWARE
        relist = True
        poll_ms = max(1, int(self.poll_interval * 1000))
        try:
            while not self._stop.is_set():
                if ctx is None:
                    try:
                        ctx = establish_context()
                    except ReaderError as exc:
                        self._service_lost(exc)
                        self._stop.wait(delay * random.uniform(0.5, 1.0))
                        delay = min(delay * 2, self.retry_max)
                        continue
                    with self._lock:
                        self._ctx = ctx
                    delay, relist, states = self.retry_min, True, {}
                    pnp_state = scard.SCARD_STATE_UNAWARE
                    self._service_back()
                if relist:
                    try:
                        names = readers_in(ctx)
                    except ReaderError as exc:
                        if isinstance(exc, NoService) or (exc.code or 0) in SERVICE_LOST:
                            ctx = self._drop(ctx, exc)
                            continue
                        self._record(exc)
                        names = []
                    states = {name: states.get(name, scard.SCARD_STATE_UNAWARE) for name in names}
                    self._set_readers(names)
                    relist = False
                query = [(PNP_NOTIFICATION, pnp_state)] + [(n, states[n]) for n in names]
                code, changes = scard.SCardGetStatusChange(ctx, poll_ms, query)
                code = u32(code)
                if code == u32(scard.SCARD_E_TIMEOUT):
                    relist = True  # cheap, and catches a reader change PnP did not signal
                    continue
                if code == u32(scard.SCARD_E_CANCELLED):
                    continue
                if code in SERVICE_LOST:
                    ctx = self._drop(ctx, NoService("pcscd went away", code=code))
                    continue
                if code != u32(scard.SCARD_S_SUCCESS):
                    # A reader vanished between listing and asking, or none are left.
                    relist = True
                    if code not in (u32(scard.SCARD_E_UNKNOWN_READER),
                                    u32(scard.SCARD_E_READER_UNAVAILABLE)):
                        self._stop.wait(self.poll_interval)
                    continue
                for name, event, atr in changes:
                    if name == PNP_NOTIFICATION:
                        relist = relist or bool(event & _CHANGED)
                        pnp_state = event & ~_CHANGED
                        continue
                    states[name] = event & ~_CHANGED
                    if event & _CHANGED:
                        self._reader_changed(name, event, bytes(atr))
                    if event & _READER_GONE_STATES:
                        relist = True
        except Exception:  # never die silently: diagnostics must show it
            log.exception("pcsc watcher crashed")
            self._record(ReaderError("the reader watcher crashed"))
        finally:
            with self._lock:
                self._ctx = None
            if ctx is not None:
                release_context(ctx)

    def _drop(self, ctx: int, error: ReaderError) -> None:
        with self._lock:
            self._ctx = None
        release_context(ctx)
        self._service_lost(error)
        return None

    def _service_lost(self, error: ReaderError) -> None:
        self._record(error)
        with self._lock:
            was_up, self._service_up = self._service_up, False
            removed = list(self._cards)
            self._cards.clear()
            readers_changed = self._readers != []
            self._readers = []
        for name in removed:
            self._emit(self.on_card_removed, name)
        if readers_changed:
            self._emit(self.on_readers, [])
        if was_up is not False:
            self._emit(self.on_service, False)

    def _service_back(self) -> None:
        with self._lock:
            was_up, self._service_up = self._service_up, True
            if was_up is False:
                self._context_restarts += 1
        if was_up is not True:
            self._emit(self.on_service, True)

    def _set_readers(self, names: list[str]) -> None:
        with self._lock:
            changed = self._readers != names
            self._readers = list(names)
            vanished = [name for name in self._cards if name not in names]
            for name in vanished:
                del self._cards[name]
        for name in vanished:
            self._emit(self.on_card_removed, name)
        if changed:
            self._emit(self.on_readers, list(names))

    def _reader_changed(self, name: str, event: int, atr: bytes) -> None:
        present = bool(event & scard.SCARD_STATE_PRESENT) and not event & _READER_GONE_STATES
        counter = (event >> 16) & 0xFFFF
        card = CardState(name, atr, bool(event & scard.SCARD_STATE_MUTE), counter)
        removed = inserted = False
        with self._lock:
            before = self._cards.get(name)
            if before is not None:
                # pcsc-lite counts insertions and removals: +2 while present means the
                # card was swapped between two polls.
                swapped = present and (
                    ((counter - before.counter) & 0xFFFF) >= 2 or atr != before.atr
                )
                if not present or swapped:
                    del self._cards[name]
                    removed = True
            if present and (name not in self._cards):
                self._cards[name] = card
                inserted = True
        if removed:
            self._emit(self.on_card_removed, name)
        if inserted:
            self._emit(self.on_card_inserted, name, atr)

    def _record(self, error: ReaderError) -> None:
        with self._lock:
            self._last_error = (error, _dt.datetime.now(_dt.UTC))

    def _emit(self, callback: Callable[..., None] | None, *args: object) -> None:
        if callback is None or self._stop.is_set():
            return
        try:
            callback(*args)
        except Exception:  # a broken listener must not stop the watcher
            log.exception("reader service callback %r failed", callback)
