"""The lookup task clicked through the real QML, offscreen, as a citizen would.

Every click is a mouse click on the window at the item's position; text is typed on
the kiosk's own keyboard. A QML warning fails the test (qt_log_level_fail in pyproject).
"""

import pytest

from kiosk.app import KioskApp
from kiosk.config import Config
from ui.driver import UiDriver
from ui.tour import ManualClock

pytestmark = pytest.mark.ui

IDLE, COUNTDOWN = 60, 10


@pytest.fixture
def clock():
    return ManualClock()


def build_app(tmp_path, clock, **overrides):
    cfg = Config().with_overrides(
        paths={"data_dir": str(tmp_path)},
        # A closed port: these tests run on the offline catalog alone.
        portal={"url": "http://127.0.0.1:9", "connect_timeout": 0.2, "read_timeout": 0.2},
        session={"idle_timeout": IDLE, "countdown": COUNTDOWN},
        **overrides,
    )
    app = KioskApp.build(cfg, clock=clock)
    app.catalog.ensure_seeded()
    app.catalog.warm_up()
    return app


@pytest.fixture
def kiosk_app(tmp_path, clock):
    app = build_app(tmp_path, clock)
    yield app
    app.stop()


@pytest.fixture(params=[(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"])
def ui(qapp, kiosk_app, request):
    driver = UiDriver(kiosk_app, size=request.param, ward_name="Phường Hoàn Kiếm")
    yield driver
    driver.close()


def result_codes(ui):
    model = ui.catalog.results
    role = next(k for k, v in model.roleNames().items() if bytes(v) == b"code")
    return [model.data(model.index(i, 0), role) for i in range(model.rowCount())]


def text_of(ui, name):
    return ui.find(name).property("text")


def test_lookup_start_search_detail_timeout_start(ui, kiosk_app, clock):
    assert ui.kiosk.screen == "start"
    ui.click("langVi")
    assert "Tra cứu thủ tục" in ui.find("tileLookup").property("text")
    ui.click("tileLookup")
    assert ui.kiosk.screen == "search"

    # Telex on the on-screen keyboard: dd -> đ, aw -> ă, s -> sắc.
    ui.type_keys("ddawng kys khai sinh")
    assert text_of(ui, "searchField") == "đăng ký khai sinh"
    ui.wait_search()
    codes = result_codes(ui)
    assert codes[0] == "1.001193"  # Thủ tục đăng ký khai sinh, best first
    assert ui.exists("result_0")

    ui.click("result_0")
    assert ui.kiosk.screen == "detail"
    assert text_of(ui, "procedureName") == "Thủ tục đăng ký khai sinh"
    assert ui.exists("documentsSection") and ui.exists("feesSection")
    assert not ui.exists("noDetailNotice")
    # The QR on screen opens the procedure's page: decode it as a phone would.
    ui.wait_until(lambda: ui.find("procedureQr").property("paintedWidth") > 0, 3, "the QR")
    ui.find("detailFlick").setProperty("contentY", ui.find("qrPanel").property("y"))
    codes_on_screen = ui.read_codes()
    assert any(c.endswith("1.001193") and c.startswith("https://") for c in codes_on_screen), codes_on_screen

    # Nobody touches it: the countdown appears, then the kiosk starts over.
    clock.now += IDLE + 0.5
    ui.wait_until(lambda: ui.kiosk.idlePhase == "countdown", 3, "the countdown")
    assert ui.exists("timeoutOverlay")
    assert text_of(ui, "timeoutQuestion") == "Bạn còn cần thêm thời gian?"
    clock.now += COUNTDOWN
    ui.wait_until(lambda: ui.kiosk.screen == "start", 3, "the start screen")
    assert not ui.exists("timeoutOverlay")

    # Everything typed is gone: in the core, in the bridge, and on a fresh search screen.
    assert kiosk_app.session.keys() == []
    assert kiosk_app.navigator.current.state == {}
    assert ui.catalog.query == "" and ui.catalog.total == 0
    ui.click("tileLookup")
    assert text_of(ui, "searchField") == ""
    assert ui.kiosk.textInput("search").property("text") == ""
    assert "thường gặp" in text_of(ui, "resultSummary")  # suggestions, not old results


def test_back_from_a_procedure_keeps_the_query(ui):
    ui.click("tileLookup")
    ui.type_keys("keets hoon")
    ui.wait_search()
    assert text_of(ui, "searchField") == "kết hôn"
    first = result_codes(ui)[0]
    assert first == "1.000894"  # Thủ tục đăng ký kết hôn
    ui.click("result_0")
    ui.click("backButton")
    assert ui.kiosk.screen == "search"
    ui.wait_search()
    assert text_of(ui, "searchField") == "kết hôn"
    assert result_codes(ui)[0] == first


def test_back_to_the_start_screen_forgets_the_query(ui):
    """The start screen is where the next person begins: Back there ends the visit."""
    ui.click("tileLookup")
    ui.type_keys("ly hoon")
    ui.wait_search()
    ui.click("backButton")
    assert ui.kiosk.screen == "start"
    assert ui.kiosk.textInput("search").property("text") == ""
    ui.click("tileLookup")
    assert text_of(ui, "searchField") == ""


def test_typo_and_filters(ui):
    ui.click("tileLookup")
    ui.type_keys("khia sinh")
    ui.wait_search()
    assert "1.001193" in result_codes(ui)[:3]
    total = ui.catalog.total
    ui.click("level_tinh")
    ui.wait_search()
    assert 0 < ui.catalog.total < total
    assert ui.catalog.level == "tinh"
    ui.click("levelAll")
    ui.wait_search()
    assert ui.catalog.total == total
    ui.click("fieldFilter")
    assert ui.exists("fieldPicker")
    ui.click("field_0")  # the field with most matches
    assert not ui.exists("fieldPicker")
    ui.wait_search()
    assert ui.catalog.field != "" and 0 < ui.catalog.total <= total


def test_a_touch_or_more_time_keeps_the_session(ui, clock):
    ui.click("tileLookup")
    ui.type_keys("ho")
    clock.now += IDLE - 1
    ui.click("key_i")  # any key press is activity
    clock.now += 2
    ui.settle(400)
    assert ui.kiosk.idlePhase == "active"
    clock.now += IDLE + 1
    ui.wait_until(lambda: ui.kiosk.idlePhase == "countdown", 3, "the countdown")
    ui.click("moreTimeButton")
    ui.wait_until(lambda: ui.kiosk.idlePhase == "active", 3, "the countdown to close")
    assert ui.kiosk.screen == "search"
    assert text_of(ui, "searchField") == "hoi"


def test_end_session_button_and_home_wipe(ui, clock):
    ui.click("tileLookup")
    ui.type_keys("ho")
    clock.now += IDLE + 1
    ui.wait_until(lambda: ui.kiosk.idlePhase == "countdown", 3, "the countdown")
    ui.click("endSessionButton")
    assert ui.kiosk.screen == "start"
    ui.click("tileLookup")
    assert text_of(ui, "searchField") == ""
    ui.type_keys("ho")
    ui.click("homeButton")
    assert ui.kiosk.screen == "start"
    ui.click("tileLookup")
    assert text_of(ui, "searchField") == ""


def test_english_then_timeout_returns_to_vietnamese(ui, clock):
    ui.click("langEn")
    assert ui.find("tileLookup").property("text") == "Look up a procedure"
    ui.click("tileLookup")
    assert ui.find("key_tone_sac") is not None
    assert not ui.exists("key_tone_sac")  # no Vietnamese tone row in English
    ui.type_keys("dd")
    assert text_of(ui, "searchField") == "dd"  # no Telex in English
    clock.now += IDLE + COUNTDOWN + 1
    ui.wait_until(lambda: ui.kiosk.screen == "start", 3, "the start screen")
    assert ui.kiosk.language == "vi"
    assert "Tra cứu thủ tục" in ui.find("tileLookup").property("text")


def test_procedure_without_detail_says_so(ui):
    ui.click("tileLookup")
    ui.kiosk.openProcedure("1.116910")  # in the catalog by name only
    ui.settle(50)
    assert ui.exists("noDetailNotice")
    assert not ui.exists("feesSection") and not ui.exists("documentsSection")
    assert ui.exists("procedureQr")  # where to read the rest


def test_touch_targets_are_at_least_15_mm(ui):
    """Every button, key and result row on the main screens is at least 15 mm high."""
    min_px = ui.find("tileLookup").property("height")
    assert min_px > 0
    theme_min = 15 * 3.6  # Theme's default pixels per mm on a 24-inch 1080p panel

    def check_screen():
        small = []
        stack = [ui.window.contentItem()]
        while stack:
            item = stack.pop()
            stack.extend(item.childItems())
            cls = item.metaObject().className()
            if item.isVisible() and cls.startswith(("BigButton", "KeyButton", "ResultRow")):
                if item.height() < theme_min or item.width() < theme_min:
                    small.append((item.objectName(), item.width(), item.height()))
        assert not small, small

    check_screen()
    ui.click("tileLookup")
    ui.type_keys("ho")
    ui.wait_search()
    check_screen()
    ui.click("result_0")
    check_screen()


def test_offline_banner_says_why_and_how_old(qapp, tmp_path, clock):
    app = build_app(tmp_path, clock)
    try:
        from kiosk.portal.errors import PortalError

        with pytest.raises(PortalError):
            app.catalog.refresh()  # the portal is a closed port
        driver = UiDriver(app)
        try:
            driver.catalog._on_status(app.catalog.status())
            driver.settle(50)
            text = driver.find("catalogFreshness").property("text")
            assert "không kết nối được Cổng dịch vụ công" in text
            assert "1351 thủ tục" in text
        finally:
            driver.close()
    finally:
        app.stop()
