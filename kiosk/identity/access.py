"""What the kiosk needs to open a card's chip, derived from what it already knows.

- PACE with the CAN needs only the ID number: CAN = its last 6 digits.
- BAC (and PACE with MRZ) needs the MRZ document number (the ID's last 9 digits), the
  date of birth and the date of expiry. The QR code carries no expiry, so it is derived
  from the renewal-age rule of the identification laws (see `expected_expiry` and
  docs/cccd.md), with a short ordered list of fall-backs; each try costs one round trip
  to the card, so the list is kept short and the citizen or staff can type the date
  printed on the card instead (`parse_typed_expiry`).

Cards without expiry ("Không thời hạn") carry 31 Dec 2099 in the MRZ expiry field, as
seen on real cards' MRZ in public samples (docs/cccd.md). Nothing here talks to a card:
the flow hands each `AccessKeys` to the card-reader port in turn.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.identity.model import Identity

# Ages at which a card must be renewed (Law 26/2023/QH15 art. 21.1; the 2014 law had
# 25, 40 and 60 only, but issued no card before 14, so one rule covers both).
RENEWAL_AGES = (14, 25, 40, 60)
# A card issued within 2 years before a renewal age is valid until the next one
# (art. 21.2 of both laws); from the last window on it has no expiry.
GRACE_YEARS = 2
# The MRZ expiry of a card that never expires (observed, not published: docs/cccd.md).
NO_EXPIRY_MRZ_DATE = date(2099, 12, 31)
# The words printed on a card that never expires (accepted by parse_typed_expiry).
NO_EXPIRY_PRINTED = "Không thời hạn"
MAX_ATTEMPTS = 4  # card round trips we are willing to spend on guessing
# Chip cards were first issued in 2021 (Circular 06/2021/TT-BCA): no chip expired earlier.
CHIP_CARDS_SINCE = date(2021, 1, 1)


class AccessKeyError(ValueError):
    """Bad input for key derivation or a typed expiry; `key` for the UI."""

    def __init__(self, key: str, detail: str) -> None:
        super().__init__(f"{key}: {detail}")
        self.key = key
        self.detail = detail


def anniversary(dob: date, years: int) -> date:
    """The day a person born on `dob` turns `years` old.

    A 29 February birthday falls on 28 February in common years: the Civil Code 2015
    (art. 148) ends a period that lacks the matching day on the last day of that month.
    """
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # 29 Feb in a common year
        return date(dob.year + years, 2, 28)


def expected_expiry(dob: date, issue_date: date) -> date | None:
    """The expiry the law gives a card issued on `issue_date`; None = no expiry.

    It is the birthday of the first renewal age whose 2-year window has not started when
    the card is issued: issued at 22 → 25th birthday; at 23y11m or 24 → 40th; at 38 → 60th;
    at 58 or later → no expiry. Under 12 (2023 law) → 14th birthday; at 12–13 → 25th.
    """
    if issue_date < dob:
        raise AccessKeyError("expiry.before_birth", "issue date before birth")
    for age in RENEWAL_AGES:
        if issue_date < anniversary(dob, age - GRACE_YEARS):
            return anniversary(dob, age)
    return None


def _expiry_by_birth_year(dob: date, issue_date: date) -> date | None:
    # Press explanations reckon the window by birth year ("born in 2000, issued in
    # 2023–2025"); a card office doing the same would land on the other side of the edge.
    age = issue_date.year - dob.year
    for a in RENEWAL_AGES:
        if age < a - GRACE_YEARS:
            return anniversary(dob, a)
    return None


@dataclass(frozen=True, slots=True)
class ExpiryCandidate:
    """One expiry to try. `printed` is what the card shows (None: "Không thời hạn");
    `mrz_date` is what goes into the key. `reason` tells the UI and the logs why."""

    mrz_date: date
    printed: date | None
    reason: str  # typed | known | rule | birth_year | leap_day | day_before | next_renewal
    #              | renewal_after | no_expiry | expired_card


def _candidate(printed: date | None, reason: str) -> ExpiryCandidate:
    return ExpiryCandidate(printed or NO_EXPIRY_MRZ_DATE, printed, reason)


def expiry_candidates(
    dob: date, issue_date: date | None = None, *, today: date | None = None,
    limit: int = MAX_ATTEMPTS,
) -> tuple[ExpiryCandidate, ...]:
    """Expiry dates to try, most likely first, at most `limit`, no date twice.

    With the issue date (from the QR code): the rule, then the other side of a window
    edge by birth-year reckoning, 1 March for a 29 February birthday, the day before the
    birthday. Without it: the next renewal birthday, the one after (a card issued in a
    grace window), no expiry from 58, and the renewal birthday just passed (an expired
    card can still be read).
    """
    today = today or date.today()
    out: list[ExpiryCandidate] = []
    if issue_date is not None:
        rule = expected_expiry(dob, issue_date)
        out.append(_candidate(rule, "rule"))
        out.append(_candidate(_expiry_by_birth_year(dob, issue_date), "birth_year"))
        if rule is not None:
            if dob.month == 2 and dob.day == 29 and rule.day == 28:
                out.append(_candidate(rule + timedelta(days=1), "leap_day"))
            out.append(_candidate(rule - timedelta(days=1), "day_before"))
    else:
        ahead = [anniversary(dob, a) for a in RENEWAL_AGES if anniversary(dob, a) >= today]
        passed = [anniversary(dob, a) for a in RENEWAL_AGES
                  if CHIP_CARDS_SINCE <= anniversary(dob, a) < today]
        in_last_window = today >= anniversary(dob, RENEWAL_AGES[-1] - GRACE_YEARS)
        if not ahead:  # 60 or older: a valid card has no expiry
            out.append(_candidate(None, "no_expiry"))
        else:
            out.append(_candidate(ahead[0], "next_renewal"))
            if in_last_window:
                out.append(_candidate(None, "no_expiry"))
            if len(ahead) > 1:
                out.append(_candidate(ahead[1], "renewal_after"))
        if passed:
            out.append(_candidate(passed[-1], "expired_card"))
    return _dedupe(out, limit)


def _dedupe(cands: list[ExpiryCandidate], limit: int) -> tuple[ExpiryCandidate, ...]:
    seen: set[date] = set()
    out: list[ExpiryCandidate] = []
    for c in cands:
        if c.mrz_date not in seen:
            seen.add(c.mrz_date)
            out.append(c)
    return tuple(out[: max(limit, 0)])


_NO_EXPIRY_WORDS = ("khong thoi han", "vo thoi han", "khong", "none", "no expiry")
_TYPED_DATE = re.compile(r"([0-9]{1,2})\s*[/.\- ]\s*([0-9]{1,2})\s*[/.\- ]\s*([0-9]{4})"
                         r"|([0-9]{2})([0-9]{2})([0-9]{4})")


def _fold(text: str) -> str:
    t = unicodedata.normalize("NFD", text.casefold()).replace("đ", "d")
    return " ".join("".join(ch for ch in t if not unicodedata.combining(ch)).split())


def parse_typed_expiry(text: str, *, dob: date | None = None) -> ExpiryCandidate:
    """The expiry a citizen or staff member read off the card and typed.

    Accepts DD/MM/YYYY (also with '.', '-', spaces, or none) and "Không thời hạn" (with or
    without diacritics). Raises AccessKeyError("expiry.bad_date" | "expiry.before_birth").
    """
    if not isinstance(text, str) or len(text) > 64:
        raise AccessKeyError("expiry.bad_date", "not a short text")
    folded = _fold(text)
    if folded in _NO_EXPIRY_WORDS:
        return _candidate(None, "typed")
    m = _TYPED_DATE.fullmatch(folded)
    if not m:
        raise AccessKeyError("expiry.bad_date", "not DD/MM/YYYY")
    g = [x for x in m.groups() if x is not None]
    try:
        d = date(int(g[2]), int(g[1]), int(g[0]))
    except ValueError:
        raise AccessKeyError("expiry.bad_date", "not a calendar date") from None
    if dob is not None and d <= dob:
        raise AccessKeyError("expiry.before_birth", "expiry not after birth")
    if d.year > 2099:  # the MRZ has two year digits, read as 20YY for expiry
        raise AccessKeyError("expiry.bad_date", "beyond 2099")
    return _candidate(d, "typed")


def mrz_check_digit(data: str) -> str:
    """ICAO Doc 9303 Part 3 check digit: weights 7, 3, 1; A–Z = 10–35; '<' = 0."""
    total = 0
    for i, ch in enumerate(data):
        if ch.isdigit() and ch.isascii():
            v = int(ch)
        elif "A" <= ch <= "Z":
            v = ord(ch) - 55
        elif ch == "<":
            v = 0
        else:
            raise AccessKeyError("keys.bad_mrz", "character not allowed in an MRZ field")
        total += v * (7, 3, 1)[i % 3]
    return str(total % 10)


def _yymmdd(d: date) -> str:
    return f"{d.year % 100:02d}{d.month:02d}{d.day:02d}"


@dataclass(frozen=True, slots=True, repr=False)
class AccessKeys:
    """Keys for one attempt to open the chip.

    `expiry` None means no expiry guess: only PACE with the CAN can open the chip.
    These values open the chip: never log them (repr is masked).
    """

    doc_number9: str
    date_of_birth: date
    expiry: date | None
    can: str
    expiry_reason: str | None = None  # ExpiryCandidate.reason of `expiry`

    @classmethod
    def can_only(cls, can: str) -> AccessKeys:
        """Only the card access number (printed on the card): opens a PACE chip, nothing
        else. The MRZ fields stay empty, so BAC is never tried with them."""
        if not isinstance(can, str) or not re.fullmatch(r"[0-9]{6}", can):
            raise AccessKeyError("keys.bad_can", "CAN must be 6 digits")
        return cls("", date.min, None, can, None)

    @classmethod
    def for_card(cls, id_number: str, date_of_birth: date,
                 expiry: ExpiryCandidate | date | None = None) -> AccessKeys:
        if not isinstance(id_number, str) or not re.fullmatch(r"[0-9]{12}", id_number):
            raise AccessKeyError("keys.bad_id", "ID number must be 12 digits")
        if not isinstance(date_of_birth, date):
            raise AccessKeyError("keys.bad_dob", "date of birth required")
        if isinstance(expiry, ExpiryCandidate):
            exp, reason = expiry.mrz_date, expiry.reason
        else:
            exp, reason = expiry, ("given" if expiry is not None else None)
        # DESIGN.md: the MRZ document number is the ID's last 9 digits; CAN its last 6.
        return cls(id_number[-9:], date_of_birth, exp, id_number[-6:], reason)

    @property
    def can_bac(self) -> bool:
        return self.expiry is not None

    def mrz_information(self) -> str:
        """Document number, date of birth and date of expiry, each with its check digit:
        the string BAC hashes into its key seed (ICAO Doc 9303 Part 11)."""
        if self.expiry is None:
            raise AccessKeyError("keys.no_expiry", "no expiry: BAC impossible, use PACE-CAN")
        doc = self.doc_number9
        dob, exp = _yymmdd(self.date_of_birth), _yymmdd(self.expiry)
        return (doc + mrz_check_digit(doc) + dob + mrz_check_digit(dob)
                + exp + mrz_check_digit(exp))

    def __repr__(self) -> str:
        return (f"AccessKeys(doc_number9='******{self.doc_number9[-3:]}', dob=****, "
                f"expiry={'set' if self.expiry else None}, reason={self.expiry_reason!r})")


def access_attempts(
    id_number: str,
    date_of_birth: date,
    issue_date: date | None = None,
    *,
    typed: ExpiryCandidate | None = None,
    known_expiry: ExpiryCandidate | None = None,
    today: date | None = None,
    limit: int = MAX_ATTEMPTS,
) -> tuple[AccessKeys, ...]:
    """Keys to try, in order: a typed expiry first (the person read it off the card), then
    an expiry already known, then the derived candidates; at most `limit`, never the same
    expiry twice. Each has the CAN for PACE. When all fail, the UI asks for the expiry
    printed on the card and calls this again with `typed`.
    """
    cands: list[ExpiryCandidate] = []
    if typed is not None:
        cands.append(typed)
    if known_expiry is not None:
        cands.append(known_expiry)
    cands += expiry_candidates(date_of_birth, issue_date, today=today, limit=limit)
    keys = [AccessKeys.for_card(id_number, date_of_birth, c) for c in _dedupe(cands, limit)]
    return tuple(keys) or (AccessKeys.for_card(id_number, date_of_birth),)


def access_attempts_for(identity: Identity, *, typed: ExpiryCandidate | None = None,
                        today: date | None = None, limit: int = MAX_ATTEMPTS
                        ) -> tuple[AccessKeys, ...]:
    """`access_attempts` from whatever the identity knows (QR, typed, earlier chip read)."""
    if identity.id_number is None or identity.date_of_birth is None:
        raise AccessKeyError("keys.missing", "needs the ID number and the date of birth")
    known = None
    if identity.knows("expiry_date"):
        known = _candidate(identity.expiry_date, "known")
    return access_attempts(identity.id_number, identity.date_of_birth, identity.issue_date,
                           typed=typed, known_expiry=known, today=today, limit=limit)
