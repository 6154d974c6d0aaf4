"""Drive the real QML window as a citizen would: find items, click them, wait, grab.

Used by `kiosk tour` and by the UI tests, so what the gallery shows and what the
tests click are the same screens built the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QPoint, QPointF, Qt
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest

from ui.bridges.catalog_bridge import Catalog
from ui.bridges.kiosk_bridge import Kiosk
from ui.engine import build_engine, load_main

# Keys named after the symbol they type (OnScreenKeyboard.qml's symbolNames).
_SYMBOL_KEYS = {
    ",": "comma", ".": "period", "-": "minus", "/": "slash", ":": "colon", ";": "semicolon",
    "(": "paren_left", ")": "paren_right", "&": "ampersand", "@": "at", "\"": "quote",
    "?": "question", "!": "exclamation", "'": "apostrophe", "#": "hash", "+": "plus",
    "=": "equals", "%": "percent", "*": "asterisk",
}


class UiError(AssertionError):
    """The screen is not in the state the driver expected."""


class UiDriver:
    def __init__(self, app, *, size: tuple[int, int] = (1080, 1920), ward_name: str = "",
                 click_settle_ms: int = 30) -> None:
        self.app = app
        self.click_settle_ms = click_settle_ms
        self.engine, self.ctx = build_engine(app, ward_name)
        self.window: QQuickWindow = load_main(self.engine)
        self.window.resize(*size)
        self.window.show()
        self.settle()

    # -- bridges ----------------------------------------------------------------
    @property
    def kiosk(self) -> Kiosk:
        return self.ctx.singleton(Kiosk)

    @property
    def catalog(self) -> Catalog:
        return self.ctx.singleton(Catalog)

    # -- waiting ----------------------------------------------------------------
    def settle(self, ms: int = 30) -> None:
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            QCoreApplication.processEvents()
            time.sleep(0.002)

    def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0,
                   what: str = "condition") -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            QCoreApplication.processEvents()
            if condition():
                return
            time.sleep(0.005)
        raise UiError(f"timed out after {timeout} s waiting for {what}")

    def wait_search(self, timeout: float = 5.0) -> None:
        self.settle(10)
        self.wait_until(lambda: not self.catalog.searching, timeout, "search results")
        self.settle(20)

    # -- finding and clicking ----------------------------------------------------
    def find(self, name: str) -> QObject:
        """The visible item with this objectName (a visual-tree walk, which also reaches
        Repeater delegates), else any object with it (non-visual ones like inputs)."""
        hidden = None
        stack = [self.window.contentItem()]
        while stack:
            item = stack.pop()
            if item.objectName() == name:
                if item.isVisible():
                    return item
                hidden = hidden or item
            stack.extend(item.childItems())
        found = hidden or self.window.findChild(QObject, name)
        if found is None:
            raise UiError(f"no item named {name!r} on screen {self.kiosk.screen!r}")
        return found

    def exists(self, name: str) -> bool:
        try:
            item = self.find(name)
        except UiError:
            return False
        return bool(item.property("visible"))

    def center(self, item: QQuickItem) -> QPoint:
        p = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
        return QPoint(round(p.x()), round(p.y()))

    def click(self, name_or_item: str | QQuickItem) -> None:
        item = self.find(name_or_item) if isinstance(name_or_item, str) else name_or_item
        if not item.isVisible():
            raise UiError(f"{item.objectName()!r} is not visible")
        if item.width() <= 0 or item.height() <= 0:
            raise UiError(f"{item.objectName()!r} has no size")
        pos = self.center(item)
        size = self.window.size()
        if not (0 <= pos.x() < size.width() and 0 <= pos.y() < size.height()):
            raise UiError(f"{item.objectName()!r} is outside the window at {pos}")
        QTest.mouseClick(self.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        self.settle(self.click_settle_ms)

    def type_keys(self, keys: str) -> None:
        """Type on the on-screen keyboard, key by key, as a finger would."""
        for ch in keys:
            self.click("key_space" if ch == " " else f"key_{_SYMBOL_KEYS.get(ch, ch)}")

    def grab(self, path: str | Path) -> Path:
        self.settle(50)
        image = self.window.grabWindow()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(path)):
            raise UiError(f"could not save {path}")
        return path

    def read_codes(self) -> list[str]:
        """Decode every QR code visible in the window, as a phone camera would."""
        import zxingcpp  # test-only dependency
        from PySide6.QtGui import QImage

        self.settle(50)
        img = self.window.grabWindow().convertToFormat(QImage.Format.Format_Grayscale8)
        w, h, stride = img.width(), img.height(), img.bytesPerLine()
        raw = bytes(img.constBits())[: stride * h]
        rows = b"".join(raw[y * stride: y * stride + w] for y in range(h))
        return [r.text for r in zxingcpp.read_barcodes(memoryview(rows).cast("B", (h, w)))]

    def close(self) -> None:
        self.ctx.shutdown()
        self.window.close()
        self.window.deleteLater()
        self.engine.deleteLater()
        self.settle(20)
