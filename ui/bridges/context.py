"""What the QML singletons are built from: one context per QML engine.

The engine creates singletons lazily through their `create(engine)`; the context hangs
on the engine so that tests can run several engines, each with its own kiosk, without
any module-level state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class UiContext:
    app: Any  # kiosk.app.KioskApp
    translations: Any  # ui.i18n.Translations
    ward_name: str = ""
    # The chip's face image while a ward officer looks at it (assisted mode); memory only.
    face: bytes | None = None
    _singletons: dict[type, Any] = field(default_factory=dict)

    def singleton(self, cls: type) -> Any:
        obj = self._singletons.get(cls)
        if obj is None:
            from PySide6.QtQml import QJSEngine

            obj = self._singletons[cls] = cls(self)
            # Python owns the bridges: the engine must not delete them behind our back
            # (a double free at exit otherwise).
            QJSEngine.setObjectOwnership(obj, QJSEngine.ObjectOwnership.CppOwnership)
        return obj

    def shutdown(self) -> None:
        """Stop the bridges' worker threads before the engine goes."""
        for obj in self._singletons.values():
            getattr(obj, "shutdown", _noop)()


def attach(engine: Any, ctx: UiContext) -> None:
    engine.kiosk_context = ctx


def context_for(engine: Any) -> UiContext:
    ctx = getattr(engine, "kiosk_context", None)
    if ctx is None:
        raise RuntimeError("this QML engine has no kiosk context attached")
    return ctx


def _noop() -> None:
    pass
