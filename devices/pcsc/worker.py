"""The card worker: the one thread that talks to cards.

Every card call is queued to it and the caller waits with a timeout, so a card that
never answers costs the caller ``timeout`` seconds, not a frozen screen. The worker may
stay stuck in the driver until the driver gives up (real readers time out; a vpcd card
that stalls holds it until the card is removed); calls queued meanwhile time out too,
and callers that gave up are skipped once it is free.

The worker owns its own PC/SC context, re-established after pcscd restarts; card handles
from an older context are dead, which ``generation`` lets transports notice.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from .errors import CardTimeout, ServiceStopped
from .readers import establish_context, release_context

log = logging.getLogger(__name__)

T = TypeVar("T")


class CardWorker:
    def __init__(self, name: str = "pcsc-card") -> None:
        self.name = name
        self._queue: queue.SimpleQueue[tuple[Future, Callable[[], object]] | None] = (
            queue.SimpleQueue()
        )
        self._thread: threading.Thread | None = None
        self._stopped = False
        self._ctx: int | None = None
        self.generation = 0
        self._busy_since: float | None = None
        self._pending = 0
        self._lock = threading.Lock()

    # -- owner side ---------------------------------------------------------------------

    def start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._stopped = False
            # Daemon: a driver that never returns must not keep the process alive.
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> bool:
        """Finish queued calls, release the context and join. False if the thread is
        still stuck in the driver after ``timeout``."""
        with self._lock:
            thread, self._stopped = self._thread, True
        if thread is None:
            return True
        self._queue.put(None)
        thread.join(timeout)
        if thread.is_alive():
            log.warning("card worker %s is stuck in the driver; left behind", self.name)
            return False
        with self._lock:
            if self._thread is thread:
                self._thread = None
        return True

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def on_worker(self) -> bool:
        return threading.current_thread() is self._thread

    def call(self, fn: Callable[[], T], timeout: float, what: str = "card call") -> T:
        """Run ``fn`` on the worker; CardTimeout if it has not finished in ``timeout``
        seconds. Called on the worker itself (from a job already running there), it
        runs ``fn`` directly: the enclosing job's timeout covers it."""
        if self.on_worker():
            return fn()
        if self._stopped or self._thread is None:
            raise ServiceStopped(f"{what}: the card worker is not running")
        fut: Future = Future()
        with self._lock:
            self._pending += 1
        self._queue.put((fut, fn))
        try:
            return fut.result(timeout)
        except FutureTimeout:
            # Not started yet: it will be skipped. Running: its result is dropped.
            fut.cancel()
            busy = self.busy_for()
            stuck = f" (the worker has been busy for {busy:.1f} s)" if busy else ""
            raise CardTimeout(f"{what}: no answer within {timeout:.1f} s{stuck}") from None

    def busy_for(self) -> float | None:
        since = self._busy_since
        return None if since is None else time.monotonic() - since

    def stats(self) -> dict[str, object]:
        busy = self.busy_for()
        return {
            "alive": self.alive,
            "busy_seconds": None if busy is None else round(busy, 2),
            "queued": self._pending,
            "context_generation": self.generation,
        }

    # -- worker side --------------------------------------------------------------------

    def context(self) -> int:
        """The worker's PC/SC context, established on first use (worker thread only)."""
        if self._ctx is None:
            self._ctx = establish_context()
        return self._ctx

    def drop_context(self) -> None:
        """Forget a context that pcscd no longer knows; handles made in it are dead."""
        if self._ctx is not None:
            release_context(self._ctx)
            self._ctx = None
            self.generation += 1

    def _run(self) -> None:
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    break
                fut, fn = item
                with self._lock:
                    self._pending -= 1
                if not fut.set_running_or_notify_cancel():
                    continue
                self._busy_since = time.monotonic()
                try:
                    result = fn()
                except BaseException as exc:  # handed to the caller, whatever it is
                    fut.set_exception(exc)
                else:
                    fut.set_result(result)
                finally:
                    self._busy_since = None
        finally:
            if self._ctx is not None:
                release_context(self._ctx)
                self._ctx = None
