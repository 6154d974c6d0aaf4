"""Small background-work helpers shared by the UI bridges and the CLI. No Qt."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


def declared(exc: BaseException) -> bool:
    """A user-facing error of the project: it carries a stable message key
    ("printer.no_paper", "portal.unavailable") that the screens turn into words."""
    key = getattr(exc, "key", None)
    return isinstance(key, str) and "." in key


class LatestWins:
    """One worker thread that runs only the newest request.

    A citizen types faster than anything should be computed for a stale prefix: while a
    search runs, newer keystrokes replace each other and only the last one runs next.
    `done(generation, result, error)` is called on the worker thread. A declared error
    (one with a message key) is logged as an outcome; anything else with its traceback.
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._cond = threading.Condition()
        self._pending: tuple[int, Callable[[], Any], Callable[[int, Any, BaseException | None], None]] | None = None
        self._generation = 0
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[[], Any],
               done: Callable[[int, Any, BaseException | None], None]) -> int:
        with self._cond:
            self._generation += 1
            self._pending = (self._generation, fn, done)
            self._cond.notify()
            return self._generation

    @property
    def generation(self) -> int:
        with self._cond:
            return self._generation

    def stop(self, timeout: float = 2.0) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify()
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._pending is None and not self._stopped:
                    self._cond.wait()
                if self._stopped:
                    return
                generation, fn, done = self._pending  # type: ignore[misc]
                self._pending = None
            try:
                result, error = fn(), None
            except Exception as exc:  # noqa: BLE001 - reported to the caller, never lost
                if declared(exc):
                    # An outcome the caller shows (a printer out of paper, a portal that
                    # is down), not a crash: no traceback in the log.
                    log.info("%s: %s", self._name, exc.key)  # type: ignore[attr-defined]
                else:
                    log.exception("%s: background call failed", self._name)
                result, error = None, exc
            try:
                done(generation, result, error)
            except Exception:  # noqa: BLE001
                log.exception("%s: completion callback failed", self._name)
