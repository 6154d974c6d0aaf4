"""PACE (ICAO 9303-11 §4.4, BSI TR-03110): Password Authenticated Connection
Establishment with the Generic Mapping over elliptic curves, for the reader and the card.

The chip ID card is opened with its CAN (the last 6 digits of the ID number) instead of
the MRZ: nothing but the number printed on the card (and in its QR code) is needed.

Flow (reader's view; every step is a GENERAL AUTHENTICATE, chained with CLA 10 but
the last)::

    EF.CardAccess (read plain, in the MF)  -> PACEInfo: protocol OID + domain parameters
    MSE:Set AT  80 OID  83 password ref (02 = CAN)  [84 parameter id]
    GA 1  7C{}                     -> 7C{80 z}       s = D(K_pi, z), K_pi = KDF(f(pi), 3)
    GA 2  7C{81 PK_map,IFD}        -> 7C{82 PK_map,IC}
          H = SK_map,IFD * PK_map,IC;  G' = s*G + H               (Generic Mapping)
    GA 3  7C{83 PK_IFD = SK*G'}    -> 7C{84 PK_IC}
          K = x(SK_IFD * PK_IC);  KS_enc = KDF(K, 1), KS_mac = KDF(K, 2)
    GA 4  7C{85 T_IFD}             -> 7C{86 T_IC}    (wrong password: SW 6300)
          T_IFD = MAC(KS_mac, 7F49{06 OID, 86 PK_IC}), T_IC likewise over PK_IFD

then secure messaging with KS_enc/KS_mac and SSC = 0 (AES for the AES protocols).

Password: f(pi) is the CAN's digits as ISO 8859-1 bytes, or for the MRZ the full
20-byte SHA-1 of MRZ_information (BAC uses only 16 of them); K_pi = KDF(f(pi), 3) with
the protocol's cipher. KDF: 3DES as BAC (SHA-1, parity bits); AES-128 SHA-1; AES-192
and AES-256 SHA-256.

Supported: id-PACE-ECDH-GM with 3DES and AES-128/192/256 (0.4.0.127.0.7.2.2.4.2.1-4)
on the standardized elliptic-curve domain parameters 8-18 (NIST P-192 ... P-521 and
brainpool P192r1 ... P512r1; all have cofactor 1). Not supported: the DH protocols and
their MODP groups 0-2, the Integrated Mapping (IM), the Chip Authentication Mapping
(CAM: its step 4 carries encrypted chip-authentication data), proprietary domain
parameters (PACEDomainParameterInfo) and PIN/PUK passwords.

Why our own elliptic-curve arithmetic: the Generic Mapping adds two points and
multiplies by a point other than the curve's generator, and ``cryptography`` offers
neither (its ECDH returns only an x coordinate, and its keys are always multiples of
the standard generator). So points are added and multiplied here, in Jacobian
coordinates over the curve's prime field, using only Python integers. Python integers
are not constant-time; the scalars are one-session ephemeral keys exchanged over a few
centimetres of NFC, which makes timing attacks on the kiosk impractical, but do not
reuse this code for long-term keys. Every received point is checked to lie on the
curve (with cofactor 1 that puts it in the prime-order group), which is what stops
invalid-curve attacks.

Functions are pure and randomness is injected (``rng``), so the ICAO 9303-11
Appendix G.1 worked example is reproduced exactly by the tests, on both sides.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from . import crypto, tlv
from .apdu import SW_NO_INFO, SW_OK, SW_WRONG_DATA, CommandApdu
from .errors import AccessDenied, CardDataError, SecureMessagingError
from .sm import AES, DES3, SecureMessaging


class PaceUnavailable(AccessDenied):
    """The card offers no PACE this reader can do (no EF.CardAccess, no supported
    PACEInfo, or it refused MSE:Set AT) and no BAC key was given: the chip can only be
    opened with the MRZ keys, so the expiry date is needed. An AccessDenied, so a
    caller trying keys in turn treats it like a key that did not fit."""

    key = "card.needs_mrz"


# -- object identifiers and parameters (TR-03110-3 A.1, ICAO 9303-11 §9.2) ---------------

ID_PACE = "0.4.0.127.0.7.2.2.4"
ID_PACE_ECDH_GM = ID_PACE + ".2"
PACE_ECDH_GM_3DES = ID_PACE_ECDH_GM + ".1"
PACE_ECDH_GM_AES_128 = ID_PACE_ECDH_GM + ".2"
PACE_ECDH_GM_AES_192 = ID_PACE_ECDH_GM + ".3"
PACE_ECDH_GM_AES_256 = ID_PACE_ECDH_GM + ".4"

PASSWORD_MRZ = 0x01
PASSWORD_CAN = 0x02

FID_EF_CARD_ACCESS = 0x011C
SW_REFERENCE_NOT_FOUND = 0x6A88
SW_CONDITIONS_NOT_SATISFIED = 0x6985

INS_MSE = 0x22
INS_GENERAL_AUTHENTICATE = 0x86
CLA_CHAINING = 0x10
TAG_DYNAMIC_AUTH = 0x7C
TAG_PUBLIC_KEY = 0x7F49
MAX_NONCE = 64  # bytes; more would be a card playing games, not more security


@dataclass(frozen=True, slots=True)
class PaceAlgorithm:
    """What a PACE protocol OID fixes: the cipher of K_pi, the nonce, the session keys
    and their secure messaging, and the key length."""

    oid: str
    name: str
    cipher: str  # sm.DES3 or sm.AES
    key_length: int

    @property
    def block(self) -> int:
        return crypto.BLOCK if self.cipher == DES3 else crypto.AES_BLOCK

    # The nonce is a multiple of the cipher's block (ICAO 9303-11 §4.4.3.1); 16 bytes
    # gives 128 random bits for 3DES too (two blocks), as cards with 3DES do send.
    nonce_length = 16

    def kdf(self, secret: bytes, counter: int) -> bytes:
        if self.cipher == DES3:
            return crypto.kdf(secret, counter)
        return crypto.kdf_aes(secret, counter, self.key_length)

    def encrypt(self, key: bytes, block: bytes) -> bytes:
        if self.cipher == DES3:
            return crypto.tdes_encrypt(key, block)
        return crypto.aes_encrypt(key, block)

    def decrypt(self, key: bytes, block: bytes) -> bytes:
        if self.cipher == DES3:
            return crypto.tdes_decrypt(key, block)
        return crypto.aes_decrypt(key, block)

    def mac(self, key: bytes, data: bytes) -> bytes:
        """The 8-byte MAC of the authentication tokens: retail MAC (padded) for 3DES,
        AES-CMAC truncated for AES."""
        if self.cipher == DES3:
            return crypto.retail_mac(key, data)
        return crypto.aes_cmac(key, data)[:8]


ALGORITHMS: dict[str, PaceAlgorithm] = {
    a.oid: a
    for a in (
        PaceAlgorithm(PACE_ECDH_GM_3DES, "id-PACE-ECDH-GM-3DES-CBC-CBC", DES3, 16),
        PaceAlgorithm(PACE_ECDH_GM_AES_128, "id-PACE-ECDH-GM-AES-CBC-CMAC-128", AES, 16),
        PaceAlgorithm(PACE_ECDH_GM_AES_192, "id-PACE-ECDH-GM-AES-CBC-CMAC-192", AES, 24),
        PaceAlgorithm(PACE_ECDH_GM_AES_256, "id-PACE-ECDH-GM-AES-CBC-CMAC-256", AES, 32),
    )
}


@dataclass(frozen=True, slots=True)
class Curve:
    """A short Weierstrass curve y^2 = x^3 + ax + b over GF(p) with base point G of
    prime order n (cofactor 1 for every standardized PACE curve)."""

    name: str
    p: int
    a: int
    b: int
    gx: int
    gy: int
    n: int

    @property
    def size(self) -> int:
        """Bytes of a field element (FE2OS length): 66 for P-521."""
        return (self.p.bit_length() + 7) // 8

    @property
    def g(self) -> tuple[int, int]:
        return (self.gx, self.gy)

    def contains(self, point: tuple[int, int]) -> bool:
        x, y = point
        return 0 <= x < self.p and 0 <= y < self.p and (
            (y * y - (x * x * x + self.a * x + self.b)) % self.p == 0
        )


def _curve(name: str, p: str, a: str, b: str, gx: str, gy: str, n: str) -> Curve:
    return Curve(name, *(int(v, 16) for v in (p, a, b, gx, gy, n)))


# Standardized domain parameters (ICAO 9303-11 §9.5.1 / TR-03110-3 A.2.1.1), values
# from SEC 2 / FIPS 186 and RFC 5639 (the tests check each against OpenSSL's via
# ``cryptography`` where it has the curve, and n*G = O for all).
DOMAIN_PARAMETERS: dict[int, Curve] = {
    8: _curve(
        "NIST P-192",
        "fffffffffffffffffffffffffffffffeffffffffffffffff",
        "fffffffffffffffffffffffffffffffefffffffffffffffc",
        "64210519e59c80e70fa7e9ab72243049feb8deecc146b9b1",
        "188da80eb03090f67cbf20eb43a18800f4ff0afd82ff1012",
        "07192b95ffc8da78631011ed6b24cdd573f977a11e794811",
        "ffffffffffffffffffffffff99def836146bc9b1b4d22831",
    ),
    9: _curve(
        "brainpoolP192r1",
        "c302f41d932a36cda7a3463093d18db78fce476de1a86297",
        "6a91174076b1e0e19c39c031fe8685c1cae040e5c69a28ef",
        "469a28ef7c28cca3dc721d044f4496bcca7ef4146fbf25c9",
        "c0a0647eaab6a48753b033c56cb0f0900a2f5c4853375fd6",
        "14b690866abd5bb88b5f4828c1490002e6773fa2fa299b8f",
        "c302f41d932a36cda7a3462f9e9e916b5be8f1029ac4acc1",
    ),
    10: _curve(
        "NIST P-224",
        "ffffffffffffffffffffffffffffffff000000000000000000000001",
        "fffffffffffffffffffffffffffffffefffffffffffffffffffffffe",
        "b4050a850c04b3abf54132565044b0b7d7bfd8ba270b39432355ffb4",
        "b70e0cbd6bb4bf7f321390b94a03c1d356c21122343280d6115c1d21",
        "bd376388b5f723fb4c22dfe6cd4375a05a07476444d5819985007e34",
        "ffffffffffffffffffffffffffff16a2e0b8f03e13dd29455c5c2a3d",
    ),
    11: _curve(
        "brainpoolP224r1",
        "d7c134aa264366862a18302575d1d787b09f075797da89f57ec8c0ff",
        "68a5e62ca9ce6c1c299803a6c1530b514e182ad8b0042a59cad29f43",
        "2580f63ccfe44138870713b1a92369e33e2135d266dbb372386c400b",
        "0d9029ad2c7e5cf4340823b2a87dc68c9e4ce3174c1e6efdee12c07d",
        "58aa56f772c0726f24c6b89e4ecdac24354b9e99caa3f6d3761402cd",
        "d7c134aa264366862a18302575d0fb98d116bc4b6ddebca3a5a7939f",
    ),
    12: _curve(
        "NIST P-256",
        "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
        "ffffffff00000001000000000000000000000000fffffffffffffffffffffffc",
        "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
        "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
        "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
        "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
    ),
    13: _curve(
        "brainpoolP256r1",
        "a9fb57dba1eea9bc3e660a909d838d726e3bf623d52620282013481d1f6e5377",
        "7d5a0975fc2c3057eef67530417affe7fb8055c126dc5c6ce94a4b44f330b5d9",
        "26dc5c6ce94a4b44f330b5d9bbd77cbf958416295cf7e1ce6bccdc18ff8c07b6",
        "8bd2aeb9cb7e57cb2c4b482ffc81b7afb9de27e1e3bd23c23a4453bd9ace3262",
        "547ef835c3dac4fd97f8461a14611dc9c27745132ded8e545c1d54c72f046997",
        "a9fb57dba1eea9bc3e660a909d838d718c397aa3b561a6f7901e0e82974856a7",
    ),
    14: _curve(
        "brainpoolP320r1",
        "d35e472036bc4fb7e13c785ed201e065f98fcfa6f6f40def4f92b9ec7893ec28fcd412b1f1b32e27",
        "3ee30b568fbab0f883ccebd46d3f3bb8a2a73513f5eb79da66190eb085ffa9f492f375a97d860eb4",
        "520883949dfdbc42d3ad198640688a6fe13f41349554b49acc31dccd884539816f5eb4ac8fb1f1a6",
        "43bd7e9afb53d8b85289bcc48ee5bfe6f20137d10a087eb6e7871e2a10a599c710af8d0d39e20611",
        "14fdd05545ec1cc8ab4093247f77275e0743ffed117182eaa9c77877aaac6ac7d35245d1692e8ee1",
        "d35e472036bc4fb7e13c785ed201e065f98fcfa5b68f12a32d482ec7ee8658e98691555b44c59311",
    ),
    15: _curve(
        "NIST P-384",
        "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe"
        "ffffffff0000000000000000ffffffff",
        "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe"
        "ffffffff0000000000000000fffffffc",
        "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875a"
        "c656398d8a2ed19d2a85c8edd3ec2aef",
        "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a38"
        "5502f25dbf55296c3a545e3872760ab7",
        "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c0"
        "0a60b1ce1d7e819d7a431d7c90ea0e5f",
        "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf"
        "581a0db248b0a77aecec196accc52973",
    ),
    16: _curve(
        "brainpoolP384r1",
        "8cb91e82a3386d280f5d6f7e50e641df152f7109ed5456b412b1da197fb71123"
        "acd3a729901d1a71874700133107ec53",
        "7bc382c63d8c150c3c72080ace05afa0c2bea28e4fb22787139165efba91f90f"
        "8aa5814a503ad4eb04a8c7dd22ce2826",
        "04a8c7dd22ce28268b39b55416f0447c2fb77de107dcd2a62e880ea53eeb62d5"
        "7cb4390295dbc9943ab78696fa504c11",
        "1d1c64f068cf45ffa2a63a81b7c13f6b8847a3e77ef14fe3db7fcafe0cbd10e8"
        "e826e03436d646aaef87b2e247d4af1e",
        "8abe1d7520f9c2a45cb1eb8e95cfd55262b70b29feec5864e19c054ff9912928"
        "0e4646217791811142820341263c5315",
        "8cb91e82a3386d280f5d6f7e50e641df152f7109ed5456b31f166e6cac0425a7"
        "cf3ab6af6b7fc3103b883202e9046565",
    ),
    17: _curve(
        "brainpoolP512r1",
        "aadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca70330871"
        "7d4d9b009bc66842aecda12ae6a380e62881ff2f2d82c68528aa6056583a48f3",
        "7830a3318b603b89e2327145ac234cc594cbdd8d3df91610a83441caea9863bc"
        "2ded5d5aa8253aa10a2ef1c98b9ac8b57f1117a72bf2c7b9e7c1ac4d77fc94ca",
        "3df91610a83441caea9863bc2ded5d5aa8253aa10a2ef1c98b9ac8b57f1117a7"
        "2bf2c7b9e7c1ac4d77fc94cadc083e67984050b75ebae5dd2809bd638016f723",
        "81aee4bdd82ed9645a21322e9c4c6a9385ed9f70b5d916c1b43b62eef4d0098e"
        "ff3b1f78e2d0d48d50d1687b93b97d5f7c6d5047406a5e688b352209bcb9f822",
        "7dde385d566332ecc0eabfa9cf7822fdf209f70024a57b1aa000c55b881f8111"
        "b2dcde494a5f485e5bca4bd88a2763aed1ca2b2fa8f0540678cd1e0f3ad80892",
        "aadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca70330870"
        "553e5c414ca92619418661197fac10471db1d381085ddaddb58796829ca90069",
    ),
    18: _curve(
        "NIST P-521",
        "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
        "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffc",
        "0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef1"
        "09e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00",
        "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d"
        "3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66",
        "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e"
        "662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650",
        "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
        "fa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
    ),
}


# -- elliptic-curve arithmetic (see the module docstring for why it is here) -------------

Point = tuple[int, int] | None  # affine; None is the point at infinity
_Jacobian = tuple[int, int, int]  # (X, Y, Z) for x = X/Z^2, y = Y/Z^3; Z = 0 at infinity
_INFINITY: _Jacobian = (1, 1, 0)


def _to_jacobian(point: Point) -> _Jacobian:
    return _INFINITY if point is None else (point[0], point[1], 1)


def _to_affine(c: Curve, j: _Jacobian) -> Point:
    x, y, z = j
    if z == 0:
        return None
    zi = pow(z, -1, c.p)
    zi2 = zi * zi % c.p
    return (x * zi2 % c.p, y * zi2 * zi % c.p)


def _double(c: Curve, j: _Jacobian) -> _Jacobian:
    x, y, z = j
    if z == 0 or y == 0:
        return _INFINITY
    p = c.p
    yy = y * y % p
    s = 4 * x * yy % p
    zz = z * z % p
    m = (3 * x * x + c.a * zz * zz) % p
    x3 = (m * m - 2 * s) % p
    y3 = (m * (s - x3) - 8 * yy * yy) % p
    return (x3, y3, 2 * y * z % p)


def _add(c: Curve, j1: _Jacobian, j2: _Jacobian) -> _Jacobian:
    x1, y1, z1 = j1
    x2, y2, z2 = j2
    if z1 == 0:
        return j2
    if z2 == 0:
        return j1
    p = c.p
    z1z1 = z1 * z1 % p
    z2z2 = z2 * z2 % p
    u1 = x1 * z2z2 % p
    u2 = x2 * z1z1 % p
    s1 = y1 * z2 * z2z2 % p
    s2 = y2 * z1 * z1z1 % p
    if u1 == u2:
        # Same x: either the same point (double it) or opposite points (sum is O).
        return _double(c, j1) if s1 == s2 else _INFINITY
    h = (u2 - u1) % p
    r = (s2 - s1) % p
    hh = h * h % p
    hhh = h * hh % p
    v = u1 * hh % p
    x3 = (r * r - hhh - 2 * v) % p
    y3 = (r * (v - x3) - s1 * hhh) % p
    return (x3, y3, h * z1 * z2 % p)


def point_add(c: Curve, p1: Point, p2: Point) -> Point:
    return _to_affine(c, _add(c, _to_jacobian(p1), _to_jacobian(p2)))


def point_mul(c: Curve, k: int, point: Point) -> Point:
    """k * point, by a Montgomery ladder: one addition and one doubling per bit,
    whatever the bit (fewer key-dependent branches than double-and-add)."""
    k %= c.n
    if k == 0 or point is None:
        return None
    r0, r1 = _INFINITY, _to_jacobian(point)
    for i in range(k.bit_length() - 1, -1, -1):
        if (k >> i) & 1:
            r0, r1 = _add(c, r0, r1), _double(c, r1)
        else:
            r0, r1 = _double(c, r0), _add(c, r0, r1)
    return _to_affine(c, r0)


def encode_point(c: Curve, point: Point) -> bytes:
    """Uncompressed encoding 04 || X || Y, each coordinate on the field size."""
    if point is None:
        raise ValueError("the point at infinity has no encoding here")
    return b"\x04" + point[0].to_bytes(c.size, "big") + point[1].to_bytes(c.size, "big")


def decode_point(c: Curve, data: bytes) -> tuple[int, int]:
    """A public key from the other side: uncompressed and on the curve, or
    CardDataError. The check is what keeps an invalid-curve point from leaking our key."""
    if len(data) != 1 + 2 * c.size or data[0] != 0x04:
        raise CardDataError("PACE: public key is not an uncompressed point of the curve")
    point = (int.from_bytes(data[1 : 1 + c.size], "big"), int.from_bytes(data[1 + c.size :], "big"))
    if not c.contains(point):
        raise CardDataError("PACE: public key is not on the curve")
    return point


def generic_map(c: Curve, s: int, h: Point) -> tuple[int, int]:
    """The Generic Mapping's new generator G' = s*G + H (ICAO 9303-11 §4.4.3.3.1)."""
    if h is None:
        raise CardDataError("PACE: mapping shared secret is the point at infinity")
    mapped = point_add(c, point_mul(c, s, c.g), h)
    if mapped is None:
        raise CardDataError("PACE: mapped generator is the point at infinity")
    return mapped


def private_key(c: Curve, rng: Callable[[int], bytes]) -> int:
    """A private key in [1, n-1] from ``rng``: the top bits beyond n are masked off, and a
    value out of range is drawn again, so the key is uniform and a test's ``rng`` can
    hand in a known key as its big-endian bytes."""
    nbits = c.n.bit_length()
    mask = (1 << nbits) - 1
    for _ in range(128):
        k = int.from_bytes(rng((nbits + 7) // 8), "big") & mask
        if 0 < k < c.n:
            return k
    raise RuntimeError("random source keeps giving keys out of range")


# -- EF.CardAccess: SecurityInfos -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PaceInfo:
    """One PACEInfo of EF.CardAccess: protocol OID, version, standardized parameter id."""

    protocol: str
    version: int = 2
    parameter_id: int | None = None

    @property
    def algorithm(self) -> PaceAlgorithm | None:
        return ALGORITHMS.get(self.protocol)

    @property
    def curve(self) -> Curve | None:
        if self.parameter_id is None:
            return None
        return DOMAIN_PARAMETERS.get(self.parameter_id)

    @property
    def supported(self) -> bool:
        return self.version == 2 and self.algorithm is not None and self.curve is not None

    def describe(self) -> str:
        """For diagnostics: e.g. 'id-PACE-ECDH-GM-AES-CBC-CMAC-128 / brainpoolP256r1'."""
        algo = self.algorithm.name if self.algorithm else self.protocol
        curve = self.curve.name if self.curve else f"parameters {self.parameter_id}"
        return f"{algo} / {curve}"


def _is_pace_protocol(oid: str) -> bool:
    # PACEInfo protocols are id-PACE.<mapping>.<cipher>; a PACEDomainParameterInfo uses
    # the bare id-PACE.<mapping>, one arc shorter.
    return oid.startswith(ID_PACE + ".") and oid.count(".") == ID_PACE.count(".") + 2


def parse_card_access(data: bytes) -> tuple[PaceInfo, ...]:
    """The PACEInfos of EF.CardAccess (a DER SET OF SecurityInfo), in file order.

    Other SecurityInfos (Chip Authentication, Terminal Authentication, domain parameters
    ...) are skipped, as is a PACEInfo we cannot even read; only a file that is not a
    SET of SEQUENCEs is malformed (CardDataError).
    """
    outer = tlv.decode(data, allow_trailing=True)
    if outer.tag != 0x31:
        raise CardDataError("EF.CardAccess: not a SET OF SecurityInfo")
    infos = []
    for info in outer.children():
        if info.tag != 0x30:
            raise CardDataError("EF.CardAccess: SecurityInfo is not a SEQUENCE")
        try:
            items = info.children()
            if len(items) < 2 or items[0].tag != 0x06 or items[1].tag != 0x02:
                continue
            oid = tlv.decode_oid(items[0].value)
            if not _is_pace_protocol(oid):
                continue
            version = tlv.decode_integer(items[1].value)
            parameter_id = None
            if len(items) > 2 and items[2].tag == 0x02:
                parameter_id = tlv.decode_integer(items[2].value)
        except CardDataError:
            # One unreadable SecurityInfo must not hide the others.
            continue
        infos.append(PaceInfo(oid, version, parameter_id))
    return tuple(infos)


def build_card_access(infos: Iterable[PaceInfo]) -> bytes:
    """EF.CardAccess holding ``infos`` (the card side; DER, in the order given)."""
    body = []
    for info in infos:
        items = [tlv.encode(0x06, tlv.encode_oid(info.protocol)),
                 tlv.encode(0x02, tlv.encode_integer(info.version))]
        if info.parameter_id is not None:
            items.append(tlv.encode(0x02, tlv.encode_integer(info.parameter_id)))
        body.append(tlv.encode(0x30, items))
    return tlv.encode(0x31, body)


def choose(infos: Sequence[PaceInfo]) -> PaceInfo | None:
    """The PACEInfo the reader uses: the first supported one, AES before 3DES (the
    card's order otherwise: it lists what it prefers first)."""
    usable = [i for i in infos if i.supported]
    if not usable:
        return None
    return min(usable, key=lambda i: ALGORITHMS[i.protocol].cipher != AES)


# -- passwords --------------------------------------------------------------------------

_CAN = re.compile(r"[0-9]{6}")


@dataclass(frozen=True, slots=True)
class PacePassword:
    """A PACE password: its reference (01 MRZ, 02 CAN) and f(pi), the bytes K_pi is
    derived from. repr hides it: it opens the chip."""

    ref: int
    secret: bytes = field(repr=False)

    @classmethod
    def from_mrz_information(cls, mrz_information: str) -> PacePassword:
        """MRZ password: f(pi) = SHA-1(MRZ_information), all 20 bytes."""
        return cls(PASSWORD_MRZ, hashlib.sha1(mrz_information.encode("ascii")).digest())

    def key(self, algorithm: PaceAlgorithm) -> bytes:
        """K_pi = KDF(f(pi), 3)."""
        return algorithm.kdf(self.secret, crypto.PACE_PASSWORD_COUNTER)


@dataclass(frozen=True, slots=True)
class CanKey:
    """The Card Access Number that opens a chip ID card by PACE: 6 digits, the last 6 of
    the 12-digit ID number (repr hides it)."""

    can: str = field(repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.can, str) or not _CAN.fullmatch(self.can):
            raise ValueError("a CAN is 6 digits")

    @classmethod
    def for_cccd(cls, id_number: str) -> CanKey:
        if not isinstance(id_number, str) or not re.fullmatch(r"[0-9]{12}", id_number):
            raise ValueError("a CCCD number is 12 digits")
        return cls(id_number[-6:])

    def password(self) -> PacePassword:
        """CAN password: f(pi) is the digits themselves (ISO 8859-1)."""
        return PacePassword(PASSWORD_CAN, self.can.encode("latin-1"))


def public_key_data(oid: str, encoded_point: bytes) -> bytes:
    """The public key data object an authentication token is computed over:
    7F49 { 06 protocol OID, 86 uncompressed point }."""
    return tlv.encode(
        TAG_PUBLIC_KEY, [tlv.encode(0x06, tlv.encode_oid(oid)), tlv.encode(0x86, encoded_point)]
    )


def auth_token(algorithm: PaceAlgorithm, ks_mac: bytes, other_public: bytes) -> bytes:
    """T = MAC(KS_mac, the other party's ephemeral public key data object)."""
    return algorithm.mac(ks_mac, public_key_data(algorithm.oid, other_public))


@dataclass(frozen=True, slots=True)
class PaceKeys:
    """The outcome of PACE: session keys for secure messaging, which starts at SSC 0."""

    ks_enc: bytes = field(repr=False)
    ks_mac: bytes = field(repr=False)
    algorithm: str  # sm.AES or sm.DES3
    info: PaceInfo

    def secure_messaging(self) -> SecureMessaging:
        return SecureMessaging(self.ks_enc, self.ks_mac, 0, algorithm=self.algorithm)


def _session_keys(algorithm: PaceAlgorithm, c: Curve, shared: Point, info: PaceInfo
                  ) -> PaceKeys:
    if shared is None:
        raise CardDataError("PACE: key agreement gave the point at infinity")
    k = shared[0].to_bytes(c.size, "big")  # x coordinate, on the field size
    return PaceKeys(algorithm.kdf(k, crypto.ENC_COUNTER), algorithm.kdf(k, crypto.MAC_COUNTER),
                    algorithm.cipher, info)


# -- GENERAL AUTHENTICATE data ------------------------------------------------------------


def dynamic_auth_data(tag: int | None = None, value: bytes = b"") -> bytes:
    """7C { tag value } (7C 00 when there is nothing to send, as in step 1)."""
    return tlv.encode(TAG_DYNAMIC_AUTH, tlv.encode(tag, value) if tag is not None else b"")


def parse_dynamic_auth_data(data: bytes, tag: int) -> bytes:
    """The value of ``tag`` inside a 7C template; anything else is malformed. Other data
    objects beside it (e.g. certificate references after step 4) are ignored."""
    outer = tlv.decode(data)
    if outer.tag != TAG_DYNAMIC_AUTH:
        raise CardDataError("GENERAL AUTHENTICATE: no dynamic authentication data (7C)")
    return outer.child(tag).value


def general_authenticate(data: bytes, *, last: bool) -> CommandApdu:
    return CommandApdu(0x00 if last else CLA_CHAINING, INS_GENERAL_AUTHENTICATE, 0x00, 0x00,
                       data, ne=256)


def mse_set_at(info: PaceInfo, password_ref: int, *, parameter_id: bool) -> CommandApdu:
    """MSE:Set AT for PACE. The parameter id (84) is sent only when the card listed more
    than one PACEInfo: ICAO makes it conditional on the parameters being ambiguous, and
    some chips refuse data objects they do not expect."""
    data = tlv.encode(0x80, tlv.encode_oid(info.protocol)) + tlv.encode(0x83, bytes([password_ref]))
    if parameter_id and info.parameter_id is not None:
        data += tlv.encode(0x84, tlv.encode_integer(info.parameter_id))
    return CommandApdu(0x00, INS_MSE, 0xC1, 0xA4, data)


# -- reader (IFD) side --------------------------------------------------------------------


class PaceTerminal:
    """The reader's side of one PACE run, as a chain of pure steps (the caller moves
    the APDUs): ``set_at``, ``step1``, then each ``stepN(response data)`` gives the next
    command, and ``finish(step 4 response data)`` the session keys.

    Intermediate values stay on the object (nonce, H, G', K, tokens) for the worked
    example tests; the object is dropped after the run.
    """

    def __init__(self, info: PaceInfo, password: PacePassword,
                 rng: Callable[[int], bytes] = os.urandom) -> None:
        if not info.supported:
            raise ValueError(f"unsupported PACE protocol {info.describe()}")
        self.info = info
        self.algorithm = ALGORITHMS[info.protocol]
        self.curve = DOMAIN_PARAMETERS[info.parameter_id or 0]
        self.password = password
        self.rng = rng
        self.k_pi = password.key(self.algorithm)

    def set_at(self, *, parameter_id: bool = False) -> CommandApdu:
        return mse_set_at(self.info, self.password.ref, parameter_id=parameter_id)

    def step1(self) -> CommandApdu:
        return general_authenticate(dynamic_auth_data(), last=False)

    def step2(self, response: bytes) -> CommandApdu:
        """Decrypt the card's nonce; send our mapping key."""
        z = parse_dynamic_auth_data(response, 0x80)
        if not z or len(z) % self.algorithm.block or len(z) > MAX_NONCE:
            raise CardDataError("PACE: encrypted nonce is not whole cipher blocks")
        self.nonce = self.algorithm.decrypt(self.k_pi, z)
        self.map_private = private_key(self.curve, self.rng)
        self.map_public = encode_point(self.curve, point_mul(self.curve, self.map_private,
                                                             self.curve.g))
        return general_authenticate(dynamic_auth_data(0x81, self.map_public), last=False)

    def step3(self, response: bytes) -> CommandApdu:
        """Map the nonce to G'; send our ephemeral key on it."""
        c = self.curve
        self.chip_map_public = parse_dynamic_auth_data(response, 0x82)
        chip_map = decode_point(c, self.chip_map_public)
        self.h = point_mul(c, self.map_private, chip_map)
        self.mapped_g = generic_map(c, int.from_bytes(self.nonce, "big"), self.h)
        self.eph_private = private_key(c, self.rng)
        self.eph_public = encode_point(c, point_mul(c, self.eph_private, self.mapped_g))
        return general_authenticate(dynamic_auth_data(0x83, self.eph_public), last=False)

    def step4(self, response: bytes) -> CommandApdu:
        """Agree on K and the session keys; send our token over the card's key."""
        c = self.curve
        self.chip_eph_public = parse_dynamic_auth_data(response, 0x84)
        chip_eph = decode_point(c, self.chip_eph_public)
        if self.chip_eph_public == self.eph_public:
            # Our own key reflected back would make the card's token our own.
            raise CardDataError("PACE: the card sent back our own ephemeral key")
        self.keys = _session_keys(self.algorithm, c, point_mul(c, self.eph_private, chip_eph),
                                  self.info)
        self.token = auth_token(self.algorithm, self.keys.ks_mac, self.chip_eph_public)
        return general_authenticate(dynamic_auth_data(0x85, self.token), last=True)

    def finish(self, response: bytes) -> PaceKeys:
        """Check the card's token: only a card that knows the password can make it."""
        self.chip_token = parse_dynamic_auth_data(response, 0x86)
        expected = auth_token(self.algorithm, self.keys.ks_mac, self.eph_public)
        if not hmac.compare_digest(expected, self.chip_token):
            raise SecureMessagingError("PACE: the card's authentication token does not verify")
        return self.keys


# -- card (ICC) side ----------------------------------------------------------------------


class PaceChip:
    """The card's side of PACE: answers MSE:Set AT and the four GENERAL AUTHENTICATE
    steps for the PACEInfos it offers and the passwords it knows (by reference).

    ``set_at`` returns a status word; ``general_authenticate`` returns (data, status
    word), and after a successful step 4 ``keys`` holds the session keys. Any failure
    drops the run (the reader must start again with MSE:Set AT), as chips do. A wrong
    password is only noticed at step 4 (the reader's token does not verify): 6300.
    """

    def __init__(self, infos: Sequence[PaceInfo], passwords: Mapping[int, bytes],
                 rng: Callable[[int], bytes] = os.urandom) -> None:
        self.infos = tuple(i for i in infos if i.supported)
        self.passwords = dict(passwords)  # reference -> f(pi)
        self.rng = rng
        self.keys: PaceKeys | None = None
        self._reset()

    def _reset(self) -> None:
        self._step = 0  # 0: no run; 1-4: the GENERAL AUTHENTICATE step expected next

    def set_at(self, data: bytes) -> int:
        self._reset()
        self.keys = None
        try:
            items = {t.tag: t.value for t in tlv.decode_all(data)}
            oid = tlv.decode_oid(items[0x80])
            ref = items[0x83]
            param = tlv.decode_integer(items[0x84]) if 0x84 in items else None
        except (CardDataError, KeyError):
            return SW_WRONG_DATA
        candidates = [i for i in self.infos if i.protocol == oid
                      and (param is None or i.parameter_id == param)]
        if not candidates:
            return SW_REFERENCE_NOT_FOUND
        if len(ref) != 1 or ref[0] not in self.passwords:
            return SW_REFERENCE_NOT_FOUND
        self._info = candidates[0]
        self._algorithm = ALGORITHMS[self._info.protocol]
        self._curve = DOMAIN_PARAMETERS[self._info.parameter_id or 0]
        self._password = PacePassword(ref[0], self.passwords[ref[0]])
        self._step = 1
        return SW_OK

    def general_authenticate(self, data: bytes, *, last: bool) -> tuple[bytes, int]:
        step = self._step
        if step == 0:
            return b"", SW_CONDITIONS_NOT_SATISFIED
        if last != (step == 4):
            # Steps 1-3 are chained (CLA 10), step 4 ends the chain.
            self._reset()
            return b"", SW_WRONG_DATA
        handler = (self._step1, self._step2, self._step3, self._step4)[step - 1]
        try:
            out = handler(data)
        except CardDataError:
            self._reset()
            return b"", SW_WRONG_DATA
        if out is None:
            self._reset()
            return b"", SW_NO_INFO
        self._step = step + 1 if step < 4 else 0
        return out, SW_OK

    def _step1(self, data: bytes) -> bytes:
        if data != dynamic_auth_data():
            raise CardDataError("PACE step 1 must carry an empty 7C")
        algo = self._algorithm
        self.nonce = self.rng(algo.nonce_length)
        k_pi = self._password.key(algo)
        return dynamic_auth_data(0x80, algo.encrypt(k_pi, self.nonce))

    def _step2(self, data: bytes) -> bytes:
        c = self._curve
        self.reader_map_public = decode_point(c, parse_dynamic_auth_data(data, 0x81))
        self.map_private = private_key(c, self.rng)
        self.map_public = encode_point(c, point_mul(c, self.map_private, c.g))
        return dynamic_auth_data(0x82, self.map_public)

    def _step3(self, data: bytes) -> bytes:
        c = self._curve
        self.reader_eph_public = parse_dynamic_auth_data(data, 0x83)
        reader_eph = decode_point(c, self.reader_eph_public)
        h = point_mul(c, self.map_private, self.reader_map_public)
        self.mapped_g = generic_map(c, int.from_bytes(self.nonce, "big"), h)
        self.eph_private = private_key(c, self.rng)
        self.eph_public = encode_point(c, point_mul(c, self.eph_private, self.mapped_g))
        if self.eph_public == self.reader_eph_public:
            raise CardDataError("PACE: reflected ephemeral key")
        shared = point_mul(c, self.eph_private, reader_eph)
        self._keys = _session_keys(self._algorithm, c, shared, self._info)
        return dynamic_auth_data(0x84, self.eph_public)

    def _step4(self, data: bytes) -> bytes | None:
        algo = self._algorithm
        token = parse_dynamic_auth_data(data, 0x85)
        expected = auth_token(algo, self._keys.ks_mac, self.eph_public)
        if not hmac.compare_digest(expected, token):
            return None  # wrong password (or a forged token): 6300
        self.keys = self._keys
        return dynamic_auth_data(0x86, auth_token(algo, self._keys.ks_mac,
                                                  self.reader_eph_public))
