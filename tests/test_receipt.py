"""The receipt and status-slip layouts: content, language order, data minimisation."""

import dataclasses
from datetime import date, datetime

import pytest
import zxingcpp

from devices.printer.layout import QR, Bullets, KeyValue, Text, Title, render
from kiosk.receipt import (
    STATUSES,
    Receipt,
    StatusSlip,
    format_vnd,
    lookup_payload,
    receipt_blocks,
    sample_receipt,
    status_slip_blocks,
)


def words(blocks):
    out = []
    for b in blocks:
        if isinstance(b, Title | Text):
            out.append(b.text)
        elif isinstance(b, KeyValue):
            out += [b.key, b.value]
        elif isinstance(b, Bullets):
            out += list(b.items)
    return out


def base(**kw):
    fields = dict(ward_name="UBND phường Hoàn Kiếm", procedure_name="Đăng ký khai sinh",
                  procedure_code="1.001193", submitted_at=datetime(2026, 11, 22, 9, 5),
                  lookup_qr=lookup_payload("X-1"), dossier_code="X-1",
                  appointment=date(2026, 11, 25), fee_vnd=8000, fee_paid=True)
    fields.update(kw)
    return Receipt(**fields)


def test_vietnamese_first_then_english_smaller():
    blocks = receipt_blocks(base())
    titles = [b for b in blocks if isinstance(b, Title)]
    assert [t.text for t in titles] == ["BIÊN NHẬN HỒ SƠ", "Dossier receipt"]
    assert titles[0].size > titles[1].size
    kv = [b for b in blocks if isinstance(b, KeyValue)]
    vi = next(b for b in kv if b.key == "Ngày hẹn trả kết quả")
    en = next(b for b in kv if b.key == "Result due")
    assert vi.value == en.value == "25/11/2026" and vi.size > en.size
    assert blocks.index(vi) < blocks.index(en)
    assert [b.data for b in blocks if isinstance(b, QR)] == [lookup_payload("X-1")]


def test_english_first_when_asked():
    blocks = receipt_blocks(base(), lang_order=("en", "vi"))
    assert [b.text for b in blocks if isinstance(b, Title)] == ["Dossier receipt", "BIÊN NHẬN HỒ SƠ"]
    with pytest.raises(ValueError):
        receipt_blocks(base(), lang_order=("fr",))


def test_fee_wording():
    assert "8.000 đ — đã thanh toán" in words(receipt_blocks(base()))
    unpaid = words(receipt_blocks(base(fee_paid=False)))
    assert "8.000 đ. Chưa thanh toán — nộp tại quầy" in unpaid
    assert "8,000 VND. Not paid — pay at the counter" in unpaid
    assert "Không mất phí" in words(receipt_blocks(base(fee_vnd=0)))
    assert format_vnd(1250000, "vi") == "1.250.000 đ" and format_vnd(1250000, "en") == "1,250,000 VND"


def test_offline_receipt_carries_the_local_reference_and_the_sentence():
    r = base(dossier_code=None, local_ref="HN-DEMO-0001-0042", lookup_qr="kiosk:HN-DEMO-0001-0042")
    w = " ".join(words(receipt_blocks(r)))
    assert "Mã tham chiếu tại ki-ốt" in w and "HN-DEMO-0001-0042" in w
    assert "sẽ được tự động gửi đi" in w and "sent automatically" in w
    assert "Mã hồ sơ" not in w.split("Mã tham chiếu")[0]
    with pytest.raises(ValueError):
        base(dossier_code=None, local_ref=None)


def test_documents_delivery_and_lookup_are_printed():
    r = base(documents_to_bring=("Giấy chứng sinh (bản chính)",), delivery="post")
    w = words(receipt_blocks(r))
    assert "Giấy chứng sinh (bản chính)" in w
    assert "Qua dịch vụ bưu chính" in w and "By post" in w
    assert any("quét mã bằng điện thoại" in x for x in w)
    with pytest.raises(ValueError):
        base(delivery="pigeon")


def test_receipt_has_no_field_for_identity_numbers_or_birth_date():
    # Data minimisation: a lost receipt must not leak the citizen's identity.
    names = {f.name for f in dataclasses.fields(Receipt)} | {f.name for f in dataclasses.fields(StatusSlip)}
    leaky = {n for n in names if any(s in n for s in ("id_number", "cccd", "birth", "dob", "address"))}
    assert leaky == set()


@pytest.mark.parametrize("width", [576, 384])
def test_sample_receipt_renders_and_its_qr_reads(width):
    r = sample_receipt(now=datetime(2026, 11, 22, 10, 0))
    assert r.dossier_code == "000.00.07.H26-261122-0001"
    img = render(receipt_blocks(r), width)
    assert img.width == width and img.height > 600
    assert [x.text for x in zxingcpp.read_barcodes(img.convert("L"))] == [r.lookup_qr]


def test_status_slip_words_next_step_and_code():
    slip = StatusSlip(dossier_code="X-1", procedure_name="Đăng ký khai sinh", status=5,
                      printed_at=datetime(2026, 11, 22, 10, 0), ward_name="UBND phường Hoàn Kiếm",
                      lookup_qr=lookup_payload("X-1"))
    w = words(status_slip_blocks(slip))
    assert "Yêu cầu bổ sung giấy tờ" in w and "More documents needed" in w
    assert STATUSES[5]["vi_next"] in w and STATUSES[5]["en_next"] in w
    assert "Sẽ thông báo sau" in w
    assert w.index("TÌNH TRẠNG HỒ SƠ") < w.index("Dossier status")
    custom = dataclasses.replace(slip, next_step_vi="Đến quầy số 3.")
    assert "Đến quầy số 3." in words(status_slip_blocks(custom))
    img = render(status_slip_blocks(slip), 384)
    assert [x.text for x in zxingcpp.read_barcodes(img.convert("L"))] == [lookup_payload("X-1")]
    with pytest.raises(ValueError):
        StatusSlip(dossier_code="X", procedure_name="p", status=11, printed_at=datetime(2026, 1, 1))


def test_every_national_status_has_words_and_a_next_step():
    assert sorted(STATUSES) == list(range(1, 11))
    for s in STATUSES.values():
        assert all(s[k] for k in ("vi", "en", "vi_next", "en_next"))


def _start_tile_names():
    """The status tile's English label in StartScreen.qml and its Vietnamese translation."""
    import re
    import xml.etree.ElementTree as ET
    from pathlib import Path

    ui = Path(__file__).resolve().parent.parent / "ui"
    qml = (ui / "qml" / "Kiosk" / "StartScreen.qml").read_text(encoding="utf-8")
    tile = qml[qml.index('objectName: "tileStatus"'):]
    en = re.search(r'\btext: qsTr\("([^"]+)"\)', tile).group(1)
    ts = ET.parse(ui / "i18n" / "kiosk_vi.ts")
    vi = next(m.findtext("translation") for m in ts.iter("message") if m.findtext("source") == en)
    return en, vi


def test_receipt_names_the_start_screen_tile_in_both_languages():
    # A citizen told to choose a tile that does not exist is stuck at the kiosk.
    en, vi = _start_tile_names()
    w = words(receipt_blocks(base()))
    assert any(f"“{vi}”" in x for x in w), vi
    assert any(f"“{en}”" in x for x in w), en


def test_a_payment_being_confirmed_is_never_printed_as_unpaid():
    r = dataclasses.replace(sample_receipt(), fee_paid=False, fee_confirming=True)
    fees = [b.value for b in receipt_blocks(r) if isinstance(b, KeyValue)
            and b.key in ("Phí, lệ phí", "Fee")]
    assert len(fees) == 2
    assert "không nộp lại" in fees[0] and "do not pay again" in fees[1]
    assert not any("Chưa thanh toán" in f or "Not paid" in f for f in fees)


def test_the_technicians_test_print_says_it_is_not_a_receipt():
    texts = [b.text for b in receipt_blocks(sample_receipt()) if isinstance(b, Text)]
    assert texts[1].startswith("BẢN IN THỬ") and "TEST PRINT" in texts[1]
    assert texts[-1] == texts[1]  # at the bottom too
    real = dataclasses.replace(sample_receipt(), sample=False)
    assert not any("TEST PRINT" in b.text for b in receipt_blocks(real) if isinstance(b, Text))
