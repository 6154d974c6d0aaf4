"""Basic Access Control (ICAO 9303-11 §9.7): key derivation and mutual authentication,
for the reader (IFD) and for the card (ICC).

Flow (reader's view)::

    GET CHALLENGE                     -> RND.ICC (8 bytes)
    S = RND.IFD || RND.ICC || K.IFD;  E.IFD = 3DES(K_enc, S);  M.IFD = MAC(K_mac, E.IFD)
    EXTERNAL AUTHENTICATE E.IFD||M.IFD -> E.ICC||M.ICC   (6300 when the keys are wrong)
    R = 3DES^-1(K_enc, E.ICC) = RND.ICC || RND.IFD || K.ICC
    KS_seed = K.ICC xor K.IFD -> KS_enc, KS_mac;  SSC = RND.ICC[4:] || RND.IFD[4:]

The functions are pure (randomness is passed in), so the ICAO Appendix D worked example
is reproduced exactly by the tests, and the card side can be driven from a virtual chip.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field

from . import crypto
from .errors import AccessDenied, CardDataError, SecureMessagingError
from .mrz import bac_key_seed, cccd_document_number

RND_LEN = 8
K_LEN = 16
AUTH_DATA_LEN = 40  # E (32) || M (8)


def key_seed(mrz_information: str) -> bytes:
    """Kseed: the first 16 bytes of SHA-1 over MRZ_information."""
    return hashlib.sha1(mrz_information.encode("ascii")).digest()[:16]


@dataclass(frozen=True, slots=True)
class BacKeys:
    """The document basic access keys K_enc and K_mac (16-byte 2-key 3DES)."""

    k_enc: bytes = field(repr=False)
    k_mac: bytes = field(repr=False)

    @classmethod
    def from_seed(cls, seed: bytes) -> BacKeys:
        return cls(crypto.kdf(seed, crypto.ENC_COUNTER), crypto.kdf(seed, crypto.MAC_COUNTER))

    @classmethod
    def from_mrz(cls, document_number: str, date_of_birth: str, date_of_expiry: str) -> BacKeys:
        """From the three MRZ fields: document number, YYMMDD birth, YYMMDD expiry."""
        info = bac_key_seed(document_number, date_of_birth, date_of_expiry)
        return cls.from_seed(key_seed(info))


@dataclass(frozen=True, slots=True)
class BacKey:
    """What the citizen's card gives us to open it: the BAC inputs (repr hides them)."""

    document_number: str = field(repr=False)
    date_of_birth: str = field(repr=False)  # YYMMDD
    date_of_expiry: str = field(repr=False)  # YYMMDD

    @classmethod
    def for_cccd(cls, id_number: str, date_of_birth: str, date_of_expiry: str) -> BacKey:
        """From the 12-digit CCCD number: the MRZ holds (and BAC uses) its last 9 digits."""
        return cls(cccd_document_number(id_number), date_of_birth, date_of_expiry)

    def mrz_information(self) -> str:
        return bac_key_seed(self.document_number, self.date_of_birth, self.date_of_expiry)

    def keys(self) -> BacKeys:
        return BacKeys.from_seed(key_seed(self.mrz_information()))


@dataclass(frozen=True, slots=True)
class SessionKeys:
    """The outcome of BAC: secure messaging keys and the initial send sequence counter."""

    ks_enc: bytes = field(repr=False)
    ks_mac: bytes = field(repr=False)
    ssc: int = field(repr=False)


def session_keys(k_ifd: bytes, k_icc: bytes, rnd_icc: bytes, rnd_ifd: bytes) -> SessionKeys:
    """Derive KS_enc, KS_mac from K.IFD xor K.ICC; SSC from the low halves of the nonces."""
    seed = bytes(a ^ b for a, b in zip(k_ifd, k_icc, strict=True))
    keys = BacKeys.from_seed(seed)
    ssc = int.from_bytes(rnd_icc[4:8] + rnd_ifd[4:8], "big")
    return SessionKeys(keys.k_enc, keys.k_mac, ssc)


def _cryptogram(keys: BacKeys, plain: bytes) -> bytes:
    e = crypto.tdes_encrypt(keys.k_enc, plain)
    return e + crypto.retail_mac(keys.k_mac, e)


def _open_cryptogram(keys: BacKeys, data: bytes) -> bytes | None:
    """Decrypted 32 bytes, or None when the MAC does not verify."""
    e, m = data[:32], data[32:]
    if not hmac.compare_digest(crypto.retail_mac(keys.k_mac, e), m):
        return None
    return crypto.tdes_decrypt(keys.k_enc, e)


def _check_len(name: str, value: bytes, n: int) -> None:
    if len(value) != n:
        raise ValueError(f"{name} must be {n} bytes")


# -- reader (IFD) side -------------------------------------------------------------------


def reader_authenticate_data(
    keys: BacKeys, rnd_icc: bytes, rnd_ifd: bytes, k_ifd: bytes
) -> bytes:
    """EXTERNAL AUTHENTICATE command data E.IFD || M.IFD (40 bytes)."""
    _check_len("RND.IFD", rnd_ifd, RND_LEN)
    _check_len("K.IFD", k_ifd, K_LEN)
    if len(rnd_icc) != RND_LEN:
        raise CardDataError("GET CHALLENGE: RND.ICC must be 8 bytes")
    return _cryptogram(keys, rnd_ifd + rnd_icc + k_ifd)


def reader_complete(
    keys: BacKeys, rnd_icc: bytes, rnd_ifd: bytes, k_ifd: bytes, response: bytes
) -> SessionKeys:
    """Verify the card's E.ICC || M.ICC and derive the session keys.

    A wrong MAC or a card that does not echo our nonces is a card we cannot trust:
    SecureMessagingError. (Wrong keys show up earlier, as SW 6300 from the card.)
    """
    if len(response) != AUTH_DATA_LEN:
        raise CardDataError("EXTERNAL AUTHENTICATE: response must be 40 bytes")
    r = _open_cryptogram(keys, response)
    if r is None:
        raise SecureMessagingError("EXTERNAL AUTHENTICATE: M.ICC does not verify")
    if r[0:8] != rnd_icc or r[8:16] != rnd_ifd:
        raise SecureMessagingError("EXTERNAL AUTHENTICATE: nonces not echoed")
    return session_keys(k_ifd, r[16:32], rnd_icc, rnd_ifd)


# -- card (ICC) side ---------------------------------------------------------------------


def card_answer(
    keys: BacKeys, rnd_icc: bytes, command_data: bytes, k_icc: bytes
) -> tuple[bytes, SessionKeys]:
    """The card's EXTERNAL AUTHENTICATE: check the reader's cryptogram, answer it.

    Returns (E.ICC || M.ICC, session keys). Raises AccessDenied when the reader's MAC
    or our challenge does not match -- the card then answers SW 6300.
    """
    _check_len("K.ICC", k_icc, K_LEN)
    _check_len("RND.ICC", rnd_icc, RND_LEN)
    if len(command_data) != AUTH_DATA_LEN:
        raise AccessDenied("EXTERNAL AUTHENTICATE: data must be 40 bytes")
    s = _open_cryptogram(keys, command_data)
    if s is None:
        raise AccessDenied("EXTERNAL AUTHENTICATE: M.IFD does not verify")
    rnd_ifd, echoed, k_ifd = s[0:8], s[8:16], s[16:32]
    if echoed != rnd_icc:
        raise AccessDenied("EXTERNAL AUTHENTICATE: not our challenge")
    answer = _cryptogram(keys, rnd_icc + rnd_ifd + k_icc)
    return answer, session_keys(k_ifd, k_icc, rnd_icc, rnd_ifd)
