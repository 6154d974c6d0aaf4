"""Dossier codes, local references, typing forgiveness and the receipt QR."""

import random
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.dossier import codes
from kiosk.dossier.codes import (
    MESSAGES,
    DossierCode,
    DossierCodeError,
    LocalRef,
    check_as_typed,
    code_from_receipt_qr,
    format_dossier_code,
    new_local_ref,
    parse_any_code,
    parse_dossier_code,
    parse_local_ref,
    receipt_qr_payload,
)

LOOKUP = "https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma={code}"


def _key(fn, text):
    with pytest.raises(DossierCodeError) as e:
        fn(text)
    return e.value.key


# -- national dossier codes -------------------------------------------------------------

@pytest.mark.parametrize(("typed", "canonical"), [
    ("H26.105-251122-0001", "H26.105-251122-0001"),
    ("h26105-251122-0001", "H26.105-251122-0001"),  # dot forgotten
    ("  h26.105 251122 0001\n", "H26.105-251122-0001"),  # spaces, scanner newline
    ("H26_105/251122/0001", "H26.105-251122-0001"),
    ("H26.105--251122--0001", "H26.105-251122-0001"),  # doubled separators
    ("H26.105 2511220001", "H26.105-251122-0001"),  # date and sequence run together
    ("H261052511220001", "H26.105-251122-0001"),  # no separator at all
    ("H26.105–251122—0001", "H26.105-251122-0001"),  # en and em dashes
    ("ｈ２６.105-251122-0001", "H26.105-251122-0001"),  # full-width from an IME
    ("H26-251122-0042", "H26-251122-0042"),  # the city itself
    ("g17.42-250101-12345", "G17.42-250101-12345"),  # 5-digit sequence
    ("G11.27.001-250101-0001", "G11.27.001-250101-0001"),
    ("000.00.23.H26-230210-0007", "000.00.23.H26-230210-0007"),  # national directory
    ("H26.230-240229-0001", "H26.230-240229-0001"),  # leap day
])
def test_dossier_codes_forgiven(typed, canonical):
    code = parse_dossier_code(typed)
    assert code.text == canonical
    assert parse_any_code(typed) == code
    assert check_as_typed(typed) == (canonical, None)


def test_dossier_code_fields():
    code = parse_dossier_code("h26105-251122-0123")
    assert code == DossierCode("H26.105-251122-0123", "H26.105", date(2025, 11, 22), 123)


@pytest.mark.parametrize(("typed", "key"), [
    ("", "code.empty"),
    ("  \t", "code.empty"),
    ("--", "code.empty"),
    ("h26 105 251122 1", "code.bad_sequence"),  # not enough digits: explained, not padded
    ("H26.105-251122-0000", "code.bad_sequence"),
    ("H26.105-251122", "code.too_short"),
    ("H26", "code.too_short"),
    ("H26.105-251322-0001", "code.bad_date"),  # month 13
    ("H26.105-250230-0001", "code.bad_date"),  # 30 February
    ("H26.105-2511-0001", "code.bad_date"),
    ("XYZ-251122-0001", "code.bad_agency"),
    ("H26.1234-251122-0001", "code.bad_agency"),
    ("12-251122-0001", "code.bad_agency"),  # no letter in the agency
    ("H26.105+251122+0001", "code.unknown_format"),
    ("Hà Nội 251122 0001", "code.unknown_format"),
    ("H26.105-251122-0001" * 4, "code.unknown_format"),  # longer than any code
])
def test_dossier_code_mistakes_explained(typed, key):
    assert _key(parse_dossier_code, typed) == key


def test_a_local_ref_is_not_a_dossier_code():
    ref = new_local_ref(date(2025, 11, 22), random.Random(7))
    assert _key(parse_dossier_code, ref.text) == "code.unknown_format"


def test_format_dossier_code():
    assert format_dossier_code("H26.105", date(2025, 11, 22), 1) == "H26.105-251122-0001"
    assert format_dossier_code("h26.105", date(2026, 1, 2), 123456) == "H26.105-260102-123456"
    for agency, day, seq, key in [("H26.105", date(2025, 1, 1), 0, "code.bad_sequence"),
                                  ("H26.105", date(1999, 1, 1), 1, "code.bad_date"),
                                  ("no agency", date(2025, 1, 1), 1, "code.bad_agency"),
                                  ("H26.105", date(2025, 1, 1), True, "code.bad_sequence")]:
        with pytest.raises(DossierCodeError) as e:
            format_dossier_code(agency, day, seq)
        assert e.value.key == key


@given(agency=st.sampled_from(["H26", "H26.105", "H26.230", "G15", "G17.42", "G11.27.001",
                               "000.00.23.H26"]),
       day=st.dates(date(2000, 1, 1), date(2099, 12, 31)),
       seq=st.integers(1, 10**7))
@settings(max_examples=200, deadline=None)
def test_format_parse_round_trip(agency, day, seq):
    text = format_dossier_code(agency, day, seq)
    assert parse_dossier_code(text) == DossierCode(text, agency, day, seq)
    # Forgiveness never changes the meaning of a code typed sloppily.
    sloppy = text.lower().replace("-", " ").replace(".", " ")
    assert parse_any_code(sloppy).text == text


# -- local references ----------------------------------------------------------------------

def test_new_local_ref_shape_and_check():
    day = date(2025, 11, 22)
    rng = random.Random(42)
    seen = set()
    for _ in range(300):
        ref = new_local_ref(day, rng)
        assert ref.created == day
        assert ref.text.startswith("LK-251122-") and len(ref.text) == 17
        assert ref.text[-1].isalnum()  # never '*', '~', '$' or '='
        assert parse_local_ref(ref.text) == ref
        seen.add(ref.text)
    assert len(seen) == 300
    assert new_local_ref(day).text != new_local_ref(day).text  # secrets by default


def test_local_ref_deterministic_with_rng():
    a = new_local_ref(date(2025, 11, 22), random.Random(1))
    b = new_local_ref(date(2025, 11, 22), random.Random(1))
    assert a == b


def test_local_ref_check_symbol_known_value():
    # 12 symbols "2511220000001" ... worked by hand: value of "251122000001" in base 32
    # is v; v mod 37 picks the symbol. Recomputed independently here.
    symbols = "251122" + "000001"
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U"
    value = int("".join(f"{alphabet.index(c):05b}" for c in symbols), 2)
    check = alphabet[value % 37]
    text = f"LK-251122-000001{check}"
    assert parse_local_ref(text).text == text


def test_local_ref_forgiveness():
    ref = LocalRef("LK-251122-0Q1X4M" + codes._check_symbol("2511220Q1X4M"),
                   date(2025, 11, 22))
    typed_variants = [
        ref.text.lower(),
        ref.text.replace("-", ""),
        ref.text.replace("-", " "),
        ref.text.replace("0", "O"),  # O read for zero
        ref.text.replace("1", "I"),  # I for one
        ref.text.replace("1", "l"),  # l for one
        " lk/251122/" + ref.text[10:] + " ",
    ]
    for typed in typed_variants:
        assert parse_local_ref(typed) == ref, typed
        assert parse_any_code(typed) == ref, typed
        assert check_as_typed(typed) == (ref.text, None), typed


def test_local_ref_typos_caught():
    ref = new_local_ref(date(2025, 11, 22), random.Random(3))
    body = ref.text.replace("-", "")
    caught = 0
    total = 0
    # Every single-symbol substitution in the date or random part is caught (mod 37
    # catches all single substitutions), as is every adjacent transposition.
    for i in range(2, len(body)):
        for sub in "0123456789ABCDEFGHJKMNPQRSTVWXYZ":
            if sub == body[i]:
                continue
            typo = body[:i] + sub + body[i + 1:]
            total += 1
            try:
                parse_local_ref(typo)
            except DossierCodeError as e:
                assert e.key in ("code.bad_check", "code.bad_date")
                caught += 1
    assert caught == total
    for i in range(2, len(body) - 1):
        if body[i] != body[i + 1]:
            swapped = body[:i] + body[i + 1] + body[i] + body[i + 2:]
            assert _key(parse_local_ref, swapped) in ("code.bad_check", "code.bad_date")


@pytest.mark.parametrize(("typed", "key"), [
    ("LK-251122-7QX4M2", "code.too_short"),
    ("LK-251122-7QX4M2EE", "code.unknown_format"),
    ("LK-251322-7QX4M2E", "code.bad_date"),
    ("LK-251122-7QX4MUE", "code.bad_check"),  # U is only a check symbol
    ("H26.105-251122-0001", "code.unknown_format"),
    ("", "code.empty"),
])
def test_local_ref_mistakes(typed, key):
    assert _key(parse_local_ref, typed) == key


def test_brief_example_has_a_wrong_check_symbol():
    # The brief's illustration "LK-251122-7QX4M2P" does not carry the right symbol: a
    # typo like that is what the check is for.
    assert _key(parse_local_ref, "LK-251122-7QX4M2P") == "code.bad_check"
    right = "LK-251122-7QX4M2" + codes._check_symbol("2511227QX4M2")
    assert parse_local_ref(right).text == right


# -- live feedback ------------------------------------------------------------------------------

def test_every_prefix_of_a_valid_code_is_not_an_error():
    ref = new_local_ref(date(2026, 2, 28), random.Random(5)).text
    for full in ("H26.105-251122-0001", "000.00.23.H26-230210-0007", "G17.42-250131-12345",
                 ref, ref.lower().replace("-", " ")):
        for i in range(len(full)):
            # Some prefixes are codes already ("...-1234" of "...-12345").
            assert check_as_typed(full[:i])[1] is None, full[:i]
        assert check_as_typed(full)[0] is not None


@pytest.mark.parametrize(("typed", "key"), [
    ("H26.105-2513", "code.bad_date"),  # no month 13
    ("H26.105-25023", "code.bad_date"),  # no 30 or 31 February
    ("H26.105-251322-0001", "code.bad_date"),
    ("LK-259", "code.bad_date"),
    ("LK-251122-AU", "code.bad_check"),
    ("XYZ-251122-0001", "code.bad_agency"),
    ("H26.105+", "code.unknown_format"),
])
def test_check_as_typed_flags_what_cannot_become_valid(typed, key):
    assert check_as_typed(typed) == (None, key)


def _check_contract(text):
    for fn in (parse_dossier_code, parse_local_ref, parse_any_code):
        try:
            result = fn(text)
        except DossierCodeError as e:
            assert e.key in MESSAGES
        else:
            # Canonical forms are fixed points.
            assert fn(result.text) == result
    canonical, key = check_as_typed(text)
    assert canonical is None or key is None
    assert key is None or key in MESSAGES
    if canonical is not None:
        assert parse_any_code(text).text == canonical


@given(st.text(max_size=80))
@settings(max_examples=400, deadline=None)
def test_parsers_raise_only_their_error_and_check_never_raises(text):
    _check_contract(text)


@given(st.text(alphabet="H26.105-LK 0123456789OIlABCQXZU*/_", max_size=30))
@settings(max_examples=400, deadline=None)
def test_code_like_text_raises_only_declared_errors(text):
    _check_contract(text)


def test_messages_have_both_languages():
    for key in ("code.empty", "code.too_short", "code.bad_date", "code.bad_agency",
                "code.bad_sequence", "code.bad_check", "code.unknown_format"):
        assert MESSAGES[key]["vi"].strip() and MESSAGES[key]["en"].strip()


# -- receipt QR -----------------------------------------------------------------------------------

def test_receipt_qr_payload():
    assert (receipt_qr_payload("h26105 251122 0001", LOOKUP)
            == "https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma=H26.105-251122-0001")
    ref = new_local_ref(date(2025, 11, 22), random.Random(9))
    url = receipt_qr_payload(ref.text, "https://kiosk.example/tra-cuu/{code}")
    assert url == "https://kiosk.example/tra-cuu/" + ref.text
    with pytest.raises(DossierCodeError):
        receipt_qr_payload("nonsense", LOOKUP)
    with pytest.raises(ValueError):
        receipt_qr_payload("H26.105-251122-0001", "https://example.org/no-placeholder")


@pytest.mark.parametrize(("url", "code"), [
    ("https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma=H26.105-251122-0001",
     "H26.105-251122-0001"),
    ("HTTPS://DICHVUCONG.HANOI.GOV.VN/TRA-CUU-HO-SO?MA=H26.105-251122-0001",
     "H26.105-251122-0001"),  # upper-cased for the QR's alphanumeric mode
    ("http://10.0.0.5:8080/lookup?lang=vi&ma=h26105%2D251122%2D0001&x=1",
     "H26.105-251122-0001"),
    ("https://example.org/a/b/H26.105-251122-0001/", "H26.105-251122-0001"),
    ("https://example.org/a/H26.105-251122-0001?utm=x#top", "H26.105-251122-0001"),
    ("https://example.org/?ma=garbage&ma=G15-250101-0001", "G15-250101-0001"),
    ("https://example.org/tra-cuu?ma=", None),
    ("https://example.org/tra-cuu", None),
    ("ftp://example.org/H26.105-251122-0001", None),
    ("H26.105-251122-0001", None),  # a bare code is not a receipt URL
    ("https://", None),
    ("http://[::1", None),  # urlsplit raises ValueError for this
])
def test_code_from_receipt_qr(url, code):
    assert code_from_receipt_qr(url) == code


def test_receipt_round_trip_with_local_ref():
    ref = new_local_ref(date(2025, 11, 22), random.Random(11))
    assert code_from_receipt_qr(receipt_qr_payload(ref.text, LOOKUP)) == ref.text


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_code_from_receipt_qr_never_raises(text):
    for candidate in (text, "https://h/?ma=" + text, "https://h/" + text):
        result = code_from_receipt_qr(candidate)
        assert result is None or parse_any_code(result).text == result


def test_examples_shown_to_citizens_are_valid_codes():
    import re

    shown = set()
    for texts in MESSAGES.values():
        for sentence in texts.values():
            shown |= set(re.findall(r"\b(?:H26\.\d+-\d{6}-\d{4}|LK-\d{6}-[0-9A-Z]{7})\b",
                                    sentence))
    assert len(shown) == 2
    for example in shown:
        assert parse_any_code(example).text == example
