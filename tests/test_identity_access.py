"""Chip access keys: expiry from the renewal-age rule, candidates, typed expiry, MRZ."""

from datetime import date

import pytest

from kiosk.identity import (
    NO_EXPIRY_MRZ_DATE,
    AccessKeyError,
    AccessKeys,
    Identity,
    Provenance,
    access_attempts,
    access_attempts_for,
    expected_expiry,
    expiry_candidates,
    parse_card_qr,
    parse_typed_expiry,
)
from kiosk.identity.access import anniversary, mrz_check_digit

DOB = date(1990, 2, 1)
TODAY = date(2025, 11, 22)


@pytest.mark.parametrize("issued, expires", [
    (date(2005, 3, 1), date(2015, 2, 1)),  # at 15 → 25th birthday
    (date(2012, 1, 31), date(2015, 2, 1)),  # the day before turning 22 → 25
    (date(2013, 1, 31), date(2015, 2, 1)),  # the day before turning 23 → still 25
    (date(2013, 2, 1), date(2030, 2, 1)),  # on the 23rd birthday: in the window → 40
    (date(2013, 12, 20), date(2030, 2, 1)),  # at 23y10m → 40
    (date(2014, 1, 2), date(2030, 2, 1)),  # at 23y11m → 40
    (date(2014, 2, 1), date(2030, 2, 1)),  # at 24 → 40
    (date(2015, 2, 1), date(2030, 2, 1)),  # on the 25th birthday → 40
    (date(2021, 10, 10), date(2030, 2, 1)),  # at 31 → 40
    (date(2028, 1, 31), date(2030, 2, 1)),  # the day before 38 → 40
    (date(2028, 2, 1), date(2050, 2, 1)),  # at 38 → 60
    (date(2047, 12, 1), date(2050, 2, 1)),  # at 57y10m → 60
    (date(2048, 2, 1), None),  # at 58 → no expiry
    (date(2049, 6, 1), None),  # at 59 → no expiry
    (date(2051, 6, 1), None),  # after 60 → no expiry
])
def test_expected_expiry(issued, expires):
    assert expected_expiry(DOB, issued) == expires


def test_cards_for_children_under_the_2023_law():
    dob = date(2015, 6, 10)
    assert expected_expiry(dob, date(2024, 7, 1)) == date(2029, 6, 10)  # at 9 → 14
    assert expected_expiry(dob, date(2027, 6, 10)) == date(2040, 6, 10)  # at 12 → 25
    assert expected_expiry(dob, date(2015, 7, 1)) == date(2029, 6, 10)  # a baby → 14


def test_leap_day_births():
    dob = date(2000, 2, 29)
    assert anniversary(dob, 25) == date(2025, 2, 28)
    assert anniversary(dob, 40) == date(2040, 2, 29)  # 2040 is a leap year
    assert expected_expiry(dob, date(2021, 5, 1)) == date(2025, 2, 28)
    # the 23rd "birthday" is 28 Feb 2023: issued that day is inside the window
    assert expected_expiry(dob, date(2023, 2, 28)) == date(2040, 2, 29)
    assert expected_expiry(dob, date(2023, 2, 27)) == date(2025, 2, 28)
    cands = expiry_candidates(dob, date(2021, 5, 1), today=TODAY)
    assert [c.mrz_date for c in cands][:2] == [date(2025, 2, 28), date(2025, 3, 1)]
    assert cands[1].reason == "leap_day"


def test_issue_before_birth_is_refused():
    with pytest.raises(AccessKeyError) as ei:
        expected_expiry(DOB, date(1989, 1, 1))
    assert ei.value.key == "expiry.before_birth"


def test_candidates_with_issue_date():
    c = expiry_candidates(DOB, date(2021, 10, 10), today=TODAY)
    assert c[0].mrz_date == date(2030, 2, 1) and c[0].reason == "rule"
    assert c[0].printed == date(2030, 2, 1)
    assert date(2030, 1, 31) in [x.mrz_date for x in c]  # "valid until the day before"
    assert len({x.mrz_date for x in c}) == len(c) <= 4


def test_candidates_at_a_window_edge_include_the_other_side():
    # Issued at 22y10m: by the rule the 25th birthday; reckoned by birth year (2012-1990
    # = 22 < 23) also 25; issued in Jan 2013 at 22y11m: rule 25, birth-year 23 → 40.
    c = expiry_candidates(DOB, date(2013, 1, 15), today=TODAY)
    assert [x.reason for x in c][:2] == ["rule", "birth_year"]
    assert [x.mrz_date for x in c][:2] == [date(2015, 2, 1), date(2030, 2, 1)]


def test_no_expiry_candidate_uses_the_2099_sentinel():
    c = expiry_candidates(date(1960, 5, 5), date(2022, 1, 1), today=TODAY)
    assert c[0].mrz_date == NO_EXPIRY_MRZ_DATE and c[0].printed is None
    assert c[0].reason == "rule"


def test_candidates_without_issue_date():
    young = expiry_candidates(date(2001, 7, 1), today=TODAY)  # 24: next is 25, or 40
    assert [x.mrz_date for x in young][:2] == [date(2026, 7, 1), date(2041, 7, 1)]
    near60 = expiry_candidates(date(1966, 2, 1), today=TODAY)  # 59
    # the 40th birthday (2006) predates chip cards, so no "expired card" guess
    assert [x.reason for x in near60] == ["next_renewal", "no_expiry"]
    renewed_late = expiry_candidates(date(1985, 3, 1), today=TODAY)  # 40 in March 2025
    assert [(x.reason, x.mrz_date) for x in renewed_late] == [
        ("next_renewal", date(2045, 3, 1)), ("expired_card", date(2025, 3, 1))]
    old = expiry_candidates(date(1950, 2, 1), today=TODAY)
    assert old[0].reason == "no_expiry"
    assert all(x.mrz_date >= date(2021, 1, 1) for x in old)  # no chip card expired earlier
    child = expiry_candidates(date(2016, 3, 3), today=TODAY)
    assert child[0].mrz_date == date(2030, 3, 3)


def test_typed_expiry():
    assert parse_typed_expiry("01/02/2030").mrz_date == date(2030, 2, 1)
    assert parse_typed_expiry(" 1-2-2030 ").mrz_date == date(2030, 2, 1)
    assert parse_typed_expiry("01022030").printed == date(2030, 2, 1)
    for text in ("Không thời hạn", "KHONG THOI HAN", "vô thời hạn"):
        t = parse_typed_expiry(text)
        assert t.printed is None and t.mrz_date == NO_EXPIRY_MRZ_DATE and t.reason == "typed"
    for bad in ("31/02/2030", "2030-02-01", "", "x" * 100, "01/02/2130"):
        with pytest.raises(AccessKeyError) as ei:
            parse_typed_expiry(bad)
        assert ei.value.key == "expiry.bad_date"
    with pytest.raises(AccessKeyError) as ei:
        parse_typed_expiry("01/02/1980", dob=DOB)
    assert ei.value.key == "expiry.before_birth"


def test_access_keys_from_the_id_number():
    k = AccessKeys.for_card("001090012345", DOB, date(2030, 2, 1))
    assert k.doc_number9 == "090012345" and k.can == "012345" and k.can_bac
    assert k.mrz_information() == "090012345" + "0" + "900201" + "8" + "300201" + "6"
    pace_only = AccessKeys.for_card("001090012345", DOB)
    assert not pace_only.can_bac
    with pytest.raises(AccessKeyError):
        pace_only.mrz_information()
    with pytest.raises(AccessKeyError):
        AccessKeys.for_card("0010900123", DOB)


def test_repr_of_keys_hides_them():
    r = repr(AccessKeys.for_card("001090012345", DOB, date(2030, 2, 1)))
    assert "090012345" not in r and "012345" not in r and "1990" not in r


def test_check_digit_against_the_icao_worked_example():
    # ICAO Doc 9303 Part 11 Appendix D (values as in the shared BAC vectors).
    assert mrz_check_digit("L898902C<") == "3"
    assert mrz_check_digit("690806") == "1"
    assert mrz_check_digit("940623") == "6"
    doc, dob, exp = "L898902C<", "690806", "940623"
    assert (doc + mrz_check_digit(doc) + dob + mrz_check_digit(dob) + exp
            + mrz_check_digit(exp)) == "L898902C<369080619406236"
    with pytest.raises(AccessKeyError):
        mrz_check_digit("ab")


def test_no_expiry_mrz_check_digit_matches_real_cards():
    # Public samples of cards without expiry show "9912315" in the MRZ.
    assert mrz_check_digit("991231") == "5"


def test_attempts_put_typed_first_and_never_repeat():
    typed = parse_typed_expiry("01/02/2030")
    keys = access_attempts("001090012345", DOB, date(2021, 10, 10), typed=typed, today=TODAY)
    assert keys[0].expiry == date(2030, 2, 1) and keys[0].expiry_reason == "typed"
    assert len({k.expiry for k in keys}) == len(keys) <= 4
    assert all(k.can == "012345" for k in keys)
    other = access_attempts("001090012345", DOB, date(2021, 10, 10),
                            typed=parse_typed_expiry("05/05/2031"), today=TODAY)
    assert [k.expiry_reason for k in other][:2] == ["typed", "rule"]
    assert access_attempts("001090012345", DOB, today=TODAY, limit=0)[0].expiry is None


def test_attempts_from_a_scanned_qr():
    qr = parse_card_qr("001090012345||Nguyễn Văn An|01021990|Nam|Hà Nội|10102021",
                       today=TODAY)
    keys = access_attempts_for(qr.to_identity(), today=TODAY)
    assert keys[0].expiry == date(2030, 2, 1) and keys[0].doc_number9 == "090012345"


def test_attempts_use_a_known_expiry_first():
    ident = Identity.from_source(Provenance.TYPED, id_number="001060012345",
                                 date_of_birth=date(1960, 1, 1), known_absent=("expiry_date",))
    keys = access_attempts_for(ident, today=TODAY)
    assert keys[0].expiry == NO_EXPIRY_MRZ_DATE and keys[0].expiry_reason == "known"
    with pytest.raises(AccessKeyError) as ei:
        access_attempts_for(Identity(), today=TODAY)
    assert ei.value.key == "keys.missing"

