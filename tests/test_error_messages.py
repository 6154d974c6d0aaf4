"""Every error a citizen can meet has a sentence in Messages.qml (and so in both
languages): no raw key or generic fallback for a known failure."""

import re
from pathlib import Path

import devices.cccd.errors as card_errors
import devices.cccd.pace  # noqa: F401 - defines PaceUnavailable
import devices.pcsc.errors as reader_errors
import devices.printer.errors as printer_errors
import devices.scanner.errors as scanner_errors
import kiosk.portal.errors as portal_errors
import offline_cache.crypto as outbox_crypto
import offline_cache.outbox as outbox
from kiosk import forms, scan, staff
from kiosk.dossier import codes as dossier_codes
from kiosk.dossier import payment, status_service, submission
from kiosk.identity import card_qr
from kiosk.identity import service as identity_service
from kiosk.payment import vietqr
from offline_cache import db

MESSAGES = (Path(__file__).resolve().parent.parent / "ui" / "qml" / "Kiosk" / "Messages.qml")


def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)


def translated_keys():
    return set(re.findall(r'case "([a-z_.]+)"', MESSAGES.read_text(encoding="utf-8")))


def declared_keys():
    keys = set()
    for base in (portal_errors.PortalError, card_errors.CardError, reader_errors.ReaderError):
        for cls in (base, *subclasses(base)):
            keys.add(cls.key)
    keys |= {db.DISK_FULL, db.CORRUPT, db.UNAVAILABLE}
    # Modules whose one error type carries its key per instance list them in MESSAGES.
    for module in (dossier_codes, vietqr, scanner_errors, scan, forms, printer_errors,
                   portal_errors, outbox_crypto, outbox, submission, payment, status_service):
        keys |= set(module.MESSAGES)
    keys |= set(card_qr.ERROR_KEYS)
    for module in (identity_service, staff):
        keys |= {v for k, v in vars(module).items()
                 if k.isupper() and isinstance(v, str) and v.count(".") == 1 and " " not in v}
    return keys


# The base classes' keys are the generic fallback ("Something went wrong ...").
GENERIC = {"card.error", "portal.error", "reader.error"}


def test_every_declared_error_key_has_a_sentence():
    missing = sorted(declared_keys() - GENERIC - translated_keys())
    assert not missing, missing
