"""`IdentityService`: reads a citizen's chip ID card for the screens, off their thread.

It holds the card reader service and the CSCA trust store. `read()` returns at once; the
chip is read (`read_chip`) on the reader service's card worker, waited for on one job
thread of its own, and the outcome comes back through `on_done` on that job thread, never
on the caller's. When the card an identity was read from leaves the reader, listeners
are told at once (the composition root drops the identity from the session there).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

from kiosk.identity.access import AccessKeyError, access_attempts
from kiosk.identity.model import Identity

log = logging.getLogger(__name__)

# The one session key an identity is kept under; a wipe drops it with everything else.
IDENTITY_KEY = "identity"

NO_READER = "reader.none"
STOPPED = "reader.stopped"
FAILED = "card.error"


@dataclass(frozen=True, slots=True)
class ReadOutcome:
    """What a read gave: an identity (without the face) or an error key, never both."""

    identity: Identity | None = None
    error: str = ""
    verified: bool = False  # passive authentication succeeded against the trust store
    # The chip's face image (DG2 as read), only in assisted mode, for the officer's eyes:
    # held in memory by whoever shows it, never put in the session, a log or a file.
    face: bytes | None = None

    @property
    def ok(self) -> bool:
        return self.identity is not None


class IdentityService:
    """See the module docstring. `reader` is a devices.pcsc ReaderService (None: the
    kiosk has no card reader, and every read fails with "reader.none")."""

    def __init__(self, reader_factory: Callable[[], Any] | None, *, csca: str = "",
                 trust_factory: Callable[[], Any] | None = None, card_wait: float = 3.0,
                 read_timeout: float = 30.0, staff: Any | None = None) -> None:
        # Both factories run on the service's own thread when it starts: pyscard, the chip
        # protocol and key generation stay off the start-up path and the UI thread.
        self._reader_factory = reader_factory
        self._trust_factory = trust_factory
        self._reader: Any | None = None
        self._csca = csca
        self.card_wait = card_wait
        self.read_timeout = read_timeout
        self._trust: Any | None = None
        self._jobs: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._source: str | None = None  # the reader the current identity came from
        self._removed_listeners: list[Callable[[], None]] = []
        self.demo_card: Any | None = None  # kiosk.identity.demo.DemoCard in sim:// mode
        # kiosk.staff.StaffMode: the face image is read only while a ward officer has
        # assisted mode unlocked. Asked here, at read time, so no screen can ask for it.
        self.staff = staff

    # -- life cycle -------------------------------------------------------------------
    def start(self) -> None:
        """Returns at once: the reader and the trust store are set up as the first job of
        the service's thread, so reads submitted meanwhile simply queue behind it."""
        with self._lock:
            if self._jobs is not None:
                return
            self._jobs = ThreadPoolExecutor(max_workers=1, thread_name_prefix="identity")
            self._jobs.submit(self._open)

    def _open(self) -> None:
        if self._trust_factory is not None:
            self._trust = self._trust_factory()
        elif self._csca:
            from devices.cccd import pa

            try:
                self._trust = pa.TrustStore.load(self._csca)
            except (OSError, ValueError):
                # Cards are still read, never marked verified; the technician sees why.
                log.exception("CSCA trust store %s could not be loaded", self._csca)
        if self._reader_factory is not None:
            reader = self._reader_factory()
            reader.on_card_removed = self._card_removed
            reader.start()
            self._reader = reader

    def stop(self) -> None:
        with self._lock:
            jobs, self._jobs = self._jobs, None
        if jobs is not None:
            jobs.shutdown(wait=True, cancel_futures=True)
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.stop()

    @property
    def running(self) -> bool:
        return self._jobs is not None

    # -- reading ------------------------------------------------------------------------
    def read(self, id_number: str, date_of_birth: date, *,
             on_done: Callable[[ReadOutcome], None], expiry: Any | None = None,
             issue_date: date | None = None) -> None:
        """Read the card on the reader with keys from the ID number and date of birth (and
        the expiry the citizen typed, an access.ExpiryCandidate tried first, if any);
        `on_done(ReadOutcome)` is called on the job thread. `issue_date` (from the card's
        QR) narrows the expiry candidates."""
        with self._lock:
            jobs = self._jobs
        if jobs is None:
            on_done(ReadOutcome(error=STOPPED))
            return
        job = jobs.submit(self._read, id_number, date_of_birth, on_done, expiry, issue_date)
        # A read cancelled by stop() still gets its answer: nobody waits forever.
        job.add_done_callback(lambda f: on_done(ReadOutcome(error=STOPPED)) if f.cancelled() else None)

    def _read(self, id_number: str, date_of_birth: date,
              on_done: Callable[[ReadOutcome], None], expiry: Any | None = None,
              issue_date: date | None = None) -> None:
        try:
            outcome = self._read_card(id_number, date_of_birth, expiry, issue_date)
        except Exception:  # noqa: BLE001 - the citizen must get an answer whatever happens
            log.exception("reading the ID card failed unexpectedly")
            outcome = ReadOutcome(error=FAILED)
        on_done(outcome)

    def _read_card(self, id_number: str, date_of_birth: date,
                   expiry: Any | None = None, issue_date: date | None = None) -> ReadOutcome:
        # Imported here, on the job thread: the chip protocol and its crypto need not
        # load before the kiosk's first frame.
        from devices.cccd.errors import CardError
        from kiosk.identity.reading import read_chip

        reader = self._reader
        if reader is None:
            return ReadOutcome(error=NO_READER)
        try:
            attempts = access_attempts(id_number, date_of_birth, issue_date, typed=expiry)
        except AccessKeyError as exc:
            return ReadOutcome(error=exc.key)
        # The card may have been placed a moment ago: give the watcher time to see it.
        end = time.monotonic() + self.card_wait
        while not reader.cards and time.monotonic() < end and self.running:
            time.sleep(0.05)
        trust = self._trust
        with_face = self.staff is not None and self.staff.active
        try:
            transport = reader.open()
            try:
                result = reader.call(
                    lambda: read_chip(transport, attempts, trust=trust, face=with_face),
                    timeout=self.read_timeout,
                )
            finally:
                try:
                    transport.close()
                except CardError:
                    pass  # the card may be gone already
        except CardError as exc:
            return ReadOutcome(error=getattr(exc, "key", FAILED))
        with self._lock:
            self._source = transport.reader
        face = result.identity.face if with_face else None
        return ReadOutcome(result.identity.without_face(), verified=result.pa.verified,
                           face=face)

    # -- card removal -------------------------------------------------------------------
    def on_card_removed(self, listener: Callable[[], None]) -> None:
        """`listener()` runs (on the reader's watcher thread) when the card the last
        identity was read from leaves the reader. Return quickly."""
        self._removed_listeners.append(listener)

    def _card_removed(self, reader_name: str) -> None:
        with self._lock:
            if self._source != reader_name:
                return
            self._source = None
        for listener in list(self._removed_listeners):
            try:
                listener()
            except Exception:  # one broken listener must not keep the others from wiping
                log.exception("card removal listener %r failed", listener)

    def forget(self) -> None:
        """The identity was dropped (wipe, "not me"): its card no longer matters."""
        with self._lock:
            self._source = None

    def diagnostics(self) -> dict[str, Any]:
        return {
            "reader": self._reader.diagnostics() if self._reader is not None else None,
            "trust_store": self._trust is not None,
        }
