"""The kiosk tells the portal it is alive and how it is doing, every few minutes.

Staff at the city see a kiosk whose catalog is stale or whose printer is out of paper
before a citizen has to tell them. A failed heartbeat is only logged: it must never
disturb anything else.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from kiosk.portal.errors import PortalError

log = logging.getLogger(__name__)


def app_version() -> str:
    from importlib import metadata  # slow to import; only the heartbeat thread needs it

    try:
        return metadata.version("hanoi-kiosk")
    except metadata.PackageNotFoundError:
        return "unknown"


class Heartbeat:
    """One daemon thread posting `payload()` to the portal every `interval` seconds."""

    def __init__(self, portal: Any, payload: Callable[[], dict[str, Any]], interval: float) -> None:
        self.portal = portal
        self._payload = payload
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_ok: datetime | None = None

    def send_once(self) -> bool:
        try:
            self.portal.heartbeat(self._payload())
        except (PortalError, ValueError) as exc:
            log.info("heartbeat not delivered: %s", exc)
            return False
        self.last_ok = datetime.now(UTC)
        return True

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            self.send_once()
            self._stop.wait(self.interval)


def kiosk_status(started: float, catalog) -> dict[str, Any]:
    """What the portal is told: version, uptime, how fresh the catalog is."""
    status = catalog.status()
    return {
        "status": "ok" if status.online is not False else "degraded",
        "app_version": app_version(),
        "uptime_s": round(time.monotonic() - started, 1),
        "sent_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "catalog_token": catalog.cache.token(),
        "catalog_count": status.count,
        "catalog_synced_at": status.synced_at.isoformat(timespec="seconds") if status.synced_at else None,
    }
