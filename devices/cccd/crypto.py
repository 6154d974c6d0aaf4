"""DES primitives of BAC and its secure messaging (ICAO 9303-11 §9.7-9.8).

* 2-key 3DES (K1, K2, K1) in CBC mode with a zero IV;
* ISO/IEC 9797-1 MAC algorithm 3 (the "retail MAC": single-DES CBC with K1, then
  decrypt with K2 and encrypt with K1 on the last block) with padding method 2
  (0x80 then zeros to a multiple of 8);
* DES parity adjustment and the SHA-1 key derivation function of §9.7.1.

TripleDES moved to ``cryptography.hazmat.decrepit`` in cryptography 43 and leaves the
old place in 48; we take it from wherever this installation has it.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives.ciphers import Cipher, modes

try:
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
except ImportError:  # cryptography < 43
    from cryptography.hazmat.primitives.ciphers.algorithms import TripleDES

from .errors import CardDataError

BLOCK = 8
ZERO_IV = bytes(BLOCK)


def pad(data: bytes) -> bytes:
    """ISO/IEC 9797-1 padding method 2 (also ISO 7816-4 padding)."""
    n = BLOCK - (len(data) + 1) % BLOCK
    if n == BLOCK:
        n = 0
    return bytes(data) + b"\x80" + bytes(n)


def unpad(data: bytes) -> bytes:
    """Remove padding method 2; a missing 0x80 marker is malformed card data."""
    if not data or len(data) % BLOCK:
        raise CardDataError("padding: not a whole number of blocks")
    end = len(data) - 1
    # Padding is at most one block: looking further back would accept garbage.
    stop = max(-1, len(data) - BLOCK - 1)
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
