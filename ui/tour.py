"""`kiosk tour`: every screen, both languages, portrait and landscape, as PNG files.

Runs on the bundled catalog in a throw-away data directory, with a hand-driven clock
for the idle countdown, so the gallery is the same on every machine.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from kiosk.app import KioskApp
from kiosk.config import Config
from kiosk.units import ward_label
from ui.driver import UiDriver

# A procedure the catalog describes in full, and one it only names.
DETAILED = "1.001193"  # đăng ký khai sinh
UNDETAILED = "1.116910"


class ManualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def run_tour(cfg: Config, out_dir: str | Path, sizes: list[tuple[int, int]]) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    QGuiApplication.instance() or QGuiApplication([])
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-tour-") as tmp:
        cfg = cfg.with_overrides(paths={"data_dir": tmp}, portal={"url": "http://127.0.0.1:9"})
        for lang in ("vi", "en"):
            for size in sizes:
                written += _tour_one(cfg, out, lang, size)
                written += _tour_submit(cfg, out, lang, size)  # submit flow
                written += _tour_status(cfg, out, lang, size)  # status flow
    return written


def _tour_submit(cfg: Config, out: Path, lang: str, size: tuple[int, int]) -> list[Path]:
    """Submit flow: form, consent, delivery, review, payment QR and receipt, with the
    in-process portal simulator (its bank) and the printer simulator; the specimen
    card's holder stands in for a citizen identified by the chip."""
    from datetime import date

    from kiosk.app import make_printer
    from kiosk.identity.model import Identity, Provenance, Sex
    from kiosk.identity.service import IDENTITY_KEY
    from ui.bridges.submit_bridge import SubmitBridge

    cfg = cfg.with_overrides(kiosk={"language": lang}, portal={"url": ""},
                             devices={"card_reader": "none", "printer": "sim://"})
    app = KioskApp.build(cfg, clock=ManualClock())
    app.catalog.ensure_seeded()
    app.simulator.start()
    app.printer = make_printer(cfg).start()
    ui = UiDriver(app, size=size, ward_name=ward_label(cfg.kiosk.ward))
    orient = "portrait" if size[1] >= size[0] else "landscape"
    written: list[Path] = []

    def shot(name: str) -> None:
        written.append(ui.grab(out / f"{lang}-{orient}-{name}.png"))

    try:
        submit = ui.ctx.singleton(SubmitBridge)
        submit.begin("1.116789")
        app.session.set(IDENTITY_KEY, Identity.from_source(
            Provenance.CHIP_VERIFIED, id_number="001190012345", full_name="Nguyễn Thị Mẫu",
            date_of_birth=date(1990, 3, 15), sex=Sex.FEMALE,
            residence="Số 1 Phố Mẫu, Phường Hoàn Kiếm, Thành phố Hà Nội"))
        app.navigator.go("identify_reading")  # as the chip read would
        app.navigator.go("identify_confirm", replace=True, identified=True)
        submit.continueToForm()
        ui.kiosk.textInput("form_phone").setText("09123")
        submit.formNext()  # the problems, each next to its field
        ui.settle(100)
        shot("09-submit-form")
        ui.kiosk.textInput("form_phone").setText("0912345678")
        ui.kiosk.textInput("form_address").setText("12 Hàng Bạc")
        ui.kiosk.textInput("form_duration_months").setText("6")
        for field, value in (("unit", "00070"), ("housing_basis", "so_huu"),
                             ("is_household_head", "co"), ("declare_true", "true")):
            submit.setValue(field, value)
        submit.formNext()
        ui.settle(100)
        shot("10-submit-consent")
        submit.agree()
        submit.chooseDelivery("truc_tiep")
        ui.settle(50)
        shot("11-submit-delivery")
        submit.deliveryNext()
        ui.settle(100)
        shot("12-submit-review")
        submit.submit()
        ui.wait_until(lambda: submit.payState == "ready", 15, "the payment QR")
        shot("13-submit-payment")
        app.simulator.dossiers.bank_callback({"bill_number": submit.reference,
                                              "amount": submit.payAmount})
        ui.wait_until(lambda: submit.printState == "printed", 20, "the receipt")
        shot("14-submit-receipt")
    finally:
        ui.close()
        app.stop()
    return written


def _tour_one(cfg: Config, out: Path, lang: str, size: tuple[int, int]) -> list[Path]:
    clock = ManualClock()
    app = KioskApp.build(cfg.with_overrides(kiosk={"language": lang}), clock=clock)
    app.catalog.ensure_seeded()
    app.catalog.warm_up()
    ui = UiDriver(app, size=size, ward_name=ward_label(cfg.kiosk.ward))
    orient = "portrait" if size[1] >= size[0] else "landscape"
    written: list[Path] = []

    def shot(name: str) -> None:
        written.append(ui.grab(out / f"{lang}-{orient}-{name}.png"))

    try:
        shot("01-start")
        ui.click("tileLookup")
        ui.wait_search()
        shot("02-search-suggestions")
        ui.type_keys("dang ky khai sinh" if lang == "en" else "ddawng kys khai sinh")
        ui.wait_search()
        shot("03-search-results")
        ui.click("fieldFilter")
        shot("04-field-filter")
        ui.click("fieldPickerClose")
        ui.kiosk.openProcedure(DETAILED)
        ui.settle(100)
        shot("05-procedure-detail")
        ui.kiosk.back()
        ui.kiosk.openProcedure(UNDETAILED)
        ui.settle(100)
        shot("06-procedure-without-detail")
        clock.now += cfg.session.idle_timeout + 1
        ui.wait_until(lambda: ui.kiosk.idlePhase == "countdown", 3, "the countdown")
        shot("07-timeout-countdown")
        ui.kiosk.home()
        ui.settle(50)
        ui.click("tileIdentify")
        shot("08-identify")
    finally:
        ui.close()
        app.stop()
    return written


def _tour_status(cfg: Config, out: Path, lang: str, size: tuple[int, int]) -> list[Path]:
    """Status flow: the code typed, a timeline, the payment QR, the citizen's list, the
    last known status offline and a dossier not sent yet, with the in-process portal
    simulator (its demo citizen's dossiers)."""
    from datetime import date

    from kiosk.dossier.codes import new_local_ref
    from ui.bridges.status_bridge import CITIZEN_KEY, StatusBridge

    cfg = cfg.with_overrides(kiosk={"language": lang}, portal={"url": ""},
                             devices={"card_reader": "none", "printer": "none"})
    app = KioskApp.build(cfg, clock=ManualClock())
    app.catalog.ensure_seeded()
    app.simulator.start()
    ui = UiDriver(app, size=size, ward_name=ward_label(cfg.kiosk.ward))
    orient = "portrait" if size[1] >= size[0] else "landscape"
    written: list[Path] = []
    st = ui.ctx.singleton(StatusBridge)
    store = app.simulator.dossiers
    by_status = {store.status(c)["TrangThaiHoSo"]: c for c in store.codes()}

    def shot(name: str) -> None:
        written.append(ui.grab(out / f"{lang}-{orient}-{name}.png"))

    def show(code: str) -> None:
        st._open(code)
        ui.wait_until(lambda: st.state != "checking", 10, "the status")
        ui.settle(100)

    try:
        ui.click("tileStatus")
        ui.type_keys("h")
        ui.click("key_mode_numbers")
        ui.type_keys("26.105-261322")
        shot("20-status-entry")
        show(by_status[9])
        shot("21-status-timeline")
        show(by_status[6])
        st.startPayment()
        ui.wait_until(lambda: st.payState in ("waiting", "error"), 10, "the payment QR")
        ui.settle(100)
        shot("22-status-payment")
        app.session.set(CITIZEN_KEY, ("001190012345", "chip_verified"))
        st._show_mine()
        ui.wait_until(lambda: st.mineState != "loading", 10, "the citizen's dossiers")
        ui.settle(100)
        shot("23-status-my-dossiers")
        app.simulator.stop()  # the portal is gone: the last known status
        show(by_status[9])
        shot("24-status-offline")
        if app.outbox is not None:
            ref = new_local_ref(date.today()).text
            app.outbox.outbox.enqueue({"MaTTHC": "1.001193"}, local_ref=ref,
                                      procedure_code="1.001193")
            show(ref)
            shot("25-status-not-sent")
    finally:
        ui.close()
        app.stop()
    return written
