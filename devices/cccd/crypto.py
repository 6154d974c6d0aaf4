"""Block cipher primitives of BAC, PACE and secure messaging (ICAO 9303-11 §9.7-9.8).

* 2-key 3DES (K1, K2, K1) in CBC mode with a zero IV;
* ISO/IEC 9797-1 MAC algorithm 3 (the "retail MAC": single-DES CBC with K1, then
  decrypt with K2 and encrypt with K1 on the last block) with padding method 2
  (0x80 then zeros to a multiple of the block size);
* DES parity adjustment and the SHA-1 key derivation function of §9.7.1;
* for PACE and AES secure messaging: AES-CBC, single-block AES (the SM IV is
  E(KS_enc, SSC)), AES-CMAC (NIST SP 800-38B / RFC 4493) and the AES key derivation
  (SHA-1 for 128-bit keys, SHA-256 for 192 and 256).

TripleDES moved to ``cryptography.hazmat.decrepit`` in cryptography 43 and leaves the
old place in 48; we take it from wherever this installation has it.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.cmac import CMAC

try:
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
except ImportError:  # cryptography < 43
    from cryptography.hazmat.primitives.ciphers.algorithms import TripleDES

from .errors import CardDataError

BLOCK = 8
AES_BLOCK = 16
AES_ZERO_IV = bytes(AES_BLOCK)
ZERO_IV = bytes(BLOCK)


def pad(data: bytes, block: int = BLOCK) -> bytes:
    """ISO/IEC 9797-1 padding method 2 (also ISO 7816-4 padding) to ``block`` bytes."""
    n = block - (len(data) + 1) % block
    if n == block:
        n = 0
    return bytes(data) + b"\x80" + bytes(n)


def unpad(data: bytes, block: int = BLOCK) -> bytes:
    """Remove padding method 2; a missing 0x80 marker is malformed card data."""
    if not data or len(data) % block:
        raise CardDataError("padding: not a whole number of blocks")
    end = len(data) - 1
    # Padding is at most one block: looking further back would accept garbage.
    stop = max(-1, len(data) - block - 1)
    while end > stop and data[end] == 0x00:
        end -= 1
    if end == stop or data[end] != 0x80:
        raise CardDataError("padding: no 0x80 marker")
    return bytes(data[:end])


def _tdes_key(key: bytes) -> bytes:
    """K1 || K2 || K1: cryptography deprecates passing 2-key 3DES keys as 16 bytes."""
    if len(key) != 16:
        raise ValueError("BAC keys are 16-byte 2-key 3DES keys")
    return bytes(key) + bytes(key[:8])


def tdes_encrypt(key: bytes, data: bytes, iv: bytes = ZERO_IV) -> bytes:
    """3DES-CBC encryption of whole blocks (no padding added)."""
    enc = Cipher(TripleDES(_tdes_key(key)), modes.CBC(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def tdes_decrypt(key: bytes, data: bytes, iv: bytes = ZERO_IV) -> bytes:
    """3DES-CBC decryption; a ragged length is malformed card data."""
    if len(data) % BLOCK:
        raise CardDataError("3DES: ciphertext not a whole number of blocks")
    dec = Cipher(TripleDES(_tdes_key(key)), modes.CBC(iv)).decryptor()
    return dec.update(data) + dec.finalize()


def _des(key8: bytes, block: bytes, *, decrypt: bool = False) -> bytes:
    # Single DES is 3DES with K1 = K2 = K3.
    cipher = Cipher(TripleDES(key8 * 3), modes.ECB())
    ctx = cipher.decryptor() if decrypt else cipher.encryptor()
    return ctx.update(block) + ctx.finalize()


def retail_mac(key: bytes, data: bytes, *, padded: bool = False) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 with DES; pads (method 2) unless ``padded``."""
    _tdes_key(key)
    msg = bytes(data) if padded else pad(data)
    if not msg or len(msg) % BLOCK:
        raise ValueError("MAC input must be whole blocks")
    k1, k2 = key[:8], key[8:]
    enc = Cipher(TripleDES(k1 * 3), modes.CBC(ZERO_IV)).encryptor()
    h = (enc.update(msg) + enc.finalize())[-BLOCK:]
    return _des(k1, _des(k2, h, decrypt=True))


def adjust_parity(key: bytes) -> bytes:
    """Set each byte's low bit so the byte has odd parity (DES key convention)."""
    out = bytearray()
    for b in key:
        ones = bin(b & 0xFE).count("1")
        out.append((b & 0xFE) | (0 if ones % 2 else 1))
    return bytes(out)


ENC_COUNTER = 1
MAC_COUNTER = 2


def kdf(seed: bytes, counter: int) -> bytes:
    """ICAO 9303-11 §9.7.1: first 16 bytes of SHA-1(seed || counter), parity adjusted."""
    digest = hashlib.sha1(bytes(seed) + counter.to_bytes(4, "big")).digest()
    return adjust_parity(digest[:16])


# -- AES (PACE and its secure messaging) ---------------------------------------------------

AES_KEY_LENGTHS = (16, 24, 32)


def _aes_key(key: bytes) -> bytes:
    if len(key) not in AES_KEY_LENGTHS:
        raise ValueError("AES keys are 16, 24 or 32 bytes")
    return bytes(key)


def aes_encrypt(key: bytes, data: bytes, iv: bytes = AES_ZERO_IV) -> bytes:
    """AES-CBC encryption of whole blocks (no padding added)."""
    enc = Cipher(algorithms.AES(_aes_key(key)), modes.CBC(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def aes_decrypt(key: bytes, data: bytes, iv: bytes = AES_ZERO_IV) -> bytes:
    """AES-CBC decryption; a ragged length is malformed card data."""
    if len(data) % AES_BLOCK:
        raise CardDataError("AES: ciphertext not a whole number of blocks")
    dec = Cipher(algorithms.AES(_aes_key(key)), modes.CBC(iv)).decryptor()
    return dec.update(data) + dec.finalize()


def aes_block(key: bytes, block: bytes) -> bytes:
    """One AES block encrypted on its own: the IV of AES secure messaging is
    E(KS_enc, SSC) (ICAO 9303-11 §9.8.6.1)."""
    if len(block) != AES_BLOCK:
        raise ValueError("one AES block is 16 bytes")
    enc = Cipher(algorithms.AES(_aes_key(key)), modes.ECB()).encryptor()
    return enc.update(block) + enc.finalize()


def aes_cmac(key: bytes, data: bytes) -> bytes:
    """The full 16-byte AES-CMAC; ICAO uses its first 8 bytes."""
    mac = CMAC(algorithms.AES(_aes_key(key)))
    mac.update(bytes(data))
    return mac.finalize()


PACE_PASSWORD_COUNTER = 3


def kdf_aes(seed: bytes, counter: int, key_length: int) -> bytes:
    """ICAO 9303-11 §9.7.1 for AES: SHA-1 for 128-bit keys, SHA-256 (truncated to 24
    bytes for AES-192) for the longer ones; no parity bits, unlike DES."""
    if key_length not in AES_KEY_LENGTHS:
        raise ValueError("AES keys are 16, 24 or 32 bytes")
    h = hashlib.sha1 if key_length == 16 else hashlib.sha256
    return h(bytes(seed) + counter.to_bytes(4, "big")).digest()[:key_length]
