"""The sample card of the demo: with `[devices] card_reader = "sim://"` the kiosk reads
the virtual chip ID card through pcscd's virtual reader, and the identify screen offers a
"place the sample card" button in place of a citizen's hand.

The card and its CSCA are the test ones (devices.cccd.testpki): a made-up citizen whose
chip verifies only against the demo trust store, never against a real one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class DemoCard:
    def __init__(self, profile: str = "genuine") -> None:
        self.profile = profile
        self._link = None
        self._lock = threading.Lock()
        self.inserted = False

    def trust_store(self):
        from devices.cccd.testpki import pki

        return pki().trust_store()

    def _connection(self):
        if self._link is None:
            from devices.vpcd import VpcdConnection
            from devices.vpcd.cccd_chip import build_card

            self._link = VpcdConnection(build_card(self.profile))
            self._link.start(insert=False)
        return self._link

    def toggle(self, done: Callable[[bool, str], None]) -> None:
        """Insert or remove the card on a short-lived thread (a socket to pcscd);
        `done(inserted, error_key)` is called on that thread."""
        threading.Thread(target=self._toggle, args=(done,), name="demo-card", daemon=True).start()

    def _toggle(self, done: Callable[[bool, str], None]) -> None:
        with self._lock:
            try:
                link = self._connection()
                if self.inserted:
                    link.remove()
                    self.inserted = False
                else:
                    link.insert(retry_for=1.0)
                    self.inserted = True
                error = ""
            except Exception as exc:  # noqa: BLE001 - pcscd or vpcd missing: say so
                log.warning("demo card could not be %s: %s",
                            "removed" if self.inserted else "inserted", exc)
                error = "reader.no_service"
        done(self.inserted, error)

    def stop(self) -> None:
        with self._lock:
            if self._link is not None:
                self._link.stop()
                self._link = None
            self.inserted = False
