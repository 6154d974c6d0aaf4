"""The `Staff` QML singleton: a ward officer unlocks assisted mode with a PIN.

The decision is the core's (kiosk.staff.StaffMode): this only passes the PIN on and
shows the outcome. The PIN is never kept here longer than the call.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Property, QObject, Qt, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton

from kiosk.staff import StaffError
from ui.bridges.context import context_for

QML_IMPORT_NAME = "KioskCore"
QML_IMPORT_MAJOR_VERSION = 1


@QmlNamedElement("Staff")
@QmlSingleton
class StaffBridge(QObject):
    changed = Signal()
    _activeChanged = Signal(object)

    def __init__(self, ctx: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = ctx.app
        self._error = ""
        self._retry_in = 0
        self._activeChanged.connect(lambda _a: self.changed.emit(),
                                    Qt.ConnectionType.QueuedConnection)
        if self._app.staff is not None:
            self._app.staff.on_change(lambda active: self._activeChanged.emit((active,)))

    @staticmethod
    def create(engine):
        return context_for(engine).singleton(StaffBridge)

    @Property(bool, constant=True)
    def enabled(self) -> bool:
        return self._app.staff is not None and self._app.staff.enabled

    @Property(bool, notify=changed)
    def active(self) -> bool:
        return self._app.staff is not None and self._app.staff.active

    @Property(str, notify=changed)
    def errorKey(self) -> str:
        return self._error

    @Property(int, notify=changed)
    def retryMinutes(self) -> int:
        """Minutes until a PIN is accepted again after too many wrong ones."""
        return math.ceil(self._retry_in / 60) if self._retry_in else 0

    @Slot(str, result=bool)
    def unlock(self, pin: str) -> bool:
        self._app.session.idle.touch()
        staff = self._app.staff
        if staff is None:
            self._error = "staff.disabled"
            self.changed.emit()
            return False
        try:
            staff.unlock(pin)
        except StaffError as exc:
            self._error, self._retry_in = exc.key, exc.retry_in
            self.changed.emit()
            return False
        self._error, self._retry_in = "", 0
        self.changed.emit()
        return True

    @Slot()
    def clearError(self) -> None:
        self._error = ""
        self.changed.emit()

    @Slot()
    def lock(self) -> None:
        if self._app.staff is not None:
            self._app.staff.lock()
        self.changed.emit()
