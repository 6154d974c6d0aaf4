"""The PC/SC card reader service: readers, cards and APDUs through pcscd (pyscard).

* ``list_readers()`` -- the connected readers, or a typed error;
* ``PcscTransport(reader, timeout)`` -- one card as a ``devices.cccd`` Transport;
* ``ReaderService`` -- a watcher thread that follows readers and cards (and pcscd
  restarts), and one card worker thread that runs every card call with a timeout;
* ``errors`` -- ``ReaderError`` and friends, each with a stable translation ``key``.

Only pyscard's low-level ``smartcard.scard`` is used: no pyscard exceptions reach the
caller, and none of its monitor singletons run.
"""

from .errors import (
    BadResponse,
    CardIOError,
    CardRemoved,
    CardReset,
    CardTimeout,
    CardUnresponsive,
    NoCard,
    NoReader,
    NoService,
    ReaderBusy,
    ReaderError,
    ReaderUnplugged,
    ServiceStopped,
)
from .readers import list_readers
from .service import CardState, ReaderService
from .transport import PcscTransport
from .worker import CardWorker

__all__ = [
    "BadResponse",
    "CardIOError",
    "CardRemoved",
    "CardReset",
    "CardState",
    "CardTimeout",
    "CardUnresponsive",
    "CardWorker",
    "NoCard",
    "NoReader",
    "NoService",
    "PcscTransport",
    "ReaderBusy",
    "ReaderError",
    "ReaderService",
    "ReaderUnplugged",
    "ServiceStopped",
    "list_readers",
]
