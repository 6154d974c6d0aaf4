"""Passive Authentication of a chip ID card (ICAO 9303-11 §5.1, 9303-12 PKI).

Passive Authentication proves that the data groups read from the chip are the ones the
issuing state signed. It does NOT prove the chip is genuine (a perfect copy passes; that
is Chip or Active Authentication), and it says nothing about whether the card has
expired or been revoked. Steps, each on bytes not trusted until the step passes:

1. Parse EF.SOD: CMS SignedData over an LDSSecurityObject (hash algorithm and one hash
   per data group) with the Document Signer (DS) certificate embedded.
2. Find the DS certificate the SignerInfo names; check the signed attributes
   (content-type is the LDSSecurityObject's, message-digest is the hash of the signed
   content) and the signature over them with the DS public key.
3. Chain the DS certificate to a Country Signing CA (CSCA) certificate from the
   ``TrustStore``: issuer name (and AKI/SKI when both are present), the CSCA's
   signature on the DS certificate, and both certificates valid at ``at``.
4. Hash every data group read and compare with the SOD. Only when 1-3 passed does a
   match mean anything; ``dg_hashes_ok`` is filled whenever the SOD could be parsed.

``verify`` returns a ``PaResult``; it never raises for bad card bytes (those give
``malformed``). When several checks fail the first in this order is reported:
malformed, bad_signature, no_trust_store, untrusted_signer, expired_or_not_yet_valid,
hash_mismatch; a hash only counts once the SOD itself is authentic. A signature or key
algorithm we cannot process is reported as ``malformed`` with the detail saying so.

Signatures: RSA PKCS#1 v1.5, RSA-PSS, ECDSA (X9.62 DER signatures, and the BSI plain
r||s form) with SHA-1/224/256/384/512. Named curves go to ``cryptography``; eMRTD
certificates often carry explicit EC domain parameters, which ``cryptography`` refuses,
so those are verified here in plain integer arithmetic (only public data is involved,
so constant time does not matter).

Trust store. A deployment must configure the CSCA certificates of Vietnam (and of any
other country whose documents it accepts) with ``TrustStore.load(path)``: a file or a
directory of PEM or DER certificates, or CSCA Master Lists (CMS, 9303-12 §9). Real
Vietnamese CSCA certificates are not in this repository. They come from the issuing
authority (the Ministry of Public Security, which issues the CCCD / Căn cước) through
official channels, or from the ICAO Public Key Directory for states that publish
there, or inside another state's CSCA Master List. Check each certificate's SHA-256
fingerprint (``TrustStore.report()``) against one obtained out of band before use. A
test PKI for development lives in ``testpki``; never deploy it. Revocation (CRLs) is
not checked yet.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from asn1crypto import algos, keys, pem, x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.x509.oid import ObjectIdentifier

from . import lds, sod
from .errors import CardDataError

if TYPE_CHECKING:
    from .reader import CardContents

STATUSES = (
    "verified",
    "hash_mismatch",
    "bad_signature",
    "untrusted_signer",
    "expired_or_not_yet_valid",
    "malformed",
    "no_trust_store",
)

# Bounds on keys from untrusted certificates: real ones are far below, and the pure
# Python curve arithmetic must stay fast on hostile parameters.
MAX_RSA_BITS = 8192
MAX_EC_BITS = 1024
# A trust store file larger than this is not a certificate or a master list.
MAX_TRUST_FILE = 32 * 1024 * 1024

_ASN1_ERRORS = sod._ASN1_ERRORS


class Unsupported(CardDataError):
    """Well-formed, but an algorithm or key type this verifier does not implement."""


# -- results ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PaResult:
    """Outcome of Passive Authentication. Holds no personal data (only certificate
    names and data group numbers), so it may be logged and shown to a technician.

    ``signer_subject`` is what the card's DS certificate claims; it is trustworthy only
    when ``status`` is ``verified``. ``csca_subject`` names the trust store certificate
    that signed the DS certificate, once that signature checked out.
    """

    status: str
    dg_hashes_ok: dict[int, bool] = field(default_factory=dict)
    missing_in_sod: tuple[int, ...] = ()
    signer_subject: str | None = None
    csca_subject: str | None = None
    algorithm: str | None = None  # signature scheme of EF.SOD, e.g. "ecdsa-sha256"
    hash_algorithm: str | None = None  # of the data group hashes, e.g. "sha256"
    detail: str = ""

    @property
    def verified(self) -> bool:
        return self.status == "verified"

    @property
    def key(self) -> str:
        """Translation key for the UI, like the card errors' keys."""
        return f"pa.{self.status}"

    @property
    def failed_groups(self) -> tuple[int, ...]:
        return tuple(sorted(n for n, ok in self.dg_hashes_ok.items() if not ok))


# -- signature schemes --------------------------------------------------------------

OID_RSA = "1.2.840.113549.1.1.1"
OID_RSA_PSS = "1.2.840.113549.1.1.10"
OID_EC_PUBLIC_KEY = "1.2.840.10045.2.1"
OID_MGF1 = "1.2.840.113549.1.1.8"
OID_PRIME_FIELD = "1.2.840.10045.1.1"

_RSA_PKCS1 = {
    "1.2.840.113549.1.1.5": "sha1",
    "1.2.840.113549.1.1.14": "sha224",
    "1.2.840.113549.1.1.11": "sha256",
    "1.2.840.113549.1.1.12": "sha384",
    "1.2.840.113549.1.1.13": "sha512",
}
_ECDSA = {
    "1.2.840.10045.4.1": "sha1",
    "1.2.840.10045.4.3.1": "sha224",
    "1.2.840.10045.4.3.2": "sha256",
    "1.2.840.10045.4.3.3": "sha384",
    "1.2.840.10045.4.3.4": "sha512",
}
# BSI TR-03111 ecdsa-plain-signatures: r || s instead of a DER SEQUENCE.
_ECDSA_PLAIN = {
    "0.4.0.127.0.7.1.1.4.1.1": "sha1",
    "0.4.0.127.0.7.1.1.4.1.2": "sha224",
    "0.4.0.127.0.7.1.1.4.1.3": "sha256",
    "0.4.0.127.0.7.1.1.4.1.4": "sha384",
    "0.4.0.127.0.7.1.1.4.1.5": "sha512",
}
_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


@dataclass(frozen=True, slots=True)
class Scheme:
    kind: str  # "pkcs1", "pss", "ecdsa" or "ecdsa-plain"
    hash: str
    mgf_hash: str = ""
    salt: int = 0

    @property
    def name(self) -> str:
        return {"pkcs1": "rsa-pkcs1v15", "pss": "rsa-pss"}.get(self.kind, self.kind) + (
            f"-{self.hash}"
        )


def _digest_name(oid: str) -> str:
    name = sod.DIGESTS.get(oid)
    if name is None:
        raise Unsupported(f"digest algorithm {oid}")
    return name


def scheme_of(algorithm: algos.SignedDigestAlgorithm, default_hash: str | None) -> Scheme:
    """The signature scheme an AlgorithmIdentifier names. ``default_hash`` is the
    SignerInfo's digest, for the OIDs that leave the hash open (rsaEncryption and
    id-ecPublicKey, both seen in EF.SODs in place of the combined OIDs)."""
    try:
        oid = algorithm["algorithm"].dotted
        if oid in _RSA_PKCS1:
            return Scheme("pkcs1", _RSA_PKCS1[oid])
        if oid in _ECDSA:
            return Scheme("ecdsa", _ECDSA[oid])
        if oid in _ECDSA_PLAIN:
            return Scheme("ecdsa-plain", _ECDSA_PLAIN[oid])
        if oid in (OID_RSA, OID_EC_PUBLIC_KEY):
            if default_hash is None:
                raise Unsupported(f"signature algorithm {oid} without a digest")
            return Scheme("pkcs1" if oid == OID_RSA else "ecdsa", default_hash)
        if oid == OID_RSA_PSS:
            params = algorithm["parameters"]
            if not isinstance(params, algos.RSASSAPSSParams):
                raise CardDataError("RSA-PSS without parameters")
            mgf = params["mask_gen_algorithm"]
            if mgf["algorithm"].dotted != OID_MGF1 or params["trailer_field"].native not in (
                1,
                "trailer_field_bc",
            ):
                raise Unsupported("RSA-PSS mask generation or trailer field")
            salt = params["salt_length"].native
            if not 0 <= salt <= 1024:
                raise CardDataError("RSA-PSS salt length")
            return Scheme(
                "pss",
                _digest_name(params["hash_algorithm"]["algorithm"].dotted),
                _digest_name(mgf["parameters"]["algorithm"].dotted),
                salt,
            )
    except CardDataError:
        raise
    except _ASN1_ERRORS as exc:
        raise CardDataError(f"signature algorithm: {type(exc).__name__}") from None
    raise Unsupported(f"signature algorithm {oid}")


# -- public keys --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _ExplicitCurve:
    """A prime-field curve y^2 = x^3 + ax + b given by its parameters, not its name."""

    p: int
    a: int
    b: int
    g: tuple[int, int]
    n: int

    def on_curve(self, pt: tuple[int, int]) -> bool:
        x, y = pt
        return (
            0 <= x < self.p
            and 0 <= y < self.p
            and (y * y - (x * x * x + self.a * x + self.b)) % self.p == 0
        )

    def add(self, p1: tuple[int, int] | None, p2: tuple[int, int] | None):
        if p1 is None:
            return p2
        if p2 is None:
            return p1
        p = self.p
        (x1, y1), (x2, y2) = p1, p2
        if x1 == x2:
            if (y1 + y2) % p == 0:
                return None
            lam = (3 * x1 * x1 + self.a) * pow(2 * y1, -1, p) % p
        else:
            lam = (y2 - y1) * pow(x2 - x1, -1, p) % p
        x3 = (lam * lam - x1 - x2) % p
        return x3, (lam * (x1 - x3) - y1) % p

    def mul(self, k: int, pt: tuple[int, int]):
        result = None
        addend: tuple[int, int] | None = pt
        while k:
            if k & 1:
                result = self.add(result, addend)
            addend = self.add(addend, addend)
            k >>= 1
        return result

    def verify(self, q: tuple[int, int], digest: bytes, r: int, s: int) -> bool:
        n = self.n
        if not (0 < r < n and 0 < s < n):
            return False
        e = int.from_bytes(digest, "big")
        excess = len(digest) * 8 - n.bit_length()
        if excess > 0:
            e >>= excess  # SEC 1 §4.1.4: the leftmost bits of the hash
        try:
            w = pow(s, -1, n)
            point = self.add(self.mul(e * w % n, self.g), self.mul(r * w % n, q))
        except ValueError:  # not invertible: the "curve" is not over a prime field
            return False
        return point is not None and point[0] % n == r


def _point(curve_bytes: int, encoded: bytes) -> tuple[int, int]:
    if len(encoded) != 1 + 2 * curve_bytes or encoded[0] != 4:
        raise Unsupported("EC point is not in uncompressed form")
    return (
        int.from_bytes(encoded[1 : 1 + curve_bytes], "big"),
        int.from_bytes(encoded[1 + curve_bytes :], "big"),
    )


@dataclass(frozen=True, slots=True)
class PublicKey:
    """A verifying key from a SubjectPublicKeyInfo."""

    kind: str  # "rsa" or "ec"
    key: object  # cryptography public key, or (curve, point) for explicit parameters
    bits: int

    @classmethod
    def from_spki(cls, spki: keys.PublicKeyInfo) -> PublicKey:
        try:
            return cls._load(spki)
        except CardDataError:
            raise
        except (*_ASN1_ERRORS, UnsupportedAlgorithm) as exc:
            raise CardDataError(f"public key: {type(exc).__name__}") from None

    @classmethod
    def _load(cls, spki: keys.PublicKeyInfo) -> PublicKey:
        oid = spki["algorithm"]["algorithm"].dotted
        if oid in (OID_RSA, OID_RSA_PSS):
            # Rebuilt from (n, e) so an RSA-PSS SubjectPublicKeyInfo loads as well.
            numbers = spki["public_key"].parsed
            n, e = numbers["modulus"].native, numbers["public_exponent"].native
            if n.bit_length() > MAX_RSA_BITS:
                raise Unsupported("RSA key too large")
            return cls("rsa", rsa.RSAPublicNumbers(e, n).public_key(), n.bit_length())
        if oid != OID_EC_PUBLIC_KEY:
            raise Unsupported(f"public key algorithm {oid}")
        params = spki["algorithm"]["parameters"]
        point = spki["public_key"].native
        if not isinstance(params, keys.ECDomainParameters):
            raise CardDataError("EC key without domain parameters")
        if params.name == "named":
            try:
                curve = ec.get_curve_for_oid(ObjectIdentifier(params.chosen.dotted))()
            except LookupError:
                raise Unsupported(f"curve {params.chosen.dotted}") from None
            key = ec.EllipticCurvePublicKey.from_encoded_point(curve, point)
            return cls("ec", key, curve.key_size)
        if params.name != "specified":
            raise Unsupported("implicitly-CA EC parameters")
        spec = params.chosen
        if spec["field_id"]["field_type"].dotted != OID_PRIME_FIELD:
            raise Unsupported("EC over a binary field")
        p = spec["field_id"]["parameters"].native
        n = spec["order"].native
        if not (
            3 < p and p.bit_length() <= MAX_EC_BITS and 3 < n and n.bit_length() <= MAX_EC_BITS
        ):
            raise CardDataError("EC parameters out of range")
        size = (p.bit_length() + 7) // 8
        a = int.from_bytes(spec["curve"]["a"].native, "big")
        b = int.from_bytes(spec["curve"]["b"].native, "big")
        curve = _ExplicitCurve(p, a % p, b % p, _point(size, spec["base"].native), n)
        q = _point(size, point)
        if not (curve.on_curve(curve.g) and curve.on_curve(q)):
            raise CardDataError("EC point not on the curve")
        return cls("ec", (curve, q), n.bit_length())

    def verify(self, scheme: Scheme, data: bytes, signature: bytes) -> bool:
        """Whether ``signature`` over ``data`` checks out; False for a wrong key type."""
        algorithm = _HASHES[scheme.hash]()
        if self.kind == "rsa":
            if scheme.kind == "pkcs1":
                pad: padding.AsymmetricPadding = padding.PKCS1v15()
            elif scheme.kind == "pss":
                pad = padding.PSS(padding.MGF1(_HASHES[scheme.mgf_hash]()), scheme.salt)
            else:
                return False
            try:
                self.key.verify(signature, data, pad, algorithm)  # type: ignore[attr-defined]
            except (InvalidSignature, ValueError):
                return False
            return True
        if scheme.kind not in ("ecdsa", "ecdsa-plain"):
            return False
        try:
            if scheme.kind == "ecdsa-plain":
                half = len(signature) // 2
                if not signature or len(signature) % 2:
                    return False
                r = int.from_bytes(signature[:half], "big")
                s = int.from_bytes(signature[half:], "big")
            else:
                r, s = decode_dss_signature(signature)
        except ValueError:
            return False
        if isinstance(self.key, tuple):
            curve, q = self.key
            return curve.verify(q, hashlib.new(scheme.hash, data).digest(), r, s)
        try:
            self.key.verify(encode_dss_signature(r, s), data, ec.ECDSA(algorithm))  # type: ignore[attr-defined]
        except (InvalidSignature, ValueError):
            return False
        return True


# -- certificates -------------------------------------------------------------------

_SHORT_NAMES = {
    "country_name": "C",
    "organization_name": "O",
    "organizational_unit_name": "OU",
    "common_name": "CN",
    "locality_name": "L",
    "state_or_province_name": "ST",
    "serial_number": "serialNumber",
}


def _name_text(name: x509.Name) -> str:
    """An RFC 4514-style rendering (most significant RDN last), for logs and reports."""
    parts = []
    for rdn in reversed(list(name.chosen)):
        avas = []
        for ava in rdn:
            kind = ava["type"].native
            value = ava["value"].native
            text = value if isinstance(value, str) else repr(value)
            for ch in '\\,+="<>;':
                text = text.replace(ch, "\\" + ch)
            avas.append(f"{_SHORT_NAMES.get(kind, ava['type'].dotted)}={text}")
        parts.append("+".join(avas))
    return ",".join(parts)


@dataclass(frozen=True, slots=True, eq=False)
class Certificate:
    """An X.509 certificate taken apart once; nothing here says it is trustworthy."""

    der: bytes
    subject: str
    issuer: str
    serial: int
    not_before: datetime
    not_after: datetime
    subject_key_id: bytes | None
    authority_key_id: bytes | None
    is_ca: bool
    # RFC 5280 §7.1 normalised names (asn1crypto ``Name.hashable``): compared, not shown.
    subject_key: str = field(repr=False)
    issuer_key: str = field(repr=False)
    tbs: bytes = field(repr=False)
    signature_algorithm: algos.SignedDigestAlgorithm = field(repr=False)
    signature: bytes = field(repr=False)
    spki: keys.PublicKeyInfo = field(repr=False)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the DER, hex: what an operator compares out of band."""
        return hashlib.sha256(self.der).hexdigest()

    @classmethod
    def from_der(cls, der: bytes) -> Certificate:
        try:
            cert = x509.Certificate.load(bytes(der), strict=True)
            tbs = cert["tbs_certificate"]
            if cert["signature_algorithm"].dump() != tbs["signature"].dump():
                # RFC 5280 §4.1.1.2; the outer copy is not signed, so only the inner
                # one may count, and a difference means someone edited the outer one.
                raise CardDataError("certificate: signature algorithms differ")
            if cert["signature_value"].contents[:1] != b"\x00":
                raise CardDataError("certificate: signature is not whole bytes")
            aki = cert.authority_key_identifier
            basic = cert.basic_constraints_value
            not_before, not_after = cert.not_valid_before, cert.not_valid_after
            if not (type(not_before) is datetime and type(not_after) is datetime):
                raise CardDataError("certificate: validity outside the datetime range")
            return cls(
                der=bytes(der),
                subject=_name_text(cert.subject),
                issuer=_name_text(cert.issuer),
                serial=cert.serial_number,
                not_before=not_before,
                not_after=not_after,
                subject_key_id=cert.key_identifier,
                authority_key_id=aki,
                is_ca=bool(basic is not None and basic["ca"].native),
                subject_key=cert.subject.hashable,
                issuer_key=cert.issuer.hashable,
                tbs=tbs.dump(),
                signature_algorithm=tbs["signature"],
                signature=cert["signature_value"].native,
                spki=tbs["subject_public_key_info"],
            )
        except CardDataError:
            raise
        except _ASN1_ERRORS as exc:
            raise CardDataError(f"certificate: {type(exc).__name__}") from None

    def public_key(self) -> PublicKey:
        return PublicKey.from_spki(self.spki)

    def valid_at(self, at: datetime) -> bool:
        return self.not_before <= at <= self.not_after

    def may_have_issued(self, child: Certificate) -> bool:
        """Name (and key identifier, when both carry one) match: a candidate issuer."""
        if self.subject_key != child.issuer_key:
            return False
        if child.authority_key_id and self.subject_key_id:
            return child.authority_key_id == self.subject_key_id
        return True

    def signed(self, child: Certificate) -> bool:
        """Whether this certificate's key made ``child``'s signature."""
        try:
            scheme = scheme_of(child.signature_algorithm, None)
            return self.public_key().verify(scheme, child.tbs, child.signature)
        except CardDataError:
            return False


# -- trust store --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrustStore:
    """CSCA certificates the kiosk trusts, with a record of where each came from.

    Build it with ``load`` (files and directories) or ``from_certificates``; an empty
    store makes every verification ``no_trust_store``.
    """

    certificates: tuple[Certificate, ...] = ()
    sources: tuple[str, ...] = ()  # where each certificate came from, same order
    skipped: tuple[tuple[str, str], ...] = ()  # (source, reason) of what was not loaded

    def __len__(self) -> int:
        return len(self.certificates)

    def __bool__(self) -> bool:
        return bool(self.certificates)

    @classmethod
    def empty(cls) -> TrustStore:
        return cls()

    @classmethod
    def from_certificates(
        cls, certificates: Iterable[bytes | Certificate], *, source: str = "memory"
    ) -> TrustStore:
        builder = _Builder()
        for item in certificates:
            if isinstance(item, Certificate):
                builder.add(item, source)
            else:
                builder.add_der(bytes(item), source)
        return builder.build()

    @classmethod
    def load(cls, *paths: str | os.PathLike[str]) -> TrustStore:
        """CSCA certificates from files or directories (searched recursively): PEM with
        one or many certificates, DER certificates, or CSCA Master Lists (DER CMS).
        Files that are none of these are listed in ``skipped``; a path that does not
        exist raises FileNotFoundError (a configuration error, not a card's)."""
        builder = _Builder()
        for path in paths:
            root = Path(path)
            if root.is_dir():
                files = sorted(p for p in root.rglob("*") if p.is_file())
            elif root.exists():
                files = [root]
            else:
                raise FileNotFoundError(str(root))
            for file in files:
                builder.add_file(file)
        return builder.build()

    def issuers_of(self, cert: Certificate) -> list[Certificate]:
        return [c for c in self.certificates if c.may_have_issued(cert)]

    def report(self) -> dict[str, object]:
        """What was loaded, for the technician's diagnostics page and the log."""
        return {
            "count": len(self.certificates),
            "certificates": [
                {
                    "subject": c.subject,
                    "serial": format(c.serial, "x"),
                    "not_before": c.not_before.isoformat(),
                    "not_after": c.not_after.isoformat(),
                    "sha256": c.fingerprint,
                    "source": src,
                }
                for c, src in zip(self.certificates, self.sources, strict=True)
            ],
            "skipped": [{"source": s, "reason": r} for s, r in self.skipped],
        }


class _Builder:
    def __init__(self) -> None:
        self.certs: list[Certificate] = []
        self.sources: list[str] = []
        self.skipped: list[tuple[str, str]] = []
        self._seen: set[bytes] = set()

    def build(self) -> TrustStore:
        return TrustStore(tuple(self.certs), tuple(self.sources), tuple(self.skipped))

    def add(self, cert: Certificate, source: str) -> None:
        if not cert.is_ca:
            # 9303-12 requires basicConstraints cA=TRUE on a CSCA; a DS certificate put
            # here by mistake must not become a trust anchor.
            self.skipped.append((source, f"not a CA certificate: {cert.subject}"))
            return
        if cert.der in self._seen:
            return
        self._seen.add(cert.der)
        self.certs.append(cert)
        self.sources.append(source)

    def add_der(self, der: bytes, source: str) -> None:
        try:
            cert = Certificate.from_der(der)
        except CardDataError:
            pass
        else:
            self.add(cert, source)
            return
        try:
            certs = load_master_list(der)
        except CardDataError as exc:
            self.skipped.append((source, f"neither a certificate nor a master list: {exc}"))
            return
        for cert in certs:
            self.add(cert, f"{source} (master list)")

    def add_file(self, file: Path) -> None:
        source = str(file)
        try:
            if file.stat().st_size > MAX_TRUST_FILE:
                self.skipped.append((source, "file too large"))
                return
            data = file.read_bytes()
        except OSError as exc:
            self.skipped.append((source, f"unreadable: {exc.strerror or exc}"))
            return
        if b"-----BEGIN" not in data:
            self.add_der(data, source)
            return
        try:
            blocks = list(pem.unarmor(data, multiple=True))
        except ValueError:
            self.skipped.append((source, "bad PEM"))
            return
        for kind, _headers, der in blocks:
            if kind in ("CERTIFICATE", "CMS", "PKCS7"):
                self.add_der(der, source)
            else:
                self.skipped.append((source, f"PEM block {kind} ignored"))


def load_master_list(data: bytes) -> list[Certificate]:
    """The certificates of a CSCA Master List whose CMS signature checks out.

    The signature is checked with the Master List Signer certificate it carries, and
    that certificate must have been issued by a certificate in the list (9303-12 §9:
    the publishing state's CSCA signs its master list signer). Whether to trust the
    publisher at all is the operator's choice, made by putting the file in the store.
    """
    signed = sod.parse_signed_data(data)
    if signed.content_type != sod.OID_CSCA_MASTER_LIST:
        raise CardDataError("not a CSCA master list")
    certs = [Certificate.from_der(der) for der in sod.parse_master_list(signed.content)]
    result = _check_signer(signed)
    if result is not None:
        raise CardDataError(f"master list signature: {result[1]}")
    signer = _signer_certificate(signed)
    if signer is None or not any(c.may_have_issued(signer) and c.signed(signer) for c in certs):
        raise CardDataError("master list signer not issued by a CSCA in the list")
    return certs


# -- verification -------------------------------------------------------------------

_SOD_KEYS = {"EF.SOD", "SOD"}
_COM_KEYS = {"EF.COM", "COM"}


def data_groups(raw: Mapping[int | str, bytes]) -> tuple[dict[int, bytes], bytes | None]:
    """Data groups by number, and EF.SOD if present, from a mapping keyed by file
    identifier (as ``CardContents.raw``), data group number or name ("DG13")."""
    groups: dict[int, bytes] = {}
    sod_bytes = None
    for key, value in raw.items():
        number: int | None
        if isinstance(key, str):
            name = key.strip().upper()
            if name in _SOD_KEYS:
                sod_bytes = value
                continue
            if name in _COM_KEYS:
                continue
            number = int(name[2:]) if name.startswith("DG") and name[2:].isdigit() else None
        elif key == lds.FID_EF_SOD:
            sod_bytes = value
            continue
        elif key == lds.FID_EF_COM:
            continue
        elif 0x0101 <= key <= 0x0110:
            number = key - 0x0100
        else:
            number = key
        if number is None or not 1 <= number <= 16:
            raise ValueError(f"not a data group: {key!r}")
        if number in groups:
            raise ValueError(f"data group {number} given twice")
        groups[number] = bytes(value)
    return groups, sod_bytes


def _signer_certificate(signed: sod.SignedContent) -> Certificate | None:
    """The embedded certificate the (single) SignerInfo names."""
    if len(signed.signers) != 1:
        return None
    signer = signed.signers[0]
    for der in signed.certificates:
        cert = Certificate.from_der(der)
        if signer.subject_key_id is not None:
            if cert.subject_key_id == signer.subject_key_id:
                return cert
        elif cert.serial == signer.serial and cert.issuer_key == signer.issuer:
            return cert
    return None


def _check_signer(signed: sod.SignedContent) -> tuple[str, str] | None:
    """None when the SignerInfo's signature over the content checks out with the
    embedded signer certificate; else (status, detail)."""
    if not signed.signers:
        return "bad_signature", "not signed (no SignerInfo)"
    if len(signed.signers) > 1:
        return "malformed", "more than one SignerInfo"
    signer = signed.signers[0]
    cert = _signer_certificate(signed)
    if cert is None:
        return "untrusted_signer", "the signer's certificate is not in the SignedData"
    if signer.signed_attrs is None:
        return "bad_signature", "no signed attributes"
    if signer.content_type_attr != signed.content_type:
        return "bad_signature", "content-type attribute does not match the content"
    digest_name = _digest_name(signer.digest_oid)
    if signer.message_digest_attr is None or not hmac.compare_digest(
        signer.message_digest_attr, sod.digest(digest_name, signed.content)
    ):
        return "bad_signature", "message-digest attribute does not match the content"
    scheme = scheme_of(signer.signature_algorithm, digest_name)
    if not cert.public_key().verify(scheme, signer.signed_attrs, signer.signature):
        return "bad_signature", "signature does not verify with the signer's certificate"
    return None


def _utc(at: datetime | None) -> datetime:
    if at is None:
        return datetime.now(UTC)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def verify(
    contents_raw: Mapping[int | str, bytes],
    sod_bytes: bytes | None,
    trust: TrustStore,
    *,
    at: datetime | None = None,
) -> PaResult:
    """Passive Authentication of the data groups in ``contents_raw`` against EF.SOD.

    ``contents_raw`` maps file identifiers (``CardContents.raw``), data group numbers
    or names ("DG1") to the exact bytes read; EF.COM is ignored (the SOD does not
    cover it). ``sod_bytes`` is EF.SOD; None takes it from ``contents_raw``. ``at``
    is when certificates must be valid (default now; naive means UTC).
    """
    groups, embedded_sod = data_groups(contents_raw)
    sod_bytes = sod_bytes if sod_bytes is not None else embedded_sod
    when = _utc(at)
    if sod_bytes is None:
        return PaResult("malformed", detail="no EF.SOD")
    try:
        parsed = sod.parse_sod(bytes(sod_bytes))
    except CardDataError as exc:
        return PaResult("malformed", detail=str(exc))

    hash_name = sod.DIGESTS[parsed.digest_oid]
    ok = {
        n: n in parsed.hashes and hmac.compare_digest(sod.digest(hash_name, data), parsed.hashes[n])
        for n, data in sorted(groups.items())
    }
    missing = tuple(n for n in sorted(groups) if n not in parsed.hashes)

    def result(status: str, detail: str = "", **extra: object) -> PaResult:
        return PaResult(
            status,
            dg_hashes_ok=ok,
            missing_in_sod=missing,
            hash_algorithm=hash_name,
            detail=detail,
            **extra,  # type: ignore[arg-type]
        )

    signer_subject = algorithm = None
    try:
        ds = _signer_certificate(parsed.signed)
        if ds is not None:
            signer_subject = ds.subject
            signer = parsed.signed.signers[0]
            algorithm = scheme_of(
                signer.signature_algorithm, sod.DIGESTS.get(signer.digest_oid)
            ).name
        failure = _check_signer(parsed.signed)
    except Unsupported as exc:
        return result("malformed", f"unsupported: {exc}", signer_subject=signer_subject)
    except CardDataError as exc:
        return result("malformed", str(exc), signer_subject=signer_subject)
    info = {"signer_subject": signer_subject, "algorithm": algorithm}
    if failure is not None:
        return result(*failure, **info)
    if ds is None:  # _check_signer has already said so; this narrows the type
        return result("untrusted_signer", "no signer certificate", **info)

    if not trust:
        return result("no_trust_store", "no CSCA certificates configured", **info)
    candidates = trust.issuers_of(ds)
    if not candidates:
        return result("untrusted_signer", f"no trusted CSCA named {ds.issuer}", **info)
    issuers = [c for c in candidates if c.signed(ds)]
    if not issuers:
        return result("untrusted_signer", "DS certificate not signed by a trusted CSCA", **info)
    # The same CSCA key may sit in a self-signed and a link certificate with different
    # validity: any one of them valid now will do.
    csca = next((c for c in issuers if c.valid_at(when)), issuers[0])
    info["csca_subject"] = csca.subject
    for what, cert in (("DS", ds), ("CSCA", csca)):
        if not cert.valid_at(when):
            return result(
                "expired_or_not_yet_valid",
                f"{what} certificate valid {cert.not_before:%Y-%m-%d} to {cert.not_after:%Y-%m-%d}",
                **info,
            )

    changed = [f"DG{n}" for n, good in ok.items() if not good and n not in missing]
    problems = []
    if changed:
        problems.append(f"{', '.join(changed)} does not match EF.SOD")
    if missing:
        problems.append(f"{', '.join(f'DG{n}' for n in missing)} not in EF.SOD")
    if problems:
        return result("hash_mismatch", "; ".join(problems), **info)
    return result("verified", **info)


def verify_contents(
    contents: CardContents, trust: TrustStore, *, at: datetime | None = None
) -> PaResult:
    """``verify`` on what ``EmrtdReader.read_card`` returned (its ``raw`` holds EF.SOD)."""
    return verify(contents.raw, None, trust, at=at)
