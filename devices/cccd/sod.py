"""EF.SOD as CMS SignedData (ICAO 9303-10 §4.6.2, RFC 5652): parsing and building.

This module only takes the structure apart (and puts it together for the virtual chip);
it checks no signature. ``pa`` does the cryptography and decides what to trust.

EF.SOD is ``77`` { ContentInfo { id-signedData, SignedData } } where SignedData is
version 3, one digest algorithm, encapContentInfo { id-icao-mrtd-security-
ldsSecurityObject, OCTET STRING { LDSSecurityObject } }, the Document Signer
certificate in ``certificates`` and exactly one SignerInfo with signed attributes
(content-type and message-digest at least). The same SignedData shape carries a CSCA
Master List (eContentType id-icao-cscaMasterList), which the trust store reads.

The CMS layers are parsed with asn1crypto; the LDSSecurityObject inside is left to
``lds.parse_lds_security_object`` so the reader and Passive Authentication read the
hash list the same way. asn1crypto parses lazily and raises several exception types on
bad input, so every parse here forces the fields it returns while inside one guard
and turns any failure into ``CardDataError``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import algos, cms, core, x509

from . import lds, tlv
from .errors import CardDataError

OID_LDS_SECURITY_OBJECT = lds.OID_LDS_SECURITY_OBJECT  # 2.23.136.1.1.1
OID_CSCA_MASTER_LIST = "2.23.136.1.1.2"
OID_CONTENT_TYPE_ATTR = "1.2.840.113549.1.9.3"
OID_MESSAGE_DIGEST_ATTR = "1.2.840.113549.1.9.4"

# Digest algorithms an eMRTD may use (9303-12 §5.2): OID -> hashlib name.
DIGESTS: dict[str, str] = {
    "1.3.14.3.2.26": "sha1",
    "2.16.840.1.101.3.4.2.4": "sha224",
    "2.16.840.1.101.3.4.2.1": "sha256",
    "2.16.840.1.101.3.4.2.2": "sha384",
    "2.16.840.1.101.3.4.2.3": "sha512",
}
DIGEST_OIDS = {name: oid for oid, name in DIGESTS.items()}

# A real EF.SOD is a few KB (the reader stops at 32 KiB); anything far larger is hostile.
MAX_SOD_SIZE = 0x20000
# A CSCA Master List holds a few hundred certificates: a few MB at most.
MAX_SIGNED_DATA_SIZE = 0x1000000
# One DS certificate is the rule; a few more (a link or CSCA certificate) are tolerated.
MAX_CERTIFICATES = 8

# Exceptions asn1crypto raises on malformed input (it has no error type of its own).
# Only the parse calls sit inside this guard, so a bug in our own code is not hidden.
_ASN1_ERRORS = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    OverflowError,
    UnicodeError,
    AttributeError,  # asn1crypto has no .native for some universal types (REAL)
    NotImplementedError,
)


def digest(name: str, data: bytes) -> bytes:
    return hashlib.new(name, data).digest()


@dataclass(frozen=True, slots=True)
class SignerInfo:
    """The one signer of a SignedData, as bytes and OIDs: nothing here is verified."""

    # Signer identifier: issuer (as a normalised name, ``x509.Name.hashable``) and
    # serial number, or a subject key identifier.
    issuer: str | None
    serial: int | None
    subject_key_id: bytes | None
    digest_oid: str
    # Signed attributes re-encoded as the SET OF that was signed (RFC 5652 §5.4),
    # byte for byte from the card; None when absent.
    signed_attrs: bytes | None
    content_type_attr: str | None
    message_digest_attr: bytes | None
    signature_algorithm: algos.SignedDigestAlgorithm
    signature: bytes


@dataclass(frozen=True, slots=True)
class SignedContent:
    """A parsed CMS SignedData with its encapsulated content."""

    content_type: str  # eContentType OID
    content: bytes  # the eContent octets, exactly as signed
    certificates: tuple[bytes, ...]  # DER of each X.509 certificate carried
    signers: tuple[SignerInfo, ...]


@dataclass(frozen=True, slots=True)
class ParsedSod:
    signed: SignedContent
    digest_oid: str  # of the data group hashes (LDSSecurityObject.hashAlgorithm)
    hashes: dict[int, bytes]


def _octets(encap: core.Asn1Value) -> bytes:
    # The eContent is [0] EXPLICIT OCTET STRING. Read from the encoding itself, so the
    # bytes hashed are exactly the bytes carried, whatever asn1crypto's model of them.
    wrapper = tlv.decode(encap.dump())
    inner = wrapper.children()
    if wrapper.tag != 0xA0 or len(inner) != 1 or inner[0].tag != 0x04:
        raise CardDataError("SignedData: eContent is not one OCTET STRING")
    return inner[0].value


def _digest_oid(alg: algos.DigestAlgorithm) -> str:
    # Parameters are absent or NULL for every hash (RFC 5754 §2); anything else there
    # is not what was meant.
    params = alg["parameters"]
    if not isinstance(params, core.Void) and params.dump() != b"\x05\x00":
        raise CardDataError("digest algorithm with parameters")
    return alg["algorithm"].dotted


def _signer(info: cms.SignerInfo) -> SignerInfo:
    sid = info["sid"]
    # RFC 5652 §5.3: version 1 goes with issuerAndSerialNumber, 3 with a key identifier.
    expected = "v1" if sid.name == "issuer_and_serial_number" else "v3"
    if info["version"].native != expected:
        raise CardDataError("SignerInfo: version does not match the signer identifier")
    issuer = serial = ski = None
    if sid.name == "issuer_and_serial_number":
        issuer = sid.chosen["issuer"].hashable
        serial = sid.chosen["serial_number"].native
    else:
        ski = sid.chosen.native
    signed_attrs = content_type = message_digest = None
    attrs = info["signed_attrs"]
    if not isinstance(attrs, core.Void):
        encoded = attrs.dump()
        # Signed as a SET OF (tag 31), carried as [0] IMPLICIT (tag A0).
        signed_attrs = b"\x31" + encoded[1:]
        seen: set[str] = set()
        for attr in attrs:
            kind = attr["type"].dotted
            values = attr["values"]
            if kind in seen:
                # RFC 5652 §5.3: an attribute type appears once; two message digests
                # would let a verifier and a signer disagree on which one counts.
                raise CardDataError("SignerInfo: repeated signed attribute")
            seen.add(kind)
            if kind == OID_CONTENT_TYPE_ATTR:
                if len(values) != 1:
                    raise CardDataError("SignerInfo: content-type needs one value")
                content_type = values[0].dotted
            elif kind == OID_MESSAGE_DIGEST_ATTR:
                if len(values) != 1:
                    raise CardDataError("SignerInfo: message-digest needs one value")
                message_digest = values[0].native
            else:
                values.native  # noqa: B018 - other attributes must at least parse
    algorithm = info["signature_algorithm"]
    algorithm["algorithm"].dotted  # noqa: B018
    algorithm["parameters"].native  # noqa: B018
    info["unsigned_attrs"].native  # noqa: B018
    return SignerInfo(
        issuer=issuer,
        serial=serial,
        subject_key_id=ski,
        digest_oid=_digest_oid(info["digest_algorithm"]),
        signed_attrs=signed_attrs,
        content_type_attr=content_type,
        message_digest_attr=message_digest,
        signature_algorithm=algorithm,
        signature=info["signature"].native,
    )


def parse_signed_data(content_info: bytes) -> SignedContent:
    """A DER ContentInfo holding SignedData; raises only CardDataError."""
    if len(content_info) > MAX_SIGNED_DATA_SIZE:
        raise CardDataError("SignedData: too large")
    try:
        info = cms.ContentInfo.load(content_info, strict=True)
        if info["content_type"].dotted != lds.OID_SIGNED_DATA:
            raise CardDataError("SignedData: ContentInfo is not id-signedData")
        signed = info["content"]
        # 9303-10 fixes SignedData version 3. asn1crypto parses lazily, so the fields
        # we do not otherwise use are forced here: a changed byte anywhere must show.
        if signed["version"].native != "v3":
            raise CardDataError("SignedData: version is not 3")
        digest_oids = {_digest_oid(alg) for alg in signed["digest_algorithms"]}
        signed["crls"].native  # noqa: B018
        encap = signed["encap_content_info"]
        content_type = encap["content_type"].dotted
        content = _octets(encap["content"])
        certificates = []
        for choice in signed["certificates"]:
            if choice.name != "certificate":
                continue  # attribute certificates mean nothing to an eMRTD
            certificates.append(choice.chosen.dump())
        if len(certificates) > MAX_CERTIFICATES:
            raise CardDataError("SignedData: too many certificates")
        signers = tuple(_signer(si) for si in signed["signer_infos"])
        if any(s.digest_oid not in digest_oids for s in signers):
            raise CardDataError("SignedData: signer's digest not in digestAlgorithms")
    except CardDataError:
        raise
    except _ASN1_ERRORS as exc:
        raise CardDataError(f"SignedData: {type(exc).__name__}") from None
    return SignedContent(content_type, content, tuple(certificates), signers)


def parse_sod(data: bytes) -> ParsedSod:
    """EF.SOD as read from the card (tag 77): the SignedData and its hash list."""
    if len(data) > MAX_SOD_SIZE:
        raise CardDataError("EF.SOD: too large")
    outer = tlv.decode(data)
    if outer.tag != lds.TAG_EF_SOD:
        raise CardDataError(f"EF.SOD: expected tag 77, found {outer.tag:X}")
    signed = parse_signed_data(outer.value)
    if signed.content_type != OID_LDS_SECURITY_OBJECT:
        raise CardDataError("EF.SOD: eContent is not an LDSSecurityObject")
    digest_oid, hashes = lds.parse_lds_security_object(signed.content)
    name = DIGESTS.get(digest_oid)
    if name is None:
        raise CardDataError(f"EF.SOD: unsupported data group hash algorithm {digest_oid}")
    size = hashlib.new(name).digest_size
    if any(len(h) != size for h in hashes.values()):
        raise CardDataError("EF.SOD: a data group hash has the wrong length")
    return ParsedSod(signed, digest_oid, hashes)


# -- CSCA Master List (9303-12 §9) --------------------------------------------------


class _CertificateSet(core.SetOf):
    _child_spec = x509.Certificate


class CscaMasterList(core.Sequence):
    _fields = [("version", core.Integer), ("cert_list", _CertificateSet)]


def parse_master_list(content: bytes) -> tuple[bytes, ...]:
    """DER of each certificate in a CscaMasterList (the eContent of a master list)."""
    try:
        ml = CscaMasterList.load(content, strict=True)
        if ml["version"].native != 0:
            raise CardDataError("master list: unknown version")
        return tuple(cert.dump() for cert in ml["cert_list"])
    except CardDataError:
        raise
    except _ASN1_ERRORS as exc:
        raise CardDataError(f"master list: {type(exc).__name__}") from None


# -- building (virtual chip, tests) ---------------------------------------------------


def build_signed_data(
    content_type: str,
    content: bytes,
    *,
    digest_name: str,
    signature_algorithm: dict,
    sign: Callable[[bytes], bytes],
    certificate: bytes,
    use_key_id: bool = False,
    signing_time: datetime | None = None,
) -> bytes:
    """A DER ContentInfo/SignedData over ``content`` with signed attributes.

    ``signature_algorithm`` is an asn1crypto SignedDigestAlgorithm value (a dict);
    ``sign`` signs the DER of the signed attributes with the Document Signer key.
    The signer is identified by issuer and serial number (the usual choice on eMRTDs)
    or, with ``use_key_id``, by the certificate's subject key identifier.
    """
    cert = x509.Certificate.load(certificate)
    digest_alg = algos.DigestAlgorithm({"algorithm": DIGEST_OIDS[digest_name]})
    attrs = [
        {"type": "content_type", "values": [content_type]},
        {"type": "message_digest", "values": [digest(digest_name, content)]},
    ]
    if signing_time is not None:
        attrs.append({"type": "signing_time", "values": [cms.Time({"utc_time": signing_time})]})
    signed_attrs = cms.CMSAttributes(attrs)
    to_sign = b"\x31" + signed_attrs.dump()[1:]
    if use_key_id:
        sid = cms.SignerIdentifier({"subject_key_identifier": cert.key_identifier})
    else:
        sid = cms.SignerIdentifier(
            {
                "issuer_and_serial_number": {
                    "issuer": cert.issuer,
                    "serial_number": cert.serial_number,
                }
            }
        )
    signer = cms.SignerInfo(
        {
            "version": "v3" if use_key_id else "v1",
            "sid": sid,
            "digest_algorithm": digest_alg,
            "signed_attrs": signed_attrs,
            "signature_algorithm": algos.SignedDigestAlgorithm(signature_algorithm),
            "signature": sign(to_sign),
        }
    )
    signed = cms.SignedData(
        {
            "version": "v3",
            "digest_algorithms": [digest_alg],
            "encap_content_info": {
                "content_type": content_type,
                "content": core.ParsableOctetString(content),
            },
            "certificates": [cert],
            "signer_infos": [signer],
        }
    )
    return cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump()


def wrap_ef_sod(content_info: bytes) -> bytes:
    return tlv.encode(lds.TAG_EF_SOD, content_info)


def build_master_list(certificates: list[bytes]) -> bytes:
    """The DER CscaMasterList (eContent of a master list) holding ``certificates``."""
    return CscaMasterList(
        {"version": 0, "cert_list": [x509.Certificate.load(c) for c in certificates]}
    ).dump()
