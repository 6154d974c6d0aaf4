"""Submitting a dossier, clicked through the real QML offscreen: the virtual chip through
pcscd, the in-process portal simulator (its bank), the durable outbox and the printer
simulator. A QML warning fails the test (qt_log_level_fail in pyproject)."""

import time
from urllib.parse import unquote

import pytest
from pcsc_fixtures import wait_until

from devices.vpcd.cccd_chip import build_card
from kiosk.app import KioskApp, make_printer
from kiosk.config import Config
from kiosk.dossier.codes import parse_local_ref
from kiosk.dossier.outbox_service import OutboxService
from kiosk.payment.vietqr import crc16_ccitt_false, parse_payload
from ui.driver import UiDriver
from ui.tour import ManualClock

pytest_plugins = ["pcsc_fixtures"]
pytestmark = pytest.mark.ui

ID_NUMBER = "001190012345"
NAME = "Nguyễn Thị Mẫu"
CODE = "1.116789"  # temporary residence: 7,000 VND, requires the chip
FEE = 7000
LOOKUP = "https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma={code}"
CARD_QR = (f"{ID_NUMBER}||{NAME}|15031990|Nữ|Số 1 Phố Mẫu, Phường Ba Đình, Thành phố Hà Nội"
           "|01072024")


def build_app(tmp_path, csca, printer="sim://"):
    cfg = Config().with_overrides(
        paths={"data_dir": str(tmp_path / "data")},
        portal={"url": "", "connect_timeout": 0.5, "read_timeout": 2.0},
        devices={"card_reader": "sim://", "csca": str(csca), "printer": printer},
        outbox={"retry_min": 0.05, "retry_max": 0.2},
    )
    app = KioskApp.build(cfg, clock=ManualClock())
    app.catalog.ensure_seeded()
    app.simulator.start()  # in-process portal simulator (its bank, its dossiers)
    app.identity.start()
    if getattr(app, "outbox", None) is None:
        app.outbox = OutboxService.from_config(cfg, app.portal)
        app.extra_outbox = True
    if printer:
        app.printer = make_printer(cfg).start()
        app.printer.status()  # opens the simulated device, so tests can reach it
    return app


@pytest.fixture
def kiosk_app(pcscd, no_thread_leaks, tmp_path, csca):
    app = build_app(tmp_path, csca)
    yield app
    if getattr(app, "extra_outbox", False):
        app.outbox.close()
    app.stop()


@pytest.fixture
def size():
    return (1080, 1920)


@pytest.fixture
def ui(qapp, kiosk_app, size):
    driver = UiDriver(kiosk_app, size=size, ward_name="Phường Hoàn Kiếm")
    yield driver
    driver.close()


def submit_bridge(ui):
    from ui.bridges.submit_bridge import SubmitBridge

    return ui.ctx.singleton(SubmitBridge)


def insert(play_card):
    link = play_card(build_card("genuine"))
    assert wait_until(lambda: link.inserted, 5)
    return link


def scroll_to(ui, name):
    """Bring a form item into the Flickable's view, as a finger swipe would."""
    item = ui.find(name)
    flick = item.parentItem()
    while flick is not None and not flick.objectName().endswith("Flick"):
        flick = flick.parentItem()
    assert flick is not None, f"{name} is not in a scrolling area"
    content = flick.property("contentItem")
    y = item.mapToItem(content, item.boundingRect().topLeft()).y()
    top = max(0.0, min(y - 10, flick.property("contentHeight") - flick.height()))
    flick.setProperty("contentY", top)
    ui.settle(30)


def tap(ui, name):
    scroll_to(ui, name)
    ui.click(name)


def open_procedure(ui, code=CODE):
    ui.click("tileLookup")
    ui.kiosk.openProcedure(code)
    ui.settle(50)
    assert ui.kiosk.screen == "detail"
    ui.click("submitOnline")
    assert ui.kiosk.screen == "identify"


def identify_with_chip(ui):
    ui.click("idField")
    ui.type_keys(ID_NUMBER)
    ui.click("dobField")
    ui.type_keys("15/03/1990")
    ui.click("readCardButton")
    ui.wait_until(lambda: ui.kiosk.screen == "identify_confirm", 30, "the confirm screen")
    ui.click("confirmButton")
    ui.click("continueToForm")
    assert ui.kiosk.screen == "submit_form"


def fill_form(ui, *, check_error=True):
    """The fields the chip did not fill, on the on-screen keyboard and the buttons."""
    # Chip-verified: shown read-only, and the core refuses a change.
    assert ui.exists("locked_full_name")
    assert ui.find("locked_full_name").property("text") == NAME
    assert not ui.exists("fieldInput_full_name")
    submit_bridge(ui).setValue("full_name", "Someone Else")
    assert submit_bridge(ui).values["full_name"] == NAME

    tap(ui, "fieldInput_phone")
    if check_error:
        ui.type_keys("12345")
        ui.click("formNext")
        assert ui.kiosk.screen == "submit_form"
        err = ui.find("fieldError_phone")
        assert err.property("visible")
        assert "phone number is not valid" in err.property("text")
        tap(ui, "fieldInput_phone")
        for _ in range(5):
            ui.click("key_backspace")
    ui.type_keys("0912345678")
    assert submit_bridge(ui).values["phone"] == "0912345678"
    tap(ui, "unitButton_unit")
    ui.click("unitOption_0")  # the kiosk's own ward comes first
    assert submit_bridge(ui).values["unit"] == "00070"
    tap(ui, "fieldInput_address")
    ui.click("key_mode_numbers")
    ui.type_keys("12")
    ui.click("key_mode_letters")
    ui.type_keys(" hang bac")
    tap(ui, "choice_housing_basis_0")
    tap(ui, "fieldInput_duration_months")
    ui.type_keys("6")
    if check_error:
        # visible_if: the head of household's details only when the citizen is not it.
        assert not ui.exists("field_head_full_name")
        tap(ui, "choice_is_household_head_1")
        assert ui.exists("field_head_full_name") and ui.exists("fieldInput_head_id_number")
    tap(ui, "choice_is_household_head_0")
    assert not ui.exists("field_head_full_name")
    tap(ui, "check_declare_true")
    if check_error:
        assert not ui.find("fieldError_phone").property("visible")
    ui.click("formNext")
    assert ui.kiosk.screen == "submit_consent", submit_bridge(ui).fieldErrors


def through_review(ui, change=False):
    ui.click("consentAgree")
    assert ui.kiosk.screen == "submit_delivery"
    ui.click("delivery_truc_tiep")
    ui.click("deliveryNext")
    assert ui.kiosk.screen == "submit_review"
    assert "0912345678" in ui.find("review_phone").property("value")
    if change:
        # "Change" the form from the review, and come straight back to it.
        tap(ui, "changeForm")
        assert ui.kiosk.screen == "submit_form"
        tap(ui, "fieldInput_duration_months")
        ui.click("key_backspace")
        ui.type_keys("12")
        ui.click("formNext")
        assert ui.kiosk.screen == "submit_review"
        assert ui.find("review_duration_months").property("value") == "12"
        tap(ui, "changeDelivery")
        assert ui.kiosk.screen == "submit_delivery"
        ui.click("delivery_truc_tuyen")
        ui.click("deliveryNext")
        assert ui.kiosk.screen == "submit_review"
        assert "Online" in ui.find("reviewDelivery").property("value")
    ui.click("submitButton")


def decoded_vietqr(ui):
    texts = [t for t in ui.read_codes() if t.startswith("000201")]
    assert len(texts) == 1, texts
    return parse_payload(texts[0])  # raises on a bad CRC or shape


def job_qr(job):
    import zxingcpp

    img = job.image().convert("L")
    return [r.text for r in zxingcpp.read_barcodes(img)]


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"])
def test_submit_pay_and_print_the_receipt(ui, kiosk_app, play_card):
    insert(play_card)
    ui.click("langEn")
    open_procedure(ui)
    identify_with_chip(ui)
    fill_form(ui)
    through_review(ui, change=True)

    ui.wait_until(lambda: ui.kiosk.screen == "submit_payment", 15, "the payment screen")
    ui.wait_until(lambda: submit_bridge(ui).payState == "ready", 10, "the payment QR")
    # "Back" cannot return to a dossier that is already submitted: it is not offered.
    assert not ui.find("backButton").isVisible()
    assert ui.find("homeButton").isVisible()
    ui.kiosk.back()  # and a stray call does nothing
    ui.settle(50)
    assert ui.kiosk.screen == "submit_payment"
    code = submit_bridge(ui).reference
    assert code.startswith("H26.105-")  # phường Hoàn Kiếm's People's Committee
    assert not ui.find("printerWarning").property("visible")
    qr = decoded_vietqr(ui)
    body, crc = qr.raw[:-4], qr.raw[-4:]
    assert int(crc, 16) == crc16_ccitt_false(body.encode())
    assert qr.amount == FEE and qr.bill_number == code
    assert "7,000" in ui.find("payAmount").property("text")  # English grouping
    assert "seven thousand" in ui.find("payWords").property("text")

    # The citizen's bank pays the QR: the simulated bank tells the portal.
    kiosk_app.simulator.dossiers.bank_callback({"bill_number": code, "amount": FEE})
    ui.wait_until(lambda: ui.kiosk.screen == "submit_receipt", 10, "the receipt screen")
    ui.wait_until(lambda: submit_bridge(ui).printState == "printed", 15, "the receipt printed")
    assert "paid" in ui.find("receiptFee").property("text")
    jobs = kiosk_app.printer.simulator.jobs
    assert jobs and jobs[-1].cut
    assert LOOKUP.format(code=code) in job_qr(jobs[-1])
    # On screen too.
    assert unquote(LOOKUP.format(code=code)) in [unquote(t) for t in ui.read_codes()]

    assert not ui.find("backButton").isVisible()
    ui.kiosk.back()
    ui.settle(50)
    assert ui.kiosk.screen == "submit_receipt" and len(jobs) == 1  # not printed twice
    ui.click("receiptDone")
    assert ui.kiosk.screen == "start"
    assert kiosk_app.session.keys() == []
    assert ui.kiosk.textInput("form_phone").property("text") == ""
    assert kiosk_app.simulator.dossiers.status(code)["DaNopLePhi"] is True


def test_portal_down_keeps_the_dossier_and_sends_it_later(ui, kiosk_app, play_card):
    insert(play_card)
    ui.click("langEn")
    open_procedure(ui)
    identify_with_chip(ui)
    fill_form(ui, check_error=False)
    kiosk_app.simulator.faults.inject("status", status=503, count=None,
                                      path_prefix="/v1/dossiers")
    through_review(ui)
    ui.wait_until(lambda: ui.kiosk.screen == "submit_receipt", 20, "the receipt screen")
    bridge = submit_bridge(ui)
    assert bridge.offline
    ref = bridge.reference
    parse_local_ref(ref)  # a well-formed kiosk reference, LK-…
    assert "sent automatically" in ui.find("offlineText").property("text")
    assert ui.find("receiptCode").property("text") == ref
    ui.wait_until(lambda: bridge.printState == "printed", 15, "the receipt printed")
    assert LOOKUP.format(code=ref) in job_qr(kiosk_app.printer.simulator.jobs[-1])
    ui.click("receiptDone")

    # The portal comes back: the outbox sends it, once.
    kiosk_app.simulator.faults.clear()
    item = kiosk_app.outbox.outbox.by_local_ref(ref)
    assert item is not None and item.remote_code is None
    assert not dossiers_with_ref(kiosk_app.simulator, ref)
    kiosk_app.outbox.engine.drain(deadline=time.time() + 10)
    sent = kiosk_app.outbox.outbox.by_local_ref(ref)
    assert sent.remote_code and sent.state == "sent"
    assert dossiers_with_ref(kiosk_app.simulator, ref) == [sent.remote_code]
    kiosk_app.outbox.engine.drain(deadline=time.time() + 1)  # again: nothing more is sent
    assert dossiers_with_ref(kiosk_app.simulator, ref) == [sent.remote_code]


def dossiers_with_ref(sim, ref):
    store = sim.dossiers
    return [c for c in store.codes() if store.status(c).get("MaThamChieuKiosk") == ref]


def test_no_consent_no_submission(ui, kiosk_app, play_card):
    insert(play_card)
    ui.click("langEn")
    open_procedure(ui)
    identify_with_chip(ui)
    fill_form(ui, check_error=False)
    # Back to the form, back to the confirm screen, and on again: nothing typed is lost.
    ui.click("backButton")
    assert ui.kiosk.screen == "submit_form"
    ui.click("backButton")
    assert ui.kiosk.screen == "identify_confirm"
    ui.settle(30)
    assert ui.find("fullName").property("text") == NAME
    ui.click("continueToForm")
    assert ui.kiosk.screen == "submit_form"
    assert submit_bridge(ui).values["phone"] == "0912345678"
    ui.click("formNext")
    assert ui.kiosk.screen == "submit_consent"
    before = len(kiosk_app.simulator.dossiers)
    ui.click("consentDecline")
    assert ui.kiosk.screen == "submit_consent"
    assert "did not agree" in ui.find("declinedText").property("text")
    assert not ui.exists("consentAgree")
    ui.click("declinedHome")
    assert ui.kiosk.screen == "start"
    assert kiosk_app.outbox.outbox.counts().get("pending", 0) == 0
    assert kiosk_app.outbox.outbox.list() == []
    assert len(kiosk_app.simulator.dossiers) == before
    assert kiosk_app.session.keys() == []


def test_printer_out_of_paper_is_said_before_paying(ui, kiosk_app, play_card):
    kiosk_app.printer.simulator.set_state("no_paper")
    insert(play_card)
    ui.click("langEn")
    open_procedure(ui)
    identify_with_chip(ui)
    fill_form(ui, check_error=False)
    through_review(ui)
    ui.wait_until(lambda: submit_bridge(ui).payState == "ready", 15, "the payment QR")
    assert ui.find("printerWarning").property("visible")
    assert "shown on the screen as a QR code" in ui.find("printerWarningText").property("text")
    code = submit_bridge(ui).reference
    kiosk_app.simulator.dossiers.bank_callback({"bill_number": code, "amount": FEE})
    ui.wait_until(lambda: ui.kiosk.screen == "submit_receipt", 10, "the receipt screen")
    assert submit_bridge(ui).printState == "failed"
    assert "out of paper" in ui.find("printText").property("text")
    assert kiosk_app.printer.simulator.jobs == []
    assert ui.find("receiptCode").property("text") == code
    assert LOOKUP.format(code=code) in ui.read_codes()


@pytest.fixture
def scanning_app(kiosk_app):
    kiosk_app.scanner.start()
    yield kiosk_app


def test_a_chip_procedure_refuses_the_card_qr_alone(ui, scanning_app, pcscd):
    scanning_app.identity.card_wait = 0.3
    ui.click("langEn")
    open_procedure(ui)
    scanning_app.scanner.port.scan(CARD_QR)  # no card on the reader: the QR stands alone
    ui.wait_until(lambda: ui.kiosk.screen == "identify_confirm", 30, "the confirm screen")
    ui.click("confirmButton")
    ui.click("continueToForm")
    assert ui.kiosk.screen == "identify_confirm"
    assert submit_bridge(ui).errorKey == "submit.chip_required"
    assert "needs the details read from the chip" in ui.find("formGateError").property("text")



def cannot_be_paid(sim, code):
    """The bank's callback for the dossier's QR is refused: nobody can pay it any more."""
    from kiosk.portal.sim_dossiers import ApiError

    try:
        sim.dossiers.bank_callback({"bill_number": code, "amount": FEE})
    except ApiError as exc:
        return exc.code == "payment_not_payable"
    return False


def to_payment(ui, play_card):
    insert(play_card)
    ui.click("langEn")
    open_procedure(ui)
    identify_with_chip(ui)
    fill_form(ui, check_error=False)
    through_review(ui)
    ui.wait_until(lambda: submit_bridge(ui).payState == "ready", 15, "the payment QR")
    return submit_bridge(ui).reference


def test_pay_later_cancels_the_code(ui, kiosk_app, play_card):
    code = to_payment(ui, play_card)
    ui.click("payLater")
    ui.wait_until(lambda: ui.kiosk.screen == "submit_receipt", 10, "the receipt screen")
    assert "not paid yet" in ui.find("receiptFee").property("text")
    assert cannot_be_paid(kiosk_app.simulator, code)
    ui.wait_until(lambda: submit_bridge(ui).printState == "printed", 15, "the receipt printed")
    ui.click("receiptDone")
    assert ui.kiosk.screen == "start"


def test_leaving_the_payment_screen_cancels_the_code(ui, kiosk_app, play_card):
    to_payment(ui, play_card)
    pay_id = submit_bridge(ui).payment_id
    ui.click("homeButton")  # the citizen walks away: the visit is wiped
    assert ui.kiosk.screen == "start" and kiosk_app.session.keys() == []
    store = kiosk_app.simulator.dossiers
    ui.wait_until(lambda: store.payment(pay_id)["TrangThai"] == "da_huy", 10, "the QR cancelled")


def test_a_dossier_that_cannot_be_stored_is_said_and_kept_on_screen(
        ui, kiosk_app, play_card, monkeypatch):
    from offline_cache.outbox import OutboxError

    def broken(*_args, **_kwargs):
        raise OutboxError("outbox.bad_payload", "disk trouble")

    monkeypatch.setattr(kiosk_app.outbox, "submit", broken)
    insert(play_card)
    ui.click("langEn")
    open_procedure(ui)
    identify_with_chip(ui)
    fill_form(ui, check_error=False)
    through_review(ui)
    ui.wait_until(lambda: ui.kiosk.screen == "submit_review" and submit_bridge(ui).errorKey,
                  10, "the review with the reason")
    assert "could not save your dossier" in ui.find("reviewError").property("text")
    assert "0912345678" in ui.find("review_phone").property("value")  # nothing lost
    # The storage works again: the same review submits, without typing anything again.
    monkeypatch.undo()
    ui.click("submitButton")
    ui.wait_until(lambda: ui.kiosk.screen == "submit_payment", 15, "the payment screen")


def test_an_expired_code_can_be_made_again_and_paid(ui, kiosk_app, play_card):
    store = kiosk_app.simulator.dossiers
    store.payment_lifetime = 3  # the portal's codes last 3 s here
    code = to_payment(ui, play_card)
    first = submit_bridge(ui).payment_id
    ui.wait_until(lambda: submit_bridge(ui).payState == "expired", 10, "the code to expire")
    assert "expired" in ui.find("payError").property("text")
    assert not ui.exists("paymentQr")  # an expired code is not left on the screen
    store.payment_lifetime = 600
    ui.click("payNewCode")
    ui.wait_until(lambda: submit_bridge(ui).payState == "ready", 10, "a new payment QR")
    assert submit_bridge(ui).payment_id != first
    assert decoded_vietqr(ui).bill_number == code
    store.bank_callback({"bill_number": code, "amount": FEE})
    ui.wait_until(lambda: ui.kiosk.screen == "submit_receipt", 10, "the receipt screen")
    assert "paid" in ui.find("receiptFee").property("text")


def receipt_words(bridge):
    """The words of the receipt the bridge printed (its layout blocks, not OCR)."""
    from kiosk.receipt import receipt_blocks

    return " ".join(f"{getattr(b, 'key', '')} {getattr(b, 'text', '')} {getattr(b, 'value', '')}"
                    for b in receipt_blocks(bridge._receipt))


def test_paid_while_the_portal_is_down_is_never_called_unpaid(ui, kiosk_app, play_card):
    """Review P1: the bank pays while the portal cannot be reached. The kiosk says the
    connection is slow (the QR stays), never "expired" on its own clock, and "pay later"
    gives a receipt that says the payment is being confirmed, not "not paid"."""
    store, faults = kiosk_app.simulator.dossiers, kiosk_app.simulator.faults
    store.payment_lifetime = 60
    code = to_payment(ui, play_card)
    bridge = submit_bridge(ui)
    faults.inject("status", status=503, count=None, path_prefix="/v1/")
    store.bank_callback({"bill_number": code, "amount": FEE})  # the bank reaches the portal
    ui.wait_until(lambda: bridge.payNotice == "pay.slow", 15, "the slow connection said")
    assert bridge.payState == "ready" and ui.exists("paymentQr")  # still payable
    assert "connection is slow" in ui.find("payNoticeText").property("text")
    assert "do not pay again" in ui.find("payNoticeText").property("text")
    ui.click("payLater")
    ui.wait_until(lambda: ui.kiosk.screen == "submit_receipt", 15, "the receipt screen")
    assert bridge.feeState == "unknown"
    fee_text = ui.find("receiptFee").property("text")
    assert "being confirmed" in fee_text and "not paid" not in fee_text
    ui.wait_until(lambda: bridge.printState == "printed", 15, "the receipt printed")
    assert kiosk_app.printer.simulator.jobs
    printed = receipt_words(bridge)
    assert "Not paid" not in printed and "Chưa thanh toán" not in printed
    assert store.status(code)["DaNopLePhi"] is True  # the portal has it paid


def test_expiry_is_the_portals_word_and_a_new_code_rechecks_first(ui, kiosk_app, play_card):
    """Time is up while the portal is down: the kiosk says it cannot confirm (do not pay
    again), "check again" makes no new code while it cannot ask, and once the portal is
    back the paid fee goes to the paid receipt."""
    store, faults = kiosk_app.simulator.dossiers, kiosk_app.simulator.faults
    store.payment_lifetime = 4
    code = to_payment(ui, play_card)
    bridge = submit_bridge(ui)
    first = bridge.payment_id
    faults.inject("status", status=503, count=None, path_prefix="/v1/")
    store.bank_callback({"bill_number": code, "amount": FEE})
    ui.wait_until(lambda: bridge.payState == "unconfirmed", 15, "cannot confirm")
    assert not ui.exists("paymentQr")  # the code's time is up: not shown
    assert "Do not pay again" in ui.find("payError").property("text")
    assert "expired" not in ui.find("payError").property("text")
    assert ui.kiosk.screen == "submit_payment"
    payments = [p for p in store._payments.values() if p.dossier == code]
    ui.click("payNewCode")  # "Check the payment again"
    ui.wait_until(lambda: bridge.payState == "unconfirmed", 10, "still cannot confirm")
    assert [p for p in store._payments.values() if p.dossier == code] == payments
    faults.clear()
    ui.click("payNewCode")
    ui.wait_until(lambda: ui.kiosk.screen == "submit_receipt", 15, "the paid receipt")
    assert bridge.feeState == "paid" and bridge.payment_id == first
    assert "paid" in ui.find("receiptFee").property("text")
    assert "not paid" not in ui.find("receiptFee").property("text")
    assert len([p for p in store._payments.values() if p.dossier == code]) == 1
