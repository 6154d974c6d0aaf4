"""The `Scanner` QML singleton: where a scan goes, from any screen.

The core classifies every scan (kiosk.scan); this routes it on the Qt thread: the card's
QR starts (or feeds) identification; a receipt QR or a dossier code opens the status
lookup when that flow is present; anything else is explained in a short notice.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton

from kiosk.scan import ScanKind
from ui.bridges.context import context_for

QML_IMPORT_NAME = "KioskCore"
QML_IMPORT_MAJOR_VERSION = 1

NOTICE_MS = 6000


@QmlNamedElement("Scanner")
@QmlSingleton
class ScanBridge(QObject):
    changed = Signal()
    _arrived = Signal(object)

    def __init__(self, ctx: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._app = ctx.app
        self._notice = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._clear)
        # Routes for codes (status lookup): kind -> callable(arrival). Other bridges add
        # theirs; a kind with no route is explained, never dropped silently.
        self.routes: dict[ScanKind, Any] = {}
        self._arrived.connect(self._route, Qt.ConnectionType.QueuedConnection)
        if self._app.scanner is not None:
            self._app.scanner.on_scan(lambda arrival: self._arrived.emit((arrival,)))
        self.last_arrival = None  # for the scan-to-screen benchmark and tests

    @staticmethod
    def create(engine):
        return context_for(engine).singleton(ScanBridge)

    @Property(str, notify=changed)
    def noticeKey(self) -> str:
        """A translation key explaining the last scan, "" when there is nothing to say."""
        return self._notice

    @Slot(str)
    def simulate(self, text: str) -> None:
        """Handle `text` as if scanned (demo and tests)."""
        if self._app.scanner is not None:
            self._app.scanner.feed(text)

    def _route(self, packed: tuple) -> None:
        (arrival,) = packed
        self.last_arrival = arrival
        scan = arrival.scan
        self._app.session.idle.touch()  # a scan is the citizen's doing
        if arrival.device_error and scan.kind is ScanKind.UNKNOWN:
            self._say(arrival.device_error)
            return
        from kiosk.flows.identify import START

        here = self._app.navigator.current
        # In the middle of a task (a form, a payment, a card being read), a scan must not
        # throw away what the citizen has done; looking things up can be left any time.
        busy = (here is not None and here.flow not in (None, "lookup", "status")
                and here.step != START)
        if scan.kind is ScanKind.CARD_QR:
            from ui.bridges.identity_bridge import IdentityBridge

            if here is not None and here.flow is not None and here.step != START:
                self._say("scan.card_not_here")
                return
            self._clear()
            self._ctx.singleton(IdentityBridge).use_card_qr(scan.text)
            return
        route = self.routes.get(scan.kind)
        if route is not None and scan.error_key is None and busy:
            self._say("scan.finish_first")
            return
        if route is not None and scan.error_key is None:
            self._clear()
            route(arrival)
            return
        if scan.kind is ScanKind.VIETQR and scan.error_key is None:
            self._say("scan.vietqr_here")
        else:
            self._say(scan.error_key or "scan.unknown")

    def _say(self, key: str) -> None:
        self._notice = key
        self._timer.start(NOTICE_MS)
        self.changed.emit()

    @Slot()
    def _clear(self) -> None:
        if self._notice:
            self._notice = ""
            self.changed.emit()
