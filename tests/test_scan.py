"""Classifying whatever a scanner delivered."""

import random
import time
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.dossier import codes
from kiosk.identity.card_qr import CardQr, _mis_decode
from kiosk.payment.vietqr import build_payload
from kiosk.scan import MAX_SCAN, MESSAGES, Scan, ScanKind, _classify, classify

# Synthetic card QR (placeholder name and numbers, structurally consistent: 0 = male
# born in the 1900s).
CARD = "001090012345|123456789|Nguyễn Văn An|01021990|Nam|Số 1 Hàng Bài, Hoàn Kiếm, Hà Nội|10102021"
VIETQR = build_payload(bank_bin="970422", account="0123456789", amount=7000,
                       bill_number="H26.105-251122-0001")
REF = codes.new_local_ref(date(2025, 11, 22), random.Random(2)).text


def test_card_qr():
    scan = classify(CARD + "\r\n")
    assert scan.kind is ScanKind.CARD_QR and scan.error_key is None
    assert isinstance(scan.card, CardQr)
    assert scan.card.id_number == "001090012345"
    assert classify(CARD.encode("utf-8")).kind is ScanKind.CARD_QR


@pytest.mark.parametrize("mangled", [
    CARD.replace("ễ", "?"),  # scanner could not type the letter
    CARD.replace("|", "<"),  # separator through another keyboard layout
    _mis_decode(CARD).replace("\u00c3", ""),  # mojibake that lost a byte
])
def test_mangled_card_qr_reports_the_card_parser_key(mangled):
    scan = classify(mangled)
    assert scan.kind is ScanKind.CARD_QR
    assert scan.card is None
    assert scan.error_key == "qr.mangled"


def test_card_qr_bytes_not_utf8_are_mangled_not_unknown():
    raw = CARD.encode("utf-8")
    broken = raw[:26] + b"\xff" + raw[27:]
    scan = classify(broken)
    assert scan.kind is ScanKind.CARD_QR and scan.error_key == "qr.mangled"


def test_exact_mojibake_is_repaired_by_the_card_parser():
    scan = classify(_mis_decode(CARD))
    assert scan.kind is ScanKind.CARD_QR and scan.card.full_name == "Nguyễn Văn An"


def test_vietqr():
    scan = classify(VIETQR)
    assert scan.kind is ScanKind.VIETQR and scan.error_key is None
    assert scan.vietqr.amount == 7000 and scan.vietqr.bill_number == "H26.105-251122-0001"


def test_misread_vietqr_and_other_wallets():
    bad = VIETQR[:-1] + ("0" if VIETQR[-1] != "0" else "1")
    scan = classify(bad)
    assert (scan.kind, scan.error_key, scan.vietqr) == (ScanKind.VIETQR, "vietqr.crc", None)
    vnpay = ("00020101021126280010A0000007750110010531314453037045408210900005802VN5910"
             "CELLPHONES62600312CPSHN ONLINE0517021908061613127850705ONLHN0810CellphoneS"
             "63047685")
    scan = classify(vnpay)
    assert (scan.kind, scan.error_key) == (ScanKind.UNKNOWN, "vietqr.not_vietqr")


@pytest.mark.parametrize(("text", "code"), [
    ("https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma=H26.105-251122-0001",
     "H26.105-251122-0001"),
    ("HTTPS://DICHVUCONG.HANOI.GOV.VN/TRA-CUU-HO-SO?MA=H26.105-251122-0001",
     "H26.105-251122-0001"),
    ("http://192.168.1.20:8000/status?lang=en&ma=h26105-251122-0042&src=kiosk",
     "H26.105-251122-0042"),
    ("https://tra-cuu.example.vn/ho-so/H26.230-260101-0007", "H26.230-260101-0007"),
    (f"https://x.example/?ma={REF.lower()}", REF),
])
def test_receipt_urls(text, code):
    scan = classify(text)
    assert (scan.kind, scan.code, scan.error_key) == (ScanKind.RECEIPT, code, None)


def test_receipt_url_round_trip():
    url = codes.receipt_qr_payload(REF, "https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma={code}")
    assert classify(url).code == REF


@pytest.mark.parametrize("text", [
    "https://www.google.com/search?q=ho+so",
    "https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma=",
    "https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma=H26.105-251322-0001",
])
def test_other_urls_are_unknown(text):
    scan = classify(text)
    assert (scan.kind, scan.error_key) == (ScanKind.UNKNOWN, "scan.unknown")


def test_codes():
    scan = classify(" h26105 251122 0001\n")
    assert (scan.kind, scan.code) == (ScanKind.DOSSIER_CODE, "H26.105-251122-0001")
    scan = classify(REF.replace("-", "").lower())
    assert (scan.kind, scan.code) == (ScanKind.LOCAL_REF, REF)


@pytest.mark.parametrize(("text", "kind", "key"), [
    ("H26.105-251322-0001", ScanKind.DOSSIER_CODE, "code.bad_date"),
    ("H26.105-251122-0000", ScanKind.DOSSIER_CODE, "code.bad_sequence"),
    (REF[:-1] + ("A" if REF[-1] != "A" else "B"), ScanKind.LOCAL_REF, "code.bad_check"),
    ("LK-251322-7QX4M2E", ScanKind.LOCAL_REF, "code.bad_date"),
])
def test_codes_with_mistakes(text, kind, key):
    scan = classify(text)
    assert (scan.kind, scan.code, scan.error_key) == (kind, None, key)


@pytest.mark.parametrize("garbage", [
    "", "   \r\n", "hello", "1234", "012345678901", "Lorem ipsum dolor sit amet",
    b"", b"\xff\xfe\x00\x01", b"\x80" * 50, "\x00\x01\x02", "|||||||",
])
def test_garbage_is_unknown(garbage):
    scan = classify(garbage)
    assert (scan.kind, scan.error_key) == (ScanKind.UNKNOWN, "scan.unknown")
    assert scan.code is None and scan.card is None and scan.vietqr is None


def test_input_size_is_bounded():
    for big in ("x" * (MAX_SCAN + 1), b"\xff" * (10 * MAX_SCAN), CARD * 100):
        scan = classify(big)
        assert (scan.kind, scan.error_key) == (ScanKind.UNKNOWN, "scan.too_long")
        assert len(scan.text) <= MAX_SCAN


def test_repr_keeps_personal_data_out():
    assert "Nguy" not in repr(classify(CARD))
    assert "001090012345" not in repr(classify(CARD))


def test_every_scan_key_has_both_languages():
    for texts in MESSAGES.values():
        assert texts["vi"].strip() and texts["en"].strip()


def test_classify_never_raises_even_on_wrong_types():
    for odd in (None, 42, ["H26.105-251122-0001"]):
        scan = classify(odd)  # type: ignore[arg-type]
        assert scan.kind is ScanKind.UNKNOWN


def _assert_sane(scan: Scan) -> None:
    assert isinstance(scan.kind, ScanKind)
    if scan.kind in (ScanKind.RECEIPT, ScanKind.DOSSIER_CODE, ScanKind.LOCAL_REF):
        assert (scan.code is None) is (scan.error_key is not None)
    if scan.kind is ScanKind.UNKNOWN:
        assert scan.error_key is not None


@given(st.text(max_size=600) | st.binary(max_size=600))
@settings(max_examples=400, deadline=None)
def test_classify_never_raises_and_is_bounded_in_time(data):
    start = time.perf_counter()
    _assert_sane(_classify(data))  # the inner function: no safety net to hide a bug
    assert time.perf_counter() - start < 0.5


@given(st.sampled_from([CARD, VIETQR, REF, "H26.105-251122-0001",
                        "https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma=H26.105-251122-0001"]),
       st.integers(0, 10**6), st.characters(), st.booleans())
@settings(max_examples=400, deadline=None)
def test_mutated_payloads_never_raise(base, index, char, as_bytes):
    i = index % len(base)
    text = base[:i] + char + base[i + 1:]
    data = text.encode("utf-8", "surrogatepass") if as_bytes else text
    _assert_sane(_classify(data))


def test_worst_case_time():
    # The longest accepted input of each shape, classified in well under a second.
    for text in ("000201" + "9" * (MAX_SCAN - 6), "|" * MAX_SCAN, "H" + "1" * (MAX_SCAN - 1),
                 "https://x/" + "a" * (MAX_SCAN - 10), "0" * MAX_SCAN):
        start = time.perf_counter()
        _assert_sane(_classify(text))
        assert time.perf_counter() - start < 0.5
