""""Tra cứu hồ sơ" clicked through the real QML, offscreen, against the portal simulator
on loopback, the scanner simulator and the simulated receipt printer.

A QML warning fails the test (qt_log_level_fail in pyproject).
"""

from __future__ import annotations

import time

import pytest
import requests

from kiosk.app import KioskApp, make_printer
from kiosk.config import Config
from kiosk.dossier.codes import new_local_ref, receipt_qr_payload
from kiosk.portal.sim_dossiers import example_submission
from kiosk.portal.simulator import PortalSimulator
from ui.driver import UiDriver
from ui.tour import ManualClock

pytest_plugins = ["pcsc_fixtures"]
pytestmark = pytest.mark.ui

# Seeded dossiers of the demo citizen move only when told to (a step takes an hour).
STEP = 3600.0


@pytest.fixture
def sim():
    with PortalSimulator(step_seconds=STEP) as s:
        yield s


def seeded(sim, status: int) -> str:
    """The demo citizen's dossier now in `status`."""
    for code in sim.dossiers.codes():
        if sim.dossiers.status(code)["TrangThaiHoSo"] == status:
            return code
    raise AssertionError(f"no seeded dossier in status {status}")


def build(tmp_path, sim, **devices):
    cfg = Config().with_overrides(
        paths={"data_dir": str(tmp_path / "data")},
        portal={"url": sim.url, "connect_timeout": 0.5, "read_timeout": 3.0},
        devices={"card_reader": "none", "qr_scanner": "sim://", "printer": "sim://",
                 **devices},
    )
    app = KioskApp.build(cfg, clock=ManualClock())
    app.catalog.ensure_seeded()
    app.scanner.start()
    app.printer = make_printer(cfg).start()
    return app


@pytest.fixture
def kiosk_app(tmp_path, sim):
    app = build(tmp_path, sim)
    yield app
    app.stop()


@pytest.fixture
def ui(qapp, kiosk_app):
    driver = UiDriver(kiosk_app, ward_name="Phường Hoàn Kiếm")
    driver.click("langEn")
    yield driver
    driver.close()


@pytest.fixture(params=[(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"])
def ui_both(qapp, kiosk_app, request):
    driver = UiDriver(kiosk_app, size=request.param, ward_name="Phường Hoàn Kiếm")
    driver.click("langEn")
    yield driver
    driver.close()


def status(ui):
    from ui.bridges.status_bridge import StatusBridge

    return ui.ctx.singleton(StatusBridge)


def text(ui, name):
    return ui.find(name).property("text")


def wait_shown(ui, code=None, timeout=8.0):
    st = status(ui)
    ui.wait_until(lambda: ui.kiosk.screen == "status_view" and st.state in ("shown", "error")
                  and (code is None or st.code == code), timeout, "the dossier's status")
    ui.settle(60)
    return st


def scan(ui, app, text, code=None, timeout=8.0):
    """Scan `text` and wait for the status it opens (the scan is routed by a queued signal)."""
    from ui.bridges.scan_bridge import ScanBridge

    scanner = ui.ctx.singleton(ScanBridge)
    before = scanner.last_arrival
    app.scanner.port.scan(text)
    ui.wait_until(lambda: scanner.last_arrival is not before, timeout, "the scan to arrive")
    return wait_shown(ui, code, timeout)


def timeline_names(ui):
    names, i = [], 0
    while ui.exists(f"statusStep_{i}"):
        names.append(ui.find(f"statusStep_{i}").property("step")["en"])
        i += 1
    return names


# -- 1. scans ----------------------------------------------------------------------------

def test_a_receipt_qr_scanned_on_the_start_screen_opens_the_timeline(ui_both, kiosk_app, sim):
    ui = ui_both
    code = seeded(sim, 4)
    assert ui.kiosk.screen == "start"
    st = scan(ui, kiosk_app, receipt_qr_payload(code, kiosk_app.config.outbox.lookup_url), code)
    assert st.state == "shown" and st.kind == "live"
    assert code in text(ui, "statusCode")
    assert text(ui, "statusName") == "Being processed"
    assert "wait for the result date" in text(ui, "statusNext")
    assert st.appointment and st.appointment in text(ui, "statusAppointment")
    # The road: the statuses reached, the one now, those to come (4 -> 9 -> 10).
    assert timeline_names(ui) == ["Registered", "Accepted", "Being processed", "Processed",
                                  "Result delivered"]
    assert [r["state"] for r in st.timeline] == ["done", "done", "current", "todo", "todo"]
    assert not ui.exists("statusOfflineBanner")


def test_a_dossier_code_scanned_on_another_screen_opens_its_status(ui, kiosk_app, sim):
    ui.click("tileLookup")
    assert ui.kiosk.screen == "search"
    code = seeded(sim, 9)
    scan(ui, kiosk_app, code.lower(), code)
    assert text(ui, "statusName") == "Processed"
    # Status 9 says where and when to collect.
    assert "Bộ phận Một cửa" in text(ui, "statusCollect")
    # Back leads to the entry screen of the status flow, not back into the search.
    ui.click("statusAnotherButton")
    assert ui.kiosk.screen == "status_entry"


# -- 2. typing -----------------------------------------------------------------------------

def test_a_code_typed_with_mistakes_is_accepted_and_a_wrong_one_explained(ui, kiosk_app, sim):
    code = seeded(sim, 5)  # e.g. H26.105-261116-0001
    agency, day, seq = code.split("-")
    ui.click("tileStatus")
    assert ui.kiosk.screen == "status_entry"
    # Lowercase, spaces instead of dashes, no dot in the agency.
    ui.type_keys(agency[0].lower())
    ui.click("key_mode_numbers")
    ui.type_keys(agency[1:].replace(".", "") + " " + day + " " + seq)
    assert status(ui).typedCode == code
    assert text(ui, "statusCodeFeedback") == f"Code recognised: {code}"
    ui.click("statusLookUpButton")
    wait_shown(ui, code)
    assert text(ui, "statusName") == "More documents needed"
    assert text(ui, "statusSupplement")  # the documents to add, in the agency's words

    # Back on the entry screen, a code that cannot be one is explained while typing.
    ui.click("statusAnotherButton")
    ui.kiosk.textInput("status_code").clear()
    ui.settle(30)
    ui.type_keys("h")  # a new page: the keyboard shows letters again
    ui.click("key_mode_numbers")
    ui.type_keys("26.105-261322-0001")
    assert status(ui).typedError == "code.bad_date"
    assert "date in the code" in text(ui, "statusCodeFeedback")
    ui.click("statusLookUpButton")
    assert ui.kiosk.screen == "status_entry"  # nothing looked up


def test_look_up_with_an_unfinished_code_says_what_is_missing(ui):
    ui.click("tileStatus")
    ui.type_keys("h")
    ui.click("key_mode_numbers")
    ui.type_keys("26.105-2611")
    assert status(ui).typedError == ""  # it can still become a code
    ui.click("statusLookUpButton")
    assert ui.kiosk.screen == "status_entry"
    assert status(ui).typedError == "code.too_short"
    assert "incomplete" in text(ui, "statusCodeFeedback")


# -- 4. offline and the outbox ---------------------------------------------------------------

def test_offline_shows_the_last_known_status_marked_as_such(ui, kiosk_app, sim):
    code = seeded(sim, 9)
    other = seeded(sim, 10)
    st = scan(ui, kiosk_app, code, code)
    assert st.kind == "live"
    first_seen = st.asOf

    sim.stop()  # the portal is gone
    scan(ui, kiosk_app, code, code)
    assert st.state == "shown" and st.kind == "cached"
    assert st.offlineKey in ("portal.unavailable", "portal.timeout")
    banner = text(ui, "statusOfflineText")
    assert banner.startswith(f"Last known status, as of {first_seen}")
    assert "offline" in banner
    assert text(ui, "statusName") == "Processed"

    # A dossier never looked up here: the kiosk says it cannot check now, and offers a retry.
    scan(ui, kiosk_app, other, other)
    assert st.state == "error" and st.errorKey == "status.offline_unknown"
    assert "cannot check this dossier right now" in text(ui, "statusError")
    assert ui.exists("statusRetry")


def test_a_local_reference_in_the_outbox_is_not_sent_yet_then_its_dossier(ui, kiosk_app, sim):
    from datetime import date

    outbox = kiosk_app.outbox  # built by KioskApp; its sync is not started here
    assert outbox is not None
    try:
        ref = new_local_ref(date.today()).text
        form = sim.dossiers.forms.wire("1.001193")
        item = outbox.outbox.enqueue(example_submission(form, local_ref=ref),
                                     local_ref=ref, procedure_code="1.001193")
        st = scan(ui, kiosk_app, ref, ref)
        assert st.state == "shown" and st.kind == "queued"
        assert text(ui, "statusQueuedTitle") == "Not sent yet"
        assert "sends it automatically" in text(ui, "statusQueuedText")
        assert st.procedureCode == "1.001193" and st.procedureName
        assert not ui.exists("statusPrintButton")  # no dossier code to print yet

        # The outbox delivers it: the same reference now shows the portal's dossier.
        dossier, _ = kiosk_app.portal.submit_dossier(example_submission(form, local_ref=ref),
                                                     item.idem_key)
        assert outbox.outbox.mark_sent(item.id, dossier["MaHoSo"], time.time(), 86400)
        scan(ui, kiosk_app, ref, dossier["MaHoSo"])
        assert st.kind == "live" and st.localRef == ref
        assert text(ui, "statusName") == "Registered"
    finally:
        outbox.stop()


# -- 5. paying what is owed ------------------------------------------------------------------

def test_status_6_pays_with_vietqr_and_shows_the_bank_confirmation(ui_both, kiosk_app, sim):
    ui = ui_both
    from kiosk.payment.vietqr import parse_payload

    code = seeded(sim, 6)
    owed = sim.dossiers.status(code)["SoTienPhaiNop"]
    st = scan(ui, kiosk_app, code, code)
    assert st.owed == owed and f"{owed:,}" in text(ui, "statusOwed")  # English grouping
    ui.click("statusPayButton")
    ui.wait_until(lambda: st.payState == "waiting", 8, "the payment QR")
    ui.settle(100)
    payloads = [c for c in ui.read_codes() if c.startswith("000201")]
    assert len(payloads) == 1
    qr = parse_payload(payloads[0])
    assert qr.amount == owed and qr.bill_number == code
    assert qr.bank_bin == kiosk_app.config.payment.bank_bin
    assert text(ui, "statusPayWords").startswith("In words: ")
    assert "thousand" in text(ui, "statusPayWords")

    # The citizen's bank pays; the kiosk sees it and the dossier moves on.
    r = requests.post(sim.url + "/_sim/bank/callback",
                      json={"bill_number": code, "amount": owed}, timeout=5)
    assert r.status_code == 200
    ui.wait_until(lambda: st.payState == "paid", 8, "the payment to be seen")
    ui.wait_until(lambda: st.statusNo == 4, 8, "the dossier to move on")
    ui.settle(60)
    assert text(ui, "statusOwed") == "Paid. Thank you."
    assert text(ui, "statusName") == "Being processed"


def start_paying(ui, kiosk_app, sim):
    code = seeded(sim, 6)
    st = scan(ui, kiosk_app, code, code)
    ui.click("statusPayButton")
    ui.wait_until(lambda: st.payState == "waiting", 8, "the payment QR")
    return code, st, sim.dossiers.status(code)["SoTienPhaiNop"]


def idle_for(ui, kiosk_app, seconds):
    """`seconds` of nobody touching the kiosk, in steps (the kiosk's timers see each)."""
    clock = kiosk_app.session.idle._clock  # the ManualClock the app was built with
    step = kiosk_app.config.session.idle_timeout / 3
    while seconds > 0:
        clock.now += min(step, seconds)
        seconds -= step
        ui.settle(1700)  # a payment poll tick (1.5 s) and the idle check (0.25 s)


def test_status_pay_says_the_outage_and_keeps_the_visit_while_the_code_can_be_paid(
        ui, kiosk_app, sim):
    """Review P2: the portal goes down while the citizen is in their bank app. The kiosk
    says the connection is slow, the QR stays and the visit is not wiped; the bank's
    payment is seen once the portal is back."""
    code, st, owed = start_paying(ui, kiosk_app, sim)
    sim.faults.inject("status", status=503, retry_after=5, count=None, path_prefix="/v1/")
    ui.wait_until(lambda: st.payNotice == "pay.slow", 15, "the slow connection said")
    ui.settle(60)
    assert "connection is slow" in text(ui, "statusPayWaiting")
    assert ui.exists("statusPayQr") and st.payQr
    sim.dossiers.bank_callback({"bill_number": code, "amount": owed})
    idle = kiosk_app.config.session.idle_timeout + kiosk_app.config.session.countdown
    idle_for(ui, kiosk_app, idle + 10)
    assert ui.kiosk.screen == "status_view" and ui.kiosk.idlePhase == "active"
    sim.faults.clear()
    ui.wait_until(lambda: st.payState == "paid", 10, "the payment to be seen")
    ui.wait_until(lambda: st.statusNo == 4, 8, "the dossier to move on")


def test_status_pay_time_up_with_the_portal_down_is_unconfirmed_then_the_visit_times_out(
        ui, kiosk_app, sim):
    sim.dossiers.payment_lifetime = 3
    code, st, owed = start_paying(ui, kiosk_app, sim)
    sim.faults.inject("status", status=503, retry_after=5, count=None, path_prefix="/v1/")
    ui.wait_until(lambda: st.payState == "unconfirmed", 15, "cannot confirm")
    ui.settle(60)
    assert not st.payQr and not ui.exists("statusPayQr")
    assert "Do not pay again" in text(ui, "statusPayProblem")
    assert text(ui, "statusPayButton") == "Check the payment again"
    ui.click("statusPayButton")  # cannot ask: no new code is made
    ui.wait_until(lambda: st.payState == "unconfirmed", 10, "still cannot confirm")
    # The code can no longer be paid: the visit times out as any other.
    idle_for(ui, kiosk_app, kiosk_app.config.session.idle_timeout + 1)
    assert ui.kiosk.idlePhase == "countdown"
    sim.faults.clear()


def test_status_pay_check_again_finds_it_paid(ui, kiosk_app, sim):
    sim.dossiers.payment_lifetime = 3
    code, st, owed = start_paying(ui, kiosk_app, sim)
    sim.faults.inject("status", status=503, retry_after=5, count=None, path_prefix="/v1/")
    sim.dossiers.bank_callback({"bill_number": code, "amount": owed})
    ui.wait_until(lambda: st.payState == "unconfirmed", 15, "cannot confirm")
    sim.faults.clear()
    ui.click("statusPayButton")
    ui.wait_until(lambda: st.payState == "paid", 10, "paid after all")
    ui.wait_until(lambda: st.statusNo == 4, 8, "the dossier to move on")


# -- 6. the printed slip ---------------------------------------------------------------------

def test_print_a_status_slip_then_out_of_paper_shows_its_qr(ui, kiosk_app, sim, caplog):
    import logging

    caplog.set_level(logging.INFO)
    code = seeded(sim, 9)
    st = scan(ui, kiosk_app, code, code)
    assert kiosk_app.printer.status().ready  # opens the simulated printer
    printer_sim = kiosk_app.printer.simulator
    jobs_before = len(printer_sim.jobs)
    ui.click("statusPrintButton")
    ui.wait_until(lambda: st.printState in ("printed", "error"), 15, "the slip to print")
    assert st.printState == "printed", st.printError
    assert len(printer_sim.jobs) == jobs_before + 1
    job = printer_sim.jobs[-1]
    assert job.cut is not None and not job.out_of_paper and job.image() is not None
    ui.settle(60)
    assert "printed" in text(ui, "statusPrintText")

    printer_sim.set_state("no_paper")
    ui.click("statusPrintButton")
    ui.wait_until(lambda: st.printState in ("printed", "error"), 15, "the printer's answer")
    assert st.printState == "error" and st.printError == "printer.no_paper"
    ui.settle(100)
    assert "out of paper" in text(ui, "statusPrintText")
    assert len(printer_sim.jobs) == jobs_before + 1  # nothing sent to an empty printer
    # An empty printer is an outcome the screen shows, not a crash in the log (review P2).
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    assert any("printer.no_paper" in r.getMessage() for r in caplog.records)
    # The slip's QR is on screen instead, in view: the portal's lookup page for this dossier.
    expected = receipt_qr_payload(code, kiosk_app.config.outbox.lookup_url)
    assert expected in ui.read_codes()


# -- 3. the citizen's own dossiers, with the chip --------------------------------------------

ID_NUMBER = "001190012345"


@pytest.fixture
def chip_app(pcscd, no_thread_leaks, tmp_path, sim, csca):
    app = build(tmp_path, sim, card_reader="sim://", csca=str(csca))
    app.identity.start()
    yield app
    app.stop()


def test_identify_with_the_chip_lists_own_dossiers_then_one_status(qapp, chip_app, play_card,
                                                                    sim):
    from pcsc_fixtures import wait_until

    from devices.vpcd.cccd_chip import build_card

    link = play_card(build_card("genuine"))
    assert wait_until(lambda: link.inserted, 5)
    ui = UiDriver(chip_app, ward_name="Phường Hoàn Kiếm")
    try:
        ui.click("langEn")
        ui.click("tileStatus")
        ui.click("statusMineButton")
        assert ui.kiosk.screen == "identify"
        ui.click("idField")
        ui.type_keys(ID_NUMBER)
        ui.click("dobField")
        ui.type_keys("15/03/1990")
        ui.click("readCardButton")
        ui.wait_until(lambda: ui.kiosk.screen == "identify_confirm", 30, "the confirm screen")
        ui.click("confirmButton")
        st = status(ui)
        ui.wait_until(lambda: ui.kiosk.screen == "status_mine" and st.mineState == "shown", 10,
                      "the citizen's dossiers")
        ui.settle(60)
        mine = st.mine
        assert len(mine) == 6  # the demo citizen's seeded dossiers, newest first
        assert {row["code"] for row in mine} == set(sim.dossiers.codes())
        collect = next(i for i, row in enumerate(mine) if row["status"] == 9)
        ui.click(f"mineItem_{collect}")
        wait_shown(ui, mine[collect]["code"])
        assert text(ui, "statusName") == "Processed"
        assert text(ui, "statusCollect")
        # Back returns to the list, still there.
        assert text(ui, "statusAnotherButton") == "Back to your dossiers"
        ui.click("statusAnotherButton")
        ui.settle(60)
        assert ui.kiosk.screen == "status_mine" and ui.exists("mineItem_0")
    finally:
        ui.close()



def test_identified_on_the_start_tile_the_citizen_sees_their_dossiers(qapp, chip_app, play_card,
                                                                      sim):
    from pcsc_fixtures import wait_until

    from devices.vpcd.cccd_chip import build_card

    link = play_card(build_card("genuine"))
    assert wait_until(lambda: link.inserted, 5)
    ui = UiDriver(chip_app, ward_name="Phường Hoàn Kiếm")
    try:
        ui.click("langEn")
        ui.click("tileIdentify")
        ui.click("idField")
        ui.type_keys(ID_NUMBER)
        ui.click("dobField")
        ui.type_keys("15/03/1990")
        ui.click("readCardButton")
        ui.wait_until(lambda: ui.kiosk.screen == "identify_confirm", 30, "the confirm screen")
        ui.click("confirmButton")
        ui.settle(50)
        ui.click("showMyDossiers")
        st = status(ui)
        ui.wait_until(lambda: ui.kiosk.screen == "status_mine" and st.mineState == "shown", 10,
                      "the citizen's dossiers")
        assert len(st.mine) == 6
    finally:
        ui.close()


def test_leaving_a_payable_code_cancels_it(ui, kiosk_app, sim):
    code = seeded(sim, 6)
    st = scan(ui, kiosk_app, code, code)
    ui.click("statusPayButton")
    ui.wait_until(lambda: st.payState == "waiting", 8, "the payment QR")
    pay_id = st._pay_watch.payment_id
    ui.click("homeButton")

    def state():
        r = requests.get(f"{sim.url}/v1/payments/{pay_id}", timeout=5)
        return r.json()["TrangThai"]

    ui.wait_until(lambda: state() == "da_huy", 8, "the code to be cancelled")
