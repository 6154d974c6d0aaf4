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
* The kiosk calls ``EmrtdReader(transport).read_card(BacKey.for_cccd(...))`` on the
  card reader's worker thread and gets a ``CardContents`` or a ``CardError`` whose
  ``key`` is a translation key.

Not here yet: PACE (CAN = last 6 digits of the ID number) and Passive Authentication
(checking EF.SOD's signature and the data group hashes).
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
from .reader import CardContents, EmrtdReader, StepStats
from .sm import SecureMessaging

__all__ = [
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
