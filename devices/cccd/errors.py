"""Errors of the chip ID card (CCCD) reader.

Two families:

* ``CardDataError`` -- the one error for untrusted bytes (a TLV, an MRZ, DG13, an SM
  response...). Every parser of card bytes raises only this, never IndexError,
  UnicodeDecodeError and friends, so a caller can wrap a whole parse in one ``except``.
* ``CardError`` -- the reading session went wrong (card pulled away, wrong BAC keys, not
  an ID card, ...).

Each error carries a stable ``key`` that the UI translates; the message is for logs and
never shown to a citizen (it may name a status word, never personal data).
"""

from __future__ import annotations


class CardError(Exception):
    """Base of every error of a card reading session."""

    key = "card.error"

    def __init__(self, message: str = "", *, sw: int | None = None) -> None:
        super().__init__(message or self.key)
        # The status word that caused it, if any: useful in diagnostics, never shown.
        self.sw = sw


class CardDataError(CardError, ValueError):
    """Bytes from the card (or claiming to be) are malformed or inconsistent."""

    key = "card.malformed"


class SecureMessagingError(CardDataError):
    """The card's cryptogram or MAC did not verify, or it broke off secure messaging.

    A subclass of CardDataError because a bad MAC is one more way for untrusted bytes to
    be wrong: a fuzzed response may only ever raise CardDataError.
    """

    key = "card.bad_mac"


class CardRemoved(CardError):
    """The card left the field (or the reader was unplugged) mid-session."""

    key = "card.removed"


class AccessDenied(CardError):
    """BAC failed: the document number, birth date or expiry date do not match the card."""

    key = "card.wrong_keys"


class NotAnIdCard(CardError):
    """The card has no ICAO eMRTD applet: not a chip ID card (or a passport)."""

    key = "card.not_cccd"


class CardFileNotFound(CardError):
    """The card answered that an elementary file does not exist (SW 6A82)."""

    key = "card.file_missing"


class CardIOError(CardError):
    """The transport failed, or the card answered a status word we cannot act on."""

    key = "card.io"


class CardTimeout(CardIOError):
    """The card did not answer in time."""

    key = "card.timeout"
