"""The QR code printed on the chip ID card (CCCD / Căn cước).

Layout (UTF-8): ``ID|old ID|full name|DDMMYYYY birth|sex|address|DDMMYYYY issue``. Seen in
the wild as well: the old-ID field left out (6 fields) and four trailing empty fields
(11). The kiosk reads it with a keyboard-wedge scanner, which may mangle everything that
is not ASCII; the parser says so (``qr.mangled``) rather than fill a form with "Nguy?n",
and repairs UTF-8 read as Windows-1252 / Latin-1 when the repair is exact.

`parse_card_qr` never raises anything but `CardQrError`, and runs in time bounded by the
input cap (property-tested). Error details never echo the input: they end up in logs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.identity.model import (
    Identity,
    Provenance,
    Sex,
    id_structure_conflicts,
    is_vietnamese_letter,
    mask_id,
    mask_name,
)

# Every key the UI must translate.
ERROR_KEYS = (
    "qr.not_cccd",  # not a card QR at all (a VietQR, a URL, noise)
    "qr.bad_id",  # the ID field is not 12 digits
    "qr.bad_date",  # a date is not a real, plausible DDMMYYYY date
    "qr.mangled",  # the scanner damaged the text ('?', lost diacritics, mojibake, layout)
    "qr.fields",  # wrong number of fields, empty name, unknown sex, bad old ID
)
# Findings reported as warnings: the first two instead of errors when strict=False;
# qr.id_mismatch (the ID number's structure contradicts birth year or sex) always.
WARNING_KEYS = ("qr.no_diacritics", "qr.unexpected_chars", "qr.id_mismatch")

MAX_INPUT = 1024  # a real payload is well under 300 characters
# CCCD cards exist since the 2014 law took effect; a QR dated earlier is not a card's.
EARLIEST_ISSUE = date(2016, 1, 1)
EARLIEST_BIRTH = date(1900, 1, 1)


class CardQrError(ValueError):
    """The one error `parse_card_qr` raises: `key` for the UI, `detail` for logs."""

    def __init__(self, key: str, detail: str, *, field: str | None = None) -> None:
        super().__init__(f"{key}: {detail}")
        self.key = key
        self.detail = detail
        self.field = field  # the payload field at fault, when there is one


@dataclass(frozen=True, slots=True, repr=False)
class CardQr:
    id_number: str
    old_id: str | None
    full_name: str
    date_of_birth: date
    sex: Sex
    residence: str | None
    issue_date: date
    field_count: int  # 6, 7 or up to 11 as scanned
    extra_fields: tuple[str, ...] = ()  # non-empty fields after the issue date, if any
    repaired: bool = False  # mojibake was repaired exactly
    warnings: tuple[str, ...] = ()  # WARNING_KEYS found (see parse_card_qr)

    def to_identity(self) -> Identity:
        return Identity.from_source(
            Provenance.QR,
            id_number=self.id_number,
            old_id=self.old_id,
            full_name=self.full_name,
            date_of_birth=self.date_of_birth,
            sex=self.sex,
            residence=self.residence,
            issue_date=self.issue_date,
        )

    def __repr__(self) -> str:
        return (f"CardQr(id_number={mask_id(self.id_number)!r}, "
                f"full_name={mask_name(self.full_name)!r}, fields={self.field_count}, "
                f"repaired={self.repaired}, warnings={self.warnings!r})")


# -- text repair and mangling detection ---------------------------------------------

def _build_cp1252_hybrid() -> tuple[str, dict[str, int]]:
    # Windows decodes the five bytes cp1252 leaves undefined as the C1 control of the
    # same number; a scanner driver doing the same is what we have to undo.
    dec = []
    for b in range(256):
        try:
            dec.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            dec.append(chr(b))
    enc = {ch: b for b, ch in enumerate(dec)}
    # Latin-1 reading of 0x80–0x9F (C1 controls) maps back to the same byte too.
    for b in range(0x80, 0xA0):
        enc.setdefault(chr(b), b)
    return "".join(dec), enc


_HYBRID_DEC, _HYBRID_ENC = _build_cp1252_hybrid()


def _mis_decode(text: str) -> str:
    """What a UTF-8-unaware reader makes of `text` (for tests and the round-trip check)."""
    return "".join(_HYBRID_DEC[b] for b in text.encode("utf-8"))


def _undo_mojibake(text: str) -> str | None:
    """The text whose UTF-8 bytes, read as cp1252/Latin-1, give `text`; None if none."""
    try:
        raw = bytes(_HYBRID_ENC[ch] for ch in text)
        fixed = raw.decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return None
    # Exact means the damage can be replayed: otherwise we would be guessing.
    if fixed == text or _mis_decode(fixed) != text:
        return None
    return fixed


# A Vietnamese letter's UTF-8 lead byte (C3–C6, E1) read as cp1252, followed by a
# continuation byte read the same way: the signature of mojibake.
_CONT = "".join(_HYBRID_DEC[b] for b in range(0x80, 0xC0))
_MOJIBAKE = re.compile(f"[\u00c3\u00c4\u00c5\u00c6\u00e1][{re.escape(_CONT)}]")

# AZERTY's unshifted digit row (1234567890): what a US-configured scanner's digits become
# on a host set to a French layout.
_AZERTY_DIGITS = frozenset("&é\"'(-è_çà")

# Syllables that correct Vietnamese never writes without diacritics: an all-ASCII name or
# address containing one was stripped on the way (a heuristic, hence only a warning when
# not strict).
_STRIPPED_MARKERS = re.compile(
    r"\b(nguyen|tran|pham|hoang|huynh|duong|phuong|huyen|nguoi|viet|ha noi|"
    r"ho chi minh|thanh pho|thi tran|thi xa|dien bien|lang son|hai phong)\b"
)

_ADDRESS_PUNCT = frozenset(" ,./-()#&:;'\"+–—‘’“”°º")
_NAME_PUNCT = frozenset(" '’ʼ-.")


def _mangled(detail: str, field: str | None = None) -> CardQrError:
    return CardQrError("qr.mangled", detail, field=field)


def _check_text(value: str, field: str, allowed_punct: frozenset[str], *, digits: bool
                ) -> bool:
    """Raise for certain damage; return True when characters are merely unexpected."""
    unexpected = False
    for ch in value:
        if ch == "?":
            raise _mangled("'?' in text: the scanner replaced characters it could not type",
                           field)
        if ch == "\ufffd":
            raise _mangled("replacement character: bytes were not valid UTF-8", field)
        cat = unicodedata.category(ch)
        if cat[0] == "C":
            raise _mangled("control character in text", field)
        if is_vietnamese_letter(ch) or ch in allowed_punct or (digits and ch.isdigit()
                                                                and ch.isascii()):
            continue
        unexpected = True
    return unexpected


# -- field parsers --------------------------------------------------------------------

_DIGITS12 = re.compile(r"[0-9]{12}")
_OLD_ID = re.compile(r"[0-9]{9}|[0-9]{12}")  # CMND: 9 digits, or 12 (issued 2012–2015)
_DIGITS12_PREFIX = re.compile(r"\s*[0-9]{12}(?![0-9])")
_DATE_RE = re.compile(r"([0-9]{2})[/.\-]?([0-9]{2})[/.\-]?([0-9]{4})")


def _parse_date(value: str, field: str) -> date:
    m = _DATE_RE.fullmatch(value.strip())
    if not m:
        raise CardQrError("qr.bad_date", f"{field} is not DDMMYYYY", field=field)
    d, mo, y = (int(g) for g in m.groups())
    try:
        return date(y, mo, d)
    except ValueError:
        raise CardQrError("qr.bad_date", f"{field} is not a calendar date",
                          field=field) from None


def _looks_like_old_id(value: str) -> bool:
    v = value.strip()
    # Any Unicode digit counts here ("²", "٣"): such a field is a damaged old ID, not a name.
    return v == "" or v.isdigit()


def parse_card_qr(text: str | bytes, *, strict: bool = True,
                  today: date | None = None) -> CardQr:
    """Parse the card's QR payload, or raise `CardQrError`.

    strict=True (the kiosk's default): a suspected loss of diacritics and unexpected
    characters are errors (a scanner damaged the text). strict=False turns those two into
    `warnings` (staff-assisted entry). An ID number contradicting birth year or sex is
    always only a warning. Certain damage ('?', U+FFFD, unrepairable mojibake, wrong
    layout) is an error always.
    """
    if isinstance(text, bytes | bytearray):
        if len(text) > MAX_INPUT * 4:
            raise CardQrError("qr.not_cccd", "input too long")
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            raise _mangled("bytes are not valid UTF-8") from None
    if not isinstance(text, str):
        raise CardQrError("qr.not_cccd", "not text")
    if len(text) > MAX_INPUT:
        raise CardQrError("qr.not_cccd", "input too long")
    today = today or date.today()

    # Scanners append Enter; some editors add a BOM.
    s = text.strip().lstrip("\ufeff").strip()
    s = unicodedata.normalize("NFC", s)
    if not s:
        raise CardQrError("qr.not_cccd", "empty")

    repaired = False
    for _ in range(2):  # double mojibake happens when two layers each mis-decode
        fixed = _undo_mojibake(s)
        if fixed is None:
            break
        s, repaired = unicodedata.normalize("NFC", fixed), True
    # Only now: NBSP is half of the mojibake of "à" ("Ã\xa0"), but in clean text it is a
    # space, and a legit "á" before it must not look like mojibake.
    s = s.replace("\u00a0", " ")
    if _MOJIBAKE.search(s):
        raise _mangled("UTF-8 read as Windows-1252/Latin-1, and not exactly repairable")

    parts = s.split("|")
    if len(parts) == 1:
        _diagnose_unseparated(s)
        raise CardQrError("qr.not_cccd", "no '|' separators")
    if not 6 <= len(parts) <= 11:
        raise CardQrError("qr.not_cccd" if not _DIGITS12_PREFIX.match(parts[0]) else
                          "qr.fields", f"{len(parts)} fields, expected 6, 7 or 11")

    raw_id = parts[0].strip()
    if len(raw_id) >= 10 and sum(ch in _AZERTY_DIGITS for ch in raw_id) >= len(raw_id) - 2:
        raise _mangled("digits arrived as another keyboard layout's symbols", "id_number")
    if not any(ch.isdigit() for ch in raw_id):
        raise CardQrError("qr.not_cccd", "first field has no digits")
    if not _DIGITS12.fullmatch(raw_id):
        raise CardQrError("qr.bad_id", f"ID field has {len(raw_id)} characters, "
                          "expected 12 digits", field="id_number")

    # Old ID present unless the second field is clearly a name (the 6-field form).
    if _looks_like_old_id(parts[1]):
        known, rest = parts[:7], parts[7:]
        if len(known) < 7:
            raise CardQrError("qr.fields", "6 fields but the second is not a name",
                              field="full_name")
        raw_old = known[1].strip()
    else:
        known, rest = [parts[0], "", *parts[1:6]], parts[6:]
        raw_old = ""
    _, _, raw_name, raw_dob, raw_sex, raw_addr, raw_issue = known
    extra = tuple(x.strip() for x in rest if x.strip())

    old_id = raw_old or None
    if old_id is not None and not _OLD_ID.fullmatch(old_id):
        raise CardQrError("qr.fields", "old ID is neither 9 nor 12 digits", field="old_id")

    name = " ".join(raw_name.split())
    if not name:
        raise CardQrError("qr.fields", "empty name", field="full_name")
    address = " ".join(raw_addr.split()) or None
    warnings: list[str] = []
    odd = _check_text(name, "full_name", _NAME_PUNCT, digits=False)
    if address is not None:
        odd = _check_text(address, "residence", _ADDRESS_PUNCT, digits=True) or odd

    sex = Sex.from_text(raw_sex)
    if sex is None:
        t = raw_sex.strip()
        if "?" in t or "\ufffd" in t:
            raise _mangled("sex field damaged", "sex")
        if t.casefold() == "nu":
            raise _mangled("diacritics stripped ('Nu' for 'Nữ')", "sex")
        raise CardQrError("qr.fields", "sex is neither Nam nor Nữ", field="sex")

    dob = _parse_date(raw_dob, "date_of_birth")
    issue = _parse_date(raw_issue, "issue_date")
    latest = today + timedelta(days=1)  # the card may come from a time zone ahead
    if not EARLIEST_BIRTH <= dob <= latest:
        raise CardQrError("qr.bad_date", "birth date out of range", field="date_of_birth")
    if issue < dob:
        raise CardQrError("qr.bad_date", "issued before birth", field="issue_date")
    if not EARLIEST_ISSUE <= issue <= latest:
        raise CardQrError("qr.bad_date", "issue date out of range", field="issue_date")

    if odd:
        if strict:
            raise _mangled("characters that are not Vietnamese letters")
        warnings.append("qr.unexpected_chars")
    text_part = f"{name} {address or ''}"
    if text_part.isascii() and _STRIPPED_MARKERS.search(text_part.casefold()):
        if strict:
            raise _mangled("diacritics appear to have been stripped")
        warnings.append("qr.no_diacritics")

    # Only a warning, even when strict: the numbering rule comes from a circular that
    # expired in 2024, and refusing a citizen's own card on our inference helps nobody.
    # Staff see the warning; the chip, when read, settles it.
    if id_structure_conflicts(raw_id, dob, sex):
        warnings.append("qr.id_mismatch")

    return CardQr(
        id_number=raw_id,
        old_id=old_id,
        full_name=name,
        date_of_birth=dob,
        sex=sex,
        residence=address,
        issue_date=issue,
        field_count=len(parts),
        extra_fields=extra,
        repaired=repaired,
        warnings=tuple(warnings),
    )



def _diagnose_unseparated(s: str) -> None:
    """A payload without '|' that still starts like a card's: the separator was typed
    through another keyboard layout (e.g. a German host turns US '|' into another key)."""
    m = _DIGITS12_PREFIX.match(s)
    if m and m.end() < len(s):
        sep = s[m.end()]
        if not sep.isalnum() and not sep.isspace() and 5 <= s.count(sep) <= 10:
            raise _mangled("field separator replaced: scanner keyboard layout mismatch")
    head = s[:12]
    if len(head) == 12 and sum(ch in _AZERTY_DIGITS for ch in head) >= 10:
        raise _mangled("digits arrived as another keyboard layout's symbols", "id_number")
