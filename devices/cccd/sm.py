"""Secure messaging after BAC (ICAO 9303-11 §9.8), 3DES flavour, both directions.

Command (reader wraps, card unwraps)::

    header'   = CLA|0x0C INS P1 P2                  (masked CLA: SM, header MACed)
    DO'87'    = 87 L 01 || 3DES(KS_enc, pad(data))  (command data; 01 = padding indicator)
    DO'97'    = 97 L Le                             (expected length, if any)
    N         = pad(SSC+1 || pad(header') || DO'87' || DO'97')
    DO'8E'    = 8E 08 MAC(KS_mac, N)
    protected = header' Lc DO'87' DO'97' DO'8E' 00

Response (card wraps, reader unwraps)::

    DO'87' (data, if any) || DO'99' (02 SW1 SW2) || DO'8E' (MAC over
    pad(SSC+1 || DO'87' || DO'99')), then the status word.

The send sequence counter is incremented before every command MAC and every response
MAC, so the two sides must process strictly alternating messages. Only even INS codes
with data are supported (DO'85' for odd INS is not needed by an eMRTD reader).

Two algorithms (ICAO 9303-11 §9.8.6), chosen by ``algorithm``:

* ``"3DES"`` (after BAC, or PACE with a 3DES protocol): 8-byte blocks and SSC, zero IV,
  retail MAC.
* ``"AES"`` (after PACE with an AES protocol): 16-byte blocks, a 16-byte SSC,
  IV = E(KS_enc, SSC) with the same incremented SSC the MAC uses, AES-CMAC over the
  padded input truncated to 8 bytes. Padding is to 16 everywhere, the header included.

Functions return a trace of every intermediate value (the tests compare each with ICAO
Appendix D); ``SecureMessaging`` keeps the SSC and is what the reader and card use.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

from . import crypto, tlv
from .apdu import SHORT_MAX_NE, SW_OK, CommandApdu, ResponseApdu
from .bac import SessionKeys
from .errors import CardDataError, SecureMessagingError

SM_CLA_BITS = 0x0C
DES3 = "3DES"
AES = "AES"
# Response overhead around the DO'87' value with a 1- or 2-byte length form, DO'99' and
# DO'8E': see max_plain_read.
_DO99_LEN = 4
_DO8E_LEN = 10


@dataclass(frozen=True, slots=True)
class _Suite:
    """What differs between 3DES and AES secure messaging."""

    name: str
    block: int

    @property
    def ssc_modulus(self) -> int:
        return 1 << (8 * self.block)

    def ssc(self, ssc: int) -> bytes:
        # The SSC is one cipher block wide: 8 bytes for 3DES, 16 for AES.
        return (ssc % self.ssc_modulus).to_bytes(self.block, "big")

    def pad(self, data: bytes) -> bytes:
        return crypto.pad(data, self.block)

    def _iv(self, ks_enc: bytes, ssc: int) -> bytes:
        if self.name == DES3:
            return crypto.ZERO_IV
        # A fresh IV per message without sending it: the SSC both sides already share.
        return crypto.aes_block(ks_enc, self.ssc(ssc))

    def encrypt(self, ks_enc: bytes, ssc: int, data: bytes) -> bytes:
        if self.name == DES3:
            return crypto.tdes_encrypt(ks_enc, self.pad(data))
        return crypto.aes_encrypt(ks_enc, self.pad(data), self._iv(ks_enc, ssc))

    def decrypt(self, ks_enc: bytes, ssc: int, data: bytes) -> bytes:
        if self.name == DES3:
            return crypto.unpad(crypto.tdes_decrypt(ks_enc, data))
        return crypto.unpad(crypto.aes_decrypt(ks_enc, data, self._iv(ks_enc, ssc)),
                            self.block)

    def mac(self, ks_mac: bytes, padded: bytes) -> bytes:
        if self.name == DES3:
            return crypto.retail_mac(ks_mac, padded, padded=True)
        return crypto.aes_cmac(ks_mac, padded)[:8]


_SUITES = {DES3: _Suite(DES3, crypto.BLOCK), AES: _Suite(AES, crypto.AES_BLOCK)}


def _suite(algorithm: str) -> _Suite:
    try:
        return _SUITES[algorithm]
    except KeyError:
        raise ValueError(f"unknown secure messaging algorithm {algorithm!r}") from None


def _encode_le(ne: int, extended: bool) -> bytes:
    if extended:
        return (ne % 65536).to_bytes(2, "big")
    return bytes([ne % 256])


@dataclass(frozen=True, slots=True)
class CommandTrace:
    do87: bytes
    do97: bytes
    m: bytes  # pad(header') || DO'87' || DO'97'
    ssc: int  # the incremented counter used for the MAC
    n: bytes  # pad(SSC || M)
    cc: bytes  # the 8-byte MAC
    protected: bytes  # the APDU to send


@dataclass(frozen=True, slots=True)
class ResponseTrace:
    ssc: int
    k: bytes  # pad(SSC || DO'87' || DO'99')
    cc: bytes
    data: bytes  # decrypted response data
    sw: int  # the status word from DO'99'

    @property
    def authenticated(self) -> bool:
        """False for a bare status word the card sent without SM objects."""
        return bool(self.cc)


def wrap_command(
    ks_enc: bytes,
    ks_mac: bytes,
    ssc: int,
    cmd: CommandApdu,
    *,
    extended: bool | None = None,
    algorithm: str = DES3,
) -> CommandTrace:
    """Protect ``cmd`` with the counter value ``ssc`` (already incremented)."""
    suite = _suite(algorithm)
    if cmd.cla & SM_CLA_BITS:
        raise ValueError("command is already protected")
    if cmd.ins & 1 and cmd.data:
        raise ValueError("odd INS with data needs DO'85', which is not supported")
    ext = cmd.needs_extended if extended is None else extended
    header = bytes((cmd.cla | SM_CLA_BITS, cmd.ins, cmd.p1, cmd.p2))
    do87 = b""
    if cmd.data:
        do87 = tlv.encode(0x87, b"\x01" + suite.encrypt(ks_enc, ssc, cmd.data))
    do97 = b""
    if cmd.ne is not None:
        do97 = tlv.encode(0x97, _encode_le(cmd.ne, cmd.ne > SHORT_MAX_NE))
    m = suite.pad(header) + do87 + do97
    n = suite.pad(suite.ssc(ssc) + m)
    cc = suite.mac(ks_mac, n)
    body = do87 + do97 + tlv.encode(0x8E, cc)
    # The protected APDU always expects a response (at least DO'99' and DO'8E').
    ext = ext or len(body) > 255
    protected = CommandApdu(header[0], cmd.ins, cmd.p1, cmd.p2, body, 65536 if ext else 256)
    return CommandTrace(do87, do97, m, ssc, n, cc, protected.to_bytes(extended=ext))


def _response_dos(data: bytes) -> tuple[bytes, bytes, bytes, bytes, bytes]:
    """Split protected response data, strictly DO'87'? DO'99' DO'8E', into (DO'87' as
    received, its value, DO'99' as received, its value, DO'8E' value). The MAC covers
    the objects exactly as the card encoded them."""
    items = []
    pos = 0
    while pos < len(data):
        start = pos
        item, pos = tlv.decode_at(data, pos)
        items.append((item, data[start:pos]))
    tags = [t.tag for t, _ in items]
    if tags == [0x99, 0x8E]:
        items.insert(0, (tlv.Tlv(0x87, b""), b""))
    elif tags != [0x87, 0x99, 0x8E]:
        raise CardDataError("SM response: expected DO'87'? DO'99' DO'8E'")
    (do87, do87_raw), (do99, do99_raw), (do8e, _) = items
    if len(do99.value) != 2:
        raise CardDataError("SM response: DO'99' must hold two bytes")
    if len(do8e.value) != 8:
        raise CardDataError("SM response: DO'8E' must hold 8 bytes")
    return do87_raw, do87.value, do99_raw, do99.value, do8e.value


def _decrypt_do87(suite: _Suite, ks_enc: bytes, ssc: int, value: bytes) -> bytes:
    if len(value) < 1 + suite.block or value[0] != 0x01:
        raise CardDataError("SM: DO'87' without padding indicator 01 or data")
    return suite.decrypt(ks_enc, ssc, value[1:])


def unwrap_response(
    ks_enc: bytes, ks_mac: bytes, ssc: int, raw: bytes, *, algorithm: str = DES3
) -> ResponseTrace:
    """Verify and open a protected response with counter ``ssc`` (already incremented).

    A wrong MAC raises SecureMessagingError; malformed structure CardDataError. A bare
    error status word without SM objects (a card that has dropped SM, e.g. 6987/6988)
    is returned unauthenticated with empty data: an attacker can always make a read
    fail, so trusting it costs nothing, and the reader treats the session as over.
    """
    suite = _suite(algorithm)
    resp = ResponseApdu.from_bytes(raw)
    if not resp.data and resp.sw != SW_OK:
        return ResponseTrace(ssc, b"", b"", b"", resp.sw)
    do87_raw, do87_val, do99_raw, do99, do8e = _response_dos(resp.data)
    k = suite.pad(suite.ssc(ssc) + do87_raw + do99_raw)
    cc = suite.mac(ks_mac, k)
    if not hmac.compare_digest(cc, do8e):
        raise SecureMessagingError("SM response: MAC does not verify")
    data = _decrypt_do87(suite, ks_enc, ssc, do87_val) if do87_raw else b""
    return ResponseTrace(ssc, k, cc, data, int.from_bytes(do99, "big"))


# -- card side -----------------------------------------------------------------------------


def unwrap_command(
    ks_enc: bytes, ks_mac: bytes, ssc: int, raw: bytes, *, algorithm: str = DES3
) -> CommandApdu:
    """The card opens a protected command (counter ``ssc`` already incremented).

    Returns the plain command (CLA without SM bits, data decrypted, ``ne`` from DO'97').
    A wrong MAC raises SecureMessagingError (the card answers 6988).
    """
    suite = _suite(algorithm)
    apdu = CommandApdu.from_bytes(raw)
    if apdu.cla & SM_CLA_BITS != SM_CLA_BITS:
        raise SecureMessagingError("SM command: CLA does not announce secure messaging")
    items = []
    pos = 0
    while pos < len(apdu.data):
        start = pos
        item, pos = tlv.decode_at(apdu.data, pos)
        items.append((item, apdu.data[start:pos]))
    if not items or items[-1][0].tag != 0x8E:
        raise SecureMessagingError("SM command: no DO'8E'")
    macced = items[:-1]
    tags = [t.tag for t, _ in macced]
    if tags not in ([], [0x87], [0x97], [0x87, 0x97]):
        raise CardDataError("SM command: unexpected data objects")
    header = bytes((apdu.cla, apdu.ins, apdu.p1, apdu.p2))
    n = suite.pad(suite.ssc(ssc) + suite.pad(header) + b"".join(r for _, r in macced))
    mac = items[-1][0].value
    if len(mac) != 8 or not hmac.compare_digest(suite.mac(ks_mac, n), mac):
        raise SecureMessagingError("SM command: MAC does not verify")
    data = b""
    ne = None
    for item, _ in macced:
        if item.tag == 0x87:
            data = _decrypt_do87(suite, ks_enc, ssc, item.value)
        else:
            if len(item.value) not in (1, 2):
                raise CardDataError("SM command: DO'97' must hold 1 or 2 bytes")
            le = int.from_bytes(item.value, "big")
            ne = le or (256 if len(item.value) == 1 else 65536)
    return CommandApdu(apdu.cla & ~SM_CLA_BITS & 0xFF, apdu.ins, apdu.p1, apdu.p2, data, ne)


def wrap_response(
    ks_enc: bytes, ks_mac: bytes, ssc: int, data: bytes, sw: int, *, algorithm: str = DES3
) -> bytes:
    """The card protects its answer (counter ``ssc`` already incremented)."""
    suite = _suite(algorithm)
    do87 = b""
    if data:
        do87 = tlv.encode(0x87, b"\x01" + suite.encrypt(ks_enc, ssc, data))
    do99 = tlv.encode(0x99, sw.to_bytes(2, "big"))
    cc = suite.mac(ks_mac, suite.pad(suite.ssc(ssc) + do87 + do99))
    return do87 + do99 + tlv.encode(0x8E, cc) + sw.to_bytes(2, "big")


def protected_response_size(n: int, algorithm: str = DES3) -> int:
    """Bytes of protected response data (without SW) carrying ``n`` plain bytes."""
    if n == 0:
        return _DO99_LEN + _DO8E_LEN
    block = _suite(algorithm).block
    value = 1 + (n // block + 1) * block
    return len(tlv.encode_length(value)) + 1 + value + _DO99_LEN + _DO8E_LEN


def max_plain_read(budget: int, algorithm: str = DES3) -> int:
    """The largest plain READ BINARY chunk whose protected response fits ``budget``.

    For a short APDU (256 bytes of response data) this is 231 (0xE7) under 3DES and
    223 (0xDF) under AES, whose 16-byte padding costs up to 8 bytes more.
    """
    n = max(0, budget)
    while n > 0 and protected_response_size(n, algorithm) > budget:
        n -= 1
    return n


@dataclass
class SecureMessaging:
    """An SM session: the keys, the running send sequence counter and the algorithm
    (``"3DES"`` after BAC, ``"AES"`` after PACE with AES), for both sides."""

    ks_enc: bytes = field(repr=False)
    ks_mac: bytes = field(repr=False)
    ssc: int = field(repr=False)
    algorithm: str = DES3

    def __post_init__(self) -> None:
        _suite(self.algorithm)  # refuse an unknown algorithm now, not at the first APDU

    @classmethod
    def from_session(cls, keys: SessionKeys) -> SecureMessaging:
        return cls(keys.ks_enc, keys.ks_mac, keys.ssc)

    def _next(self) -> int:
        self.ssc = (self.ssc + 1) % _suite(self.algorithm).ssc_modulus
        return self.ssc

    def max_plain_read(self, budget: int) -> int:
        return max_plain_read(budget, self.algorithm)

    # reader
    def wrap(self, cmd: CommandApdu, *, extended: bool | None = None) -> bytes:
        return wrap_command(self.ks_enc, self.ks_mac, self._next(), cmd, extended=extended,
                            algorithm=self.algorithm).protected

    def unwrap(self, raw: bytes) -> ResponseTrace:
        return unwrap_response(self.ks_enc, self.ks_mac, self._next(), raw,
                               algorithm=self.algorithm)

    # card
    def unwrap_command(self, raw: bytes) -> CommandApdu:
        return unwrap_command(self.ks_enc, self.ks_mac, self._next(), raw,
                              algorithm=self.algorithm)

    def wrap_response(self, data: bytes, sw: int) -> bytes:
        return wrap_response(self.ks_enc, self.ks_mac, self._next(), data, sw,
                             algorithm=self.algorithm)
