"""From what the chip returned to the Identity the forms read.

The chip's DG13 carries the citizen's details in Vietnamese, as printed on the card;
DG1's MRZ only repeats the number and dates in machine form. Every field taken from the
chip is marked CHIP_VERIFIED when Passive Authentication proved the data groups were
signed by the issuer and untouched, otherwise CHIP_UNVERIFIED: a form that requires a
verified chip then refuses it.
"""

from __future__ import annotations

from datetime import date

from devices.cccd.dg13 import Dg13
from devices.cccd.mrz import Td1Mrz
from kiosk.identity.model import Identity, Provenance, Sex

# DG13 writes "no expiry" in words on cards issued from age 58 on.
_NO_EXPIRY_WORDS = ("không thời hạn", "khong thoi han")


def _expiry(dg13: Dg13) -> tuple[date | None, bool]:
    """(expiry date, known to be absent)."""
    text = (dg13.expiry_date or "").strip().casefold()
    if text and any(w in text for w in _NO_EXPIRY_WORDS):
        return None, True
    return dg13.expires_on(), False


def identity_from_chip(dg13: Dg13 | None, mrz: Td1Mrz | None, *, face: bytes | None,
                       verified: bool) -> Identity:
    source = Provenance.CHIP_VERIFIED if verified else Provenance.CHIP_UNVERIFIED
    values: dict[str, object] = {}
    absent: list[str] = []
    if dg13 is not None:
        expiry, no_expiry = _expiry(dg13)
        if no_expiry:
            absent.append("expiry_date")
        values.update(
            id_number=dg13.id_number,
            full_name=dg13.full_name,
            date_of_birth=dg13.birth_date(),
            sex=Sex.from_text(dg13.sex) if dg13.sex else None,
            nationality=dg13.nationality,
            ethnicity=dg13.ethnicity,
            religion=dg13.religion,
            place_of_origin=dg13.place_of_origin,
            residence=dg13.place_of_residence,
            identifying_marks=dg13.identifying_marks,
            issue_date=dg13.issued_on(),
            expiry_date=expiry,
            father_name=dg13.father_name,
            mother_name=dg13.mother_name,
            spouse_name=dg13.spouse_name,
            old_id=dg13.old_id_number,
        )
    if mrz is not None and not values.get("id_number") and mrz.id_number:
        values["id_number"] = mrz.id_number
    if face:
        values["face"] = face
    return Identity.from_source(source, known_absent=absent, **values)
