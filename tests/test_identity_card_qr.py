"""The card's printed QR code: layouts, validation, scanner damage, and a fuzz test."""

import json
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.identity import CardQr, CardQrError, Provenance, Sex, parse_card_qr
from kiosk.identity.card_qr import ERROR_KEYS, WARNING_KEYS, _mis_decode

DATA = json.loads((Path(__file__).parent / "data" / "cccd_qr_samples.json")
                  .read_text(encoding="utf-8"))
TODAY = date.fromisoformat(DATA["today"])
GOOD = "001090012345|123456789|Nguyễn Văn An|01021990|Nam|Số 1 phố Huế, Hà Nội|10102021"


def parse(text, **kw):
    kw.setdefault("today", TODAY)
    return parse_card_qr(text, **kw)


def _dmy(s):
    d, m, y = s.split("/")
    return date(int(y), int(m), int(d))


def _check_expected(qr: CardQr, exp: dict) -> None:
    assert qr.id_number == exp["cccd"]
    assert qr.old_id == (exp["old_id"] or None)
    assert qr.full_name == exp["name"]
    assert qr.date_of_birth == _dmy(exp["dob"])
    assert qr.sex == Sex(exp["sex"])
    assert qr.residence == exp["address"]
    assert qr.issue_date == _dmy(exp["issue_date"])


ALL_SAMPLES = [pytest.param(s, id=f"shared{i}") for i, s in enumerate(DATA["shared_samples"])]
ALL_SAMPLES += [pytest.param(s, id=f"project{i}") for i, s in enumerate(DATA["project_samples"])]


@pytest.mark.parametrize("mode", ["strict", "lenient"])
@pytest.mark.parametrize("sample", ALL_SAMPLES)
def test_samples_parse_or_fail_as_recorded(sample, mode):
    exp = sample["expect"][mode]
    if "error" in exp:
        with pytest.raises(CardQrError) as ei:
            parse(sample["payload"], strict=mode == "strict")
        assert ei.value.key == exp["error"]
        return
    qr = parse(sample["payload"], strict=mode == "strict")
    assert list(qr.warnings) == exp["warnings"]
    assert qr.field_count == sample["fields"]
    if "expected_parse" in sample:
        _check_expected(qr, sample["expected_parse"])


def test_error_keys_are_the_declared_ones():
    for s in DATA["shared_samples"]:
        for mode in ("strict", "lenient"):
            e = s["expect"][mode]
            assert e.get("error", "qr.fields") in ERROR_KEYS
            assert set(e.get("warnings", ())) <= set(WARNING_KEYS)


# -- layouts --------------------------------------------------------------------------

def test_seven_fields():
    qr = parse(GOOD)
    assert (qr.id_number, qr.old_id, qr.full_name) == ("001090012345", "123456789",
                                                       "Nguyễn Văn An")
    assert qr.date_of_birth == date(1990, 2, 1) and qr.issue_date == date(2021, 10, 10)
    assert qr.sex is Sex.MALE and qr.residence == "Số 1 phố Huế, Hà Nội"
    assert qr.field_count == 7 and qr.warnings == () and not qr.repaired


def test_six_fields_without_old_id():
    qr = parse("001090012345|Nguyễn Văn An|01021990|Nam|Hà Nội|10102021")
    assert qr.old_id is None and qr.full_name == "Nguyễn Văn An" and qr.field_count == 6
    assert qr.issue_date == date(2021, 10, 10)


def test_eleven_fields_with_trailing_empties():
    qr = parse(GOOD + "||||")
    assert qr.field_count == 11 and qr.extra_fields == ()


def test_extra_non_empty_fields_are_kept_apart():
    qr = parse(GOOD + "|x||y|")
    assert qr.extra_fields == ("x", "y") and qr.full_name == "Nguyễn Văn An"


def test_empty_old_id():
    assert parse(GOOD.replace("|123456789|", "||")).old_id is None


@pytest.mark.parametrize("text, key", [
    ("", "qr.not_cccd"),
    ("   \r\n", "qr.not_cccd"),
    ("00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA", "qr.not_cccd"),
    ("https://example.org/a|b", "qr.not_cccd"),
    ("a|b|c|d|e|f|g", "qr.not_cccd"),
    ("001090012345|x|y", "qr.fields"),
    ("001090012345|1|2|3|4|5|6|7|8|9|10|11", "qr.fields"),
    ("001090012345||Nguyễn Văn An|01021990|Nam|Hà Nội", "qr.fields"),  # 6 but old-ID form
    ("00109001234|123456789|Nguyễn Văn An|01021990|Nam|Hà Nội|10102021", "qr.bad_id"),
    ("0010900123456|123456789|Nguyễn Văn An|01021990|Nam|Hà Nội|10102021", "qr.bad_id"),
    ("00109001234X|123456789|Nguyễn Văn An|01021990|Nam|Hà Nội|10102021", "qr.bad_id"),
    ("００１０９００１２３４５|1|A|01021990|Nam|HN|10102021", "qr.bad_id"),  # fullwidth digits
    ("001090012345|12345|Nguyễn Văn An|01021990|Nam|Hà Nội|10102021", "qr.fields"),
    ("001090012345|²²²²²²²²²|Nguyễn Văn An|01021990|Nam|Hà Nội|10102021", "qr.fields"),
    ("001090012345|123456789||01021990|Nam|Hà Nội|10102021", "qr.fields"),
    ("001090012345|123456789|Nguyễn Văn An|01021990|Khác|Hà Nội|10102021", "qr.fields"),
    ("x" * 5000, "qr.not_cccd"),
])
def test_rejections(text, key):
    with pytest.raises(CardQrError) as ei:
        parse(text)
    assert ei.value.key == key


def test_whitespace_bom_and_enter_are_tolerated():
    qr = parse("\ufeff  " + GOOD.replace("Nguyễn Văn An", " Nguyễn  Văn\tAn ") + "\r\n")
    assert qr.full_name == "Nguyễn Văn An"


def test_nfd_input_is_normalised():
    import unicodedata
    qr = parse(unicodedata.normalize("NFD", GOOD))
    assert qr.full_name == "Nguyễn Văn An"


def test_bytes_input():
    assert parse(GOOD.encode()).full_name == "Nguyễn Văn An"
    with pytest.raises(CardQrError) as ei:
        parse(b"\xff\xfe" + GOOD.encode())
    assert ei.value.key == "qr.mangled"


def test_error_detail_never_echoes_personal_data():
    for bad in (GOOD.replace("01021990", "31021990"), GOOD.replace("ễ", "?"),
                GOOD.replace("|Nam|", "|Nm|")):
        with pytest.raises(CardQrError) as ei:
            parse(bad)
        msg = str(ei.value)
        assert "Nguy" not in msg and "001090" not in msg and "1990" not in msg


# -- dates ------------------------------------------------------------------------------

@pytest.mark.parametrize("dob, issue, field", [
    ("31021990", "10102021", "date_of_birth"),  # no 31 February
    ("29021990", "10102021", "date_of_birth"),  # 1990 is not a leap year
    ("01131990", "10102021", "date_of_birth"),
    ("1/2/1990", "10102021", "date_of_birth"),
    ("01021990", "00102021", "issue_date"),
    ("01021990", "10102021x", "issue_date"),
    ("01021990", "10102031", "issue_date"),  # issued in the future
    ("01021990", "10101989", "issue_date"),  # before birth
    ("01021990", "10102015", "issue_date"),  # before CCCD cards existed
])
def test_bad_dates(dob, issue, field):
    with pytest.raises(CardQrError) as ei:
        parse(GOOD.replace("01021990", dob).replace("10102021", issue))
    assert ei.value.key == "qr.bad_date" and ei.value.field == field


def test_birth_in_the_future_is_rejected():
    text = "001330012345||Trần Thị Bình|01012030|Nữ|Hà Nội|10102021"
    with pytest.raises(CardQrError) as ei:
        parse(text)
    assert ei.value.key == "qr.bad_date"


def test_dates_with_separators_and_leap_day():
    qr = parse("001184012345|Lê Thị Cúc|29/02/1984|Nữ|Hà Nội|05.05.2021")
    assert qr.date_of_birth == date(1984, 2, 29) and qr.issue_date == date(2021, 5, 5)


def test_today_defaults_to_the_real_date():
    assert parse_card_qr(GOOD).id_number == "001090012345"


# -- ID structure -------------------------------------------------------------------------

@pytest.mark.parametrize("number, dob, sex, ok", [
    ("001090012345", "01021990", "Nam", True),
    ("001190012345", "01021990", "Nữ", True),
    ("001290012345", "01021990", "Nam", False),  # 2 = born in the 2000s
    ("001302012345", "15082002", "Nữ", True),
    ("001202012345", "15082002", "Nam", True),
    ("001002012345", "15082002", "Nam", False),  # 1902
    ("001091012345", "01021990", "Nam", False),  # year digits 91
    ("001090012345", "01021990", "Nữ", False),  # sex digit says male
])
def test_id_structure_cross_check(number, dob, sex, ok):
    text = f"{number}||Nguyễn An|{dob}|{sex}|Hà Nội|10102022"
    if ok:
        assert parse(text).warnings == ()
        return
    # A contradiction is reported to staff, never a reason to refuse the card.
    assert parse(text).warnings == ("qr.id_mismatch",)
    assert parse(text, strict=False).warnings == ("qr.id_mismatch",)


def test_unknown_place_code_is_not_an_error():
    # The code table expired with Circular 59/2021; new codes may appear.
    assert parse(GOOD.replace("001090", "099090")).id_number.startswith("099")


# -- scanner damage -------------------------------------------------------------------------

def test_question_marks_are_reported():
    damaged = GOOD.replace("ễ", "?").replace("ă", "?").replace("ố", "?").replace("ộ", "?")
    for strict in (True, False):
        with pytest.raises(CardQrError) as ei:
            parse(damaged, strict=strict)
        assert ei.value.key == "qr.mangled"


def test_replacement_character_is_reported():
    with pytest.raises(CardQrError) as ei:
        parse(GOOD.replace("ễ", "\ufffd"), strict=False)
    assert ei.value.key == "qr.mangled"


def test_stripped_diacritics_are_reported():
    stripped = "001090012345|123456789|Nguyen Van An|01021990|Nam|So 1 pho Hue, Ha Noi|10102021"
    with pytest.raises(CardQrError) as ei:
        parse(stripped)
    assert ei.value.key == "qr.mangled"
    assert parse(stripped, strict=False).warnings == ("qr.no_diacritics",)


def test_stripped_female_sex_is_certain_damage():
    stripped = "001190012345||Tran Thi Binh|01021990|Nu|Ha Noi|10102021"
    for strict in (True, False):
        with pytest.raises(CardQrError) as ei:
            parse(stripped, strict=strict)
        assert ei.value.key == "qr.mangled" and ei.value.field == "sex"


def test_ascii_name_without_markers_is_fine():
    # Some names need no diacritics at all (e.g. ethnic-minority names); no false alarm.
    assert parse("001190012345||Mai Anh|01021990|Nữ|Hà Nội|10102021").warnings == ()


def test_mojibake_is_repaired_when_exact():
    for once in (_mis_decode(GOOD), _mis_decode(_mis_decode(GOOD))):
        assert "á»" in once or "Ã" in once
        qr = parse(once)
        assert qr.repaired and qr.full_name == "Nguyễn Văn An"
        assert qr.residence == "Số 1 phố Huế, Hà Nội"


def test_mojibake_with_cp1252_undefined_bytes_is_repaired():
    # "Đ" is C4 90 in UTF-8, and 0x90 is undefined in cp1252: Windows yields U+0090.
    text = "001090012345||Đỗ Văn An|01021990|Nam|Đà Nẵng|10102021"
    qr = parse(_mis_decode(text))
    assert qr.repaired and qr.full_name == "Đỗ Văn An" and qr.residence == "Đà Nẵng"


def test_mojibake_that_lost_bytes_is_reported_not_guessed():
    broken = _mis_decode(GOOD).replace("\u2026", "")  # the scanner dropped a character
    with pytest.raises(CardQrError) as ei:
        parse(broken, strict=False)
    assert ei.value.key == "qr.mangled"


def test_mojibake_sample_from_the_brief():
    with pytest.raises(CardQrError) as ei:
        parse("001090012345||Nguyá»…n|01021990|Nam|HN|10102021x")
    assert ei.value.key in ("qr.mangled", "qr.bad_date")
    qr = parse("001090012345||Nguyá»…n|01021990|Nam|HN|10102021")
    assert qr.full_name == "Nguyễn" and qr.repaired


def test_azerty_digits_are_reported():
    azerty = str.maketrans("1234567890", "&é\"'(-è_çà")
    text = "001090012345".translate(azerty) + GOOD[12:]
    with pytest.raises(CardQrError) as ei:
        parse(text)
    assert ei.value.key == "qr.mangled"
    with pytest.raises(CardQrError) as ei:  # the separators broke too
        parse(text.replace("|", "µ"))
    assert ei.value.key == "qr.mangled"


def test_replaced_separator_is_reported():
    with pytest.raises(CardQrError) as ei:
        parse(GOOD.replace("|", "'"))
    assert ei.value.key == "qr.mangled"


def test_foreign_letters_are_suspect():
    text = GOOD.replace("Nguyễn", "Nguyßn")
    with pytest.raises(CardQrError) as ei:
        parse(text)
    assert ei.value.key == "qr.mangled"
    assert parse(text, strict=False).warnings == ("qr.unexpected_chars",)


def test_control_characters_are_reported():
    with pytest.raises(CardQrError) as ei:
        parse(GOOD.replace("Văn", "V\x07n"), strict=False)
    assert ei.value.key == "qr.mangled"


# -- to_identity ------------------------------------------------------------------------------

def test_to_identity_has_qr_provenance_only_for_what_the_qr_holds():
    ident = parse(GOOD).to_identity()
    assert ident.id_number == "001090012345" and ident.sex is Sex.MALE
    assert ident.provenance_of("full_name") is Provenance.QR
    assert not ident.knows("expiry_date") and not ident.knows("nationality")
    assert ident.id_conflicts() == ()


def test_repr_is_masked():
    r = repr(parse(GOOD))
    assert "001090012345" not in r and "Nguyễn" not in r and "0010" in r


# -- never crash --------------------------------------------------------------------------------

_field = st.one_of(
    st.text(max_size=20),
    st.from_regex(r"[0-9]{12}", fullmatch=True),
    st.from_regex(r"[0-3][0-9][01][0-9](19|20)[0-9]{2}", fullmatch=True),
    st.sampled_from(["Nam", "Nữ", "Nu", "", "Nguyễn Văn An", "Hà Nội", "?", "Ã", "á»"]),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.text(max_size=400),
    st.lists(_field, min_size=1, max_size=13).map("|".join),
    st.lists(_field, min_size=6, max_size=8).map(lambda xs: _mis_decode("|".join(xs))),
    st.binary(max_size=300),
))
def test_any_input_gives_a_card_qr_or_a_card_qr_error(text):
    t0 = time.perf_counter()
    try:
        result = parse_card_qr(text, today=TODAY)
    except CardQrError as e:
        assert e.key in ERROR_KEYS
    else:
        assert isinstance(result, CardQr)
        assert len(result.id_number) == 12
        result.to_identity()  # a parsed QR always makes a valid Identity
    assert time.perf_counter() - t0 < 0.5


def test_huge_input_is_rejected_fast():
    t0 = time.perf_counter()
    for text in ("|" * 10**6, "0" * 10**6, "á»" * 10**5, b"\xff" * 10**6):
        with pytest.raises(CardQrError):
            parse_card_qr(text)
    assert time.perf_counter() - t0 < 0.5


def test_non_text_is_rejected():
    with pytest.raises(CardQrError) as ei:
        parse_card_qr(12345)  # type: ignore[arg-type]
    assert ei.value.key == "qr.not_cccd"


def test_nbsp_after_an_accented_letter_is_not_mojibake():
    qr = parse(GOOD.replace("Hà Nội", "Thanh Hoá\u00a0tỉnh"))
    assert qr.residence == "Số 1 phố Huế, Thanh Hoá tỉnh" and not qr.repaired
