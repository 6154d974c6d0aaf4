"""Protocol core for reading the Vietnamese chip ID card (CCCD), an ICAO 9303 eMRTD.

Pure Python over an abstract APDU transport; no PC/SC, no Qt, nothing from the kiosk.

Interfaces for the next pieces:

* A hardware driver implements ``apdu.Transport``: ``extended_length`` (bool) and
  ``transmit(apdu: bytes, timeout: float) -> bytes`` (data + SW1 SW2), raising
  ``CardRemoved`` / ``CardTimeout`` / ``CardIOError``.
* A virtual chip builds its files with ``lds.build_*``, ``dg13.build_dg13`` and
  ``mrz.build_cccd_td1`` and answers APDUs with ``card.EmrtdCard`` (or its pieces:
  ``bac.card_answer``, ``sm.SecureMessaging.unwrap_command`` / ``wrap_response``);
  ``card.CardTransport`` plugs it into the reader.
* The kiosk calls ``EmrtdReader(transport).read_card(BacKey.for_cccd(...), can=...)``
  on the card reader's worker thread (PACE with the CAN when the card offers it, else
  BAC) and gets a ``CardContents`` or a ``CardError`` whose ``key`` is a translation key.
* ``pa.verify_contents(contents, trust_store)`` is Passive Authentication: EF.SOD's
  signature chained to a CSCA, and every data group read checked against its hash.
"""

from .apdu import CommandApdu, ResponseApdu, Transport
from .bac import BacKey, BacKeys, SessionKeys
from .card import CardTransport, EmrtdCard
from .dg13 import Dg13, build_dg13, parse_dg13
from .errors import (
    AccessDenied,
    CardDataError,
    CardError,
    CardFileNotFound,
    CardIOError,
    CardRemoved,
    CardTimeout,
    NotAnIdCard,
    SecureMessagingError,
)
from .lds import EMRTD_AID, Dg1, Dg2, EfCom, FaceImage, SecurityObject
from .mrz import Td1Mrz, bac_key_seed, check_digit, parse_td1
from .pace import CanKey, PaceUnavailable
from .reader import CardContents, EmrtdReader, StepStats
from .sm import SecureMessaging

__all__ = [
    "CanKey",
    "PaceUnavailable",
    "AccessDenied",
    "BacKey",
    "BacKeys",
    "CardContents",
    "CardDataError",
    "CardError",
    "CardFileNotFound",
    "CardIOError",
    "CardRemoved",
    "CardTimeout",
    "CardTransport",
    "CommandApdu",
    "Dg1",
    "Dg13",
    "Dg2",
    "EMRTD_AID",
    "EfCom",
    "EmrtdCard",
    "EmrtdReader",
    "FaceImage",
    "NotAnIdCard",
    "ResponseApdu",
    "SecureMessaging",
    "SecureMessagingError",
    "SecurityObject",
    "SessionKeys",
    "StepStats",
    "Td1Mrz",
    "Transport",
    "bac_key_seed",
    "build_dg13",
    "check_digit",
    "parse_dg13",
    "parse_td1",
]
