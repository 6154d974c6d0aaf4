"""DG13 of the Vietnamese chip ID card: the citizen's details in Vietnamese (UTF-8).

DG13 is "optional details" in ICAO 9303; Vietnam fills it with its own structure, which
no public specification describes. What public open-source readers agree on::

    6D L                                   DG13
      30 L                                 content
        02 01 01                           INTEGER, 1 (a version)
        06 06 28 D3 16 01 00 08            OID 1.0.10646.1.0.8 (ISO/IEC 10646 UTF-8)
        31 L                               SET of fields, each:
          30 L  02 01 NN  <value>          field number NN, then its value

Values are UTF8String (0C) text, some readers also accept PrintableString (13). The
field numbers::

     1 ID number (12 digits)       9 place of residence
     2 full name                  10 identifying marks
     3 date of birth DD/MM/YYYY   11 date of issue DD/MM/YYYY
     4 sex ("Nam" / "Nữ")         12 date of expiry DD/MM/YYYY
     5 nationality ("Việt Nam")   13 parents: a SEQUENCE of names, father then mother
     6 ethnicity                  14 spouse: a SEQUENCE holding the name
     7 religion                   15 old ID number (9-digit CMND)
     8 place of origin

Fields are parsed BY NUMBER, in any order, and any may be absent (e.g. 14 when single,
15 when there was no old card, or a field with a number but no value). Numbers we do not
know (public readers report a 16 holding a 16-hex-digit string of unconfirmed meaning)
are kept raw in ``unknown`` so nothing is silently lost. A known field whose value is
not text is kept there too rather than failing the whole card. Text is NFC-normalised.

Where sources disagree: the old ID number is field 15 in two readers but 16 in a third,
which calls 15 "other document number". We follow the kiosk's design (15); a 16 shows
up in ``unknown`` either way. How field 13 nests its two names also differs by reader
(one SEQUENCE of two strings, or each name wrapped on its own), so we accept the names as
the string leaves of the value, in order.

Sources read (facts only, no code copied):

* NghiaLio/NFC_CCCD_Reader@cdcf2cc435cc016c4a5a955103d926ccacd125cf:
  lib/src/data/parser/nfc_dg13_parser.dart (content SEQUENCE with INTEGER 1, the OID
  and the SET; fields 1-16; 13 and 14 nested) and test/data/dg13_fixture_builder.dart.
* khoa288/id-chip-reader@00bf2e8196698ec2d39e467db25f31423abdb7a5:
  src/access/bac_application.c (ReadDG13: fixed offsets of each value; the ID number at
  byte 30 matches exactly the header layout above with the 8-byte OID, DOB as 10
  characters, fields 1-13 and an old number last).
* nguyenddat/ript-virtual-recep@5f8645c25fe80298ddff32a7c85869978c15a551:
  server/app/services/ExtractCCCD.py (the ``30 L 02 01 NN`` field prefix, numbers 1-13).
"""

from __future__ import annotations

import datetime as _dt
import unicodedata
from dataclasses import dataclass, fields

from . import tlv
from .errors import CardDataError

TAG_DG13 = 0x6D
UTF8_OID = "1.0.10646.1.0.8"

FIELD_NUMBERS = {
    "id_number": 1,
    "full_name": 2,
    "date_of_birth": 3,
    "sex": 4,
    "nationality": 5,
    "ethnicity": 6,
    "religion": 7,
    "place_of_origin": 8,
    "place_of_residence": 9,
    "identifying_marks": 10,
    "issue_date": 11,
    "expiry_date": 12,
    "parents": 13,
    "spouse_name": 14,
    "old_id_number": 15,
}
_NAME_BY_NUMBER = {n: name for name, n in FIELD_NUMBERS.items()}
_MAX_FIELDS = 64
_MAX_NESTING = 4
_MAX_NAMES = 8


@dataclass(frozen=True, slots=True)
class Dg13:
    """The citizen's details from DG13. Dates stay as printed (DD/MM/YYYY)."""

    id_number: str | None = None
    full_name: str | None = None
    date_of_birth: str | None = None
    sex: str | None = None
    nationality: str | None = None
    ethnicity: str | None = None
    religion: str | None = None
    place_of_origin: str | None = None
    place_of_residence: str | None = None
    identifying_marks: str | None = None
    issue_date: str | None = None
    expiry_date: str | None = None
    father_name: str | None = None
    mother_name: str | None = None
    spouse_name: str | None = None
    old_id_number: str | None = None
    # Fields we could not interpret: (field number, the raw encoded value TLVs).
    unknown: tuple[tuple[int, bytes], ...] = ()

    def __repr__(self) -> str:
        # Personal data never goes to a log: show which fields are there, not what.
        present = [f.name for f in fields(self) if f.name != "unknown" and getattr(self, f.name)]
        return f"Dg13(present={present}, unknown={[n for n, _ in self.unknown]})"

    @property
    def sex_code(self) -> str | None:
        """"M" or "F" from the Vietnamese word, None when absent or unrecognised."""
        word = (self.sex or "").strip().lower()
        return {"nam": "M", "nữ": "F", "nu": "F"}.get(word)

    def birth_date(self) -> _dt.date | None:
        return parse_date(self.date_of_birth)

    def issued_on(self) -> _dt.date | None:
        return parse_date(self.issue_date)

    def expires_on(self) -> _dt.date | None:
        return parse_date(self.expiry_date)


def parse_date(text: str | None) -> _dt.date | None:
    """A DG13 date DD/MM/YYYY; None when absent or not a real date (e.g. "Không thời hạn")."""
    if not text:
        return None
    parts = text.strip().split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    try:
        return _dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None


_ASCII_STRINGS = {0x13, 0x16, 0x1A}  # PrintableString, IA5String, VisibleString


def _text(item: tlv.Tlv) -> str | None:
    """Decoded text of a string TLV; None when the TLV is not a string type."""
    try:
        if item.tag in (0x0C, 0x04):  # UTF8String; an OCTET STRING from lax encoders
            text = item.value.decode("utf-8")
        elif item.tag in _ASCII_STRINGS:
            text = item.value.decode("ascii")
        elif item.tag == 0x1E:  # BMPString
            if len(item.value) % 2:
                raise CardDataError("DG13: odd-length BMPString")
            text = item.value.decode("utf-16-be")
        else:
            return None
    except UnicodeDecodeError:
        raise CardDataError("DG13: text is not valid in its encoding") from None
    return unicodedata.normalize("NFC", text)


def _strings(items: list[tlv.Tlv], depth: int = 0) -> list[str] | None:
    """The string leaves of ``items`` in order, or None if a leaf is not a string."""
    out: list[str] = []
    for item in items:
        if item.constructed:
            if depth >= _MAX_NESTING:
                raise CardDataError("DG13: value nested too deep")
            inner = _strings(item.children(), depth + 1)
            if inner is None:
                return None
            out.extend(inner)
        else:
            text = _text(item)
            if text is None:
                return None
            out.append(text)
        if len(out) > _MAX_NAMES:
            return None
    return out


def _is_field(item: tlv.Tlv) -> bool:
    if item.tag != 0x30:
        return False
    children = item.children()
    return bool(children) and children[0].tag == 0x02


def _field_entries(outer: tlv.Tlv) -> list[tlv.Tlv]:
    content = outer.children()
    items = content
    if len(content) == 1 and content[0].tag == 0x30:
        # One SEQUENCE: the content wrapper (version, OID, SET), or a lone field.
        inner = content[0].children()
        if any(i.tag in (0x06, 0x31) for i in inner) or any(_is_field(i) for i in inner[1:]):
            items = inner
    entries: list[tlv.Tlv] = []
    for item in items:
        if item.tag == 0x31:
            entries.extend(item.children())
        elif item.tag == 0x30:
            entries.append(item)
        # The version INTEGER, the character set OID and anything else at this level
        # describe the container, not the citizen.
    return entries


def parse_dg13(data: bytes) -> Dg13:
    """Parse DG13 as read from the card (tag 6D). Raises only CardDataError."""
    outer = tlv.decode(data)
    if outer.tag != TAG_DG13:
        raise CardDataError(f"DG13: expected tag 6D, found {outer.tag:X}")
    entries = _field_entries(outer)
    if len(entries) > _MAX_FIELDS:
        raise CardDataError("DG13: too many fields")
    values: dict[str, str | None] = {}
    seen: set[int] = set()
    unknown: list[tuple[int, bytes]] = []
    for entry in entries:
        if entry.tag != 0x30:
            raise CardDataError("DG13: a field must be a SEQUENCE")
        parts = entry.children()
        if not parts or parts[0].tag != 0x02:
            raise CardDataError("DG13: a field must start with its number")
        number = tlv.decode_integer(parts[0].value, max_bytes=2)
        if number < 0:
            raise CardDataError("DG13: negative field number")
        if number in seen:
            raise CardDataError(f"DG13: field {number} appears twice")
        seen.add(number)
        value_items = parts[1:]
        name = _NAME_BY_NUMBER.get(number)
        texts = _strings(value_items) if name else None
        if name is None or texts is None:
            unknown.append((number, b"".join(i.encode() for i in value_items)))
            continue
        if len(texts) > (2 if name == "parents" else 1):
            # More names than the field can hold: not a layout we understand.
            unknown.append((number, b"".join(i.encode() for i in value_items)))
        elif name == "parents":
            values["father_name"] = texts[0] if texts else None
            values["mother_name"] = texts[1] if len(texts) > 1 else None
        else:
            values[name] = texts[0] if texts else None
    clean = {k: (v if v else None) for k, v in values.items()}
    return Dg13(**clean, unknown=tuple(unknown))


def _utf8(text: str) -> bytes:
    return tlv.encode(0x0C, unicodedata.normalize("NFC", text).encode("utf-8"))


def build_dg13(info: Dg13) -> bytes:
    """Encode ``info`` the way the card holds it (for the virtual chip and tests).

    Unknown fields are written back verbatim, so parse -> build round-trips them.
    """
    entries: list[tuple[int, bytes]] = []
    for name, number in FIELD_NUMBERS.items():
        if name == "parents":
            names = [info.father_name or "", info.mother_name or ""]
            if info.father_name or info.mother_name:
                entries.append((number, tlv.encode(0x30, [_utf8(n) for n in names])))
        elif name == "spouse_name":
            if info.spouse_name:
                entries.append((number, tlv.encode(0x30, [_utf8(info.spouse_name)])))
        else:
            value = getattr(info, name)
            if value:
                entries.append((number, _utf8(value)))
    known = {n for n, _ in entries}
    for number, raw in info.unknown:
        if number in known:
            raise ValueError(f"DG13 field {number} is both known and unknown")
        known.add(number)
        entries.append((number, raw))
    entries.sort(key=lambda e: e[0])
    field_set = tlv.encode(
        0x31,
        [tlv.encode(0x30, [tlv.encode(0x02, tlv.encode_integer(n)), raw]) for n, raw in entries],
    )
    content = tlv.encode(
        0x30,
        [
            tlv.encode(0x02, b"\x01"),
            tlv.encode(0x06, tlv.encode_oid(UTF8_OID)),
            field_set,
        ],
    )
    return tlv.encode(TAG_DG13, content)
