"""TD1 machine readable zone (ICAO 9303 Part 5) as held in DG1 of a chip ID card.

TD1 is 3 lines of 30 characters from ``A-Z 0-9 <``::

    line 1  1-2 document code, 3-5 issuing state, 6-14 document number,
            15 its check digit, 16-30 optional data (1)
    line 2  1-6 date of birth YYMMDD, 7 check digit, 8 sex (M, F, < or X),
            9-14 date of expiry YYMMDD, 15 check digit, 16-18 nationality,
            19-29 optional data (2), 30 composite check digit over line 1 6-30,
            line 2 1-7, 9-15 and 19-29
    line 3  name: SURNAME<<GIVEN<NAMES padded with <

Check digits use weights 7, 3, 1 repeating over values 0-9 for digits, 10-35 for A-Z
and 0 for ``<``; the digit is the sum modulo 10.

Vietnamese chip ID card (CCCD / Căn cước), from public sources:

* Document code ``ID``, issuing state and nationality ``VNM``.
* The document-number field (line 1, 6-14) holds the LAST 9 digits of the 12-digit
  personal identification number, with an ordinary check digit at 15; BAC is keyed on
  those 9 digits. The full 12-digit number opens the optional data (line 1, 16-27),
  followed by ``<<`` and, in the one public sample we found, at 30 a check digit
  computed over the 12 digits. That last digit is not an ICAO field, so we verify it
  when it is a digit and only use the number when it agrees; we never reject an MRZ
  for it.
* The 12 digits are PPP G YY NNNNNN (province or country code, sex and century, year of
  birth, serial), so the 9 MRZ digits start with the sex/century digit and year.
* Names are written without diacritics (``NGUYEN<<VAN<A``); the expiry date falls on the
  holder's birthday at 25, 40 or 60 (or none after 60).

Sources read (facts only, no code copied):

* hieumt211299/Read_Info_CIC@5cc8c0b1819f9db269af4f0d97c63daf082f9255:
  lib/presentation/mrz_scanner/presen/mrz_scanner.dart -- splits line 1 of an
  ``IDVNM`` MRZ as 9-character short ID, check digit, 12-character ID, 3 more
  characters; DOB, sex, expiry and nationality on line 2.
* khoa288/id-chip-reader@00bf2e8196698ec2d39e467db25f31423abdb7a5:
  src/access/bac_application.c (ReadDG1) -- the 9-character document number, then
  15 characters of optional data carrying "the remaining of the document number".
* khoa288/id-chip-reader@7ba7e539066bf68732d77652a85873ff498c61ed:src/utils/util.c
  (MrzInformationGenerate) -- BAC key from the 9 digits + check digit; expiry year at
  age 25 / 40 / 60, same month and day as the birthday.
"""

from __future__ import annotations

import datetime as _dt
import unicodedata
from dataclasses import dataclass

from .errors import CardDataError

TD1_LINE = 30
TD1_LENGTH = 3 * TD1_LINE
_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")
_WEIGHTS = (7, 3, 1)


def _char_value(c: str) -> int:
    if "0" <= c <= "9":
        return ord(c) - 48
    if "A" <= c <= "Z":
        return ord(c) - 55
    if c == "<":
        return 0
    raise CardDataError("MRZ: character outside A-Z 0-9 <")


def check_digit(field: str) -> str:
    """ICAO 9303 check digit of ``field`` (weights 7-3-1, modulo 10)."""
    total = 0
    for i, c in enumerate(field):
        total += _char_value(c) * _WEIGHTS[i % 3]
    return str(total % 10)


def _yymmdd_ok(s: str) -> bool:
    # ICAO lets an unknown day or month be '<<'; anything else must be a plausible date.
    if len(s) != 6 or not all(c.isdigit() or c == "<" for c in s):
        return False
    mm, dd = s[2:4], s[4:6]
    if mm != "<<" and (not mm.isdigit() or not 1 <= int(mm) <= 12):
        return False
    return dd == "<<" or (dd.isdigit() and 1 <= int(dd) <= 31)


def yymmdd_to_date(
    value: str, *, future: bool, today: _dt.date | None = None
) -> _dt.date | None:
    """A YYMMDD field as a date, or None when it is partly unknown or impossible.

    ``future`` picks the century: expiry dates lie within 50 years of today, birth dates
    in the past (a birth year above this year's two digits is in the 1900s).
    """
    if len(value) != 6 or not value.isdigit():
        return None
    today = today or _dt.date.today()
    yy, mm, dd = int(value[:2]), int(value[2:4]), int(value[4:6])
    century = today.year // 100 * 100
    year = century + yy
    if future:
        # Expiry: within 50 years either side of today (an expired card reads too).
        if year > today.year + 50:
            year -= 100
        elif year < today.year - 50:
            year += 100
    elif year > today.year:
        year -= 100
    try:
        return _dt.date(year, mm, dd)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Td1Mrz:
    """A parsed TD1 MRZ. Fields keep the MRZ's own text; fillers are stripped."""

    document_code: str
    issuing_state: str
    document_number: str
    optional_data_1: str
    date_of_birth: str  # YYMMDD as printed
    sex: str  # "M", "F", "X" or "" for '<'
    date_of_expiry: str  # YYMMDD
    nationality: str
    optional_data_2: str
    surname: str
    given_names: str
    # Names of the check digits that failed (empty when all agree); see parse_td1(strict).
    check_failures: tuple[str, ...]
    # For VNM cards: the full 12-digit ID number carried in the optional data, if
    # consistent with the document number (see module docstring), else None.
    id_number: str | None
    lines: tuple[str, str, str]

    def __repr__(self) -> str:
        # Names and numbers are personal data: keep them out of logs and tracebacks.
        return (
            f"Td1Mrz({self.document_code}/{self.issuing_state}, "
            f"check_failures={self.check_failures})"
        )

    @property
    def valid(self) -> bool:
        return not self.check_failures

    def birth_date(self, today: _dt.date | None = None) -> _dt.date | None:
        return yymmdd_to_date(self.date_of_birth, future=False, today=today)

    def expiry_date(self, today: _dt.date | None = None) -> _dt.date | None:
        return yymmdd_to_date(self.date_of_expiry, future=True, today=today)


def _split_lines(text: str) -> tuple[str, str, str]:
    if "\n" in text or "\r" in text:
        lines = [ln.strip() for ln in text.replace("\r", "\n").split("\n") if ln.strip()]
        if len(lines) != 3 or any(len(ln) != TD1_LINE for ln in lines):
            raise CardDataError("MRZ: TD1 needs 3 lines of 30 characters")
        return lines[0], lines[1], lines[2]
    if len(text) != TD1_LENGTH:
        raise CardDataError("MRZ: TD1 needs 90 characters")
    return text[:30], text[30:60], text[60:90]


def _vn_id_number(state: str, doc_number: str, opt1: str) -> str | None:
    if state != "VNM" or len(opt1) < 15:
        return None
    candidate = opt1[:12]
    if not candidate.isdigit() or candidate[3:] != doc_number:
        return None
    trailer = opt1[14]
    if trailer.isdigit() and trailer != check_digit(candidate):
        return None
    return candidate


def parse_td1(text: str | bytes, *, strict: bool = True) -> Td1Mrz:
    """Parse a TD1 MRZ (90 characters, or 3 lines of 30 from OCR).

    With ``strict`` any wrong check digit raises CardDataError; without it the failures
    are listed in ``check_failures`` (a kiosk may still want to show what it read).
    """
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("ascii")
        except UnicodeDecodeError:
            raise CardDataError("MRZ: not ASCII") from None
    l1, l2, l3 = _split_lines(text)
    if not set(l1 + l2 + l3) <= _ALPHABET:
        raise CardDataError("MRZ: character outside A-Z 0-9 <")

    failures: list[str] = []
    doc_field, doc_cd, opt1_field = l1[5:14], l1[14], l1[15:30]
    if doc_cd == "<" and opt1_field.strip("<"):
        # ICAO 9303-5: a document number longer than 9 characters goes on in the optional
        # data, closed by its check digit and a filler.
        rest = opt1_field.rstrip("<")
        doc_number = (doc_field + rest[:-1]).rstrip("<")
        if check_digit(doc_field + rest[:-1]) != rest[-1]:
            failures.append("document_number")
        opt1 = ""
    else:
        doc_number = doc_field.rstrip("<")
        if check_digit(doc_field) != doc_cd:
            failures.append("document_number")
        opt1 = opt1_field

    dob, dob_cd, sex, doe, doe_cd = l2[0:6], l2[6], l2[7], l2[8:14], l2[14]
    if not _yymmdd_ok(dob):
        failures.append("date_of_birth_format")
    elif check_digit(dob) != dob_cd:
        failures.append("date_of_birth")
    if not _yymmdd_ok(doe):
        failures.append("date_of_expiry_format")
    elif check_digit(doe) != doe_cd:
        failures.append("date_of_expiry")
    if sex not in "MFX<":
        failures.append("sex")
    composite = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    if check_digit(composite) != l2[29]:
        failures.append("composite")
    if strict and failures:
        raise CardDataError("MRZ: check failed: " + ", ".join(failures))

    name = l3.rstrip("<")
    surname, _, given = name.partition("<<")
    return Td1Mrz(
        document_code=l1[0:2].rstrip("<"),
        issuing_state=l1[2:5].rstrip("<"),
        document_number=doc_number,
        optional_data_1=opt1.rstrip("<"),
        date_of_birth=dob,
        sex="" if sex == "<" else sex,
        date_of_expiry=doe,
        nationality=l2[15:18].rstrip("<"),
        optional_data_2=l2[18:29].rstrip("<"),
        surname=surname.replace("<", " ").strip(),
        given_names=given.replace("<", " ").strip(),
        check_failures=tuple(failures),
        id_number=_vn_id_number(l1[2:5], doc_number, opt1),
        lines=(l1, l2, l3),
    )


# -- building (BAC keys, the virtual chip) --------------------------------------------


def _field(value: str, width: int) -> str:
    value = value.upper().replace(" ", "<")
    if len(value) > width or not set(value) <= _ALPHABET:
        raise ValueError(f"MRZ field {value!r} does not fit {width} characters of A-Z 0-9 <")
    return value.ljust(width, "<")


def _date_field(value: str, what: str) -> str:
    if len(value) != 6 or not value.isdigit():
        raise ValueError(f"{what} must be 6 digits YYMMDD")
    return value


def bac_key_seed(doc_number: str, dob_yymmdd: str, expiry_yymmdd: str) -> str:
    """MRZ_information for BAC (ICAO 9303-11 §9.7.1.1; the name is the brief's).

    Document number (at least 9 characters, padded with '<') + check digit + date of
    birth + check digit + date of expiry + check digit. Raises ValueError on input that
    cannot be an MRZ field (this is typed-in data, not card bytes).
    """
    doc = doc_number.strip().upper().replace(" ", "")
    if not doc or not set(doc) <= _ALPHABET:
        raise ValueError("document number must be A-Z 0-9")
    doc = doc.ljust(9, "<")
    dob = _date_field(dob_yymmdd, "date of birth")
    doe = _date_field(expiry_yymmdd, "date of expiry")
    return doc + check_digit(doc) + dob + check_digit(dob) + doe + check_digit(doe)


def cccd_document_number(id_number: str) -> str:
    """The MRZ document number of a CCCD: the last 9 of its 12 digits."""
    digits = id_number.strip()
    if len(digits) != 12 or not digits.isdigit():
        raise ValueError("a CCCD number has 12 digits")
    return digits[3:]


def mrz_name(text: str) -> str:
    """A name in MRZ letters: diacritics dropped (Đ -> D), anything else becomes '<'."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).upper()
    return "".join(c if "A" <= c <= "Z" else "<" for c in plain)


def build_td1(
    *,
    document_number: str,
    date_of_birth: str,
    sex: str,
    date_of_expiry: str,
    surname: str,
    given_names: str,
    document_code: str = "ID",
    issuing_state: str = "VNM",
    nationality: str = "VNM",
    optional_data_1: str = "",
    optional_data_2: str = "",
) -> str:
    """A 90-character TD1 MRZ with correct check digits (for the virtual chip)."""
    doc = _field(document_number, 9)
    dob = _date_field(date_of_birth, "date of birth")
    doe = _date_field(date_of_expiry, "date of expiry")
    sex_c = {"": "<", "M": "M", "F": "F", "X": "X", "<": "<"}.get(sex.upper())
    if sex_c is None:
        raise ValueError("sex must be M, F, X or empty")
    l1 = _field(document_code, 2) + _field(issuing_state, 3) + doc + check_digit(doc)
    l1 += _field(optional_data_1, 15)
    l2 = dob + check_digit(dob) + sex_c + doe + check_digit(doe) + _field(nationality, 3)
    l2 += _field(optional_data_2, 11)
    l2 += check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    name = mrz_name(surname).strip("<") + "<<" + mrz_name(given_names).strip("<")
    l3 = name[:TD1_LINE].ljust(TD1_LINE, "<")
    return l1 + l2 + l3


def build_cccd_td1(
    *,
    id_number: str,
    date_of_birth: str,
    sex: str,
    date_of_expiry: str,
    surname: str,
    given_names: str,
) -> str:
    """The TD1 MRZ of a CCCD as described in the module docstring."""
    doc = cccd_document_number(id_number)
    opt1 = id_number + "<<" + check_digit(id_number)
    return build_td1(
        document_number=doc,
        date_of_birth=date_of_birth,
        sex=sex,
        date_of_expiry=date_of_expiry,
        surname=surname,
        given_names=given_names,
        optional_data_1=opt1,
    )
