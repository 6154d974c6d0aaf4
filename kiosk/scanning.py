"""`ScanService`: the kiosk's QR scanner, with every scan classified in the core.

The scanner driver (devices.scanner) delivers decoded text on its own thread; this turns
it into a `kiosk.scan.Scan` and hands it to the listeners, still on that thread (the UI
bridge queues it to the Qt thread). Listeners decide where a scan goes; the text of a
scan never reaches a log (it may be a citizen's card QR).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.scan import Scan

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ScanArrival:
    scan: Scan
    source: str  # e.g. "sim", "evdev:/dev/input/event3"
    at: float  # time.monotonic() of the scanner's last byte
    classified_at: float  # time.monotonic() when classification finished
    device_error: str | None = None  # the driver saw the scan arrive damaged


class ScanService:
    def __init__(self, uri: str, *, opener: Callable[[str], Any] | None = None) -> None:
        self.uri = uri
        self._opener = opener
        self._port: Any | None = None
        self._lock = threading.Lock()
        self._listeners: list[Callable[[ScanArrival], None]] = []
        self._state_listeners: list[Callable[[str, str | None], None]] = []
        self.state = "stopped"
        self.error_key: str | None = None

    @property
    def port(self) -> Any | None:
        """The driver (a devices.scanner port); the simulator's `scan(text)` for demos."""
        return self._port

    def on_scan(self, listener: Callable[[ScanArrival], None]) -> None:
        self._listeners.append(listener)

    def on_state(self, listener: Callable[[str, str | None], None]) -> None:
        self._state_listeners.append(listener)

    def start(self) -> None:
        with self._lock:
            if self._port is not None:
                return
            from devices.scanner import open_scanner
            from devices.scanner.errors import ScannerError

            try:
                port = (self._opener or open_scanner)(self.uri)
                port.start(self._scanned, self._state)
            except ScannerError as exc:
                log.error("QR scanner %s cannot be used: %s", self.uri, exc.key)
                self._state("error", exc.key)
                return
            self._port = port

    def stop(self) -> None:
        with self._lock:
            port, self._port = self._port, None
        if port is not None:
            port.stop()
        self.state = "stopped"

    def diagnostics(self) -> dict[str, Any]:
        port = self._port
        return {"uri": self.uri, "state": self.state, "error": self.error_key,
                "driver": port.diagnostics() if port is not None else None}

    def feed(self, text: str, source: str = "kiosk") -> None:
        """Handle text as if scanned (the demo's "simulate a scan" and tests)."""
        from kiosk.scan import classify

        now = time.monotonic()
        self._deliver(ScanArrival(classify(text), source, now, time.monotonic()))

    def _scanned(self, event: Any) -> None:
        # Imported on the scanner's thread at the first scan, not at the kiosk's start.
        from kiosk.scan import classify

        scan = classify(event.text)
        self._deliver(ScanArrival(scan, event.source, event.at, time.monotonic(),
                                  getattr(event, "error_key", None)))

    def _deliver(self, arrival: ScanArrival) -> None:
        log.info("scan from %s: %s", arrival.source, arrival.scan.kind.value)
        for listener in list(self._listeners):
            try:
                listener(arrival)
            except Exception:  # one broken listener must not lose the scan for the rest
                log.exception("scan listener %r failed", listener)

    def _state(self, state: str, key: str | None) -> None:
        self.state, self.error_key = state, key
        for listener in list(self._state_listeners):
            try:
                listener(state, key)
            except Exception:
                log.exception("scanner state listener %r failed", listener)


__all__ = ["ScanArrival", "ScanService"]
