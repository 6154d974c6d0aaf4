"""Screens that must fit and say the right thing in both orientations, both languages and
with larger text: the start screen, the keyboard's tone keys, money, the procedure page
next to its submit button, the idle countdown. Real QML, offscreen, clicked as a citizen
would; a QML warning fails the test."""

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPointF, QTranslator, QUrl
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickItem, QQuickWindow

from kiosk.app import KioskApp
from kiosk.config import Config
from ui.driver import UiDriver
from ui.tour import UNDETAILED, ManualClock

pytestmark = pytest.mark.ui

ROOT = Path(__file__).resolve().parents[1]
QML_DIR = ROOT / "ui" / "qml"
IDLE, COUNTDOWN = 60, 20
LANDSCAPE, PORTRAIT = (1920, 1080), (1080, 1920)
START_ITEMS = ("langVi", "langEn", "largeTextSwitch", "tileLookup", "tileIdentify",
               "tileStatus", "catalogFreshness", "staffButton")


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def kiosk_app(tmp_path, clock):
    from kiosk.staff import hash_pin

    cfg = Config().with_overrides(
        paths={"data_dir": str(tmp_path)},
        # No portal URL: the in-process simulator, so the kiosk can take dossiers online
        # (the submit button) without any network.
        portal={"url": "", "connect_timeout": 0.2, "read_timeout": 0.2},
        devices={"card_reader": "none", "printer": "none"},
        session={"idle_timeout": IDLE, "countdown": COUNTDOWN},
        staff={"pin_hash": hash_pin("975310", iterations=1000)},
    )
    app = KioskApp.build(cfg, clock=clock)
    app.catalog.ensure_seeded()
    app.catalog.warm_up()
    yield app
    app.stop()


@pytest.fixture
def open_ui(qapp, kiosk_app):
    made = []

    def make(size, lang="vi", large=False) -> UiDriver:
        ui = UiDriver(kiosk_app, size=size, ward_name="Phường Hoàn Kiếm")
        made.append(ui)
        ui.kiosk.setLanguage(lang)
        ui.kiosk.setLargeText(large)
        ui.settle(60)
        return ui

    yield make
    for ui in made:
        ui.close()


def scene_rect(item: QQuickItem) -> tuple[float, float, float, float]:
    p = item.mapToScene(QPointF(0, 0))
    return p.x(), p.y(), p.x() + item.width(), p.y() + item.height()


def inside_window(ui: UiDriver, name: str) -> bool:
    x0, y0, x1, y1 = scene_rect(ui.find(name))
    w, h = ui.window.width(), ui.window.height()
    return x0 >= 0 and y0 >= 0 and x1 <= w + 0.5 and y1 <= h + 0.5


def in_view(ui: UiDriver, name: str) -> bool:
    """Wholly inside the start page's scrolling viewport (which clips the rest)."""
    x0, y0, x1, y1 = scene_rect(ui.find(name))
    f0, g0, f1, g1 = scene_rect(ui.find("startFlick"))
    return x0 >= f0 - 0.5 and y0 >= g0 - 0.5 and x1 <= f1 + 0.5 and y1 <= g1 + 0.5


def texts_under(item: QQuickItem) -> list[str]:
    out, stack = [], [item]
    while stack:
        it = stack.pop()
        if it.isVisible() and isinstance(it.property("text"), str) and it.property("text"):
            out.append(it.property("text"))
        stack.extend(it.childItems())
    return out


# -- start screen ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_start_screen_shows_every_tile_and_the_staff_button(open_ui, size, large, lang):
    ui = open_ui(size, lang, large)
    for name in START_ITEMS:
        assert ui.exists(name), name
        assert inside_window(ui, name), f"{name} at {scene_rect(ui.find(name))} in {size}"
    if size == LANDSCAPE:
        # One row of tiles: the third one is not pushed under the other two.
        tops = {round(scene_rect(ui.find(n))[1]) for n in ("tileLookup", "tileIdentify", "tileStatus")}
        assert len(tops) == 1, tops
    # Nothing to scroll when it all fits.
    flick = ui.find("startFlick")
    assert flick.property("contentHeight") <= flick.height() + 0.5


def test_start_screen_scrolls_when_it_cannot_fit(open_ui):
    # A small panel with larger text: more than one screenful, so the page scrolls and
    # the staff button is reached by scrolling instead of being lost below the window.
    ui = open_ui((800, 480), "vi", large=True)
    flick = ui.find("startFlick")
    assert flick.property("contentHeight") > flick.height() + 50
    assert not in_view(ui, "staffButton")
    flick.setProperty("contentY", flick.property("contentHeight") - flick.height())
    ui.settle(30)
    assert in_view(ui, "staffButton")
    ui.click("staffButton")
    assert ui.exists("staffPinDialog")


# -- what screens say ---------------------------------------------------------------------------


def test_money_is_grouped_the_way_each_language_writes_it(open_ui):
    import re

    ui = open_ui(LANDSCAPE, "en")
    ui.kiosk.startLookup()
    ui.kiosk.openProcedure("1.116789")  # temporary residence: fees of 7,000 to 15,000 VND
    ui.settle(60)
    # The kiosk's own fee lines ("• 10,000 VND (in person)"); the catalog's notes quoted
    # under them are Vietnamese text and keep their dots.
    amounts = re.findall(r"• ([\d.,]+) VND", " ".join(texts_under(ui.find("feesSection"))))
    assert amounts and all("," in a and "." not in a for a in amounts), amounts
    ui.kiosk.setLanguage("vi")
    ui.settle(60)
    amounts = re.findall(r"• ([\d.,]+) đồng", " ".join(texts_under(ui.find("feesSection"))))
    assert amounts and all("." in a and "," not in a for a in amounts), amounts


def test_procedure_page_does_not_contradict_its_submit_button(open_ui):
    ui = open_ui(PORTRAIT, "en")
    ui.kiosk.startLookup()
    ui.kiosk.openProcedure("1.116789")  # the kiosk has its form; the catalog states no level
    ui.settle(60)
    assert ui.exists("submitOnline")
    assert ui.find("onlineLevel").property("text") == "Yes, at this kiosk"
    assert "does not say" not in ui.find("onlineExplanation").property("text")
    # A procedure the kiosk cannot take keeps the catalog's honest "not stated".
    ui.kiosk.back()
    ui.kiosk.openProcedure(UNDETAILED)
    ui.settle(60)
    assert ui.find("procedureName").property("text") != "Đăng ký tạm trú"
    assert not ui.exists("submitOnline")
    assert ui.find("onlineLevel").property("text") != "Yes, at this kiosk"


def test_countdown_needs_no_plural_guess(open_ui, clock):
    ui = open_ui(LANDSCAPE, "en")
    ui.click("tileLookup")
    clock.now += IDLE + 0.5
    ui.wait_until(lambda: ui.kiosk.idlePhase == "countdown", 3, "the countdown")
    text = ui.find("timeoutExplanation").property("text")
    assert text and "(s)" not in text
    assert str(ui.find("timeoutSeconds").property("text")).isdigit()
    ui.click("moreTimeButton")


# -- keyboard tone keys -------------------------------------------------------------------------

HARNESS = """
import QtQuick
import Kiosk
import KioskCore

Window {
    width: 1920
    height: 1080
    visible: true
    Component.onCompleted: { Theme.shortSide = 1080; Theme.largeText = %(large)s }
    TelexInput { id: input }
    // Half the landscape window, as beside a form.
    Item {
        width: %(width)d
        height: parent.height
        OnScreenKeyboard {
            objectName: "keyboard"
            anchors.bottom: parent.bottom
            target: input
            language: "vi"
        }
    }
}
"""


@pytest.fixture
def vi_translator(qapp):
    tr = QTranslator()
    assert tr.load(str(ROOT / "ui" / "i18n" / "kiosk_vi.qm"))
    QCoreApplication.installTranslator(tr)
    yield
    QCoreApplication.removeTranslator(tr)


@pytest.mark.parametrize("large", ["false", "true"])
@pytest.mark.parametrize("width", [900, 1200])
def test_tone_key_captions_are_whole_in_landscape(qtbot, tmp_path, vi_translator, large, width):
    import ui.engine  # noqa: F401  registers KioskCore (TelexInput)

    engine = QQmlApplicationEngine()
    engine.addImportPath(str(QML_DIR))
    engine.loadData((HARNESS % {"large": large, "width": width}).encode(),
                    QUrl.fromLocalFile(str(tmp_path / "harness.qml")))
    window = engine.rootObjects()[0]
    assert isinstance(window, QQuickWindow)
    qtbot.waitUntil(window.isExposed, timeout=5000)
    try:
        keys, stack = [], [window.contentItem()]
        while stack:  # the visual tree: Repeater delegates are not QObject children
            it = stack.pop()
            if it.objectName().startswith("key_tone_"):
                keys.append(it)
            stack.extend(it.childItems())
        assert len(keys) == 6
        captions = []
        for key in keys:
            caption = key.property("caption")
            texts, stack = [], [key]
            while stack:
                it = stack.pop()
                if it is not key and it.property("text") == caption:
                    texts.append(it)
                stack.extend(it.childItems())
            assert len(texts) == 1, key.objectName()
            t = texts[0]
            captions.append(caption)
            assert t.property("paintedWidth") <= t.width() + 0.5, (caption, t.width())
            assert not t.property("truncated"), caption
            assert t.property("font").pixelSize() >= 10, caption
        assert "huyền" in captions and "nặng" in captions  # the translated tone names
    finally:
        window.close()
        engine.deleteLater()


# -- the portal's Vietnamese notes on an English status page -----------------------------------


def test_status_notes_in_vietnamese_are_labelled_on_english_screens(qapp, tmp_path):
    from kiosk.dossier.codes import receipt_qr_payload
    from kiosk.portal.simulator import PortalSimulator
    from ui.bridges.scan_bridge import ScanBridge
    from ui.bridges.status_bridge import StatusBridge

    with PortalSimulator(step_seconds=3600.0) as sim:
        code = next(c for c in sim.dossiers.codes() if sim.dossiers.status(c)["TrangThaiHoSo"] == 4)
        cfg = Config().with_overrides(
            paths={"data_dir": str(tmp_path / "data")},
            portal={"url": sim.url, "connect_timeout": 0.5, "read_timeout": 3.0},
            devices={"card_reader": "none", "qr_scanner": "sim://", "printer": "none"},
        )
        app = KioskApp.build(cfg, clock=ManualClock())
        app.catalog.ensure_seeded()
        app.scanner.start()
        ui = UiDriver(app, size=LANDSCAPE, ward_name="Phường Hoàn Kiếm")
        try:
            ui.click("langEn")
            scanner, st = ui.ctx.singleton(ScanBridge), ui.ctx.singleton(StatusBridge)
            before = scanner.last_arrival
            app.scanner.port.scan(receipt_qr_payload(code, cfg.outbox.lookup_url))
            ui.wait_until(lambda: scanner.last_arrival is not before, 8, "the scan")
            ui.wait_until(lambda: ui.kiosk.screen == "status_view" and st.state == "shown", 8,
                          "the status")
            ui.settle(60)

            def notes():
                out, i = [], 0
                while ui.exists(f"statusStep_{i}"):
                    step = ui.find(f"statusStep_{i}")
                    if step.property("step").get("note"):
                        label = [t for t in step.findChildren(QQuickItem)
                                 if t.objectName() == "statusStepNoteLanguage"]
                        out.append(bool(label) and label[0].isVisible()
                                   and "in Vietnamese" in label[0].property("text"))
                    i += 1
                return out

            labelled = notes()
            assert labelled and all(labelled), labelled
            ui.kiosk.setLanguage("vi")
            ui.settle(60)
            shown = notes()
            assert shown and not any(shown), "Vietnamese readers need no such label"
            assert ui.find("statusStepNoteLanguage").property("visible") is False
        finally:
            ui.close()
            app.stop()
