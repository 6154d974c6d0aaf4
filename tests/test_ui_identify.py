"""Identify with the chip ID card, clicked through the real QML and the real PC/SC stack:
pcscd with the virtual reader, a virtual CCCD chip, the kiosk's reader service."""

import pytest
from pcsc_fixtures import wait_until

from devices.vpcd.cccd_chip import build_card
from kiosk.app import KioskApp
from kiosk.config import Config
from kiosk.identity.service import IDENTITY_KEY
from ui.driver import UiDriver
from ui.tour import ManualClock

pytest_plugins = ["pcsc_fixtures"]
pytestmark = pytest.mark.ui

ID_NUMBER = "001190012345"
NAME = "Nguyễn Thị Mẫu"




STAFF_PIN = "975310"


@pytest.fixture
def kiosk_app(pcscd, no_thread_leaks, tmp_path, csca):
    from kiosk.staff import hash_pin

    cfg = Config().with_overrides(
        paths={"data_dir": str(tmp_path / "data")},
        portal={"url": "http://127.0.0.1:9", "connect_timeout": 0.2, "read_timeout": 0.2},
        devices={"card_reader": "sim://", "csca": str(csca)},
        staff={"pin_hash": hash_pin(STAFF_PIN, iterations=1000)},
    )
    app = KioskApp.build(cfg, clock=ManualClock())
    app.catalog.ensure_seeded()
    app.identity.start()
    yield app
    app.stop()


@pytest.fixture
def ui(qapp, kiosk_app):
    driver = UiDriver(kiosk_app, ward_name="Phường Hoàn Kiếm")
    yield driver
    driver.close()


def identity_bridge(ui):
    from ui.bridges.identity_bridge import IdentityBridge

    return ui.ctx.singleton(IdentityBridge)


def insert(play_card, profile="genuine"):
    link = play_card(build_card(profile))
    assert wait_until(lambda: link.inserted, 5)
    return link


def type_keys(ui, dob):
    ui.click("tileIdentify")
    assert ui.kiosk.screen == "identify"
    ui.click("idField")
    ui.type_keys(ID_NUMBER)
    ui.click("dobField")
    ui.type_keys(dob)
    assert ui.find("idField").property("text") == ID_NUMBER
    assert ui.find("dobField").property("text") == dob
    ui.click("readCardButton")


def test_identify_confirm_then_remove_the_card(ui, kiosk_app, play_card):
    link = insert(play_card)
    ui.click("langVi")
    assert "Xác thực bằng CCCD" in ui.find("tileIdentify").property("text")
    type_keys(ui, "15/03/1990")
    ui.wait_until(lambda: ui.kiosk.screen == "identify_confirm", 30, "the confirm screen")
    assert ui.find("fullName").property("text") == NAME
    assert ui.find("dateOfBirth").property("text") == "15/03/1990"
    assert ui.find("residence").property("text")
    assert identity_bridge(ui).verified
    assert kiosk_app.session.get(IDENTITY_KEY).full_name == NAME
    ui.click("confirmButton")
    assert identity_bridge(ui).state == "confirmed"

    # The card leaves the reader: the identity and the whole visit are forgotten.
    link.remove()
    ui.wait_until(lambda: ui.kiosk.screen == "start", 5, "the start screen")
    assert kiosk_app.session.get(IDENTITY_KEY) is None
    assert kiosk_app.session.keys() == []
    assert identity_bridge(ui).fullName == "" and identity_bridge(ui).state == "idle"
    assert ui.kiosk.textInput("id").property("text") == ""
    assert ui.kiosk.textInput("dob").property("text") == ""


def test_a_wrong_date_of_birth_says_the_keys_are_wrong(ui, kiosk_app, play_card):
    insert(play_card)
    ui.click("langEn")
    type_keys(ui, "15031991")
    ui.wait_until(lambda: identity_bridge(ui).state == "error", 30, "the read to fail")
    ui.settle(50)
    assert ui.kiosk.screen == "identify"
    assert identity_bridge(ui).errorKey == "card.wrong_keys"
    assert "did not open" in ui.find("identifyError").property("text")
    assert kiosk_app.session.get(IDENTITY_KEY) is None
    # The citizen can correct the date and read again without retyping the ID.
    assert ui.find("idField").property("text") == ID_NUMBER


def test_typing_mistakes_are_caught_before_the_card_is_touched(ui, kiosk_app, pcscd):
    ui.click("langEn")
    ui.click("tileIdentify")
    ui.type_keys("12345")
    ui.click("readCardButton")
    assert ui.kiosk.screen == "identify"
    assert identity_bridge(ui).errorKey == "keys.bad_id"
    assert "12 digits" in ui.find("identifyError").property("text")


def test_demo_mode_places_the_sample_card(qapp, pcscd, no_thread_leaks, tmp_path):
    """The demo configuration (sim://, no CSCA): the identify screen offers the sample
    card, which reads and verifies against the demo's test CSCA."""
    cfg = Config().with_overrides(
        paths={"data_dir": str(tmp_path / "data")},
        portal={"url": "http://127.0.0.1:9", "connect_timeout": 0.2, "read_timeout": 0.2},
    )
    app = KioskApp.build(cfg, clock=ManualClock())
    app.catalog.ensure_seeded()
    app.identity.start()
    ui = UiDriver(app)
    try:
        ui.click("tileIdentify")
        ui.click("demoCardButton")
        ui.wait_until(lambda: identity_bridge(ui).demoCardInserted, 5, "the sample card")
        ui.click("idField")
        ui.type_keys(ID_NUMBER)
        ui.click("dobField")
        ui.type_keys("15031990")
        ui.click("readCardButton")
        ui.wait_until(lambda: ui.kiosk.screen == "identify_confirm", 30, "the confirm screen")
        assert identity_bridge(ui).fullName == NAME and identity_bridge(ui).verified
    finally:
        ui.close()
        app.stop()


@pytest.mark.parametrize("profile,key", [
    ("not-cccd", "card.not_cccd"),
    ("garbage", "card.malformed"),
])
def test_a_card_that_is_not_an_id_card_is_explained(ui, kiosk_app, play_card, profile, key):
    insert(play_card, profile)
    ui.click("langVi")
    type_keys(ui, "15/03/1990")
    ui.wait_until(lambda: identity_bridge(ui).state == "error", 30, "the read to fail")
    ui.settle(50)
    assert ui.kiosk.screen == "identify"
    assert identity_bridge(ui).errorKey == key
    assert ui.find("identifyError").property("text")  # a sentence, in Vietnamese
    assert kiosk_app.session.get(IDENTITY_KEY) is None


def test_card_lifted_half_way_is_explained(ui, kiosk_app, play_card):
    link = insert(play_card)
    link.remove_after(10)  # the citizen flow reads ~21 APDUs (no face)
    ui.click("langEn")
    type_keys(ui, "15/03/1990")
    ui.wait_until(lambda: identity_bridge(ui).state == "error", 30, "the read to fail")
    assert identity_bridge(ui).errorKey == "card.removed"
    assert ui.kiosk.screen == "identify"
    assert kiosk_app.session.get(IDENTITY_KEY) is None


def test_no_card_on_the_reader_is_explained(ui, kiosk_app, pcscd):
    ui.click("langEn")
    type_keys(ui, "15/03/1990")
    ui.wait_until(lambda: identity_bridge(ui).state == "error", 30, "the read to fail")
    assert identity_bridge(ui).errorKey in ("card.absent", "reader.none")
    assert "card" in ui.find("identifyError").property("text").lower()


def odd_expiry_card():
    """The specimen on a card whose expiry is not a renewal birthday: the kiosk cannot
    derive it, and the citizen must type what is printed."""
    import dataclasses

    from devices.cccd.mrz import build_cccd_td1
    from devices.cccd.specimen import specimen

    person = specimen(face_size=1000)
    mrz = build_cccd_td1(id_number=person.id_number, date_of_birth=person.date_of_birth,
                         sex="F", date_of_expiry="311020", surname="Nguyễn",
                         given_names="Thị Mẫu")
    person = dataclasses.replace(person, date_of_expiry="311020", mrz=mrz,
                                 details=dataclasses.replace(person.details,
                                                             expiry_date="20/10/2031"))
    return build_card("genuine", person=person)


def test_an_expiry_the_kiosk_cannot_derive_is_typed(ui, kiosk_app, play_card):
    link = play_card(odd_expiry_card())
    assert wait_until(lambda: link.inserted, 5)
    ui.click("langEn")
    assert not ui.exists("expiryField")  # not asked for until it is needed
    type_keys(ui, "15/03/1990")
    ui.wait_until(lambda: identity_bridge(ui).state == "error", 30, "the derived keys to fail")
    ui.settle(50)
    assert identity_bridge(ui).errorKey == "card.wrong_keys"
    assert ui.exists("expiryField") and ui.exists("noExpiryButton")
    ui.click("expiryField")
    ui.type_keys("20/10/2031")
    ui.click("readCardButton")
    ui.wait_until(lambda: ui.kiosk.screen == "identify_confirm", 30, "the confirm screen")
    assert identity_bridge(ui).fullName == NAME


def test_a_mistyped_expiry_is_explained(ui, kiosk_app, play_card):
    link = play_card(odd_expiry_card())
    assert wait_until(lambda: link.inserted, 5)
    ui.click("langEn")
    type_keys(ui, "15/03/1990")
    ui.wait_until(lambda: identity_bridge(ui).state == "error", 30, "the derived keys to fail")
    ui.settle(50)
    ui.click("expiryField")
    ui.type_keys("31/02/2031")
    ui.click("readCardButton")
    assert identity_bridge(ui).errorKey == "expiry.bad_date"
    assert "expiry date" in ui.find("identifyError").property("text")


def test_a_card_that_stops_answering_times_out_with_a_message(ui, kiosk_app, play_card):
    kiosk_app.identity.read_timeout = 2.0
    card = build_card("stall")
    link = play_card(card)
    assert wait_until(lambda: link.inserted, 5)
    try:
        ui.click("langEn")
        type_keys(ui, "15/03/1990")
        assert card.stalled.wait(10)
        ui.wait_until(lambda: identity_bridge(ui).state == "error", 15, "the read to time out")
        ui.settle(50)
        assert identity_bridge(ui).errorKey == "card.timeout"
        assert ui.kiosk.screen == "identify"
        assert "did not answer in time" in ui.find("identifyError").property("text")
    finally:
        card.release.set()  # the card answers again: the stuck worker call unwinds
    # The citizen tries again and the card, answering now, is read.
    ui.wait_until(lambda: kiosk_app.identity._reader.diagnostics()["worker"]["busy_seconds"] is None,
                  10, "the card worker to be free")
    ui.click("readCardButton")
    ui.wait_until(lambda: ui.kiosk.screen == "identify_confirm", 30, "the confirm screen")
    assert identity_bridge(ui).fullName == NAME


def test_an_unplugged_reader_is_explained_and_its_return_noticed(ui, kiosk_app, pcscd, play_card):
    if not pcscd.started:
        pytest.skip("pcscd was already running, not started by these tests: not killing it")
    ui.wait_until(lambda: kiosk_app.identity._reader is not None
                  and kiosk_app.identity._reader.readers, 10, "the reader to be seen")
    pcscd.kill()  # the reader goes away with the daemon, like a USB reader pulled out
    ui.wait_until(lambda: not kiosk_app.identity._reader.readers, 10, "the reader to go")
    ui.click("langEn")
    type_keys(ui, "15/03/1990")
    ui.wait_until(lambda: identity_bridge(ui).state == "error", 20, "the read to fail")
    ui.settle(50)
    assert identity_bridge(ui).errorKey in ("reader.none", "reader.no_service", "reader.unplugged")
    assert "tell the staff" in ui.find("identifyError").property("text")
    pcscd.start()
    assert pcscd.wait_for_readers()
    link = insert(play_card)
    assert link.inserted
    ui.wait_until(lambda: kiosk_app.identity._reader.cards, 10, "the card to be seen again")
    ui.click("readCardButton")
    ui.wait_until(lambda: ui.kiosk.screen == "identify_confirm", 30, "the confirm screen")
    assert identity_bridge(ui).fullName == NAME


def test_a_pace_card_opens_with_the_id_number_even_when_its_expiry_is_unknown(
        ui, kiosk_app, play_card):
    """PACE needs only the CAN (the ID number's last 6 digits): a card offering it is read
    without asking for the printed expiry, which the kiosk could not derive here."""
    import dataclasses

    from devices.cccd.mrz import build_cccd_td1
    from devices.cccd.specimen import specimen

    person = specimen(face_size=1000)
    mrz = build_cccd_td1(id_number=person.id_number, date_of_birth=person.date_of_birth,
                         sex="F", date_of_expiry="311020", surname="Nguyễn",
                         given_names="Thị Mẫu")
    person = dataclasses.replace(person, date_of_expiry="311020", mrz=mrz)
    link = play_card(build_card("pace", person=person))
    assert wait_until(lambda: link.inserted, 5)
    type_keys(ui, "15/03/1990")
    ui.wait_until(lambda: ui.kiosk.screen == "identify_confirm", 30, "the confirm screen")
    assert identity_bridge(ui).fullName == NAME
    assert not ui.exists("expiryField")


def test_assisted_mode_shows_the_chip_photo_to_staff_and_keeps_it_nowhere(
        ui, kiosk_app, play_card):
    insert(play_card)
    # A citizen alone: the chip's photo is not even read.
    type_keys(ui, "15/03/1990")
    ui.wait_until(lambda: ui.kiosk.screen == "identify_confirm", 30, "the confirm screen")
    assert identity_bridge(ui).faceUrl == "" and ui.ctx.face is None
    assert not ui.find("chipFace").property("visible")
    ui.click("homeButton")
    assert ui.kiosk.screen == "start"
    ui.click("staffButton")
    for digit in "1111":
        ui.click("pin_" + digit)
    ui.click("pin_ok")
    assert ui.find("staffError").property("visible")
    assert not kiosk_app.staff.active
    for digit in STAFF_PIN:
        ui.click("pin_" + digit)
    ui.click("pin_ok")
    assert kiosk_app.staff.active
    ui.settle(50)
    assert ui.find("staffStrip").property("visible")

    type_keys(ui, "15/03/1990")
    ui.wait_until(lambda: ui.kiosk.screen == "identify_confirm", 30, "the confirm screen")
    ui.settle(100)
    assert ui.ctx.face and ui.ctx.face[:2] == b"\xff\xd8"  # the JPEG from DG2, in memory
    face = ui.find("chipFace")
    assert face.property("visible")
    assert face.property("paintedWidth") > 10 and face.property("paintedHeight") > 10
    # Not in the session, which is all a visit keeps.
    assert kiosk_app.session.get(IDENTITY_KEY).face is None
    ui.click("confirmButton")
    ui.click("staffExit")
    ui.settle(50)
    assert not kiosk_app.staff.active and ui.ctx.face is None
    assert not ui.exists("staffStrip") or not ui.find("staffStrip").property("visible")


CARD_QR = f"{ID_NUMBER}||{NAME}|15031990|Nữ|Số 1 Phố Mẫu, Phường Ba Đình, Thành phố Hà Nội|01072024"


def scan(ui, kiosk_app, text):
    """Through the scanner simulator, as a wedge scanner would type it."""
    kiosk_app.scanner.port.scan(text)


@pytest.fixture
def scanning_app(kiosk_app):
    kiosk_app.scanner.start()  # the simulated scanner (sim://)
    yield kiosk_app


def test_scanning_the_card_qr_on_the_start_screen_reads_the_chip(ui, scanning_app, play_card):
    insert(play_card)
    assert ui.kiosk.screen == "start"
    scan(ui, scanning_app, CARD_QR)
    ui.wait_until(lambda: ui.kiosk.screen == "identify_confirm", 30, "the confirm screen")
    assert identity_bridge(ui).fullName == NAME
    assert identity_bridge(ui).verified and not identity_bridge(ui).fromQrOnly


def test_the_card_qr_alone_is_accepted_without_a_card_on_the_reader(ui, scanning_app, pcscd):
    identity = scanning_app.identity
    identity.card_wait = 0.3
    scan(ui, scanning_app, CARD_QR)
    ui.wait_until(lambda: ui.kiosk.screen == "identify_confirm", 30, "the confirm screen")
    ui.settle(50)
    assert identity_bridge(ui).fromQrOnly and not identity_bridge(ui).verified
    assert identity_bridge(ui).fullName == NAME
    assert "QR code on your card" in ui.find("verifiedNote").property("text") or \
        "mã QR" in ui.find("verifiedNote").property("text")
    from kiosk.identity.model import Provenance

    assert scanning_app.session.get(IDENTITY_KEY).provenance_of("id_number") is Provenance.QR


def test_a_mangled_card_qr_is_explained(ui, scanning_app, pcscd):
    ui.click("langEn")
    scanning_app.scanner.port.scan(CARD_QR, mangle="question")
    ui.wait_until(lambda: identity_bridge(ui).state == "error", 10, "the QR to be refused")
    ui.settle(50)
    assert ui.kiosk.screen == "identify"
    assert identity_bridge(ui).errorKey == "qr.mangled"
    assert "misread" in ui.find("identifyError").property("text")


def test_an_unknown_scan_is_explained_and_goes_away(ui, scanning_app, pcscd):
    ui.click("langEn")
    scan(ui, scanning_app, "just some words")
    ui.wait_until(lambda: ui.find("scanNotice").property("visible"), 10, "the notice")
    assert "not recognised" in ui.find("scanNoticeText").property("text")
    assert ui.kiosk.screen == "start"


def test_a_card_qr_scanned_in_the_middle_of_a_task_does_not_throw_it_away(
        ui, scanning_app, pcscd):
    ui.click("langEn")
    ui.click("tileLookup")
    assert ui.kiosk.screen == "search"
    scan(ui, scanning_app, CARD_QR)
    ui.wait_until(lambda: ui.find("scanNotice").property("visible"), 10, "the notice")
    assert ui.kiosk.screen == "search"
    assert "start of a task" in ui.find("scanNoticeText").property("text")
    assert scanning_app.session.get(IDENTITY_KEY) is None


def test_a_receipt_scanned_while_personal_details_are_shown_waits(ui, scanning_app, play_card):
    insert(play_card)
    ui.click("langEn")
    type_keys(ui, "15/03/1990")
    ui.wait_until(lambda: ui.kiosk.screen == "identify_confirm", 30, "the confirm screen")
    scan(ui, scanning_app, "H26.105-251122-0001")
    ui.wait_until(lambda: ui.find("scanNotice").property("visible"), 10, "the notice")
    assert ui.kiosk.screen == "identify_confirm"
    assert "finish or leave" in ui.find("scanNoticeText").property("text")
    assert scanning_app.session.get(IDENTITY_KEY) is not None


def test_identified_on_the_start_tile_then_on_to_a_form_without_a_second_read(
        ui, kiosk_app, play_card):
    link = insert(play_card)
    ui.click("langEn")
    type_keys(ui, "15/03/1990")
    ui.wait_until(lambda: ui.kiosk.screen == "identify_confirm", 30, "the confirm screen")
    ui.click("confirmButton")
    ui.settle(50)
    assert ui.find("identifiedNext").property("visible")
    ui.click("findProcedureToSubmit")
    assert ui.kiosk.screen == "search"
    assert kiosk_app.session.get(IDENTITY_KEY) is not None  # carried, not dropped
    from ui.bridges.submit_bridge import SubmitBridge

    ui.ctx.singleton(SubmitBridge).begin("1.116789")
    ui.settle(50)
    assert ui.kiosk.screen == "identify_confirm"
    assert ui.find("continueToForm").property("visible")
    ui.click("continueToForm")
    ui.wait_until(lambda: ui.kiosk.screen == "submit_form", 10, "the form")
    # Taking the card away still ends the visit.
    link.remove()
    ui.wait_until(lambda: ui.kiosk.screen == "start", 5, "the start screen")
    assert kiosk_app.session.keys() == []
