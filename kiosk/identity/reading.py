"""Reading a citizen's chip into an Identity: which keys to try, in what order, and
what Passive Authentication says about the result.

Runs on the card reader's worker thread (it blocks on card I/O). The keys come from
what the citizen gave us (card QR, typed ID and birth date, typed expiry): PACE with the
CAN when the card offers it, else BAC with each expiry candidate in turn; each wrong
guess costs one mutual authentication, a fraction of a second.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from devices.cccd import pa
from devices.cccd.apdu import Transport
from devices.cccd.bac import BacKey
from devices.cccd.errors import AccessDenied, CardError
from devices.cccd.reader import CardContents, EmrtdReader
from kiosk.identity.access import AccessKeys
from kiosk.identity.chip import identity_from_chip
from kiosk.identity.model import Identity


@dataclass(frozen=True)
class ChipRead:
    identity: Identity
    protocol: str  # "PACE" or "BAC"
    pa: pa.PaResult
    attempts: int  # how many key guesses it took
    seconds: float
    report: dict[str, Any] = field(repr=False)
    contents: CardContents = field(repr=False)

    @property
    def data_groups(self) -> list[int]:
        groups, _sod = pa.data_groups(self.contents.raw)
        return sorted(groups)


def _bac_key(keys: AccessKeys) -> BacKey | None:
    if keys.expiry is None:
        return None
    return BacKey(keys.doc_number9, keys.date_of_birth.strftime("%y%m%d"),
                  keys.expiry.strftime("%y%m%d"))


def read_chip(
    transport: Transport,
    attempts: Sequence[AccessKeys],
    *,
    trust: pa.TrustStore | None = None,
    face: bool = True,
    use_can: bool = True,
    at: datetime | None = None,
    reader_factory: Callable[[Transport], EmrtdReader] = EmrtdReader,
) -> ChipRead:
    """Open and read the chip with the first keys that work, then verify it.

    Raises the card errors of devices.cccd (with their translation keys): AccessDenied
    when no guess opened the chip, CardRemoved, CardTimeout, NotAnIdCard, ...
    """
    if not attempts:
        raise ValueError("no access keys to try")
    started = time.perf_counter()
    last: AccessDenied | None = None
    for n, keys in enumerate(attempts, 1):
        reader = reader_factory(transport)
        try:
            contents = reader.read_card(_bac_key(keys), can=keys.can if use_can else None,
                                        face=face)
        except AccessDenied as exc:
            last = exc
            if reader.protocol == "PACE":
                raise  # the CAN is the same in every guess: more tries cannot help
            continue
        except CardError:
            raise  # removed, timed out, malformed: not a matter of keys
        except ValueError:
            continue  # this guess has no expiry and the card has no PACE: next one
        result = (pa.verify(contents.raw, None, trust, at=at) if trust is not None
                  else pa.PaResult("no_trust_store"))
        face_bytes = contents.dg2.faces[0].data if contents.dg2 and contents.dg2.faces else None
        identity = identity_from_chip(contents.dg13, contents.dg1.mrz, face=face_bytes,
                                      verified=result.verified)
        return ChipRead(identity, contents.protocol, result, n,
                        time.perf_counter() - started, reader.report(), contents)
    if last is not None:
        raise last
    raise AccessDenied("no usable access keys for this card")
