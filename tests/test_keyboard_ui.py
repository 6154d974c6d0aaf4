"""The on-screen keyboard, real QML offscreen: keys are clicked where they are drawn."""

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QUrl
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest

from ui.bridges.text_input import TelexInput  # registers KioskCore.TelexInput

pytestmark = pytest.mark.ui

QML_DIR = Path(__file__).resolve().parents[1] / "ui" / "qml"

HARNESS = """
import QtQuick
import Kiosk
import KioskCore

Window {
    id: win
    width: %(width)d
    height: %(height)d
    visible: true
    property int acceptedCount: 0
    property int activityCount: 0
    property int toggleCount: 0
    property int frames: 0
    onFrameSwapped: frames++
    readonly property int touch: Theme.touch

    Component.onCompleted: Theme.shortSide = Math.min(width, height)

    TelexInput { id: input; objectName: "input" }
    Text { objectName: "echo"; text: input ? input.text : "" }

    OnScreenKeyboard {
        id: keyboard
        objectName: "keyboard"
        anchors.bottom: parent.bottom
        target: input
        language: "%(language)s"
        onAccepted: win.acceptedCount++
        onActivity: win.activityCount++
        onLanguageToggleRequested: win.toggleCount++
    }
}
"""


class Kiosk:
    """A loaded harness: the window, the TelexInput and key clicking helpers."""

    def __init__(self, qtbot, engine: QQmlApplicationEngine, window: QQuickWindow):
        self.qtbot = qtbot
        self.engine = engine
        self.window = window

    @property
    def input(self) -> TelexInput:
        return self.window.findChild(TelexInput, "input")

    @property
    def keyboard(self) -> QQuickItem:
        return self.window.findChild(QQuickItem, "keyboard")

    @property
    def text(self) -> str:
        return self.input.property("text")

    def settle(self) -> None:
        """Wait for the next frame, so pending layout has run.

        Row and Column place their children on polish, just before a frame; clicking
        before that (right after loading or a layout switch) would hit where the keys
        were, not where they are. The harness counts frames itself: PySide6 6.12.0 on
        Python 3.11 loses a reference to True on each signal connect (qtbot.waitSignal)
        and to None in QQuickItem.ensurePolished, enough to abort the test process.
        """
        before = self.window.property("frames")
        self.window.update()
        self.qtbot.waitUntil(lambda: self.window.property("frames") > before, timeout=2000)

    def keys(self) -> dict[str, QQuickItem]:
        """Visible items named key_*, walking the item tree (Repeater delegates too)."""
        self.settle()
        found: dict[str, QQuickItem] = {}
        stack = [self.window.contentItem()]
        while stack:
            item = stack.pop()
            name = item.objectName()
            if name.startswith("key_") and item.isVisible():
                assert name not in found, f"two visible keys named {name}"
                found[name] = item
            stack.extend(item.childItems())
        return found

    def key(self, name: str) -> QQuickItem:
        keys = self.keys()
        assert name in keys, f"no visible {name}"
        return keys[name]

    def centre(self, name: str) -> QPoint:
        item = self.key(name)
        return item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()

    def click(self, *names: str) -> None:
        for name in names:
            QTest.mouseClick(self.window, Qt.LeftButton, Qt.NoModifier, self.centre(name))

    def type(self, keys: str) -> None:
        for ch in keys:
            self.click("key_space" if ch == " " else f"key_{ch.lower()}")


@pytest.fixture
def make_kiosk(qtbot, tmp_path):
    made = []

    def make(width=1080, height=1920, language="vi") -> Kiosk:
        engine = QQmlApplicationEngine()
        engine.addImportPath(str(QML_DIR))
        source = HARNESS % {"width": width, "height": height, "language": language}
        engine.loadData(source.encode(), QUrl.fromLocalFile(str(tmp_path / "harness.qml")))
        roots = engine.rootObjects()
        assert roots, "the harness did not load"
        window = roots[0]
        assert isinstance(window, QQuickWindow)
        qtbot.waitUntil(window.isExposed, timeout=5000)
        kiosk = Kiosk(qtbot, engine, window)
        made.append(kiosk)
        return kiosk

    yield make
    for kiosk in made:
        kiosk.window.close()
        kiosk.engine.deleteLater()


def test_types_vietnamese_with_telex(make_kiosk):
    k = make_kiosk()
    k.type("ddawng kys")
    assert k.text == "đăng ký"
    k.type(" khai sinh")
    assert k.text == "đăng ký khai sinh"
    echo = k.window.findChild(QQuickItem, "echo")
    assert echo.property("text") == "đăng ký khai sinh", "a bound field follows the input"


def test_every_press_reports_activity(make_kiosk):
    k = make_kiosk()
    k.type("ab")
    k.click("key_tone_sac", "key_backspace", "key_mode_numbers", "key_mode_letters")
    k.click("key_shift", "key_space", "key_language", "key_done")
    assert k.window.property("activityCount") == 10


def test_tone_and_mark_buttons(make_kiosk):
    k = make_kiosk()
    k.type("hoa")
    k.click("key_tone_huyen")
    assert k.text == "hòa"
    k.click("key_tone_nga")
    assert k.text == "hõa"
    k.click("key_tone_none")
    assert k.text == "hoa"
    k.click("key_backspace", "key_backspace", "key_backspace")
    k.type("nguoi")
    k.click("key_mark_horn", "key_tone_huyen")
    assert k.text == "người"
    k.type(" dan")
    k.click("key_mark_stroke")
    assert k.text == "người đan"
    k.click("key_mark_circumflex")
    assert k.text == "người đân"
    k.click("key_mark_breve")
    assert k.text == "người đăn"


def test_backspace_removes_a_whole_letter_and_repeats_when_held(make_kiosk, qtbot):
    k = make_kiosk()
    k.type("nguoiwf")
    assert k.text == "người"
    k.click("key_backspace")
    assert k.text == "ngườ"
    k.click("key_backspace")
    assert k.text == "ngư"

    k.input.setText("một hai ba bốn năm")
    point = k.centre("key_backspace")
    QTest.mousePress(k.window, Qt.LeftButton, Qt.NoModifier, point)
    qtbot.waitUntil(lambda: len(k.text) <= 10, timeout=3000)
    QTest.mouseRelease(k.window, Qt.LeftButton, Qt.NoModifier, point)
    length = len(k.text)
    qtbot.wait(300)
    assert len(k.text) == length, "backspace kept repeating after release"


def test_a_slow_press_still_types(make_kiosk, qtbot):
    k = make_kiosk()
    point = k.centre("key_h")
    QTest.mousePress(k.window, Qt.LeftButton, Qt.NoModifier, point)
    qtbot.wait(1500)
    QTest.mouseRelease(k.window, Qt.LeftButton, Qt.NoModifier, point)
    assert k.text == "h"


def test_numbers_layout(make_kiosk):
    k = make_kiosk()
    assert "key_1" not in k.keys()
    k.click("key_mode_numbers")
    keys = k.keys()
    for name in (
        "key_0",
        "key_9",
        "key_period",
        "key_minus",
        "key_slash",
        "key_comma",
        "key_colon",
        "key_mode_letters",
        "key_backspace",
        "key_space",
        "key_done",
    ):
        assert name in keys
    assert "key_a" not in keys
    k.click("key_1", "key_2", "key_slash", "key_3", "key_comma", "key_colon", "key_minus")
    k.click("key_period")
    assert k.text == "12/3,:-."
    k.click("key_mode_letters")
    k.type("a")
    assert k.text == "12/3,:-.a"


def test_english_types_plain_letters(make_kiosk):
    k = make_kiosk()
    assert k.input.property("mode") == "vi"
    assert "key_tone_sac" in k.keys()
    k.click("key_language")
    assert k.keyboard.property("language") == "en"
    assert k.input.property("mode") == "en"
    assert k.window.property("toggleCount") == 1
    assert "key_tone_sac" not in k.keys(), "the Vietnamese helpers are hidden in English"
    k.type("ddawng kys")
    assert k.text == "ddawng kys"
    k.click("key_language")
    assert k.input.property("mode") == "vi"
    k.type(" hoaf")
    assert k.text == "ddawng kys hòa"


def test_keyboard_starting_in_english(make_kiosk):
    k = make_kiosk(language="en")
    assert k.input.property("mode") == "en"
    k.type("hoaf")
    assert k.text == "hoaf"


def test_shift_and_caps_lock(make_kiosk):
    k = make_kiosk()
    k.click("key_shift")
    k.type("haf")
    assert k.text == "Hà", "shift applies to one letter only"
    k.click("key_space", "key_shift", "key_shift")
    k.type("nooij")
    assert k.text == "Hà NỘI"
    k.click("key_shift")
    k.type("a")
    assert k.text == "Hà NỘIa"


def test_done_emits_accepted(make_kiosk):
    k = make_kiosk()
    k.click("key_done")
    assert k.window.property("acceptedCount") == 1


def test_max_length_refuses_keys(make_kiosk):
    k = make_kiosk()
    k.input.setProperty("maxLength", 3)
    k.type("abcd")
    assert k.text == "abc"
    k.input.setText("")
    k.type("hoaf")
    assert k.text == "hòa", "a tone does not lengthen the text"


@pytest.mark.parametrize(("width", "height"), [(1080, 1920), (1920, 1080)])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_keys_are_large_and_fit_the_window(make_kiosk, width, height, language):
    k = make_kiosk(width, height, language)
    touch = k.window.property("touch")
    for layout in ("letters", "numbers"):
        k.keyboard.setProperty("layout", layout)
        keys = k.keys()
        assert len(keys) >= 30
        for name, item in keys.items():
            top_left = item.mapToScene(QPointF(0, 0))
            assert item.height() >= touch, name
            assert top_left.x() >= 0, name
            assert top_left.x() + item.width() <= width, name
            assert top_left.y() + item.height() <= height, name
            if width > height:
                assert item.width() >= 0.8 * touch, name
            else:
                assert item.width() >= 0.7 * touch, name
    assert k.keyboard.width() == width


# ------------------------------------------------------------------ TelexInput alone


def test_key_presses_do_not_leak_references_to_true(qtbot):
    # Guards the emit work-around in TelexInput: PySide6 6.12.0's Signal.emit() drops
    # a reference to True per call on Python 3.11, aborting the process after a few
    # hundred key presses.
    box = TelexInput()
    box.textChanged.connect(lambda: None)
    before = sys.getrefcount(True)
    for _ in range(200):
        box.press("a")
        box.backspace()
    assert sys.getrefcount(True) > before - 50


def test_telex_input_without_qml(qtbot):
    box = TelexInput()
    changes = []
    box.textChanged.connect(lambda: changes.append(box.property("text")))
    for key in "tieengs":
        box.press(key)
    assert box.property("text") == "tiếng"
    box.space()
    box.press("V")
    box.applyMark("circumflex")  # nothing to put it on: unchanged
    assert box.property("text") == "tiếng V"
    box.applyTone("bogus")  # unknown names from QML are ignored, not raised
    box.applyMark("bogus")
    box.clear()
    assert box.property("text") == ""
    box.setProperty("mode", "klingon")
    assert box.property("mode") == "vi"
    box.setText("Ha\u0300 Nô\u0323i")  # decomposed: stored NFC
    assert box.property("text") == "Hà Nội"
    box.setProperty("maxLength", 2)
    assert box.property("text") == "Hà"
    box.setProperty("text", "xyz")
    assert box.property("text") == "xy"
    assert changes[-1] == "xy"
    refused = []
    box.rejected.connect(lambda: refused.append(True))
    box.press("z")
    box.space()
    assert box.property("text") == "xy"
    assert len(refused) == 2
