"""EF.COM, DG1, DG2 and EF.SOD parsers and builders."""

from __future__ import annotations

import hashlib

import pytest

from devices.cccd import lds, tlv
from devices.cccd.errors import CardDataError
from devices.cccd.specimen import fake_jpeg, specimen, specimen_files

EF_COM = bytes.fromhex("60145F0104303130365F36063034303030305C026175")
JP2 = b"\x00\x00\x00\x0cjP  \r\n\x87\n" + bytes(40)


def test_ef_com_from_appendix_d():
    com = lds.parse_ef_com(EF_COM)
    assert (com.lds_version, com.unicode_version) == ("0106", "040000")
    assert com.tags == (0x61, 0x75) and com.data_groups == (1, 2)


def test_ef_com_builder():
    com = lds.parse_ef_com(lds.build_ef_com([1, 2, 13]))
    assert com.data_groups == (1, 2, 13) and com.lds_version == "0107"


def test_dg1_specimen():
    dg1 = lds.parse_dg1(specimen_files()[lds.FID_DG1])
    assert dg1.mrz.id_number == "001190012345"
    assert dg1.mrz.valid


def test_dg1_lenient_about_check_digits_unless_strict():
    mrz = specimen().mrz
    broken = mrz[:59] + str((int(mrz[59]) + 1) % 10) + mrz[60:]
    assert lds.parse_dg1(lds.build_dg1(broken)).mrz.check_failures == ("composite",)
    with pytest.raises(CardDataError):
        lds.parse_dg1(lds.build_dg1(broken), strict=True)


def test_dg2_jpeg():
    image = fake_jpeg(2000)
    dg2 = lds.parse_dg2(lds.build_dg2(image, width=480, height=640))
    (face,) = dg2.faces
    assert face.data == image and face.mime_type == "image/jpeg"
    assert (face.width, face.height) == (480, 640)
    assert "2000 bytes" in repr(face) and "JFIF" not in repr(face)


def test_dg2_jpeg2000_in_enciphered_block_tag():
    record = lds.build_facial_record(JP2)
    bit = tlv.encode(0x7F60, [tlv.encode(0xA1, b""), tlv.encode(0x7F2E, record)])
    raw = tlv.encode(0x75, [tlv.encode(0x7F61, [tlv.encode(0x02, b"\x01"), bit])])
    assert lds.parse_dg2(raw).faces[0].mime_type == "image/jp2"


@pytest.mark.parametrize(
    "mutate",
    [
        lambda r: r.replace(b"FAC\x00", b"XYZ\x00"),  # not a 19794-5 record
        lambda r: r.replace(b"\xff\xd8\xff", b"\x00\x00\x00"),  # not an image
        lambda r: r[:-1],  # truncated
    ],
)
def test_dg2_malformed(mutate):
    with pytest.raises(CardDataError):
        lds.parse_dg2(mutate(lds.build_dg2(fake_jpeg(200))))


def test_dg2_without_face():
    raw = tlv.encode(0x75, [tlv.encode(0x7F61, [tlv.encode(0x02, b"\x00")])])
    with pytest.raises(CardDataError):
        lds.parse_dg2(raw)


def test_sod_hash_list():
    files = specimen_files()
    sod = lds.parse_sod(files[lds.FID_EF_SOD])
    assert sod.digest_algorithm == lds.OID_SHA256
    assert sorted(sod.hashes) == [1, 2, 13]
    assert sod.hashes[13] == hashlib.sha256(files[lds.FID_DG13]).digest()
    assert sod.raw == files[lds.FID_EF_SOD]


@pytest.mark.parametrize(
    "raw",
    [
        tlv.encode(0x77, tlv.encode(0x30, [tlv.encode(0x06, tlv.encode_oid("1.2.3"))])),
        tlv.encode(0x61, b""),
        lds.build_unsigned_sod({1: bytes(32)}).replace(
            tlv.encode_oid(lds.OID_LDS_SECURITY_OBJECT), tlv.encode_oid("2.23.136.1.1.9")
        ),
        lds.build_unsigned_sod({1: bytes(32)}).replace(b"\x02\x01\x01\x04\x20", b"\x02\x01\x11\x04\x20"),
    ],
)
def test_sod_malformed(raw):
    with pytest.raises(CardDataError):
        lds.parse_sod(raw)


def test_file_identifiers():
    assert (lds.FID_EF_COM, lds.FID_DG1, lds.FID_DG2, lds.FID_DG13, lds.FID_EF_SOD) == (
        0x011E, 0x0101, 0x0102, 0x010D, 0x011D,
    )
    assert lds.dg_fid(13) == 0x010D
    assert lds.EMRTD_AID.hex().upper() == "A0000002471001"
