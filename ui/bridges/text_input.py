"""TelexInput: the text of one on-screen-keyboard field, typed in Telex or plain.

Each text field owns one TelexInput and binds its TextField to `text`; the on-screen
keyboard calls the slots. Every slot is a few string operations on the main thread.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Property, QMetaObject, QObject, Qt, Signal, Slot
from PySide6.QtQml import QmlElement

from kiosk.text import telex

QML_IMPORT_NAME = "KioskCore"
QML_IMPORT_MAJOR_VERSION = 1

_MODES = ("vi", "en")


@QmlElement
class TelexInput(QObject):
    """Text typed by key presses: "vi" applies Telex to the last word, "en" types plainly."""

    textChanged = Signal()
    modeChanged = Signal()
    maxLengthChanged = Signal()
    # A key was refused because the text is at maxLength (QML may flash the field).
    rejected = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._mode = "vi"
        self._max_length = 0

    # ---------------------------------------------------------------- properties

    def _get_text(self) -> str:
        return self._text

    def _set_text_property(self, value: str) -> None:
        self.setText(value)

    text = Property(str, _get_text, _set_text_property, notify=textChanged)

    def _get_mode(self) -> str:
        return self._mode

    def _set_mode(self, value: str) -> None:
        # Anything unknown falls back to Vietnamese, the kiosk's default language.
        value = value if value in _MODES else "vi"
        if value != self._mode:
            self._mode = value
            self._emit("modeChanged")

    mode = Property(str, _get_mode, _set_mode, notify=modeChanged)

    def _get_max_length(self) -> int:
        return self._max_length

    def _set_max_length(self, value: int) -> None:
        value = max(0, int(value))
        if value != self._max_length:
            self._max_length = value
            self._emit("maxLengthChanged")
            if value and len(self._text) > value:
                self._store(self._text[:value])

    # 0 means no limit.
    maxLength = Property(int, _get_max_length, _set_max_length, notify=maxLengthChanged)

    # --------------------------------------------------------------------- slots

    @Slot(str)
    def press(self, key: str) -> None:
        """One key of the keyboard: a letter, digit or symbol."""
        if self._mode == "vi":
            self._offer(telex.apply_key(self._text, key))
        else:
            self._offer(unicodedata.normalize("NFC", self._text + key))

    @Slot()
    def space(self) -> None:
        self._offer(self._text + " ")

    @Slot()
    def backspace(self) -> None:
        self._store(telex.backspace(self._text))

    @Slot()
    def clear(self) -> None:
        self._store("")

    @Slot(str)
    def applyTone(self, name: str) -> None:
        """Tone by touch on the last word: sac, huyen, hoi, nga, nang or none."""
        if name in (*telex.TONES, "none"):
            self._offer(telex.apply_tone(self._text, name))

    @Slot(str)
    def applyMark(self, name: str) -> None:
        """Mark by touch on the last word: circumflex, breve, horn or stroke."""
        if name in telex.MARKS:
            self._offer(telex.apply_mark(self._text, name))

    @Slot(str)
    def setText(self, value: str) -> None:
        value = unicodedata.normalize("NFC", value or "")
        if self._max_length:
            value = value[: self._max_length]
        self._store(value)

    # ------------------------------------------------------------------- helpers

    def _offer(self, value: str) -> None:
        """Take a typed result unless it would pass maxLength."""
        if self._max_length and len(value) > self._max_length and len(value) > len(self._text):
            self._emit("rejected")
            return
        self._store(value)

    def _store(self, value: str) -> None:
        if value != self._text:
            self._text = value
            self._emit("textChanged")

    def _emit(self, signal: str) -> None:
        # PySide6 6.12.0 on Python 3.11: SignalInstance.emit() drops a reference to True
        # on every call, and the interpreter aborts after a few hundred emits (one per
        # key press here). Emitting through the meta-object does not; same effect.
        QMetaObject.invokeMethod(self, signal, Qt.ConnectionType.DirectConnection)
