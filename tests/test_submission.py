"""The submission core without Qt: the Draft's rules, the DossierSubmission body (accepted
by the portal simulator), the receipt, and the payment QR checks."""

from datetime import date, datetime

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.dossier import payment as pay
from kiosk.dossier.codes import parse_local_ref
from kiosk.dossier.submission import (
    HANOI,
    Draft,
    Outcome,
    SubmissionError,
    agency_for_ward,
    check_identity,
    make_receipt,
)
from kiosk.forms import FormDefinition, load_definition
from kiosk.identity.model import Identity, Provenance, Sex
from kiosk.payment.vietqr import build_payload
from kiosk.receipt import receipt_blocks

TODAY = date(2026, 11, 22)
LOOKUP = "https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma={code}"


def person(source=Provenance.CHIP_VERIFIED):
    return Identity.from_source(
        source, id_number="001190012345", full_name="Nguyễn Thị Mẫu",
        date_of_birth=date(1990, 3, 15), sex=Sex.FEMALE,
        residence="Số 1 Phố Mẫu, Phường Hoàn Kiếm, Thành phố Hà Nội",
    )


def definition(code="1.116789"):
    return FormDefinition.from_wire(load_definition(code))


def filled(code="1.116789", source=Provenance.CHIP_VERIFIED):
    d = Draft.start(definition(code), person(source), procedure_name="Đăng ký tạm trú",
                    today=TODAY)
    answers = {"phone": "0912345678", "unit": "00070", "address": "12 Hàng Bạc",
               "housing_basis": "so_huu", "duration_months": "6", "is_household_head": "co",
               "declare_true": True, "sex": "Nữ"}
    for k, v in answers.items():
        if d.form.values.get(k) is None and not d.form.is_locked(k):
            assert d.form.set(k, v) is None
    return d


def test_chip_fields_are_locked_in_the_core():
    d = filled()
    assert {"full_name", "id_number", "date_of_birth"} <= d.form.locked
    assert d.form.set("full_name", "Someone Else") == "form.locked"
    assert d.form.values["full_name"] == "Nguyễn Thị Mẫu"
    assert d.form.values["date_of_birth"] == "15/03/1990"  # shown as typed on screen
    parse_local_ref(d.local_ref)
    assert d.fee == 7000


def test_a_qr_identity_is_refused_where_the_chip_is_required():
    with pytest.raises(SubmissionError) as e:
        Draft.start(definition(), person(Provenance.QR), today=TODAY)
    assert e.value.key == "submit.chip_required"
    # ...and accepted by a procedure that does not require the chip (ID card issue).
    d = Draft.start(definition("1.116410"), person(Provenance.QR), today=TODAY)
    assert d.form.locked == set()  # nothing from a QR is locked
    with pytest.raises(SubmissionError) as e:
        check_identity(definition(), None)
    assert e.value.key == "submit.no_identity"


def test_no_consent_no_body():
    d = filled()
    d.choose_delivery("truc_tiep")
    with pytest.raises(SubmissionError) as e:
        d.body(agency="H26.105", kiosk_id="K1", today=TODAY)
    assert e.value.key == "dossier.consent_required"
    d.agree("v1")
    d.decline()
    with pytest.raises(SubmissionError):
        d.body(agency="H26.105", kiosk_id="K1", today=TODAY)


def test_form_errors_block_the_body_and_name_their_fields():
    d = filled()
    d.form.set("phone", "12345")
    d.agree("v1")
    d.choose_delivery("truc_tiep")
    with pytest.raises(SubmissionError) as e:
        d.body(agency="H26.105", kiosk_id="K1", today=TODAY)
    assert e.value.key == "submit.form_errors"
    assert e.value.fields == {"phone": "form.phone_invalid"}


def test_delivery_rules():
    d = filled()  # 1.116789: counter or online only
    with pytest.raises(SubmissionError) as e:
        d.choose_delivery("buu_chinh", "somewhere")
    assert e.value.key == "dossier.delivery_not_allowed"
    post = Draft.start(definition("1.116410"), person(), today=TODAY)
    assert post.post_address.startswith("Số 1 Phố Mẫu")  # prefilled from the residence
    with pytest.raises(SubmissionError) as e:
        post.choose_delivery("buu_chinh", "   ")
    assert e.value.key == "submit.address_required"
    with pytest.raises(SubmissionError) as e:
        post.choose_delivery("buu_chinh", "x" * 301)
    assert e.value.key == "submit.address_too_long"
    post.choose_delivery("buu_chinh", "  5  Phố   Huế ")
    assert post.post_address == "5 Phố Huế"
    one = Draft.start(definition("1.000894"), person(), today=TODAY)
    assert one.delivery == "truc_tiep"  # the only way: chosen already


def test_agency_is_the_wards_peoples_committee():
    assert agency_for_ward("00070") == "H26.105"
    with pytest.raises(SubmissionError) as e:
        agency_for_ward("99999")
    assert e.value.key == "submit.agency_unknown"


def test_the_body_follows_the_openapi_document_and_the_simulator_takes_it(sim):
    from kiosk.portal.client import PortalClient

    d = filled()
    d.agree("2026-01", at=datetime(2026, 11, 22, 9, 30, tzinfo=HANOI))
    d.choose_delivery("truc_tiep")
    body = d.body(agency="H26.105", kiosk_id="HN-DEMO-0001", today=TODAY)
    with open("kiosk/portal/openapi.yaml", encoding="utf-8") as fh:
        schema = yaml.safe_load(fh)["components"]["schemas"]["DossierSubmission"]
    assert set(schema["required"]) <= set(body)
    assert set(body) <= set(schema["properties"])
    assert body["ThoiDiemDongY"] == "2026-11-22T09:30:00+07:00"
    assert body["NguoiNop"] == {"HoTen": "Nguyễn Thị Mẫu", "SoDinhDanh": "001190012345",
                                "NgaySinh": "1990-03-15",
                                "DiaChi": "Số 1 Phố Mẫu, Phường Hoàn Kiếm, Thành phố Hà Nội"}
    assert body["DuLieuToKhai"]["date_of_birth"] == "1990-03-15"
    assert body["DuLieuToKhai"]["duration_months"] == 6
    assert "head_full_name" not in body["DuLieuToKhai"]  # hidden: not sent
    assert body["MaThamChieuKiosk"] == d.local_ref
    with PortalClient(sim.url) as client:
        dossier, replayed = client.submit_dossier(body, "k-" + d.local_ref)
        assert not replayed and dossier["MaHoSo"].startswith("H26.105-")
        assert dossier["LePhi"] == 7000 and dossier["DaNopLePhi"] is False
        # The payment: the portal's QR passes the kiosk's checks; paid by the bank.
        checked = pay.request_payment(client, dossier["MaHoSo"], 7000,
                                      pay.idempotency_key(d.local_ref))
        assert checked.state == pay.WAITING and checked.amount == 7000
        assert checked.bank_name and checked.account_name
        assert "bảy nghìn" in checked.words_vi and checked.words_en.startswith("seven thousand")
        assert pay.payment_state(client, checked.id) == pay.WAITING
        sim.dossiers.bank_callback({"payment_id": checked.id, "amount": 7000})
        assert pay.payment_state(client, checked.id) == pay.PAID
        assert pay.cancel(client, checked.id) == pay.PAID  # too late to cancel: paid


def test_pay_later_cancels_the_code(sim):
    from kiosk.portal.client import PortalClient

    d = filled()
    d.agree("v1")
    d.choose_delivery("truc_tuyen")
    body = d.body(agency="H26.105", kiosk_id="K1", today=TODAY)
    with PortalClient(sim.url) as client:
        code = client.submit_dossier(body, "k-" + d.local_ref)[0]["MaHoSo"]
        checked = pay.request_payment(client, code, 7000, pay.idempotency_key(d.local_ref))
        assert pay.cancel(client, checked.id) == pay.CANCELLED
        assert pay.payment_state(client, checked.id) == pay.CANCELLED


def wire_payment(code="H26.105-261122-0001", amount=7000, **over):
    wire = {
        "id": "TT1", "MaHoSo": code, "SoTien": amount, "TrangThai": "cho_thanh_toan",
        "MaVietQR": build_payload(bank_bin="970415", account="113366668888", amount=amount,
                                  bill_number=code, purpose="Le phi ho so"),
        "NganHang": "970415", "SoTaiKhoan": "113366668888", "TenTaiKhoan": "UBND PHUONG",
        "HetHanLuc": "2026-11-22T10:00:00+07:00",
    }
    wire.update(over)
    return wire


def test_a_good_payment_passes():
    p = pay.check_payment(wire_payment(), "H26.105-261122-0001", 7000)
    assert p.bank_name == "VietinBank" and p.amount == 7000
    assert "113366668888" not in repr(p)


@pytest.mark.parametrize("change", [
    {"amount_in_qr": 70000},
    {"bill_in_qr": "H26.105-261122-0002"},
    {"SoTien": 70000},
    {"NganHang": "970436"},
    {"SoTaiKhoan": "999"},
    {"crc": True},
    {"HetHanLuc": "tomorrow"},
    {"TrangThai": "weird"},
])
def test_a_payment_that_does_not_match_is_not_shown(change):
    code = "H26.105-261122-0001"
    wire = wire_payment()
    if "amount_in_qr" in change:
        wire["MaVietQR"] = build_payload(bank_bin="970415", account="113366668888",
                                         amount=change.pop("amount_in_qr"), bill_number=code)
    if "bill_in_qr" in change:
        wire["MaVietQR"] = build_payload(bank_bin="970415", account="113366668888",
                                         amount=7000, bill_number=change.pop("bill_in_qr"))
    if change.pop("crc", False):
        raw = wire["MaVietQR"]
        wire["MaVietQR"] = raw[:-4] + ("0000" if raw[-4:] != "0000" else "0001")
    wire.update(change)
    with pytest.raises(pay.PaymentCheckError) as e:
        pay.check_payment(wire, code, 7000)
    assert e.value.key == "pay.qr_invalid"


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "MaHoSo", "SoTien", "TrangThai", "MaVietQR",
                                        "NganHang", "SoTaiKhoan", "HetHanLuc"]),
                       st.one_of(st.text(max_size=80), st.integers(), st.none())))
def test_check_payment_raises_only_its_own_error(junk):
    wire = {**wire_payment(), **junk}
    try:
        pay.check_payment(wire, "H26.105-261122-0001", 7000)
    except pay.PaymentCheckError as e:
        assert e.key == "pay.qr_invalid"


def test_receipts_online_offline_and_unknown_fee():
    from devices.printer.layout import QR, KeyValue

    d = filled()
    d.agree("v1")
    d.choose_delivery("truc_tiep")
    at = datetime(2026, 11, 22, 9, 30, tzinfo=HANOI)
    online = make_receipt(d, Outcome(d.local_ref, "H26.105-261122-0001", at, fee_paid=True),
                          ward_name="UBND phường Hoàn Kiếm", lookup_url=LOOKUP)
    assert online.lookup_qr == LOOKUP.format(code="H26.105-261122-0001")
    assert online.fee_vnd == 7000 and online.fee_paid and not online.offline
    offline = make_receipt(d, Outcome(d.local_ref, None, at), ward_name="W", lookup_url=LOOKUP)
    assert offline.offline and offline.local_ref == d.local_ref
    assert offline.lookup_qr == LOOKUP.format(code=d.local_ref)
    blocks = receipt_blocks(offline)
    assert any(isinstance(b, QR) and b.data == offline.lookup_qr for b in blocks)
    # A fee the kiosk does not know is not printed as "free".
    unknown = Draft.start(definition("1.001193"), person(), today=TODAY)
    unknown.agree("v1")
    r = make_receipt(unknown, Outcome(unknown.local_ref, "H26.105-261122-0002", at),
                     ward_name="W", lookup_url=LOOKUP)
    fees = [b.value for b in receipt_blocks(r)
            if isinstance(b, KeyValue) and b.key in ("Phí, lệ phí", "Fee")]
    assert fees == ["Cán bộ xác nhận và thu tại quầy", "Confirmed and paid at the counter"]


def test_messages_have_both_languages():
    from kiosk.dossier.payment import MESSAGES as P
    from kiosk.dossier.submission import MESSAGES as S

    for key, text in {**S, **P}.items():
        assert text["vi"].strip() and text["en"].strip() and text["vi"] != text["en"], key
