"""Logical Data Structure files of an eMRTD (ICAO 9303-10): EF.COM, DG1, DG2, EF.SOD.

DG13 (Vietnam-specific) lives in ``dg13``. Every parser takes the whole file as read
from the card and raises only CardDataError.

* EF.COM ``60`` { ``5F01`` LDS version "0107", ``5F36`` Unicode version "040000",
  ``5C`` list of data group tags }.
* DG1 ``61`` { ``5F1F`` MRZ }.
* DG2 ``75`` { ``7F61`` biometric information group template { ``02`` count,
  ``7F60`` biometric information template { ``A1`` header, ``5F2E`` (or enciphered
  ``7F2E``) biometric data block } ... } }. The data block is an ISO/IEC 19794-5
  facial record ("FAC\\0"); we walk its headers only far enough to cut out the image
  (JPEG or JPEG 2000) and never decode it.
* EF.SOD ``77`` { CMS ContentInfo / SignedData whose eContent is the
  LDSSecurityObject: hash algorithm + (data group number, hash) pairs }. Checking the
  signature (Passive Authentication) is a separate step; we only read the hashes.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import tlv
from .errors import CardDataError
from .mrz import Td1Mrz, parse_td1

# The eMRTD applet; the CCCD uses the ICAO one.
EMRTD_AID = bytes.fromhex("A0000002471001")

# File identifiers (ICAO 9303-10 §4.6.1) of what the kiosk reads.
FID_EF_COM = 0x011E
FID_EF_SOD = 0x011D
FID_DG1 = 0x0101
FID_DG2 = 0x0102
FID_DG13 = 0x010D


def dg_fid(number: int) -> int:
    """File identifier of data group ``number`` (1..16): 0x0101..0x0110."""
    if not 1 <= number <= 16:
        raise ValueError("data groups are numbered 1..16")
    return 0x0100 + number


TAG_EF_COM = 0x60
TAG_EF_SOD = 0x77
# The LDS tag of each data group (ICAO 9303-10 table 34).
DG_TAGS = {
    1: 0x61, 2: 0x75, 3: 0x63, 4: 0x76, 5: 0x65, 6: 0x66, 7: 0x67, 8: 0x68,
    9: 0x69, 10: 0x6A, 11: 0x6B, 12: 0x6C, 13: 0x6D, 14: 0x6E, 15: 0x6F, 16: 0x70,
}  # fmt: skip
DG_BY_TAG = {tag: number for number, tag in DG_TAGS.items()}


def _file(data: bytes, tag: int, name: str) -> tlv.Tlv:
    outer = tlv.decode(data)
    if outer.tag != tag:
        raise CardDataError(f"{name}: expected tag {tag:X}, found {outer.tag:X}")
    return outer


def _ascii(value: bytes, what: str) -> str:
    try:
        return value.decode("ascii")
    except UnicodeDecodeError:
        raise CardDataError(f"{what}: not ASCII") from None


# -- EF.COM -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EfCom:
    lds_version: str  # "0107" -> LDS 1.7
    unicode_version: str  # "040000" -> Unicode 4.0.0
    tags: tuple[int, ...]  # data group tags as listed

    @property
    def data_groups(self) -> tuple[int, ...]:
        """Numbers of the listed data groups we know (tags we don't are skipped)."""
        return tuple(DG_BY_TAG[t] for t in self.tags if t in DG_BY_TAG)


def parse_ef_com(data: bytes) -> EfCom:
    outer = _file(data, TAG_EF_COM, "EF.COM")
    version = outer.find(0x5F01)
    unicode = outer.find(0x5F36)
    tag_list = outer.child(0x5C)
    return EfCom(
        lds_version=_ascii(version.value, "EF.COM version") if version else "",
        unicode_version=_ascii(unicode.value, "EF.COM unicode") if unicode else "",
        tags=tuple(tag_list.value),
    )


def build_ef_com(data_groups: list[int], *, lds: str = "0107", unicode: str = "040000") -> bytes:
    return tlv.encode(
        TAG_EF_COM,
        [
            tlv.encode(0x5F01, lds.encode("ascii")),
            tlv.encode(0x5F36, unicode.encode("ascii")),
            tlv.encode(0x5C, bytes(DG_TAGS[n] for n in data_groups)),
        ],
    )


# -- DG1 ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Dg1:
    mrz: Td1Mrz


def parse_dg1(data: bytes, *, strict: bool = False) -> Dg1:
    """DG1: the MRZ. Check digit failures are listed, not fatal, unless ``strict``.

    BAC has already proved the document number and dates; a kiosk should still be able
    to show a card whose composite digit is off, and decide itself.
    """
    mrz = _file(data, DG_TAGS[1], "DG1").child(0x5F1F).value
    if len(mrz) != 90:
        raise CardDataError("DG1: only TD1 (90 characters) is expected on an ID card")
    return Dg1(parse_td1(mrz, strict=strict))


def build_dg1(mrz: str) -> bytes:
    return tlv.encode(DG_TAGS[1], [tlv.encode(0x5F1F, mrz.encode("ascii"))])


# -- DG2 ----------------------------------------------------------------------------

_JPEG_SOI = b"\xff\xd8\xff"
_JP2_SIGNATURE = b"\x00\x00\x00\x0cjP  \r\n\x87\n"
_J2K_CODESTREAM = b"\xff\x4f\xff\x51"


def _image_type(image: bytes) -> str:
    if image.startswith(_JPEG_SOI):
        return "image/jpeg"
    if image.startswith(_JP2_SIGNATURE) or image.startswith(_J2K_CODESTREAM):
        return "image/jp2"
    raise CardDataError("DG2: image is neither JPEG nor JPEG 2000")


@dataclass(frozen=True, slots=True)
class FaceImage:
    mime_type: str  # "image/jpeg" or "image/jp2"
    data: bytes = b""
    width: int = 0
    height: int = 0

    def __repr__(self) -> str:  # never dump a biometric into a log
        return f"FaceImage({self.mime_type}, {self.width}x{self.height}, {len(self.data)} bytes)"


@dataclass(frozen=True, slots=True)
class Dg2:
    faces: tuple[FaceImage, ...]


def _u(block: bytes, pos: int, n: int) -> int:
    if pos + n > len(block):
        raise CardDataError("DG2: facial record truncated")
    return int.from_bytes(block[pos : pos + n], "big")


def parse_facial_record(block: bytes) -> list[FaceImage]:
    """Images of an ISO/IEC 19794-5 facial record ("FAC\\0", version "010\\0")."""
    if block[:4] != b"FAC\x00":
        raise CardDataError("DG2: biometric data block is not an ISO 19794-5 record")
    record_len = _u(block, 8, 4)
    count = _u(block, 12, 2)
    if record_len > len(block) or count == 0 or count > 16:
        raise CardDataError("DG2: facial record header inconsistent")
    pos = 14
    faces = []
    for _ in range(count):
        start = pos
        face_len = _u(block, pos, 4)
        points = _u(block, pos + 4, 2)
        # Facial information (20) + feature points (8 each) + image information (12).
        image_info = pos + 20 + 8 * points
        width = _u(block, image_info + 2, 2)
        height = _u(block, image_info + 4, 2)
        image_start = image_info + 12
        end = start + face_len
        if face_len < 32 or end > len(block) or image_start > end:
            raise CardDataError("DG2: facial record length inconsistent")
        image = bytes(block[image_start:end])
        faces.append(FaceImage(_image_type(image), image, width, height))
        pos = end
    return faces


def parse_dg2(data: bytes) -> Dg2:
    outer = _file(data, DG_TAGS[2], "DG2")
    group = outer.child(0x7F61)
    faces: list[FaceImage] = []
    for bit in group.children():
        if bit.tag != 0x7F60:
            continue
        block = None
        for item in bit.children():
            if item.tag in (0x5F2E, 0x7F2E):
                block = item.value
        if block is None:
            raise CardDataError("DG2: biometric template without data block")
        faces.extend(parse_facial_record(block))
    if not faces:
        raise CardDataError("DG2: no face image")
    return Dg2(tuple(faces))


def build_facial_record(image: bytes, *, width: int = 0, height: int = 0) -> bytes:
    """A minimal ISO/IEC 19794-5 record around ``image`` (for the virtual chip)."""
    image_data_type = 0 if image.startswith(_JPEG_SOI) else 1
    facial_info = (
        (20 + 12 + len(image)).to_bytes(4, "big")
        + bytes(2)  # no feature points
        # Gender, eye and hair colour, feature mask, expression, pose angle and its
        # uncertainty: all "unspecified".
        + bytes(14)
    )
    image_info = (
        bytes([1, image_data_type])  # full frontal; JPEG (0) or JPEG 2000 (1)
        + width.to_bytes(2, "big")
        + height.to_bytes(2, "big")
        + bytes(6)  # colour space, source type, device type, quality
    )
    body = facial_info + image_info + image
    return b"FAC\x00" + b"010\x00" + (14 + len(body)).to_bytes(4, "big") + (1).to_bytes(2, "big") + body


def build_dg2(image: bytes, *, width: int = 0, height: int = 0) -> bytes:
    header = tlv.encode(0xA1, [tlv.encode(0x80, b"\x01\x01"), tlv.encode(0x87, b"\x01\x01")])
    bit = tlv.encode(
        0x7F60, [header, tlv.encode(0x5F2E, build_facial_record(image, width=width, height=height))]
    )
    group = tlv.encode(0x7F61, [tlv.encode(0x02, b"\x01"), bit])
    return tlv.encode(DG_TAGS[2], [group])


# -- EF.SOD -------------------------------------------------------------------------

OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_LDS_SECURITY_OBJECT = "2.23.136.1.1.1"
OID_SHA256 = "2.16.840.1.101.3.4.2.1"


@dataclass(frozen=True, slots=True)
class SecurityObject:
    """What EF.SOD says about the data groups. Its signature is NOT checked here."""

    raw: bytes
    digest_algorithm: str  # OID, e.g. 2.16.840.1.101.3.4.2.1 for SHA-256
    hashes: dict[int, bytes]  # data group number -> hash

    def __repr__(self) -> str:
        return f"SecurityObject({self.digest_algorithm}, groups={sorted(self.hashes)})"


def _expect(item: tlv.Tlv, tag: int, what: str) -> tlv.Tlv:
    if item.tag != tag:
        raise CardDataError(f"EF.SOD: {what} expected tag {tag:X}, found {item.tag:X}")
    return item


def parse_lds_security_object(der: bytes) -> tuple[str, dict[int, bytes]]:
    """(digest algorithm OID, {data group: hash}) of an LDSSecurityObject."""
    seq = _expect(tlv.decode(der), 0x30, "LDSSecurityObject")
    items = seq.children()
    if len(items) < 3:
        raise CardDataError("EF.SOD: LDSSecurityObject too short")
    _expect(items[0], 0x02, "version")
    alg = _expect(items[1], 0x30, "hashAlgorithm").children()
    if not alg:
        raise CardDataError("EF.SOD: empty AlgorithmIdentifier")
    oid = tlv.decode_oid(_expect(alg[0], 0x06, "algorithm").value)
    hashes: dict[int, bytes] = {}
    for entry in _expect(items[2], 0x30, "dataGroupHashValues").children():
        parts = _expect(entry, 0x30, "DataGroupHash").children()
        if len(parts) != 2:
            raise CardDataError("EF.SOD: DataGroupHash needs number and hash")
        number = tlv.decode_integer(_expect(parts[0], 0x02, "dataGroupNumber").value)
        value = _expect(parts[1], 0x04, "dataGroupHashValue").value
        if not 1 <= number <= 16 or number in hashes or not 16 <= len(value) <= 64:
            raise CardDataError("EF.SOD: bad data group hash entry")
        hashes[number] = value
    return oid, hashes


def parse_sod(data: bytes) -> SecurityObject:
    outer = _file(data, TAG_EF_SOD, "EF.SOD")
    content_info = _expect(tlv.decode(outer.value), 0x30, "ContentInfo").children()
    if len(content_info) != 2:
        raise CardDataError("EF.SOD: ContentInfo needs type and content")
    if tlv.decode_oid(_expect(content_info[0], 0x06, "contentType").value) != OID_SIGNED_DATA:
        raise CardDataError("EF.SOD: not SignedData")
    explicit = _expect(content_info[1], 0xA0, "content").children()
    if len(explicit) != 1:
        raise CardDataError("EF.SOD: content must hold one SignedData")
    signed = _expect(explicit[0], 0x30, "SignedData").children()
    if len(signed) < 4:
        raise CardDataError("EF.SOD: SignedData too short")
    encap = _expect(signed[2], 0x30, "encapContentInfo").children()
    if len(encap) != 2:
        raise CardDataError("EF.SOD: encapContentInfo needs type and content")
    if tlv.decode_oid(_expect(encap[0], 0x06, "eContentType").value) != OID_LDS_SECURITY_OBJECT:
        raise CardDataError("EF.SOD: eContent is not an LDSSecurityObject")
    wrapper = _expect(encap[1], 0xA0, "eContent").children()
    if len(wrapper) != 1:
        raise CardDataError("EF.SOD: eContent must hold one OCTET STRING")
    octets = _expect(wrapper[0], 0x04, "eContent OCTET STRING").value
    oid, hashes = parse_lds_security_object(octets)
    return SecurityObject(bytes(data), oid, hashes)


def build_lds_security_object(hashes: dict[int, bytes], *, digest_oid: str = OID_SHA256) -> bytes:
    entries = [
        tlv.encode(0x30, [tlv.encode(0x02, tlv.encode_integer(n)), tlv.encode(0x04, h)])
        for n, h in sorted(hashes.items())
    ]
    return tlv.encode(
        0x30,
        [
            tlv.encode(0x02, b"\x00"),
            tlv.encode(0x30, [tlv.encode(0x06, tlv.encode_oid(digest_oid)), tlv.encode(0x05)]),
            tlv.encode(0x30, entries),
        ],
    )


def build_unsigned_sod(hashes: dict[int, bytes], *, digest_oid: str = OID_SHA256) -> bytes:
    """An EF.SOD whose SignedData has no certificate and no signer: for a virtual chip
    that has no document signer key. Passive Authentication must reject it."""
    alg = tlv.encode(0x30, [tlv.encode(0x06, tlv.encode_oid(digest_oid)), tlv.encode(0x05)])
    lds_so = build_lds_security_object(hashes, digest_oid=digest_oid)
    encap = tlv.encode(
        0x30,
        [
            tlv.encode(0x06, tlv.encode_oid(OID_LDS_SECURITY_OBJECT)),
            tlv.encode(0xA0, [tlv.encode(0x04, lds_so)]),
        ],
    )
    signed = tlv.encode(
        0x30, [tlv.encode(0x02, b"\x03"), tlv.encode(0x31, [alg]), encap, tlv.encode(0x31)]
    )
    content_info = tlv.encode(
        0x30, [tlv.encode(0x06, tlv.encode_oid(OID_SIGNED_DATA)), tlv.encode(0xA0, [signed])]
    )
    return tlv.encode(TAG_EF_SOD, content_info)
