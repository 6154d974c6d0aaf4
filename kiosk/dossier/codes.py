"""Dossier codes, the kiosk's local references, and the receipt's QR.

National dossier code (MaHoSo): ``AGENCY-YYMMDD-SEQ``, e.g. ``H26.105-251122-0001``: the
receiving agency's portal code, the day the dossier was received, and that agency's daily
sequence number (at least 4 digits).

Local reference: ``LK-YYMMDD-RRRRRRC``, e.g. ``LK-261122-7QX4M21``: given by the kiosk to a
dossier still waiting in its outbox (the network was down), printed on the receipt so the
citizen can look it up before the portal's code exists. RRRRRR are 6 random Crockford
base-32 symbols; C is Crockford's mod-37 check symbol of the 12 symbols ``YYMMDDRRRRRR``
read as one base-32 number, so a typo in the date is caught as well as one in the random
part.

People type these on an on-screen keyboard or read them off a receipt, so the parsers
forgive case, spaces and missing, extra or substituted separators (``.-_/`` …), and in
local references Crockford's look-alikes (O→0, I/L→1). What cannot be repaired is
explained with one key per problem (see MESSAGES). The parsers raise only
`DossierCodeError`; `check_as_typed` never raises (both property-tested).
"""

from __future__ import annotations

import random
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qsl, quote, unquote, urlsplit

MAX_INPUT = 64  # the portal's maxLength for MaHoSo; a local reference is 17
MAX_URL = 2048
LOCAL_PREFIX = "LK"


class DossierCodeError(ValueError):
    """The one error the code parsers raise: `key` for the UI (see MESSAGES)."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail


MESSAGES: dict[str, dict[str, str]] = {
    "code.empty": {
        "vi": "Vui lòng nhập mã hồ sơ.",
        "en": "Please enter the dossier code.",
    },
    "code.too_short": {
        "vi": "Mã hồ sơ chưa đủ ký tự. Mã có dạng H26.105-251122-0001 hoặc "
              "LK-251122-7QX4M28.",
        "en": "The dossier code is incomplete. It looks like H26.105-251122-0001 or "
              "LK-251122-7QX4M28.",
    },
    "code.bad_date": {
        "vi": "Phần ngày trong mã (6 chữ số năm-tháng-ngày, ví dụ 251122) không đúng. "
              "Vui lòng kiểm tra lại.",
        "en": "The date in the code (6 digits year-month-day, e.g. 251122) is not right. "
              "Please check it.",
    },
    "code.bad_agency": {
        "vi": "Phần mã cơ quan ở đầu mã hồ sơ (ví dụ H26.105) không đúng.",
        "en": "The agency part at the start of the dossier code (e.g. H26.105) is not "
              "right.",
    },
    "code.bad_sequence": {
        "vi": "Số thứ tự ở cuối mã hồ sơ phải có ít nhất 4 chữ số (ví dụ 0001).",
        "en": "The number at the end of the dossier code must have at least 4 digits "
              "(e.g. 0001).",
    },
    "code.bad_check": {
        "vi": "Mã tham chiếu có ký tự bị nhập sai. Vui lòng đối chiếu lại với phiếu "
              "biên nhận.",
        "en": "A character of the reference was typed wrongly. Please compare it with "
              "your receipt.",
    },
    "code.unknown_format": {
        "vi": "Đây không phải mã hồ sơ. Mã có dạng H26.105-251122-0001 hoặc "
              "LK-251122-7QX4M28.",
        "en": "This is not a dossier code. It looks like H26.105-251122-0001 or "
              "LK-251122-7QX4M28.",
    },
}


@dataclass(frozen=True)
class DossierCode:
    text: str  # canonical: "H26.105-251122-0001"
    agency: str
    received: date
    sequence: int


@dataclass(frozen=True)
class LocalRef:
    text: str  # canonical: "LK-251122-7QX4M28"
    created: date


# -- normalisation --------------------------------------------------------------------

def _is_sep(ch: str) -> bool:
    # Whatever a person may put between groups: spaces, dots, dashes of any kind,
    # underscores, slashes, commas, colons.
    return ch.isspace() or ch in "._/\\,:;·-" or unicodedata.category(ch) == "Pd"


def _tokens(text: str) -> tuple[str, frozenset[int]]:
    """(the letters and digits, uppercased; the positions where a separator stood).

    Raises for characters that are neither (NFKC first, so full-width forms count).
    """
    if not isinstance(text, str):
        raise DossierCodeError("code.unknown_format", "not text")
    s = unicodedata.normalize("NFKC", text.replace("\ufeff", "")).strip()
    if not s:
        raise DossierCodeError("code.empty")
    if len(s) > MAX_INPUT:
        raise DossierCodeError("code.unknown_format", "too long")
    flat: list[str] = []
    bounds: set[int] = set()
    for ch in s:
        if _is_sep(ch):
            if flat:
                bounds.add(len(flat))
        elif (ch.isascii() and ch.isalnum()) or ch in _CHECK_ONLY:
            flat.append(ch.upper())
        else:
            raise DossierCodeError("code.unknown_format", "character not used in codes")
    bounds.discard(len(flat))  # trailing separators mean nothing
    if not flat:
        raise DossierCodeError("code.empty")
    return "".join(flat), frozenset(bounds)


# Crockford's check symbols for 32..35: legal only as a local reference's last symbol.
_CHECK_ONLY = "*~$="


def _yymmdd(digits: str) -> date | None:
    if len(digits) != 6 or not digits.isdigit():
        return None
    try:
        return date(2000 + int(digits[:2]), int(digits[2:4]), int(digits[4:]))
    except ValueError:
        return None


# -- national dossier codes -------------------------------------------------------------

# Agency codes seen: H26 (Hanoi), H26.105 (a commune), G17.42, G11.27.001 and the national
# directory's 000.00.23.H26. A segment is digits (1-3) or a letter or two with up to
# 3 digits; at least one has a letter.
_DIGIT_SEG = re.compile(r"[0-9]{1,3}")
_LETTER_SEG = re.compile(r"[A-Z]{1,2}[0-9]{0,3}")
_COMPACT_AGENCY = re.compile(r"([A-Z][0-9]{2})([0-9]{1,3})")


def _agency(flat: str, bounds: frozenset[int], start: int, end: int) -> str | None:
    """The canonical agency made of flat[start:end], or None if it is not one."""
    cuts = [start, *sorted(b for b in bounds if start < b < end), end]
    segs = [flat[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
    if len(segs) == 1:
        m = _COMPACT_AGENCY.fullmatch(segs[0])
        if m:  # "H26105" typed without its dot
            segs = [m.group(1), m.group(2)]
    if not 1 <= len(segs) <= 5:
        return None
    has_letter = False
    for seg in segs:
        if _LETTER_SEG.fullmatch(seg):
            has_letter = True
        elif not _DIGIT_SEG.fullmatch(seg):
            return None
    return ".".join(segs) if has_letter else None


def _trailing_digits_start(flat: str) -> int:
    k = len(flat)
    while k > 0 and flat[k - 1].isdigit():
        k -= 1
    return k


def _parse_dossier(flat: str, bounds: frozenset[int]) -> DossierCode:
    # The date (6 digits) and the sequence (4+) are the trailing digits; where separators
    # are missing, try every split and keep the one that makes sense.
    if any(ch in _CHECK_ONLY for ch in flat):
        raise DossierCodeError("code.unknown_format", "character not used in codes")
    k = _trailing_digits_start(flat)
    n = len(flat)
    best: tuple[tuple[int, ...], DossierCode | None, str] | None = None
    for seq_len in range(4, n - k - 5):
        p2 = n - seq_len
        p1 = p2 - 6
        if p1 <= 0:
            continue
        # A missing separator before the date is forgiven only when none was typed at
        # all; otherwise "H26.105-25130101-0001" would read as agency H26.105.25.
        if bounds and p1 not in bounds:
            continue
        if any(p1 < b < p2 or p2 < b < n for b in bounds):
            continue  # neither the date nor the sequence contains a separator
        agency = _agency(flat, bounds, 0, p1)
        received = _yymmdd(flat[p1:p2])
        sequence = int(flat[p2:])
        rank = (agency is not None, received is not None, sequence > 0, p2 in bounds,
                seq_len == 4, -seq_len)
        if agency is None:
            result, why = None, "code.bad_agency"
        elif received is None:
            result, why = None, "code.bad_date"
        elif sequence == 0:
            result, why = None, "code.bad_sequence"
        else:
            text = f"{agency}-{flat[p1:p2]}-{flat[p2:]}"
            result, why = DossierCode(text, agency, received, sequence), ""
        if best is None or rank > best[0]:
            best = (rank, result, why)
    if best is not None:
        if best[1] is not None:
            return best[1]
        raise DossierCodeError(best[2])
    raise DossierCodeError(_diagnose(flat, bounds))


def _diagnose(flat: str, bounds: frozenset[int]) -> str:
    """The key for a code no split could read, judged from the groups as typed."""
    cuts = [0, *sorted(bounds), len(flat)]
    groups = [flat[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
    last = groups[-1]
    if len(groups) >= 2 and last.isdigit():
        prev = groups[-2]
        if len(last) == 6:
            return "code.too_short"  # "H26.105-251122": the sequence is missing
        if len(prev) == 6 and prev.isdigit() and len(last) < 4:
            return "code.bad_sequence"  # "H26.105-251122-1"
        if prev.isdigit() and len(last) >= 4 and len(groups) >= 3:
            return "code.bad_date"  # "H26.105-25112-0001"
    if len(flat) < 11:  # the shortest code, "H26-251122-0001", has 13
        return "code.too_short"
    return "code.unknown_format"


def parse_dossier_code(text: str) -> DossierCode:
    """The national dossier code in canonical form, or DossierCodeError."""
    flat, bounds = _tokens(text)
    if _looks_local(flat):
        raise DossierCodeError("code.unknown_format", "a local reference, not a MaHoSo")
    return _parse_dossier(flat, bounds)


def format_dossier_code(agency: str, received: date, sequence: int) -> str:
    """``AGENCY-YYMMDD-NNNN`` (sequence zero-padded to 4 digits, longer if needed)."""
    if not isinstance(agency, str):
        raise DossierCodeError("code.bad_agency", "agency is not text")
    flat, bounds = _tokens(agency)
    canon = _agency(flat, bounds, 0, len(flat))
    if canon is None:
        raise DossierCodeError("code.bad_agency")
    if not isinstance(received, date) or not 2000 <= received.year <= 2099:
        raise DossierCodeError("code.bad_date", "year outside 2000-2099")
    if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 1:
        raise DossierCodeError("code.bad_sequence", "sequence must be a positive int")
    return f"{canon}-{received:%y%m%d}-{sequence:04d}"


# -- local references (Crockford base 32) ---------------------------------------------

_B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CHECK = _B32 + "*~$=U"  # Crockford's check symbols for 32..36
_VALUE = {ch: i for i, ch in enumerate(_CHECK)}
_ALIASES = {"O": "0", "I": "1", "L": "1"}  # Crockford: read look-alikes as digits
_RANDOM_LEN = 6
_LOCAL_LEN = len(LOCAL_PREFIX) + 6 + _RANDOM_LEN + 1  # without separators


def _check_symbol(symbols: str) -> str:
    value = 0
    for ch in symbols:
        value = value * 32 + _VALUE[ch]
    return _CHECK[value % 37]


def _looks_local(flat: str) -> bool:
    return flat.startswith(LOCAL_PREFIX) and (len(flat) == 2 or not flat[2].isalpha()
                                               or flat[2] in _ALIASES)


def _parse_local(flat: str) -> LocalRef:
    body = "".join(_ALIASES.get(ch, ch) for ch in flat[len(LOCAL_PREFIX):])
    if len(body) < _LOCAL_LEN - 2:
        raise DossierCodeError("code.too_short")
    if len(body) > _LOCAL_LEN - 2:
        raise DossierCodeError("code.unknown_format", "local reference too long")
    stamp, rand, check = body[:6], body[6:-1], body[-1]
    created = _yymmdd(stamp)
    if created is None:
        raise DossierCodeError("code.bad_date")
    if any(ch not in _B32 for ch in rand) or check not in _CHECK:
        # U is only a check symbol; anything else is not Crockford base 32 at all.
        raise DossierCodeError("code.bad_check", "symbol outside Crockford base 32")
    if _check_symbol(stamp + rand) != check:
        raise DossierCodeError("code.bad_check")
    return LocalRef(f"{LOCAL_PREFIX}-{stamp}-{rand}{check}", created)


def parse_local_ref(text: str) -> LocalRef:
    """The local reference in canonical form, or DossierCodeError."""
    flat, _ = _tokens(text)
    if not flat.startswith(LOCAL_PREFIX):
        raise DossierCodeError("code.unknown_format", "does not start with LK")
    return _parse_local(flat)


def new_local_ref(created: date, rng: random.Random | None = None) -> LocalRef:
    """A fresh reference for `created`; random symbols from `secrets` unless `rng` is given
    (tests). Only references whose check symbol is a letter or digit are issued, so nobody
    has to find '*', '~', '$' or '=' on the keyboard (the parser still accepts them)."""
    if not isinstance(created, date) or not 2000 <= created.year <= 2099:
        raise DossierCodeError("code.bad_date", "year outside 2000-2099")
    choice = rng.choice if rng is not None else secrets.choice
    stamp = f"{created:%y%m%d}"
    while True:
        rand = "".join(choice(_B32) for _ in range(_RANDOM_LEN))
        check = _check_symbol(stamp + rand)
        if check.isalnum():
            return LocalRef(f"{LOCAL_PREFIX}-{stamp}-{rand}{check}", created)


# -- either -----------------------------------------------------------------------------

def parse_any_code(text: str) -> DossierCode | LocalRef:
    """What a status lookup accepts: a national dossier code or a local reference."""
    flat, bounds = _tokens(text)
    if _looks_local(flat):
        return _parse_local(flat)
    return _parse_dossier(flat, bounds)


def looks_like_code(text: str) -> str | None:
    """"local_ref" or "dossier_code" when `text` is shaped like one (valid or not: for
    telling a mistyped code from something else entirely), else None. Never raises."""
    try:
        flat, bounds = _tokens(text)
    except DossierCodeError:
        return None
    if _looks_local(flat) and len(flat) >= _LOCAL_LEN - 3:
        return "local_ref"
    k = _trailing_digits_start(flat)
    if 0 < k and len(flat) - k >= 8 and flat[0].isalnum() and any(
            ch.isalpha() for ch in flat[:k]):
        return "dossier_code"
    return None


# Completions tried by check_as_typed: enough to finish any prefix of a valid code
# (agency, date digit by digit, sequence), few enough to run on every keystroke.
_DATE_TAILS = ("", "0", "1", "01", "101", "0101", "50101")
_AGENCY_TAILS = ("", "1", "6", "26", ".105", "H26", ".H26", "3.H26")
_COMPLETIONS = (
    *(a + "-250101-0001" for a in _AGENCY_TAILS),
    *(d + "-0001" for d in _DATE_TAILS),
    "0001",
)


def _local_prefix_problem(flat: str, key: str) -> str | None:
    """None while this prefix of a local reference can still become valid, else the key
    that says why not (`key`: the parser's own verdict on the input as it stands)."""
    body = "".join(_ALIASES.get(ch, ch) for ch in flat[len(LOCAL_PREFIX):])
    if len(body) >= _LOCAL_LEN - 2:
        return key  # complete already, and it did not parse
    stamp, rand = body[:6], body[6:]
    if stamp and not stamp.isdigit():
        return "code.bad_date"
    # Two dates suffice to finish any viable YYMMD prefix ("...3" needs a 30 or a 31).
    if stamp and not any(_yymmdd(stamp + t[len(stamp):]) for t in ("250101", "251230")):
        return "code.bad_date"
    if any(ch not in _B32 for ch in rand):
        return "code.bad_check"
    return None


def check_as_typed(text: str) -> tuple[str | None, str | None]:
    """Live feedback while typing: (canonical code, None) when valid; (None, None) while
    the input can still become valid; (None, error key) when it cannot. Never raises."""
    if not isinstance(text, str):
        return None, "code.unknown_format"
    try:
        flat, bounds = _tokens(text)
    except DossierCodeError as e:
        return None, (None if e.key == "code.empty" else e.key)
    try:
        return parse_any_code(text).text, None
    except DossierCodeError as e:
        key = e.key
    if flat in ("L", LOCAL_PREFIX):
        return None, None
    if _looks_local(flat):
        return None, _local_prefix_problem(flat, key)
    for tail in _COMPLETIONS:
        try:
            _tokens(text + tail)
        except DossierCodeError:
            continue  # the completion made it too long
        try:
            fl, bd = _tokens(text + tail)
            _parse_dossier(fl, bd)
        except DossierCodeError:
            continue
        return None, None
    if key == "code.too_short":
        try:
            fl, bd = _tokens(text + _COMPLETIONS[0])
            _parse_dossier(fl, bd)
        except DossierCodeError as e:
            key = e.key
    return None, key


# -- receipt QR ---------------------------------------------------------------------------

def receipt_qr_payload(code: str, lookup_url: str) -> str:
    """The lookup URL printed as the receipt's QR: `lookup_url` with "{code}" replaced by
    the canonical, URL-encoded code. Raises DossierCodeError for a code that is not one and
    ValueError for a template without "{code}" (config validates that already)."""
    if not isinstance(lookup_url, str) or "{code}" not in lookup_url:
        raise ValueError("lookup_url must contain {code}")
    canonical = parse_any_code(code).text
    return lookup_url.replace("{code}", quote(canonical, safe=""))


def code_from_receipt_qr(text: str) -> str | None:
    """The canonical code when `text` is a lookup URL (any host; query parameter "ma",
    any case, or else the last path segment holds it), else None. Never raises."""
    if not isinstance(text, str) or len(text) > MAX_URL:
        return None
    s = text.strip().lstrip("\ufeff")
    try:
        parts = urlsplit(s)
    except ValueError:
        return None
    # QR generators upper-case whole URLs for the compact alphanumeric mode.
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    candidates = [v for k, v in parse_qsl(parts.query, keep_blank_values=False)
                  if k.strip().lower() == "ma"]
    segments = [seg for seg in parts.path.split("/") if seg]
    if segments:
        candidates.append(unquote(segments[-1]))
    for value in candidates:
        try:
            return parse_any_code(value).text
        except DossierCodeError:
            continue
    return None
