"""Citizen identity in the core: the value object forms read, the card's printed QR code,
and the keys that open the card's chip. Pure Python: no Qt, no device I/O."""

from kiosk.identity.access import (
    NO_EXPIRY_MRZ_DATE,
    RENEWAL_AGES,
    AccessKeyError,
    AccessKeys,
    ExpiryCandidate,
    access_attempts,
    access_attempts_for,
    expected_expiry,
    expiry_candidates,
    parse_typed_expiry,
)
from kiosk.identity.card_qr import CardQr, CardQrError, parse_card_qr
from kiosk.identity.model import (
    FIELDS,
    Identity,
    IdentityConflict,
    IdentityError,
    IdentityNotVerified,
    IdNumberInfo,
    Provenance,
    Sex,
    decode_id_number,
)

__all__ = [
    "FIELDS",
    "NO_EXPIRY_MRZ_DATE",
    "RENEWAL_AGES",
    "AccessKeyError",
    "AccessKeys",
    "CardQr",
    "CardQrError",
    "ExpiryCandidate",
    "IdNumberInfo",
    "Identity",
    "IdentityConflict",
    "IdentityError",
    "IdentityNotVerified",
    "Provenance",
    "Sex",
    "access_attempts",
    "access_attempts_for",
    "decode_id_number",
    "expected_expiry",
    "expiry_candidates",
    "parse_card_qr",
    "parse_typed_expiry",
]
