"""Builds the QML engine for one KioskApp: bridges, translations, image providers."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow

# Imported for their @QmlElement registrations (module "KioskCore").
from ui.bridges import (  # noqa: F401
    catalog_bridge,
    identity_bridge,
    kiosk_bridge,
    scan_bridge,
    staff_bridge,
    status_bridge,
    submit_bridge,
    text_input,
)
from ui.bridges.context import UiContext, attach
from ui.bridges.face_image import PROVIDER_ID as FACE_PROVIDER_ID
from ui.bridges.face_image import FaceImageProvider
from ui.bridges.qr_image import PROVIDER_ID, QrImageProvider
from ui.i18n import Translations

QML_DIR = Path(__file__).resolve().parent / "qml"


class ActivityFilter(QObject):
    """Any touch, click or key press anywhere tells the idle timer the citizen is there."""

    _EVENTS = {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
    }

    def __init__(self, on_activity) -> None:
        super().__init__()
        self._on_activity = on_activity

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in self._EVENTS and isinstance(obj, QQuickWindow):
            self._on_activity()
        return False


def build_engine(app, ward_name: str = "") -> tuple[QQmlApplicationEngine, UiContext]:
    engine = QQmlApplicationEngine()
    engine.addImportPath(str(QML_DIR))
    engine.addImageProvider(PROVIDER_ID, QrImageProvider())
    translations = Translations(engine)
    ctx = UiContext(app=app, translations=translations, ward_name=ward_name)
    attach(engine, ctx)
    engine.addImageProvider(FACE_PROVIDER_ID, FaceImageProvider(ctx))
    translations.apply(app.session.language)
    return engine, ctx


def load_main(engine: QQmlApplicationEngine) -> QQuickWindow:
    engine.loadFromModule("Kiosk", "Main")
    roots = engine.rootObjects()
    if not roots:
        raise RuntimeError("the main QML window failed to load")
    window = roots[0]
    if not isinstance(window, QQuickWindow):
        raise RuntimeError("Main.qml must be a window")
    return window
