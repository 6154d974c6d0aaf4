"""The citizen's identity as forms and screens read it.

One immutable value object, `Identity`, whatever the source: the chip (DG1/DG13, verified
by passive authentication or not), the printed QR code, or what a citizen or staff member
typed. Every field remembers where it came from, so a form can insist on chip-verified
data where the law or the procedure needs it, and `merge` can combine sources without
letting a weaker one overwrite a stronger one.

Personal data is minimised here too: `repr()` is masked, the face image (biometric data,
Law 91/2025/QH15) is never compared, printed or serialised, and nothing inside the object
is mutable, so wiping a session is just dropping the reference.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any


class Provenance(enum.Enum):
    """Where a field's value came from, weakest first."""

    TYPED = "typed"  # typed by the citizen or staff
    QR = "qr"  # the printed QR code on the card
    CHIP_UNVERIFIED = "chip_unverified"  # read from the chip, signature not (yet) checked
    CHIP_VERIFIED = "chip_verified"  # read from the chip and passively authenticated

    @property
    def rank(self) -> int:
        return _RANK[self]

    def at_least(self, other: Provenance) -> bool:
        return self.rank >= other.rank


_RANK = {
    Provenance.TYPED: 0,
    Provenance.QR: 1,
    Provenance.CHIP_UNVERIFIED: 2,
    Provenance.CHIP_VERIFIED: 3,
}


class Sex(enum.StrEnum):
    """Sex as printed on the card and stored on the chip (DG13 field 4)."""

    MALE = "Nam"
    FEMALE = "Nữ"

    @classmethod
    def from_text(cls, text: str) -> Sex | None:
        """The card's own words, in any case; None when it is neither."""
        t = unicodedata.normalize("NFC", text).strip().casefold()
        for s in cls:
            if t == s.value.casefold():
                return s
        return None


class IdentityError(ValueError):
    """Base of the identity model's errors; `key` is a stable translation key."""

    key = "identity.error"


class IdentityConflict(IdentityError):
    """Two sources describe different people: they must not be merged."""

    key = "identity.conflict"


class IdentityNotVerified(IdentityError):
    """A form needs fields read from the chip and verified; these are not."""

    key = "identity.not_verified"

    def __init__(self, missing: tuple[str, ...], minimum: Provenance) -> None:
        super().__init__(f"needs {minimum.value}: {', '.join(missing)}")
        self.fields = missing
        self.minimum = minimum


# Field order follows DG13's numbering where the chip has the field, so forms, tables and
# the masked view list them the way the card does.
FIELDS: tuple[str, ...] = (
    "id_number",  # DG13 1
    "full_name",  # 2
    "date_of_birth",  # 3
    "sex",  # 4
    "nationality",  # 5
    "ethnicity",  # 6
    "religion",  # 7
    "place_of_origin",  # 8
    "residence",  # 9
    "identifying_marks",  # 10
    "issue_date",  # 11
    "expiry_date",  # 12 (None with a provenance: the card has no expiry)
    "father_name",  # 13 (first name of the pair)
    "mother_name",  # 13 (second)
    "spouse_name",  # 14
    "old_id",  # 15
    "face",  # DG2; biometric
)
_TEXT_FIELDS = frozenset({
    "full_name", "nationality", "ethnicity", "religion", "place_of_origin", "residence",
    "identifying_marks", "father_name", "mother_name", "spouse_name",
})
_DATE_FIELDS = frozenset({"date_of_birth", "issue_date", "expiry_date"})
_NAME_FIELDS = frozenset({"full_name", "father_name", "mother_name", "spouse_name"})
_DIGITS12 = re.compile(r"[0-9]{12}")
_OLD_ID = re.compile(r"[0-9]{9}|[0-9]{12}")  # CMND: 9 digits, or the 12-digit CMND of 2012–2015


def _clean_text(value: str) -> str | None:
    # NFC so that "Nguyễn" typed on the kiosk keyboard equals the chip's "Nguyễn".
    t = " ".join(unicodedata.normalize("NFC", value).split())
    return t or None


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Identity:
    """What the kiosk knows about one citizen, field by field, with each field's source.

    A field is *known* when it has a provenance. A known field may be None: then the
    source says it is absent (expiry_date None = "Không thời hạn", spouse_name None on a
    verified chip = no spouse recorded). An unknown field is always None.
    """

    id_number: str | None = None
    full_name: str | None = None
    date_of_birth: date | None = None
    sex: Sex | None = None
    nationality: str | None = None
    ethnicity: str | None = None
    religion: str | None = None
    place_of_origin: str | None = None
    residence: str | None = None
    identifying_marks: str | None = None
    issue_date: date | None = None
    expiry_date: date | None = None
    father_name: str | None = None
    mother_name: str | None = None
    spouse_name: str | None = None
    old_id: str | None = None
    # Biometric: never compared, printed or serialised.
    face: bytes | None = None
    # (field, Provenance) pairs in FIELDS order: a tuple keeps the object hashable and
    # immutable all the way down.
    provenance: tuple[tuple[str, Provenance], ...] = ()

    def __post_init__(self) -> None:
        for name in _TEXT_FIELDS:
            v = getattr(self, name)
            if v is not None:
                if not isinstance(v, str):
                    raise TypeError(f"{name} must be a str")
                object.__setattr__(self, name, _clean_text(v))
        if self.id_number is not None:
            if not isinstance(self.id_number, str):
                raise TypeError("id_number must be a str")
            nid = self.id_number.strip()
            if not _DIGITS12.fullmatch(nid):
                raise IdentityError("id_number must be 12 digits")
            object.__setattr__(self, "id_number", nid)
        if self.old_id is not None:
            if not isinstance(self.old_id, str):
                raise TypeError("old_id must be a str")
            oid = self.old_id.strip() or None
            if oid is not None and not _OLD_ID.fullmatch(oid):
                raise IdentityError("old_id must be 9 or 12 digits")
            object.__setattr__(self, "old_id", oid)
        for name in _DATE_FIELDS:
            v = getattr(self, name)
            # datetime is a date subclass; a time of day here would break equality.
            if v is not None and (not isinstance(v, date) or type(v) is not date):
                raise TypeError(f"{name} must be a datetime.date")
        if self.sex is not None and not isinstance(self.sex, Sex):
            s = Sex.from_text(self.sex) if isinstance(self.sex, str) else None
            if s is None:
                raise IdentityError("sex must be Nam or Nữ")
            object.__setattr__(self, "sex", s)
        if self.face is not None:
            if not isinstance(self.face, bytes | bytearray | memoryview):
                raise TypeError("face must be bytes")
            object.__setattr__(self, "face", bytes(self.face))
        object.__setattr__(self, "provenance", _normalise_provenance(self.provenance))
        known = dict(self.provenance)
        for name in FIELDS:
            if getattr(self, name) is not None and name not in known:
                raise IdentityError(f"{name} has a value but no provenance")

    def _key(self) -> tuple[Any, ...]:
        # Equality and hashing ignore the face and its provenance (biometric data never
        # decides whether two identities are the same record).
        return (*(getattr(self, n) for n in FIELDS if n != "face"),
                tuple(pair for pair in self.provenance if pair[0] != "face"))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Identity):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    # -- construction -------------------------------------------------------------

    @classmethod
    def from_source(
        cls, source: Provenance, *, known_absent: Iterable[str] = (), **values: Any
    ) -> Identity:
        """All given non-None values, each with `source` as provenance.

        None values are ignored (unknown) unless named in `known_absent`, which records that
        the source says the field is empty (e.g. a chip's expiry "không thời hạn").
        """
        absent = tuple(known_absent)
        for name in (*values, *absent):
            if name not in FIELDS:
                raise IdentityError(f"unknown field {name}")
        for name in absent:
            if values.get(name) is not None:
                raise IdentityError(f"{name} is both given and known absent")
        # Blank text is no value: cleaning first keeps "   " from becoming "known absent".
        values = {n: (_clean_text(v) if n in _TEXT_FIELDS and isinstance(v, str) else v)
                  for n, v in values.items()}
        prov = [(n, source) for n, v in values.items() if v is not None]
        prov += [(n, source) for n in absent]
        given = {n: v for n, v in values.items() if v is not None}
        return cls(**given, provenance=tuple(prov))

    def with_field(self, name: str, value: Any, source: Provenance) -> Identity:
        """A copy with one field set (value None: known absent) from `source`."""
        if name not in FIELDS:
            raise IdentityError(f"unknown field {name}")
        prov = dict(self.provenance)
        prov[name] = source
        return replace(self, **{name: value}, provenance=tuple(prov.items()))

    def without_face(self) -> Identity:
        """A copy without the biometric image, for anything that outlives the screen."""
        if self.face is None:
            return self
        prov = tuple((n, p) for n, p in self.provenance if n != "face")
        return replace(self, face=None, provenance=prov)

    # -- queries -------------------------------------------------------------------

    def provenance_of(self, name: str) -> Provenance | None:
        if name not in FIELDS:
            raise IdentityError(f"unknown field {name}")
        for n, p in self.provenance:
            if n == name:
                return p
        return None

    def knows(self, name: str) -> bool:
        return self.provenance_of(name) is not None

    @property
    def has_no_expiry(self) -> bool:
        """True when a source says the card never expires (age 60 and over)."""
        return self.expiry_date is None and self.knows("expiry_date")

    def meets(self, name: str, minimum: Provenance) -> bool:
        p = self.provenance_of(name)
        return p is not None and p.at_least(minimum)

    def unverified(
        self, names: Iterable[str], minimum: Provenance = Provenance.CHIP_VERIFIED
    ) -> tuple[str, ...]:
        """The fields among `names` whose source is weaker than `minimum` (or unknown)."""
        return tuple(n for n in names if not self.meets(n, minimum))

    def require_chip_verified(self, *names: str) -> None:
        """Raise IdentityNotVerified unless every named field was read from a verified chip.

        Forms call this (in the core, not only in the UI) before submitting a dossier
        whose procedure needs verified identity data.
        """
        missing = self.unverified(names, Provenance.CHIP_VERIFIED)
        if missing:
            raise IdentityNotVerified(missing, Provenance.CHIP_VERIFIED)

    def id_conflicts(self) -> tuple[str, ...]:
        """Which of birth year and sex contradict the ID number's structure (see
        `decode_id_number`); empty when consistent or when too little is known."""
        if self.id_number is None:
            return ()
        return id_structure_conflicts(self.id_number, self.date_of_birth, self.sex)

    # -- combining -----------------------------------------------------------------

    def merge(self, other: Identity) -> Identity:
        """Combine two descriptions of the same citizen, field by field.

        The stronger source wins: verified chip > unverified chip > QR > typed. On a tie
        `other` wins, so merging newer data into older data keeps the newer value. The
        face follows the same rule. Raises IdentityConflict when both know the ID number
        and it differs: that is two people, or a card swapped mid-visit.
        """
        if (
            self.id_number is not None
            and other.id_number is not None
            and self.id_number != other.id_number
        ):
            raise IdentityConflict("different ID numbers")
        values: dict[str, Any] = {}
        prov: dict[str, Provenance] = {}
        for name in FIELDS:
            mine, theirs = self.provenance_of(name), other.provenance_of(name)
            if theirs is not None and (mine is None or theirs.rank >= mine.rank):
                values[name], prov[name] = getattr(other, name), theirs
            elif mine is not None:
                values[name], prov[name] = getattr(self, name), mine
        return Identity(**values, provenance=tuple(prov.items()))

    # -- views ---------------------------------------------------------------------

    def masked(self) -> dict[str, str]:
        """Known fields, masked for logs and technician screens: "0012******34",
        "N*** V** A", "**/**/1990". Never the face, never a full value."""
        out: dict[str, str] = {}
        for name, _p in self.provenance:
            out[name] = _mask(name, getattr(self, name))
        return out

    def __repr__(self) -> str:
        # Masked on purpose: identities end up in logs and tracebacks.
        parts = [f"{n}={v!r}/{self.provenance_of(n).value}" for n, v in self.masked().items()]
        return f"Identity({', '.join(parts)})"

    def to_form_prefill(self) -> dict[str, dict[str, Any]]:
        """Known fields for a form, without the face: value (dates ISO, None for a field
        known to be empty), its provenance, and whether it is chip-verified."""
        out: dict[str, dict[str, Any]] = {}
        for name, p in self.provenance:
            if name == "face":
                continue
            out[name] = {
                "value": _plain(getattr(self, name)),
                "provenance": p.value,
                "verified": p is Provenance.CHIP_VERIFIED,
            }
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data with provenance; the face is left out."""
        data: dict[str, Any] = {n: _plain(getattr(self, n)) for n, _ in self.provenance
                                if n != "face"}
        data["provenance"] = {n: p.value for n, p in self.provenance if n != "face"}
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Identity:
        """Inverse of `to_dict`."""
        raw_prov = data.get("provenance") or {}
        if not isinstance(raw_prov, Mapping):
            raise IdentityError("provenance must be an object")
        values: dict[str, Any] = {}
        prov: list[tuple[str, Provenance]] = []
        for name, p in raw_prov.items():
            if name not in FIELDS or name == "face":
                raise IdentityError(f"unknown field {name}")
            try:
                prov.append((name, Provenance(p)))
            except ValueError:
                raise IdentityError(f"unknown provenance {p!r}") from None
            v = data.get(name)
            if v is not None and name in _DATE_FIELDS:
                try:
                    v = date.fromisoformat(v)
                except (TypeError, ValueError):
                    raise IdentityError(f"{name} is not an ISO date") from None
            values[name] = v
        return cls(**values, provenance=tuple(prov))


def _normalise_provenance(raw: Any) -> tuple[tuple[str, Provenance], ...]:
    items = raw.items() if isinstance(raw, Mapping) else raw
    prov: dict[str, Provenance] = {}
    for pair in items:
        name, p = pair
        if name not in FIELDS:
            raise IdentityError(f"unknown field {name}")
        if not isinstance(p, Provenance):
            raise TypeError("provenance values must be Provenance")
        prov[name] = p
    return tuple((n, prov[n]) for n in FIELDS if n in prov)


def _plain(v: Any) -> Any:
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, Sex):
        return v.value
    return v


def mask_id(number: str) -> str:
    """Keep the first 4 and last 2 digits of a 12-digit number (2 and 2 of a 9-digit old
    ID): enough for a technician to tell two cards apart, not to identify the citizen."""
    head = 4 if len(number) >= 12 else 2
    if len(number) <= head + 2:
        return "*" * len(number)
    return number[:head] + "*" * (len(number) - head - 2) + number[-2:]


def mask_name(name: str) -> str:
    """Initial of each word and at most three stars, so the length is not given away."""
    return " ".join(w[0] + "*" * min(len(w) - 1, 3) for w in name.split())


def _mask(name: str, v: Any) -> str:
    if v is None:
        return "—"
    if name == "face":
        return "<withheld>"
    if name in ("id_number", "old_id"):
        return mask_id(v)
    if name in _NAME_FIELDS:
        return mask_name(v)
    if name in _DATE_FIELDS:
        return f"**/**/{v.year:04d}"
    return "***"


# -- the ID number's structure ------------------------------------------------------
#
# Decree 137/2015/NĐ-CP art. 13 and Circular 07/2016/TT-BCA (later 59/2021/TT-BCA) art. 7:
# 3 digits: province (or country) of birth registration; 1 digit: century of birth and
# sex (0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s, 8/9 = 2300s);
# 2 digits: last two digits of the birth year; 6 digits: random. Law 26/2023/QH15 art. 12
# itself only promises "12 digits", and the circular's code table expired on 1 July 2024,
# so an unknown place code is not an error; the century/sex/year rule is how every issued
# number was built and stays the cross-check. See docs/cccd.md.

# The 63 provinces' codes as used before the 2025 mergers; numbers already issued keep them.
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
    "008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
    "014": "Sơn La", "015": "Yên Bái", "017": "Hòa Bình", "019": "Thái Nguyên",
    "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
    "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
    "037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh",
    "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
    "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
    "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu", "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
    "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp",
    "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
    "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}
# Births registered abroad carry a country code from this range (Circular 07/2016 annex).
_COUNTRY_CODE_RANGE = range(101, 300)


@dataclass(frozen=True, slots=True)
class IdNumberInfo:
    """What the first six digits of a personal ID number say."""

    place_code: str
    province: str | None  # name when place_code is one of the 63 province codes
    registered_abroad: bool  # place_code is in the country-code range
    sex: Sex
    birth_year: int


def decode_id_number(number: str) -> IdNumberInfo:
    if not isinstance(number, str) or not _DIGITS12.fullmatch(number):
        raise IdentityError("id_number must be 12 digits")
    code = number[:3]
    digit = int(number[3])
    century = 1900 + (digit // 2) * 100
    return IdNumberInfo(
        place_code=code,
        province=PROVINCE_CODES.get(code),
        registered_abroad=int(code) in _COUNTRY_CODE_RANGE,
        sex=Sex.FEMALE if digit % 2 else Sex.MALE,
        birth_year=century + int(number[4:6]),
    )


def id_structure_conflicts(
    number: str, date_of_birth: date | None, sex: Sex | None
) -> tuple[str, ...]:
    """("birth_year", "sex") entries for what contradicts the ID number's structure."""
    info = decode_id_number(number)
    out: list[str] = []
    if date_of_birth is not None and date_of_birth.year != info.birth_year:
        out.append("birth_year")
    if sex is not None and sex is not info.sex:
        out.append("sex")
    return tuple(out)


# -- Vietnamese letters -------------------------------------------------------------

# Marks Vietnamese writes on vowels: breve, circumflex, horn; and the five tones.
_VI_MARKS = frozenset("\u0306\u0302\u031b\u0300\u0301\u0303\u0309\u0323")


@functools.lru_cache(maxsize=4096)
def is_vietnamese_letter(ch: str) -> bool:
    """An ASCII letter, đ/Đ, or a Latin letter carrying only Vietnamese diacritics."""
    if len(ch) != 1:
        return False
    if ch.isascii():
        return ch.isalpha()
    if ch in "đĐ":
        return True
    d = unicodedata.normalize("NFD", ch)
    return (len(d) > 1 and d[0].isascii() and d[0].isalpha()
            and all(m in _VI_MARKS for m in d[1:]))

