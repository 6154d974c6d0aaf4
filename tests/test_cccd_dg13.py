"""DG13: parse by field number, absent fields, unknown fields kept, builder."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from devices.cccd import tlv
from devices.cccd.dg13 import Dg13, build_dg13, parse_date, parse_dg13
from devices.cccd.errors import CardDataError
from devices.cccd.specimen import specimen

UTF8_OID = bytes.fromhex("060628D316010008")


def field(number: int, *values: bytes) -> bytes:
    return tlv.encode(0x30, [tlv.encode(0x02, bytes([number])), *values])


def utf8(text: str) -> bytes:
    return tlv.encode(0x0C, text.encode())


def dg13(*fields: bytes, container: bool = True) -> bytes:
    body = tlv.encode(0x31, list(fields))
    if container:
        body = tlv.encode(0x30, [tlv.encode(0x02, b"\x01"), UTF8_OID, body])
    return tlv.encode(0x6D, body)


def test_specimen_round_trip():
    details = specimen().details
    raw = build_dg13(details)
    assert raw[:2] == b"\x6d\x82"
    # Header layout seen in public readers: the ID number's text starts at byte 30.
    assert raw[30:42] == b"001190012345"
    assert parse_dg13(raw) == details
    assert details.sex_code == "F"
    assert details.birth_date() == dt.date(1990, 3, 15)
    assert details.expires_on() == dt.date(2030, 3, 15)


def test_fields_by_number_in_any_order_any_absent():
    raw = dg13(
        field(9, utf8("Hà Nội")),
        field(2, utf8("Lê Văn Mẫu")),
        field(4, utf8("Nam")),
        field(14),  # a number with no value
    )
    info = parse_dg13(raw)
    assert info.full_name == "Lê Văn Mẫu"
    assert info.place_of_residence == "Hà Nội"
    assert info.sex_code == "M"
    assert info.id_number is None and info.spouse_name is None and info.unknown == ()


def test_parents_and_spouse_nested():
    parents = tlv.encode(0x30, [utf8("Lê Văn Cha"), utf8("Phạm Thị Mẹ")])
    spouse = tlv.encode(0x30, [utf8("Đỗ Văn Chồng")])
    info = parse_dg13(dg13(field(13, parents), field(14, spouse)))
    assert (info.father_name, info.mother_name) == ("Lê Văn Cha", "Phạm Thị Mẹ")
    assert info.spouse_name == "Đỗ Văn Chồng"


def test_parents_each_wrapped():
    parents = [tlv.encode(0x30, [utf8("Cha")]), tlv.encode(0x30, [utf8("Mẹ")])]
    info = parse_dg13(dg13(field(13, *parents)))
    assert (info.father_name, info.mother_name) == ("Cha", "Mẹ")


def test_unknown_fields_are_kept_and_rebuilt():
    odd = tlv.encode(0x0C, b"0123456789ABCDEF")
    raw = dg13(field(1, utf8("001190012345")), field(16, odd), field(42, tlv.encode(0x02, b"\x07")))
    info = parse_dg13(raw)
    assert info.id_number == "001190012345"
    assert info.unknown == ((16, odd), (42, tlv.encode(0x02, b"\x07")))
    assert "0123456789ABCDEF" not in repr(info)
    assert parse_dg13(build_dg13(info)) == info


def test_known_field_with_unexpected_value_is_kept_raw():
    number = tlv.encode(0x02, b"\x05")
    info = parse_dg13(dg13(field(2, number), field(3, utf8("a"), utf8("b"))))
    assert info.full_name is None and info.date_of_birth is None
    assert [n for n, _ in info.unknown] == [2, 3]


def test_text_is_nfc():
    decomposed = unicodedata.normalize("NFD", "Nguyễn")
    assert decomposed != "Nguyễn"
    info = parse_dg13(dg13(field(2, utf8(decomposed))))
    assert info.full_name == "Nguyễn"


def test_printable_and_bmp_strings():
    info = parse_dg13(dg13(
        field(1, tlv.encode(0x13, b"001190012345")),
        field(2, tlv.encode(0x1E, "Mẫu".encode("utf-16-be"))),
    ))
    assert (info.id_number, info.full_name) == ("001190012345", "Mẫu")


def test_fields_directly_in_dg13():
    assert parse_dg13(dg13(field(2, utf8("X")), container=False)).full_name == "X"
    # A content SEQUENCE without the OID and SET still holds numbered fields.
    bare = tlv.encode(0x6D, tlv.encode(0x30, [tlv.encode(0x02, b"\x01"), field(2, utf8("Y"))]))
    info = parse_dg13(bare)
    assert info.full_name == "Y" and info.id_number is None
    # A lone field directly in DG13 is a field, not a container.
    assert parse_dg13(tlv.encode(0x6D, field(2, utf8("Z")))).full_name == "Z"


@pytest.mark.parametrize(
    "raw",
    [
        tlv.encode(0x61, b""),  # not DG13
        dg13(field(2, utf8("a")), field(2, utf8("b"))),  # duplicate field
        dg13(tlv.encode(0x30, [utf8("no number")])),  # entry without number
        dg13(tlv.encode(0x04, b"x")),  # entry not a SEQUENCE
        dg13(tlv.encode(0x30, [tlv.encode(0x02, b"\xff"), utf8("x")])),  # negative number
        dg13(field(2, tlv.encode(0x0C, b"\xff\xfe"))),  # bad UTF-8
        dg13(field(2, tlv.encode(0x1E, b"\x00"))),  # odd BMPString
        dg13(field(2, utf8("x")))[:-1],  # truncated
    ],
)
def test_malformed(raw):
    with pytest.raises(CardDataError):
        parse_dg13(raw)


def test_nesting_is_capped():
    value = utf8("deep")
    for _ in range(10):
        value = tlv.encode(0x30, value)
    with pytest.raises(CardDataError):
        parse_dg13(dg13(field(13, value)))


def test_builder_refuses_a_number_both_known_and_unknown():
    with pytest.raises(ValueError):
        build_dg13(Dg13(full_name="A", unknown=((2, utf8("B")),)))


@pytest.mark.parametrize(
    "text,expected",
    [("15/03/1990", dt.date(1990, 3, 15)), ("31/02/2000", None), ("Không thời hạn", None),
     (None, None), ("1/2/3/4", None)],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected
