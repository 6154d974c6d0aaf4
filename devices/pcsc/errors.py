"""Errors of the PC/SC reader service, each with a stable translation ``key``.

They extend the card-session errors of ``devices.cccd.errors`` (the ``Transport``
contract): a card pulled out is a ``devices.cccd.CardRemoved`` to the eMRTD reader and a
``devices.pcsc.CardRemoved`` here, so its key survives all the way to the UI. The
message is for logs only; ``code`` keeps the PC/SC return code for diagnostics.
"""

from __future__ import annotations

from smartcard import scard

from devices.cccd import errors as card_errors


class ReaderError(card_errors.CardError):
    """Base of every error of the reader service."""

    key = "reader.error"

    def __init__(self, message: str = "", *, code: int | None = None) -> None:
        super().__init__(message or self.key)
        self.code = code


class NoService(ReaderError):
    """The PC/SC daemon is not running (or went away; a restart invalidates contexts)."""

    key = "reader.no_service"


class NoReader(ReaderError):
    """No card reader is connected."""

    key = "reader.none"


class ReaderBusy(ReaderError):
    """Another program holds the card exclusively."""

    key = "reader.busy"


class ReaderUnplugged(ReaderError, card_errors.CardRemoved):
    """The reader is not there (any more): unplugged, or a name that does not exist."""

    key = "reader.unplugged"


class CardRemoved(ReaderError, card_errors.CardRemoved):
    """The card left the reader; this connection to it is over."""

    key = "card.removed"


class NoCard(CardRemoved):
    """There is no card in the reader to connect to."""

    key = "card.absent"


class CardIOError(ReaderError, card_errors.CardIOError):
    """The exchange with the card failed."""

    key = "card.io"


class CardReset(CardIOError):
    """Someone reset the card: any session state on it (secure messaging) is lost."""

    key = "card.reset"


class CardUnresponsive(CardIOError):
    """The card does not answer to power-on or speaks no protocol we offer."""

    key = "card.unresponsive"


class BadResponse(CardIOError):
    """The answer is not even a status word (fewer than 2 bytes)."""

    key = "card.bad_response"


class CardTimeout(ReaderError, card_errors.CardTimeout):
    """No answer in time (a mute card, or the card worker stuck on one)."""

    key = "card.timeout"


class ServiceStopped(ReaderError):
    """The reader service was stopped; nothing runs on its worker any more."""

    key = "reader.stopped"


def u32(code: int) -> int:
    """PC/SC codes are DWORDs; pyscard may hand them over signed."""
    return code & 0xFFFFFFFF


# Return codes meaning the context is unusable: pcscd stopped or restarted.
SERVICE_LOST = frozenset(u32(c) for c in (
    scard.SCARD_E_NO_SERVICE,
    scard.SCARD_E_SERVICE_STOPPED,
    scard.SCARD_E_INVALID_HANDLE,
    scard.SCARD_F_COMM_ERROR,
))

_BY_CODE: dict[int, type[ReaderError]] = {
    u32(scard.SCARD_E_NO_SERVICE): NoService,
    u32(scard.SCARD_E_SERVICE_STOPPED): NoService,
    u32(scard.SCARD_E_INVALID_HANDLE): NoService,
    u32(scard.SCARD_F_COMM_ERROR): NoService,
    u32(scard.SCARD_E_NO_READERS_AVAILABLE): NoReader,
    u32(scard.SCARD_E_UNKNOWN_READER): ReaderUnplugged,
    u32(scard.SCARD_E_READER_UNAVAILABLE): ReaderUnplugged,
    u32(scard.SCARD_E_SHARING_VIOLATION): ReaderBusy,
    u32(scard.SCARD_W_REMOVED_CARD): CardRemoved,
    u32(scard.SCARD_E_NO_SMARTCARD): NoCard,
    u32(scard.SCARD_W_RESET_CARD): CardReset,
    u32(scard.SCARD_W_UNRESPONSIVE_CARD): CardUnresponsive,
    u32(scard.SCARD_W_UNPOWERED_CARD): CardUnresponsive,
    u32(scard.SCARD_W_UNSUPPORTED_CARD): CardUnresponsive,
    u32(scard.SCARD_E_PROTO_MISMATCH): CardUnresponsive,
    u32(scard.SCARD_E_TIMEOUT): CardTimeout,
    u32(scard.SCARD_E_NOT_TRANSACTED): CardIOError,
    u32(scard.SCARD_E_COMM_DATA_LOST): CardIOError,
    u32(scard.SCARD_E_INSUFFICIENT_BUFFER): CardIOError,
    u32(scard.SCARD_E_INVALID_PARAMETER): CardIOError,
    u32(scard.SCARD_E_INVALID_VALUE): CardIOError,
}


def describe(code: int) -> str:
    try:
        text = scard.SCardGetErrorMessage(code)
    except Exception:  # pyscard raises on codes it does not know
        text = "unknown error"
    return f"{text} (0x{u32(code):08X})"


def from_code(code: int, doing: str) -> ReaderError:
    """The typed error for a PC/SC return code; ``doing`` says what failed, for logs."""
    cls = _BY_CODE.get(u32(code), ReaderError)
    return cls(f"{doing}: {describe(code)}", code=u32(code))
