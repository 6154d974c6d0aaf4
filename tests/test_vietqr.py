"""VietQR: the reference payloads, CRC, build/parse round trip, amounts in words, fuzzing."""

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.payment import vietqr
from kiosk.payment.vietqr import (
    MESSAGES,
    VietQRError,
    amount_in_words_en,
    amount_in_words_vi,
    ascii_fold,
    bank_by_bin,
    build_payload,
    crc16_ccitt_false,
    parse_payload,
)

# (payload, crc_valid, kind, expected decoded fields) for every VietQR/EMVCo payload
# of the project's reference samples.json (vietqr_payloads); each came from
# xuannghia/vietnam-qr-pay @ 17a05d3f (MIT), README and test/*.spec.ts.
SAMPLES = [
    ('00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704540410005802VN62150811Chuyen tien6304BBB8',
     True, 'vietqr', {'bank_bin': '970416', 'account': '257678859', 'amount': 1000, 'dynamic': True, 'purpose': 'Chuyen tien', 'bill_number': None, 'service': 'QRIBFTTA'}),
    ('00020101021126280010A0000007750110010531314453037045408210900005802VN5910CELLPHONES62600312CPSHN ONLINE0517021908061613127850705ONLHN0810CellphoneS63047685',
     True, 'other', {}),
    ('00020101021126610013vn.airpay.www014000000201010100064185noC4efDjGKq0or5GbeBz5204581253037045910RESTAURANT6009HOCHIMINH5802VN6304DA5C',
     True, 'other', {}),
    ('000201010211262400020001140100101114-0195204490053037045802VN5931EVN CONG TY DIEN LUC THANH XUAN6006Ha Noi62450302000613PD000000000000702000812TT tien dien6304DC30',
     True, 'other', {}),
    ('00020101021138620010A000000727013200069710250118PSP1234567890000000208QRIBFTTA53037045802VN62190515MOMOW2W123456786304821F',
     True, 'vietqr', {'bank_bin': '971025', 'account': 'PSP123456789000000', 'amount': None, 'dynamic': False, 'purpose': None, 'bill_number': None, 'service': 'QRIBFTTA'}),
    ('00020101021138620010A00000072701320006970454011899ZP24009M072482670208QRIBFTTA53037045802VN6304073C',
     True, 'vietqr', {'bank_bin': '970454', 'account': '99ZP24009M07248267', 'amount': None, 'dynamic': False, 'purpose': None, 'bill_number': None, 'service': 'QRIBFTTA'}),
    ('00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F',
     True, 'vietqr', {'bank_bin': '970416', 'account': '257678859', 'amount': None, 'dynamic': False, 'purpose': None, 'bill_number': None, 'service': 'QRIBFTTA'}),
    ('00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045405100005802VN62150811Chuyen tien630453E6',
     True, 'vietqr', {'bank_bin': '970416', 'account': '257678859', 'amount': 10000, 'dynamic': True, 'purpose': 'Chuyen tien', 'bill_number': None, 'service': 'QRIBFTTA'}),
    ('00020101021126280010A0000007750110010215477853037045802VN5912TUGIACOMPANY62310315TU GIA COMPUTER0708TUGIACO16304DF44',
     True, 'other', {}),
    ('00020101021138580010A000000727012800069704070114190304136010180208QRIBFTTA53037045802VN63040283',
     True, 'vietqr', {'bank_bin': '970407', 'account': '19030413601018', 'amount': None, 'dynamic': False, 'purpose': None, 'bill_number': None, 'service': 'QRIBFTTA'}),
    ('00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704540410005802VN62150811Chuyen tien6304BBB5',
     False, 'vietqr', {'bank_bin': '970416', 'account': '257678859', 'amount': 1000, 'dynamic': True, 'purpose': 'Chuyen tien', 'bill_number': None, 'service': 'QRIBFTTA'}),
    ('00020101021138540010A00000072701240006970422011003523509170208QRIBFTTA53037045802VN630479db',
     True, 'vietqr', {'bank_bin': '970422', 'account': '0352350917', 'amount': None, 'dynamic': False, 'purpose': None, 'bill_number': None, 'service': 'QRIBFTTA'}),
    ('00020101021126280010A000000775011001087990425204597753037045802VN5909MYPHAMHER6005HANOI62260311MY PHAM HER0707MPHER0163041C50',
     True, 'other', {}),
    ('00020101021126280010A000000775011001A80187905204549953037045802VN5907SUNFLY16005HaNoi62290313SUNFLY ONLINE0708SUNFLY016304AE6F',
     True, 'other', {}),
    ('00020101021002020103069084010411VNPayWallet071003933571580809Lê Anh Tú09051000010037041107content63042678',
     True, 'other', {}),
    ('00020101021126280010A000000775011001087990425204597753037045802VN5909MYPHAMHER6005HANOI62260311MY PHAM HER0707MPHER0163041C55',
     False, 'other', {}),
    ('00020101021138570010A00000072701390006970422011301234567890200208QRIBFTTA53037045802VN6304A3CF',
     True, 'vietqr', {'bank_bin': '970422', 'account': '0123456789020', 'amount': None, 'dynamic': False, 'purpose': None, 'bill_number': None}),
    ('00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E',
     True, 'vietqr', {'bank_bin': '970403', 'account': '0011012345678', 'amount': 180000, 'dynamic': True, 'purpose': 'thanh toan don hang', 'bill_number': 'NPS6869', 'service': 'QRIBFTTA'}),
    ('00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN63049E6F',
     True, 'vietqr', {'bank_bin': '970403', 'account': '0011012345678', 'amount': None, 'dynamic': False, 'purpose': None, 'bill_number': None, 'service': 'QRIBFTTA'}),
    ('00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52',
     True, 'vietqr', {'bank_bin': '970403', 'account': '9704031101234567', 'amount': None, 'dynamic': False, 'purpose': None, 'bill_number': None, 'service': 'QRIBFTTC'}),
    ('00020101021238570010A00000072701390006970422011301234567890200208QRIBFTTA53037045405500005802VN62160812Test Payment630495B6',
     True, 'vietqr', {'bank_bin': '970422', 'account': '0123456789020', 'amount': 50000, 'dynamic': True, 'purpose': 'Test Payment', 'bill_number': None}),
    ('00020101021238570010A00000072701390006970422011301234567890200208QRIBFTTA53037045405100005802VN62350809Test Memo0706PAYBIL0908INV-20246304074A',
     True, 'vietqr', {'bank_bin': '970422', 'account': '0123456789020', 'amount': 10000, 'dynamic': True, 'purpose': 'Test Memo', 'bill_number': None}),
    ('00020101021238570010A00000072701390006970422011301234567890200208QRIBFTTA53037045405100005802VN62230707PAYBILL0908INV-202463048C15',
     True, 'vietqr', {'bank_bin': '970422', 'account': '0123456789020', 'amount': 10000, 'dynamic': True, 'purpose': None, 'bill_number': None}),
    ('00020101021138570010A00000072701390006970422011301234567890200208QRIBFTTA5204581253037045802VN630477A7',
     True, 'vietqr', {'bank_bin': '970422', 'account': '0123456789020', 'amount': None, 'dynamic': False, 'purpose': None, 'bill_number': None}),
    ('00020101021138540010A00000072701240006970422011001234567890208QRIBFTTA53037045802VN6304B1A7',
     True, 'vietqr', {'bank_bin': '970422', 'account': '0123456789', 'amount': None, 'dynamic': False, 'purpose': None, 'bill_number': None, 'service': 'QRIBFTTA'}),
    ('00020101021138570010A00000072701390006970422011301234567890200208QRIBFTTA5303704540440005802VN62006304A6AF',
     True, 'vietqr', {'bank_bin': '970422', 'account': '0123456789020', 'amount': 4000, 'dynamic': False, 'purpose': None, 'bill_number': None}),
    ('00020101021138570010A00000072701390006970422011301234567890200208QRIBFTTA53037045802VN6304a3cf',
     True, 'vietqr', {'bank_bin': '970422', 'account': '0123456789020', 'amount': None, 'dynamic': False, 'purpose': None, 'bill_number': None}),
    ('00020101021138620010A00000072701320006970454011899MM24011M348750800208QRIBFTTA53037045802VN62190515MOMOW2W3487508080030466304EBC8',
     True, 'vietqr', {'bank_bin': '970454', 'account': '99MM24011M34875080', 'amount': None, 'dynamic': False, 'purpose': None, 'bill_number': None, 'service': 'QRIBFTTA'}),
    ('00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA530370454069999995802VN62140810Cam on nhe6304E786',
     True, 'vietqr', {'bank_bin': '970416', 'account': '257678859', 'amount': 999999, 'dynamic': True, 'purpose': 'Cam on nhe', 'bill_number': None, 'service': 'QRIBFTTA'}),
]


# -- reference payloads ------------------------------------------------------------------

@pytest.mark.parametrize(("payload", "crc_valid", "kind", "expected"), SAMPLES)
def test_reference_payloads_judged_as_recorded(payload, crc_valid, kind, expected):
    if not crc_valid:
        with pytest.raises(VietQRError) as e:
            parse_payload(payload)
        assert e.value.key == "vietqr.crc"
    elif kind != "vietqr":
        # Valid EMVCo codes of other schemes (VNPAY-QR, wallets): CRC fine, not ours.
        with pytest.raises(VietQRError) as e:
            parse_payload(payload)
        assert e.value.key == "vietqr.not_vietqr"
    else:
        qr = parse_payload(payload)
        for field, value in expected.items():
            assert getattr(qr, field) == value, field
        assert qr.service in ("QRIBFTTA", "QRIBFTTC")
        assert qr.raw == payload


def test_reference_crcs_recomputed():
    for payload, crc_valid, _kind, _exp in SAMPLES:
        computed = crc16_ccitt_false(payload[:-4].encode("utf-8"))
        assert (computed == int(payload[-4:], 16)) is crc_valid


def test_crc_over_utf8_bytes_while_lengths_count_characters():
    # The wallet sample with "Lê Anh Tú" (length 09 = characters; 12 UTF-8 bytes).
    payload = next(p for p, *_ in SAMPLES if "Tú" in p)
    assert "0809Lê Anh Tú" in payload
    assert crc16_ccitt_false(payload[:-4].encode("utf-8")) == int(payload[-4:], 16)
    assert crc16_ccitt_false(payload[:-4].encode("latin-1")) != int(payload[-4:], 16)


def test_crc_check_value():
    # The catalogue check value of CRC-16/CCITT-FALSE.
    assert crc16_ccitt_false(b"123456789") == 0x29B1
    assert crc16_ccitt_false(b"") == 0xFFFF


def test_build_reproduces_reference_payloads():
    assert build_payload(bank_bin="970416", account="257678859", amount=1000,
                         purpose="Chuyen tien") == SAMPLES[0][0]
    static = next(p for p, *_ in SAMPLES if p.endswith("6304AE9F"))
    assert build_payload(bank_bin="970416", account="257678859", amount=None) == static


def test_card_service_and_bank_lookup():
    qr = parse_payload(next(p for p, *_ in SAMPLES if "QRIBFTTC" in p))
    assert qr.service == "QRIBFTTC"
    assert qr.account == "9704031101234567"
    assert qr.bank is not None and qr.bank.code == "STB"
    assert bank_by_bin("970416").short_name == "ACB"
    assert bank_by_bin("000000") is None
    # Renamed banks share a BIN; the one still receiving transfers wins.
    assert bank_by_bin("970406").code == "VIKKI"
    assert bank_by_bin("970449").code == "LPB"


def test_repr_hides_the_account():
    qr = parse_payload(SAMPLES[0][0])
    assert "257678859" not in repr(qr)


# -- hand-made damage ------------------------------------------------------------------------

def _with_crc(body: str) -> str:
    body += "6304"
    return body + f"{crc16_ccitt_false(body.encode('utf-8')):04X}"


def _good_body() -> str:
    return build_payload(bank_bin="970422", account="0123456789", amount=50000,
                         bill_number="H26.105-251122-0001")[:-8]


@pytest.mark.parametrize(("mutate", "key"), [
    (lambda b: b.replace("A000000727", "A000000775"), "vietqr.not_vietqr"),
    (lambda b: b.replace("5303704", "5303840"), "vietqr.currency"),
    (lambda b: b.replace("5802VN", "5802TH"), "vietqr.country"),
    (lambda b: b.replace("540550000", "540500000"), "vietqr.amount"),
    (lambda b: b.replace("540550000", "54055000a"), "vietqr.amount"),
    (lambda b: b.replace("QRIBFTTA", "QRIBFTTX"), "vietqr.service"),
    (lambda b: b.replace("0006970422", "000597042"), "vietqr.malformed"),
    (lambda b: b.replace("010212", "010213"), "vietqr.malformed"),
    (lambda b: b + "5802VN", "vietqr.malformed"),  # repeated tag
    (lambda b: b + "6204", "vietqr.malformed"),  # runs past the end
])
def test_damage_reported_by_key(mutate, key):
    with pytest.raises(VietQRError) as e:
        parse_payload(_with_crc(mutate(_good_body())))
    assert e.value.key == key


def test_wrong_crc_and_missing_crc():
    good = build_payload(bank_bin="970422", account="0123456789", amount=None)
    flipped = good[:20] + ("1" if good[20] != "1" else "2") + good[21:]
    with pytest.raises(VietQRError) as e:
        parse_payload(flipped)
    assert e.value.key == "vietqr.crc"
    with pytest.raises(VietQRError) as e:
        parse_payload(good[:-8])
    assert e.value.key == "vietqr.malformed"
    with pytest.raises(VietQRError) as e:
        parse_payload(good[:-4] + "XYZW")
    assert e.value.key == "vietqr.malformed"


def test_lowercase_crc_and_scanner_newline_accepted():
    good = build_payload(bank_bin="970422", account="0123456789", amount=None)
    assert parse_payload(good[:-4] + good[-4:].lower() + "\r\n").account == "0123456789"


def test_not_emvco_and_too_long():
    for text in ("", "hello", "https://example.org", "012345678901|x"):
        with pytest.raises(VietQRError) as e:
            parse_payload(text)
        assert e.value.key == "vietqr.not_vietqr"
    with pytest.raises(VietQRError) as e:
        parse_payload("000201" + "9" * 600)
    assert e.value.key == "vietqr.too_long"


@pytest.mark.parametrize(("kwargs", "key"), [
    ({"bank_bin": "97041", "account": "1", "amount": 1}, "vietqr.bank"),
    ({"bank_bin": "970416", "account": "", "amount": 1}, "vietqr.account"),
    ({"bank_bin": "970416", "account": "12 34", "amount": 1}, "vietqr.account"),
    ({"bank_bin": "970416", "account": "1" * 20, "amount": 1}, "vietqr.account"),
    ({"bank_bin": "970416", "account": "1", "amount": 0}, "vietqr.amount"),
    ({"bank_bin": "970416", "account": "1", "amount": -5}, "vietqr.amount"),
    ({"bank_bin": "970416", "account": "1", "amount": True}, "vietqr.amount"),
    ({"bank_bin": "970416", "account": "1", "amount": 10**13}, "vietqr.amount"),
    ({"bank_bin": "970416", "account": "1", "amount": 1, "purpose": "Lệ phí"}, "vietqr.text"),
    ({"bank_bin": "970416", "account": "1", "amount": 1, "purpose": "x" * 26}, "vietqr.text"),
    ({"bank_bin": "970416", "account": "1", "amount": 1, "bill_number": "a\nb"}, "vietqr.text"),
])
def test_build_rejects_bad_input(kwargs, key):
    with pytest.raises(VietQRError) as e:
        build_payload(**kwargs)
    assert e.value.key == key


def test_ascii_fold():
    assert ascii_fold("Lệ phí hộ tịch Đống Đa") == "Le phi ho tich Dong Da"
    assert ascii_fold("Nguyễn Thị Ánh Tuyết") == "Nguyen Thi Anh Tuyet"


def test_every_key_has_both_languages():
    for key, texts in MESSAGES.items():
        assert key.startswith("vietqr.")
        assert texts["vi"].strip() and texts["en"].strip()
    keys_used = {"vietqr.crc", "vietqr.malformed", "vietqr.not_vietqr", "vietqr.amount",
                 "vietqr.currency", "vietqr.country", "vietqr.bank", "vietqr.account",
                 "vietqr.service", "vietqr.text", "vietqr.too_long"}
    assert keys_used <= set(MESSAGES)


# -- round trip and fuzzing --------------------------------------------------------------

_printable = st.text(alphabet=string.ascii_letters + string.digits + " .-/#:", min_size=1,
                     max_size=25).map(str.strip).filter(bool)


@given(
    bank_bin=st.text(alphabet=string.digits, min_size=6, max_size=6),
    account=st.text(alphabet=string.ascii_uppercase + string.digits, min_size=1, max_size=19),
    amount=st.none() | st.integers(1, vietqr.MAX_AMOUNT),
    bill=st.none() | _printable,
    purpose=st.none() | _printable,
    name=st.none() | _printable,
)
@settings(max_examples=300, deadline=None)
def test_build_parse_round_trip(bank_bin, account, amount, bill, purpose, name):
    payload = build_payload(bank_bin=bank_bin, account=account, amount=amount,
                            bill_number=bill, purpose=purpose, merchant_name=name)
    assert payload.isascii() and len(payload) <= vietqr.MAX_PAYLOAD
    qr = parse_payload(payload)
    assert (qr.bank_bin, qr.account, qr.amount, qr.bill_number, qr.purpose,
            qr.merchant_name) == (bank_bin, account, amount, bill, purpose, name)
    assert qr.dynamic is (amount is not None)
    assert qr.service == "QRIBFTTA"


@given(st.text(max_size=700))
@settings(max_examples=400, deadline=None)
def test_arbitrary_text_raises_only_vietqr_error(text):
    try:
        parse_payload(text)
    except VietQRError as e:
        assert e.key in MESSAGES


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_arbitrary_emvco_prefixed_text_raises_only_vietqr_error(tail):
    for text in ("000201" + tail, _with_crc("000201" + tail)):
        try:
            parse_payload(text)
        except VietQRError as e:
            assert e.key in MESSAGES


@given(index=st.integers(0, 10**6), replacement=st.characters(), crc=st.booleans(),
       sample=st.sampled_from([p for p, ok, kind, _ in SAMPLES if ok and kind == "vietqr"]))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_valid_payloads_raise_only_vietqr_error(index, replacement, crc, sample):
    body = sample[:-8]
    i = index % len(body)
    mutated = body[:i] + replacement + body[i + 1:]
    text = _with_crc(mutated) if crc else mutated + sample[-8:]
    try:
        qr = parse_payload(text)
    except VietQRError as e:
        assert e.key in MESSAGES
    else:
        # A mutation may land in free text and still be well formed; never with a
        # stale CRC unless the character did not change.
        assert crc or mutated == body
        assert len(qr.bank_bin) == 6


# -- amounts in words -------------------------------------------------------------------------

@pytest.mark.parametrize(("amount", "vi"), [
    (0, "không đồng"),
    (1, "một đồng"),
    (5, "năm đồng"),
    (10, "mười đồng"),
    (11, "mười một đồng"),
    (15, "mười lăm đồng"),
    (21, "hai mươi mốt đồng"),
    (25, "hai mươi lăm đồng"),
    (105, "một trăm linh năm đồng"),
    (1_000, "một nghìn đồng"),
    (15_000, "mười lăm nghìn đồng"),
    (50_000, "năm mươi nghìn đồng"),
    (100_000, "một trăm nghìn đồng"),
    (1_250_000, "một triệu hai trăm năm mươi nghìn đồng"),
    (1_005_000, "một triệu không trăm linh năm nghìn đồng"),
    (2_021, "hai nghìn không trăm hai mươi mốt đồng"),
    (100_000_000, "một trăm triệu đồng"),
    (1_000_000_000, "một tỷ đồng"),
    (2_500_000_000, "hai tỷ năm trăm triệu đồng"),
    (1_000_000_000_000, "một nghìn tỷ đồng"),
])
def test_amount_in_words_vi(amount, vi):
    assert amount_in_words_vi(amount) == vi


@pytest.mark.parametrize(("amount", "en"), [
    (0, "zero dong"),
    (1_000, "one thousand dong"),
    (15_000, "fifteen thousand dong"),
    (1_250_000, "one million two hundred fifty thousand dong"),
    (100_000_000, "one hundred million dong"),
    (21_021, "twenty-one thousand twenty-one dong"),
])
def test_amount_in_words_en(amount, en):
    assert amount_in_words_en(amount) == en


@given(st.integers(0, vietqr.MAX_AMOUNT))
@settings(max_examples=300, deadline=None)
def test_words_follow_the_rules(amount):
    words = amount_in_words_vi(amount).split()
    assert words[-1] == "đồng"
    # "mốt" only after a tens word of twenty or more, "lăm" only after a ten, "mười"
    # never followed by "mốt".
    for prev, word in zip(words, words[1:], strict=False):
        if word == "mốt":
            assert prev == "mươi"
        if word == "lăm":
            assert prev in ("mười", "mươi")
        if word == "linh":
            assert prev == "trăm"
    assert amount_in_words_en(amount).endswith("dong")


@pytest.mark.parametrize("bad", [-1, 10**13, True, 1.5])
def test_amount_in_words_rejects(bad):
    with pytest.raises(VietQRError) as e:
        amount_in_words_vi(bad)
    assert e.value.key == "vietqr.amount"


_VI_VALUES = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5,
              "lăm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}


def _read_vi(text: str) -> int:
    """An independent reader of Vietnamese amounts, to check the writer both ways."""
    big = acc = cur = last = 0
    for word in text.split():
        if word in _VI_VALUES:
            last = _VI_VALUES[word]
        elif word == "mười":
            cur += 10
        elif word == "mươi":
            cur, last = cur + last * 10, 0
        elif word == "trăm":
            cur, last = cur + last * 100, 0
        elif word == "nghìn":
            acc, cur, last = acc + (cur + last) * 1000, 0, 0
        elif word == "triệu":
            acc, cur, last = acc + (cur + last) * 10**6, 0, 0
        elif word == "tỷ":
            big, acc, cur, last = big + (acc + cur + last) * 10**9, 0, 0, 0
        elif word in ("linh", "đồng"):
            continue
        else:
            raise AssertionError(word)
    return big + acc + cur + last


@given(st.integers(0, vietqr.MAX_AMOUNT))
@settings(max_examples=500, deadline=None)
def test_vietnamese_words_read_back(amount):
    assert _read_vi(amount_in_words_vi(amount)) == amount


def test_amount_in_words_for_a_screen_never_raises():
    from kiosk.payment.vietqr import amount_in_words

    assert amount_in_words(15000, "vi") == "mười lăm nghìn đồng"
    assert amount_in_words(15000, "en") == "fifteen thousand dong"
    assert amount_in_words(0, "vi") == "" and amount_in_words(-5, "en") == ""
    assert amount_in_words(10**30, "vi") == ""
