"""BER-TLV decoding and encoding: strict bounds on untrusted bytes."""

from __future__ import annotations

import pytest

from devices.cccd import tlv
from devices.cccd.errors import CardDataError

EF_COM = bytes.fromhex("60145F0104303130365F36063034303030305C026175")


def test_decode_ef_com_from_appendix_d():
    com = tlv.decode(EF_COM)
    assert com.tag == 0x60 and com.constructed
    assert [c.tag for c in com.children()] == [0x5F01, 0x5F36, 0x5C]
    assert com.child(0x5F01).value == b"0106"
    assert com.child(0x5C).value == b"\x61\x75"
    assert com.find(0x77) is None


def test_multi_byte_tags_and_long_lengths():
    value = bytes(300)
    encoded = tlv.encode(0x7F61, value)
    assert encoded[:5] == bytes.fromhex("7F6182012C")
    assert tlv.decode(encoded) == tlv.Tlv(0x7F61, value)
    assert tlv.read_header(encoded) == (0x7F61, 300, 5)
    three = bytes.fromhex("BF8101") + b"\x01\x00"
    assert tlv.decode(three).tag == 0xBF8101


@pytest.mark.parametrize("n", [0, 1, 127, 128, 255, 256, 65535, 65536, 1 << 24])
def test_length_forms_round_trip(n):
    enc = tlv.encode_length(n)
    assert tlv.read_length(enc, 0) == (n, len(enc))


def test_non_minimal_length_is_accepted():
    # BER allows 81 05 for 5; some chips write lengths that way.
    assert tlv.decode(bytes.fromhex("048105") + b"abcde").value == b"abcde"


@pytest.mark.parametrize(
    "raw",
    [
        "",  # nothing
        "04",  # tag without length
        "0403AABB",  # value truncated
        "0481",  # length bytes missing
        "04820100" + "00" * 10,  # long length runs past the data
        "0480AABB0000",  # indefinite length
        "0485000000000100",  # 5 length bytes
        "5F",  # multi-byte tag truncated
        "5F8181",  # multi-byte tag still truncated
        "1FFFFFFFFF0100",  # tag longer than 4 bytes
        "040100FF",  # trailing garbage
    ],
)
def test_malformed(raw):
    with pytest.raises(CardDataError):
        tlv.decode(bytes.fromhex(raw))


def test_children_must_fill_the_value_exactly():
    with pytest.raises(CardDataError):
        tlv.Tlv(0x30, bytes.fromhex("020101FF")).children()


def test_trailing_bytes_when_allowed():
    assert tlv.decode(bytes.fromhex("020101FFFF"), allow_trailing=True).value == b"\x01"


def test_walk_caps_depth_without_recursion():
    nested = b"\x04\x00"
    for _ in range(200):
        nested = tlv.encode(0x30, nested)
    with pytest.raises(CardDataError):
        list(tlv.walk(nested))
    depths = [d for d, _ in tlv.walk(nested, max_depth=500)]
    assert depths[-1] == 200


def test_walk_skips_opaque_tags():
    inner = tlv.encode(0x7F2E, b"\xff\xd8\xff")  # constructed bit set, holds an image
    assert [t.tag for _, t in tlv.walk(inner, opaque=frozenset({0x7F2E}))] == [0x7F2E]
    with pytest.raises(CardDataError):
        list(tlv.walk(inner))


@pytest.mark.parametrize("n", [0, 1, 127, 128, 255, 256, -1, -129, 2**40])
def test_integers(n):
    assert tlv.decode_integer(tlv.encode_integer(n)) == n


@pytest.mark.parametrize(
    "oid", ["1.0.10646.1.0.8", "2.23.136.1.1.1", "1.2.840.113549.1.7.2", "2.999.3"]
)
def test_oids(oid):
    assert tlv.decode_oid(tlv.encode_oid(oid)) == oid


def test_utf8_oid_encoding_matches_public_dg13_dumps():
    assert tlv.encode(0x06, tlv.encode_oid("1.0.10646.1.0.8")).hex() == "060628d316010008"


@pytest.mark.parametrize("raw", ["", "81", "2A86"])
def test_bad_oid(raw):
    with pytest.raises(CardDataError):
        tlv.decode_oid(bytes.fromhex(raw))
