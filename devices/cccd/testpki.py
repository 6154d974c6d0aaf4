"""A made-up eMRTD PKI for tests, demos and the virtual chip. NEVER a trust anchor.

Every name says TEST (C=VN, O=TEST kiosk (not real)); validity windows and serial
numbers are fixed so certificates read the same from run to run, while the keys are
fresh per process (cached: RSA key generation is slow). ``pki()`` gives a CSCA and a
Document Signer; ``build_signed_sod`` makes a real EF.SOD that ``pa.verify`` accepts;
the other helpers make the ways Passive Authentication must fail: a tampered data
group, a signature by another key, a DS from an unknown CSCA, an expired DS, and a DS
certificate with explicit EC domain parameters (common on real cards).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

from . import lds, sod
from .pa import TrustStore, data_groups
from .specimen import Specimen, specimen_files

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

CSCA_VALIDITY = (datetime(2020, 1, 1, tzinfo=UTC), datetime(2050, 1, 1, tzinfo=UTC))
DS_VALIDITY = (datetime(2024, 1, 1, tzinfo=UTC), datetime(2045, 1, 1, tzinfo=UTC))
EXPIRED_VALIDITY = (datetime(2020, 1, 1, tzinfo=UTC), datetime(2021, 1, 1, tzinfo=UTC))

# NIST P-256 domain parameters (FIPS 186-4 D.1.2.3), to write a key the way many eMRTD
# certificates do: with the curve spelled out instead of named.
P256 = {
    "p": 2**256 - 2**224 + 2**192 + 2**96 - 1,
    "a": 2**256 - 2**224 + 2**192 + 2**96 - 1 - 3,
    "b": 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B,
    "gx": 0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
    "gy": 0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
    "n": 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
}


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "TEST kiosk (not real)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


@functools.cache
def new_key(kind: str = "ec", tag: str = "") -> PrivateKey:
    """A key per (kind, tag), generated once per process. ``kind``: "ec" (P-256),
    "ec384" (P-384), "rsa" (2048 bits). ``tag`` tells apart keys of the same kind."""
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    curve = {"ec": ec.SECP256R1(), "ec384": ec.SECP384R1()}[kind]
    return ec.generate_private_key(curve)


def _cert_hash(key: PrivateKey) -> hashes.HashAlgorithm:
    if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.key_size > 256:
        return hashes.SHA384()
    return hashes.SHA256()


def make_csca(
    key: PrivateKey,
    *,
    name: str = "TEST CSCA kiosk",
    validity: tuple[datetime, datetime] = CSCA_VALIDITY,
    serial: int = 0x1001,
) -> x509.Certificate:
    """A self-signed CSCA certificate with the extensions 9303-12 asks for."""
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(_name(name))
        .public_key(public)
        .serial_number(serial)
        .not_valid_before(validity[0])
        .not_valid_after(validity[1])
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, _cert_hash(key))
    )


def make_document_signer(
    key: PrivateKey,
    csca_key: PrivateKey,
    csca_cert: x509.Certificate,
    *,
    name: str = "TEST Document Signer kiosk",
    validity: tuple[datetime, datetime] = DS_VALIDITY,
    serial: int = 0x2001,
) -> x509.Certificate:
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(csca_cert.subject)
        .public_key(public)
        .serial_number(serial)
        .not_valid_before(validity[0])
        .not_valid_after(validity[1])
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(csca_key.public_key()),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(csca_key, _cert_hash(csca_key))
    )


@dataclass(frozen=True, slots=True)
class Pki:
    """A CSCA and a Document Signer it issued."""

    csca_key: PrivateKey
    csca_cert: x509.Certificate
    ds_key: PrivateKey
    ds_cert: x509.Certificate

    @property
    def csca_der(self) -> bytes:
        return self.csca_cert.public_bytes(serialization.Encoding.DER)

    @property
    def csca_pem(self) -> bytes:
        return self.csca_cert.public_bytes(serialization.Encoding.PEM)

    def trust_store(self) -> TrustStore:
        return TrustStore.from_certificates([self.csca_der], source="testpki")

    def sign(self, dg_bytes: Mapping[int, bytes], **options: object) -> bytes:
        return build_signed_sod(dg_bytes, self.ds_key, self.ds_cert, **options)  # type: ignore[arg-type]


@functools.cache
def pki(kind: str = "ec", csca_kind: str | None = None) -> Pki:
    """The test PKI: CSCA and DS keys of ``kind`` (CSCA of ``csca_kind`` if given)."""
    csca_key = new_key(csca_kind or kind, "csca")
    csca = make_csca(csca_key)
    ds_key = new_key(kind, "ds")
    return Pki(csca_key, csca, ds_key, make_document_signer(ds_key, csca_key, csca))


@functools.cache
def foreign_pki(*, same_name: bool = False) -> Pki:
    """A DS issued by a CSCA no trust store holds. With ``same_name`` the impostor
    CSCA copies the test CSCA's name, so only its key tells it apart."""
    csca_key = new_key("ec", "foreign csca")
    csca = make_csca(csca_key, name="TEST CSCA kiosk" if same_name else "TEST unknown CSCA")
    ds_key = new_key("ec", "foreign ds")
    return Pki(csca_key, csca, ds_key, make_document_signer(ds_key, csca_key, csca))


def expired_ds(base: Pki | None = None) -> Pki:
    """``base``'s CSCA with a DS certificate that expired on 2021-01-01."""
    base = base or pki()
    cert = make_document_signer(
        base.ds_key, base.csca_key, base.csca_cert, validity=EXPIRED_VALIDITY, serial=0x2002
    )
    return Pki(base.csca_key, base.csca_cert, base.ds_key, cert)


# -- EF.SOD -------------------------------------------------------------------------

_RSA_OIDS = {
    "sha1": "1.2.840.113549.1.1.5",
    "sha224": "1.2.840.113549.1.1.14",
    "sha256": "1.2.840.113549.1.1.11",
    "sha384": "1.2.840.113549.1.1.12",
    "sha512": "1.2.840.113549.1.1.13",
}
_ECDSA_OIDS = {
    "sha1": "1.2.840.10045.4.1",
    "sha224": "1.2.840.10045.4.3.1",
    "sha256": "1.2.840.10045.4.3.2",
    "sha384": "1.2.840.10045.4.3.3",
    "sha512": "1.2.840.10045.4.3.4",
}
_PLAIN_OIDS = {
    "sha1": "0.4.0.127.0.7.1.1.4.1.1",
    "sha224": "0.4.0.127.0.7.1.1.4.1.2",
    "sha256": "0.4.0.127.0.7.1.1.4.1.3",
    "sha384": "0.4.0.127.0.7.1.1.4.1.4",
    "sha512": "0.4.0.127.0.7.1.1.4.1.5",
}
_HASHES = {
    "sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256,
    "sha384": hashes.SHA384, "sha512": hashes.SHA512,
}  # fmt: skip


def _signer(key: PrivateKey, scheme: str, hash_alg: str):
    """(SignedDigestAlgorithm as a dict, sign function) for ``scheme``."""
    algorithm = _HASHES[hash_alg]()
    if scheme == "pkcs1":
        return {"algorithm": _RSA_OIDS[hash_alg]}, lambda data: key.sign(
            data, padding.PKCS1v15(), algorithm
        )
    if scheme == "pss":
        salt = algorithm.digest_size
        params = {
            "hash_algorithm": {"algorithm": sod.DIGEST_OIDS[hash_alg]},
            "mask_gen_algorithm": {
                "algorithm": "mgf1",
                "parameters": {"algorithm": sod.DIGEST_OIDS[hash_alg]},
            },
            "salt_length": salt,
            "trailer_field": "trailer_field_bc",
        }
        return {"algorithm": "rsassa_pss", "parameters": params}, lambda data: key.sign(
            data, padding.PSS(padding.MGF1(algorithm), salt), algorithm
        )
    if scheme == "ecdsa":
        return {"algorithm": _ECDSA_OIDS[hash_alg]}, lambda data: key.sign(
            data, ec.ECDSA(algorithm)
        )
    if scheme == "ecdsa-plain":
        size = (key.curve.key_size + 7) // 8  # type: ignore[union-attr]

        def plain(data: bytes) -> bytes:
            r, s = decode_dss_signature(key.sign(data, ec.ECDSA(algorithm)))  # type: ignore[call-arg]
            return r.to_bytes(size, "big") + s.to_bytes(size, "big")

        return {"algorithm": _PLAIN_OIDS[hash_alg]}, plain
    raise ValueError(f"unknown scheme {scheme!r}")


def build_signed_sod(
    dg_bytes: Mapping[int, bytes],
    ds_key: PrivateKey,
    ds_cert: x509.Certificate | bytes,
    *,
    hash_alg: str = "sha256",
    scheme: str | None = None,
    use_key_id: bool = False,
    signing_time: datetime | None = None,
) -> bytes:
    """A real EF.SOD (tag 77) over ``dg_bytes`` signed by ``ds_key``, embedding
    ``ds_cert``. ``dg_bytes`` is keyed by data group number or file identifier (EF.COM
    and EF.SOD entries are skipped). ``scheme`` is "pkcs1" or "pss" for an RSA key,
    "ecdsa" or "ecdsa-plain" for an EC key (default: pkcs1 / ecdsa). ``hash_alg`` is
    used for the data group hashes and the signature alike."""
    groups, _sod = data_groups(dg_bytes)
    if scheme is None:
        scheme = "pkcs1" if isinstance(ds_key, rsa.RSAPrivateKey) else "ecdsa"
    digest_oid = sod.DIGEST_OIDS[hash_alg]
    hashes_by_group = {n: sod.digest(hash_alg, data) for n, data in groups.items()}
    content = lds.build_lds_security_object(hashes_by_group, digest_oid=digest_oid)
    algorithm, sign = _signer(ds_key, scheme, hash_alg)
    cert_der = (
        ds_cert if isinstance(ds_cert, bytes) else ds_cert.public_bytes(serialization.Encoding.DER)
    )
    signed = sod.build_signed_data(
        sod.OID_LDS_SECURITY_OBJECT,
        content,
        digest_name=hash_alg,
        signature_algorithm=algorithm,
        sign=sign,
        certificate=cert_der,
        use_key_id=use_key_id,
        signing_time=signing_time,
    )
    return sod.wrap_ef_sod(signed)


def signed_by_other_key(dg_bytes: Mapping[int, bytes], base: Pki | None = None) -> bytes:
    """An EF.SOD carrying ``base``'s DS certificate but signed with another key."""
    base = base or pki()
    return build_signed_sod(dg_bytes, new_key("ec", "impostor"), base.ds_cert)


def tamper(files: Mapping[int, bytes], key: int, *, offset: int = -1) -> dict[int, bytes]:
    """A copy of ``files`` with one byte of ``files[key]`` flipped (the last by default):
    a data group changed after it was signed."""
    out = dict(files)
    data = bytearray(out[key])
    data[offset] ^= 0x01
    out[key] = bytes(data)
    return out


def build_master_list(signer: Pki, certificates: list[bytes]) -> bytes:
    """A CSCA Master List (DER CMS) holding ``certificates``, signed by ``signer``'s DS
    key acting as the Master List Signer (its CSCA should be in the list)."""
    algorithm, sign = _signer(
        signer.ds_key,
        "ecdsa" if isinstance(signer.ds_key, ec.EllipticCurvePrivateKey) else "pkcs1",
        "sha256",
    )
    return sod.build_signed_data(
        sod.OID_CSCA_MASTER_LIST,
        sod.build_master_list(certificates),
        digest_name="sha256",
        signature_algorithm=algorithm,
        sign=sign,
        certificate=signer.ds_cert.public_bytes(serialization.Encoding.DER),
    )


# -- explicit EC parameters ---------------------------------------------------------


def explicit_p256_spki(public: ec.EllipticCurvePublicKey) -> asn1_keys.PublicKeyInfo:
    """``public`` (a P-256 key) as a SubjectPublicKeyInfo with specified domain
    parameters instead of the curve's OID."""
    size = 32
    point = public.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    base = b"\x04" + P256["gx"].to_bytes(size, "big") + P256["gy"].to_bytes(size, "big")
    domain = {
        "version": "ecdpVer1",
        "field_id": {"field_type": "prime_field", "parameters": P256["p"]},
        "curve": {"a": P256["a"].to_bytes(size, "big"), "b": P256["b"].to_bytes(size, "big")},
        "base": base,
        "order": P256["n"],
        "cofactor": 1,
    }
    return asn1_keys.PublicKeyInfo(
        {
            "algorithm": {
                "algorithm": "ec",
                "parameters": asn1_keys.ECDomainParameters({"specified": domain}),
            },
            "public_key": point,
        }
    )


def with_explicit_parameters(base: Pki | None = None) -> bytes:
    """DER of ``base``'s DS certificate (an EC P-256 key) rewritten to carry explicit
    domain parameters, and signed again by the CSCA."""
    base = base or pki()
    cert = asn1_x509.Certificate.load(base.ds_cert.public_bytes(serialization.Encoding.DER))
    tbs = cert["tbs_certificate"]
    tbs["subject_public_key_info"] = explicit_p256_spki(base.ds_key.public_key())  # type: ignore[arg-type]
    tbs_der = tbs.dump(force=True)
    hash_alg = "sha384" if isinstance(_cert_hash(base.csca_key), hashes.SHA384) else "sha256"
    algorithm, sign = _signer(
        base.csca_key,
        "pkcs1" if isinstance(base.csca_key, rsa.RSAPrivateKey) else "ecdsa",
        hash_alg,
    )
    return asn1_x509.Certificate(
        {
            "tbs_certificate": asn1_x509.TbsCertificate.load(tbs_der),
            "signature_algorithm": algorithm,
            "signature_value": sign(tbs_der),
        }
    ).dump()


# -- the specimen card, signed --------------------------------------------------------


def signed_specimen_files(
    person: Specimen | None = None, base: Pki | None = None, **options: bool
) -> dict[int, bytes]:
    """``specimen.specimen_files`` with an EF.SOD signed by the test PKI."""
    files = specimen_files(person, **options, sod=False)
    files[lds.FID_EF_SOD] = (base or pki()).sign(files)
    return files
