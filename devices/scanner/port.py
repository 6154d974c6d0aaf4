"""The scanner port: what every driver (evdev, serial, simulator) offers the kiosk.

A driver does all its I/O on its own worker thread and calls back from that thread; the
caller (a Qt bridge) re-posts the callbacks to its own thread. ``stop()`` joins the
worker, so no thread outlives a stopped scanner.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

log = logging.getLogger(__name__)

READY, DISCONNECTED, ERROR = "ready", "disconnected", "error"


@dataclass(frozen=True)
class ScanEvent:
    text: str
    source: str  # which scanner: "evdev:<path>", "serial:<path>", "sim", "sim:tcp"
    at: float  # time.monotonic() when the last byte of the scan arrived
    raw: bytes = b""  # the line's bytes as received (serial); empty for key-event scanners
    # Set when the text is known to be damaged ("scanner.garbled"): the bytes were not
    # valid UTF-8, or a Unicode key sequence was broken. The text is still delivered.
    error_key: str | None = None

    def __repr__(self) -> str:
        # Scans can be personal data (a card QR): never put the text in logs.
        return (f"ScanEvent(len={len(self.text)}, source={self.source!r}, at={self.at:.3f}, "
                f"error_key={self.error_key!r})")


OnScan = Callable[[ScanEvent], None]
OnState = Callable[[str, "str | None"], None]


class ScannerPort(Protocol):
    def start(self, on_scan: OnScan, on_state: OnState) -> None: ...

    def stop(self) -> None: ...

    def diagnostics(self) -> dict: ...


class WorkerScanner:
    """Thread, callbacks, state and counters shared by the drivers.

    Subclasses implement ``_run()``, which loops until ``self._stopping`` is set and
    never blocks longer than ``poll`` seconds at a time.
    """

    kind = "scanner"
    poll = 0.05  # longest blocking wait of the worker, so stop() is prompt

    def __init__(self, source: str) -> None:
        self.source = source
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._on_scan: OnScan | None = None
        self._on_state: OnState | None = None
        self._lock = threading.Lock()
        self._state: str | None = None
        self._state_key: str | None = None
        self._counts = {"scans": 0, "garbled": 0, "errors": 0, "disconnects": 0, "opens": 0}
        self._last_scan_at: float | None = None
        self._last_error: str | None = None

    # -- the port ---------------------------------------------------------------------
    def start(self, on_scan: OnScan, on_state: OnState) -> None:
        if self._thread is not None:
            raise RuntimeError("scanner already started")
        self._on_scan, self._on_state = on_scan, on_state
        self._stopping.clear()
        self._thread = threading.Thread(target=self._main, name=f"scanner-{self.kind}",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5.0)
            if thread.is_alive():  # never expected: every wait in _run is bounded
                log.error("scanner worker %s did not stop", thread.name)

    def diagnostics(self) -> dict[str, Any]:
        with self._lock:
            return {
                "driver": self.kind,
                "source": self.source,
                "state": self._state,
                "state_key": self._state_key,
                "running": self._thread is not None and self._thread.is_alive(),
                **self._counts,
                "last_scan_age_s": (None if self._last_scan_at is None
                                    else round(time.monotonic() - self._last_scan_at, 3)),
                "last_error": self._last_error,
                **self._extra_diagnostics(),
            }

    # -- for subclasses ---------------------------------------------------------------
    def _run(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _wake(self) -> None:
        """Interrupt a blocking wait of the worker (optional)."""

    def _extra_diagnostics(self) -> dict[str, Any]:
        return {}

    def _main(self) -> None:
        try:
            self._run()
        except Exception:  # a bug in a driver must not die silently
            log.exception("scanner worker crashed")
            self._set_state(ERROR, "scanner.io")
        finally:
            self._cleanup()

    def _cleanup(self) -> None:
        """Release the device; runs on the worker thread when it ends."""

    def _set_state(self, state: str, key: str | None = None) -> None:
        with self._lock:
            if (state, key) == (self._state, self._state_key):
                return
            self._state, self._state_key = state, key
            if state == DISCONNECTED and key == "scanner.disconnected":
                self._counts["disconnects"] += 1
            if state == ERROR:
                self._counts["errors"] += 1
            if key:
                self._last_error = key
        if self._on_state is not None:
            try:
                self._on_state(state, key)
            except Exception:
                log.exception("on_state callback failed")

    def _emit(self, text: str, raw: bytes = b"", error_key: str | None = None,
              at: float | None = None, source: str | None = None) -> None:
        event = ScanEvent(text=text, source=source or self.source,
                          at=time.monotonic() if at is None else at, raw=raw,
                          error_key=error_key)
        with self._lock:
            self._counts["scans"] += 1
            if error_key:
                self._counts["garbled"] += 1
            self._last_scan_at = event.at
        if self._on_scan is not None:
            try:
                self._on_scan(event)
            except Exception:
                log.exception("on_scan callback failed")

    def _report_error(self, key: str) -> None:
        """A transient error of one scan: report it, then back to ready."""
        self._set_state(ERROR, key)
        self._set_state(READY, None)

    def _warn_once(self, message: str, *args: object) -> None:
        """Log a problem of a retry loop once, not on every retry."""
        text = message % args
        if text != getattr(self, "_last_warning", None):
            self._last_warning = text
            log.warning("%s", text)

    def _sleep(self, seconds: float) -> bool:
        """Wait, waking for stop(); True when stopping."""
        return self._stopping.wait(seconds)
