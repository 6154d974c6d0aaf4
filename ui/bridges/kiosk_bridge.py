"""The `Kiosk` QML singleton: navigation, the visit's session and its idle timer.

Thin by design: every decision (which step may follow which, what a wipe forgets)
is made by the core; this class turns it into properties and signals for QML.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk.flows.base import FlowError, Position
from kiosk.session import IdlePhase
from ui.bridges.context import context_for
from ui.bridges.text_input import TelexInput

QML_IMPORT_NAME = "KioskCore"
QML_IMPORT_MAJOR_VERSION = 1


@QmlElement
@QmlSingleton
class Kiosk(QObject):
    screenChanged = Signal()
    languageChanged = Signal()
    largeTextChanged = Signal()
    idleChanged = Signal()
    wiped = Signal(str)
    flowError = Signal(str)

    def __init__(self, ctx: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._app = ctx.app
        self._position: Position = self._app.navigator.current
        self._idle_phase = IdlePhase.ACTIVE.value
        self._seconds_left = 0
        self._inputs: dict[str, TelexInput] = {}
        self._app.navigator.on_change(self._on_position)
        self._app.session.on_wipe(self._on_wipe)
        # Polling once a second is cheap and keeps the timer logic in the core,
        # where it is tested against a fake clock.
        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self._check_idle)

    @staticmethod
    def create(engine):  # called by the QML engine on first use
        return context_for(engine).singleton(Kiosk)

    # -- navigation ------------------------------------------------------------
    def _on_position(self, position: Position) -> None:
        self._position = position
        session = self._app.session
        if self._app.navigator.step_times_out():
            if not session.idle.armed:
                session.idle.arm()
            self._tick.start()
        else:
            session.idle.disarm()
            self._tick.stop()
            self._set_idle(IdlePhase.ACTIVE.value, 0)
        self.screenChanged.emit()

    @Property(str, notify=screenChanged)
    def screen(self) -> str:
        return self._position.screen

    @Property("QVariantMap", notify=screenChanged)
    def stepState(self) -> dict:
        return {k: v for k, v in self._position.state.items() if isinstance(v, str | int | bool)}

    @Property(bool, notify=screenChanged)
    def canGoBack(self) -> bool:
        # A step may forbid "back" (a fee being paid, a receipt): the top bar hides it.
        return self._app.navigator.can_go_back()

    def _guard(self, action, *args, **kwargs) -> None:
        try:
            action(*args, **kwargs)
        except FlowError as exc:
            self.flowError.emit(str(exc))

    @Slot()
    def startLookup(self) -> None:
        self._app.session.idle.touch()
        self._guard(self._app.navigator.begin, "lookup")

    @Slot(str)
    def openProcedure(self, code: str) -> None:
        self._guard(self._app.navigator.go, "detail", code=code)

    @Slot()
    def back(self) -> None:
        self._app.navigator.back()
        if self._app.navigator.current.flow is None:
            # Back to the start screen ends the visit, as "Home" does: nothing a citizen
            # typed may wait there for the next person.
            self._app.session.wipe("home")

    @Slot()
    def home(self) -> None:
        """The citizen pressed "Home": the visit is over, forget it."""
        self._app.session.wipe("home")

    # -- text fields ------------------------------------------------------------------
    @Slot(str, result=QObject)
    def textInput(self, name: str) -> TelexInput:
        """The kiosk's input for one field, created once and kept.

        Inputs live here rather than in the pages: PySide6 never frees the Python side of
        an object QML instantiates, so one per page visit would leak; and kept in one place
        a wipe cannot miss one.
        """
        field = self._inputs.get(name)
        if field is None:
            from PySide6.QtQml import QJSEngine

            field = self._inputs[name] = TelexInput(self)
            field.setObjectName(f"input_{name}")
            QJSEngine.setObjectOwnership(field, QJSEngine.ObjectOwnership.CppOwnership)
        return field

    # -- language and text size ---------------------------------------------------
    @Property(str, notify=languageChanged)
    def language(self) -> str:
        return self._app.session.language

    @Slot(str)
    def setLanguage(self, lang: str) -> None:
        if lang not in ("vi", "en") or lang == self._app.session.language:
            return
        self._app.session.language = lang
        self._ctx.translations.apply(lang)
        self.languageChanged.emit()

    @Property(bool, notify=largeTextChanged)
    def largeText(self) -> bool:
        return self._app.session.large_text

    @Slot(bool)
    def setLargeText(self, on: bool) -> None:
        if on != self._app.session.large_text:
            self._app.session.large_text = on
            self.largeTextChanged.emit()

    # -- idle timer ----------------------------------------------------------------
    @Slot()
    def touch(self) -> None:
        """Any touch or key press: the citizen is still there.

        Only recorded here: this runs before the press reaches the screen, and hiding
        the countdown now would hand that press to whatever lies beneath it.
        """
        self._app.session.idle.touch()

    @Slot()
    def stillHere(self) -> None:
        """The citizen answered the countdown: close it now."""
        self._app.session.idle.touch()
        self._check_idle()

    def _check_idle(self) -> None:
        state = self._app.session.idle.state()
        if state.phase is IdlePhase.EXPIRED:
            self._app.session.wipe("timeout")
            return
        self._set_idle(state.phase.value, int(state.seconds_left + 0.999))

    def _set_idle(self, phase: str, seconds: int) -> None:
        if (phase, seconds) != (self._idle_phase, self._seconds_left):
            self._idle_phase, self._seconds_left = phase, seconds
            self.idleChanged.emit()

    @Property(str, notify=idleChanged)
    def idlePhase(self) -> str:
        return self._idle_phase

    @Property(int, notify=idleChanged)
    def secondsLeft(self) -> int:
        return self._seconds_left

    @Property(int, constant=True)
    def countdownSeconds(self) -> int:
        return int(self._app.config.session.countdown)

    def _on_wipe(self, reason: str) -> None:
        self._app.navigator.home()
        for field in self._inputs.values():
            field.clear()
        self._set_idle(IdlePhase.ACTIVE.value, 0)
        # The wipe restored the kiosk's default language and text size.
        self._ctx.translations.apply(self._app.session.language)
        self.languageChanged.emit()
        self.largeTextChanged.emit()
        self.wiped.emit(reason)

    # -- where the kiosk stands ----------------------------------------------------
    @Property(str, constant=True)
    def wardName(self) -> str:
        return self._ctx.ward_name

    @Property(float, constant=True)
    def pixelsPerMm(self) -> float:
        """From config; 0 lets QML fall back to its default (panels often report a wrong DPI)."""
        return float(self._app.config.display.pixels_per_mm)

    @Property(str, constant=True)
    def kioskId(self) -> str:
        return self._app.config.kiosk.id
