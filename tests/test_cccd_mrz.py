"""TD1 MRZ: ICAO specimens, check digits, the CCCD layout, BAC key input."""

from __future__ import annotations

import datetime as dt

import pytest

from devices.cccd.errors import CardDataError
from devices.cccd.mrz import (
    bac_key_seed,
    build_cccd_td1,
    build_td1,
    cccd_document_number,
    check_digit,
    mrz_name,
    parse_td1,
    yymmdd_to_date,
)

# ICAO 9303 Part 5 TD1 specimens (fictional holders).
ERIKSSON = (
    "I<UTOD231458907<<<<<<<<<<<<<<<"
    "7408122F1204159UTO<<<<<<<<<<<6"
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)
# A document number longer than 9 characters continues in the optional data.
STEVENSON = (
    "I<UTOD23145890<7349<<<<<<<<<<<"
    "3407127M9507122UTO<<<<<<<<<<<2"
    "STEVENSON<<PETER<JOHN<<<<<<<<<"
)


@pytest.mark.parametrize(
    "field,digit",
    [
        ("D23145890", "7"),
        ("740812", "2"),
        ("120415", "9"),
        ("L898902C<", "3"),  # ICAO 9303-11 Appendix D
        ("690806", "1"),
        ("940623", "6"),
        ("ZE184226B<<<<<", "1"),  # TD3 specimen personal number
        ("D23145890734", "9"),
        ("<<<<<<", "0"),
        ("AZ", "5"),  # A=10*7 + Z=35*3 = 175
    ],
)
def test_check_digits(field, digit):
    assert check_digit(field) == digit


def test_check_digit_rejects_foreign_characters():
    with pytest.raises(CardDataError):
        check_digit("ab1")


def test_icao_td1_specimen():
    mrz = parse_td1(ERIKSSON)
    assert (mrz.document_code, mrz.issuing_state, mrz.nationality) == ("I", "UTO", "UTO")
    assert mrz.document_number == "D23145890"
    assert (mrz.date_of_birth, mrz.sex, mrz.date_of_expiry) == ("740812", "F", "120415")
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert mrz.valid and mrz.id_number is None
    assert mrz.birth_date(dt.date(2025, 1, 1)) == dt.date(1974, 8, 12)
    assert mrz.expiry_date(dt.date(2025, 1, 1)) == dt.date(2012, 4, 15)


def test_long_document_number_specimen():
    mrz = parse_td1(STEVENSON)
    assert mrz.document_number == "D23145890734"
    assert mrz.optional_data_1 == ""
    assert mrz.sex == "M"


def test_three_lines_from_ocr_are_accepted():
    text = "\n".join([ERIKSSON[:30], ERIKSSON[30:60], ERIKSSON[60:]]) + "\n"
    assert parse_td1(text).document_number == "D23145890"


@pytest.mark.parametrize("position", [14, 36, 44, 59])
def test_wrong_check_digit(position):
    broken = ERIKSSON[:position] + str((int(ERIKSSON[position]) + 1) % 10) + ERIKSSON[position + 1 :]
    with pytest.raises(CardDataError):
        parse_td1(broken)
    assert not parse_td1(broken, strict=False).valid


@pytest.mark.parametrize(
    "text",
    ["", ERIKSSON[:89], ERIKSSON + "<", ERIKSSON.lower(), ERIKSSON[:60] + "é" * 30,
     b"\xff" * 90, "A\nB\nC"],
)
def test_malformed_mrz(text):
    with pytest.raises(CardDataError):
        parse_td1(text, strict=False)


def test_cccd_layout_round_trip():
    text = build_cccd_td1(
        id_number="001190012345", date_of_birth="900315", sex="F",
        date_of_expiry="300315", surname="Nguyễn", given_names="Thị Mẫu",
    )
    assert text[:30] == "IDVNM1900123457001190012345<<8"
    mrz = parse_td1(text)
    assert mrz.document_number == "190012345"
    assert mrz.id_number == "001190012345"
    assert (mrz.surname, mrz.given_names) == ("NGUYEN", "THI MAU")
    assert mrz.nationality == "VNM" and mrz.sex == "F"


def test_cccd_id_number_needs_consistent_optional_data():
    good = build_cccd_td1(
        id_number="001190012345", date_of_birth="900315", sex="F",
        date_of_expiry="300315", surname="A", given_names="B",
    )
    # A 12-digit number whose tail differs from the document number is not trusted.
    other = build_td1(
        document_number="190012345", date_of_birth="900315", sex="F", date_of_expiry="300315",
        surname="A", given_names="B", optional_data_1="001199999999<<" + check_digit("001199999999"),
    )
    assert parse_td1(good).id_number == "001190012345"
    assert parse_td1(other).id_number is None
    # Nor is one whose (non-ICAO) trailing check digit disagrees.
    tampered = build_td1(
        document_number="190012345", date_of_birth="900315", sex="F", date_of_expiry="300315",
        surname="A", given_names="B", optional_data_1="001190012345<<0",
    )
    assert parse_td1(tampered).id_number is None


def test_bac_key_seed():
    assert bac_key_seed("L898902C", "690806", "940623") == "L898902C<369080619406236"
    assert bac_key_seed("l898902c<", "690806", "940623") == "L898902C<369080619406236"
    assert bac_key_seed(cccd_document_number("001190012345"), "900315", "300315") == (
        "190012345" + check_digit("190012345") + "9003152" + "3003150"
    )


@pytest.mark.parametrize(
    "args", [("", "690806", "940623"), ("L89-8902", "690806", "940623"),
             ("L898902C", "69086", "940623"), ("L898902C", "690806", "94O623")]
)
def test_bac_key_seed_rejects_bad_input(args):
    with pytest.raises(ValueError):
        bac_key_seed(*args)


def test_cccd_document_number():
    assert cccd_document_number("001190012345") == "190012345"
    with pytest.raises(ValueError):
        cccd_document_number("19001234")


def test_mrz_name_transliteration():
    assert mrz_name("Đặng Thị Ngọc Ánh") == "DANG<THI<NGOC<ANH"


def test_dates():
    today = dt.date(2025, 6, 1)
    assert yymmdd_to_date("900315", future=False, today=today) == dt.date(1990, 3, 15)
    assert yymmdd_to_date("100315", future=False, today=today) == dt.date(2010, 3, 15)
    assert yymmdd_to_date("300315", future=True, today=today) == dt.date(2030, 3, 15)
    assert yymmdd_to_date("991231", future=True, today=today) == dt.date(1999, 12, 31)
    assert yymmdd_to_date("900230", future=False, today=today) is None
    assert yymmdd_to_date("90<<<<", future=False, today=today) is None


def test_repr_hides_personal_data():
    assert "ERIKSSON" not in repr(parse_td1(ERIKSSON))
