"""Passive Authentication: EF.SOD signature, DS -> CSCA chain, data group hashes."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devices.cccd import lds, pa, sod, testpki
from devices.cccd.card import CardTransport, EmrtdCard
from devices.cccd.reader import EmrtdReader
from devices.cccd.specimen import specimen, specimen_files

PERSON = specimen()
PKI = testpki.pki()
TRUST = PKI.trust_store()
FILES = testpki.signed_specimen_files(PERSON)
SOD = FILES[lds.FID_EF_SOD]
GROUPS = {n: FILES[lds.dg_fid(n)] for n in (1, 2, 13)}


def check(groups=GROUPS, sod_bytes=SOD, trust=TRUST, **kwargs) -> pa.PaResult:
    return pa.verify(groups, sod_bytes, trust, **kwargs)


def test_specimen_verifies():
    result = check()
    assert result.status == "verified" and result.verified and result.key == "pa.verified"
    assert result.dg_hashes_ok == {1: True, 2: True, 13: True}
    assert result.missing_in_sod == () and result.failed_groups == ()
    assert result.algorithm == "ecdsa-sha256" and result.hash_algorithm == "sha256"
    assert "TEST" in result.signer_subject and "C=VN" in result.signer_subject
    assert result.csca_subject == "CN=TEST CSCA kiosk,O=TEST kiosk (not real),C=VN"
    # The reader's own hash-list parser still reads a signed SOD.
    assert lds.parse_sod(SOD).hashes.keys() == {1, 2, 13}


def test_files_keyed_every_way_verify_alike():
    by_fid = pa.verify(FILES, None, TRUST)  # EF.SOD and EF.COM taken from the files
    by_name = check({f"DG{n}": data for n, data in GROUPS.items()})
    assert by_fid == by_name == check()
    with pytest.raises(ValueError):
        check({17: b"\x61\x00"})
    with pytest.raises(ValueError):
        check({1: GROUPS[1], "dg1": GROUPS[1]})


@pytest.mark.parametrize(
    ("kind", "scheme", "hash_alg", "expected"),
    [
        ("rsa", "pkcs1", "sha256", "rsa-pkcs1v15-sha256"),
        ("rsa", "pss", "sha256", "rsa-pss-sha256"),
        ("rsa", "pss", "sha512", "rsa-pss-sha512"),
        ("rsa", "pkcs1", "sha1", "rsa-pkcs1v15-sha1"),  # old cards
        ("ec", "ecdsa", "sha512", "ecdsa-sha512"),
        ("ec", "ecdsa-plain", "sha256", "ecdsa-plain-sha256"),
        ("ec384", "ecdsa", "sha384", "ecdsa-sha384"),
        ("ec", "ecdsa", "sha224", "ecdsa-sha224"),
    ],
)
def test_signature_schemes(kind, scheme, hash_alg, expected):
    ca = testpki.pki(kind)
    sod_bytes = ca.sign(GROUPS, scheme=scheme, hash_alg=hash_alg)
    result = check(sod_bytes=sod_bytes, trust=ca.trust_store())
    assert result.status == "verified", result.detail
    assert result.algorithm == expected and result.hash_algorithm == hash_alg


def test_rsa_csca_over_ec_signer_and_key_id_and_signing_time():
    ca = testpki.pki("ec", csca_kind="rsa")
    sod_bytes = ca.sign(GROUPS, use_key_id=True, signing_time=datetime(2024, 7, 1, tzinfo=UTC))
    assert check(sod_bytes=sod_bytes, trust=ca.trust_store()).status == "verified"


@pytest.mark.parametrize("number", [1, 2, 13])
def test_tampered_data_group_is_named(number):
    tampered = testpki.tamper(GROUPS, number)
    result = check(tampered)
    assert result.status == "hash_mismatch"
    assert result.failed_groups == (number,)
    assert result.dg_hashes_ok[number] is False
    assert f"DG{number}" in result.detail


def test_data_group_not_covered_by_the_sod():
    sod_bytes = PKI.sign({1: GROUPS[1], 2: GROUPS[2]})
    result = check(sod_bytes=sod_bytes)
    assert result.status == "hash_mismatch"
    assert result.missing_in_sod == (13,) and result.dg_hashes_ok[13] is False
    # A group in the SOD that was not read (DG3 behind EAC, say) is no failure.
    assert check({1: GROUPS[1]}, sod_bytes=sod_bytes).status == "verified"


def test_unsigned_sod_is_not_verified():
    unsigned = specimen_files(PERSON)[lds.FID_EF_SOD]
    result = check(sod_bytes=unsigned)
    assert not result.verified and result.status == "bad_signature"
    assert result.dg_hashes_ok == {1: True, 2: True, 13: True}  # hashes alone prove nothing


def test_signature_by_another_key():
    result = check(sod_bytes=testpki.signed_by_other_key(GROUPS))
    assert result.status == "bad_signature"


def test_changed_hash_inside_the_signed_content():
    # Rewrite DG13's hash in EF.SOD and the DG to match: the message digest breaks.
    old = sod.digest("sha256", GROUPS[13])
    changed = testpki.tamper(GROUPS, 13)
    forged = SOD.replace(old, sod.digest("sha256", changed[13]))
    assert forged != SOD
    result = check(changed, sod_bytes=forged)
    assert result.status == "bad_signature" and "message-digest" in result.detail


@pytest.mark.parametrize("same_name", [False, True])
def test_signer_from_an_unknown_csca(same_name):
    foreign = testpki.foreign_pki(same_name=same_name)
    result = check(sod_bytes=foreign.sign(GROUPS))
    assert result.status == "untrusted_signer"
    assert result.csca_subject is None
    # Trusting both CSCAs, each card verifies with its own.
    both = pa.TrustStore.from_certificates([PKI.csca_der, foreign.csca_der])
    assert check(sod_bytes=foreign.sign(GROUPS), trust=both).status == "verified"
    assert check(trust=both).status == "verified"


def test_expired_document_signer():
    old = testpki.expired_ds()
    sod_bytes = old.sign(GROUPS)
    result = check(sod_bytes=sod_bytes)
    assert result.status == "expired_or_not_yet_valid" and "DS" in result.detail
    # ... which was fine while it was valid (a naive time means UTC).
    assert check(sod_bytes=sod_bytes, at=datetime(2020, 6, 1)).status == "verified"
    assert check(at=datetime(2023, 12, 31, tzinfo=UTC)).status == "expired_or_not_yet_valid"
    assert check(at=datetime(2049, 12, 31, tzinfo=UTC)).status == "expired_or_not_yet_valid"


def test_empty_trust_store():
    result = check(trust=pa.TrustStore.empty())
    assert result.status == "no_trust_store" and result.key == "pa.no_trust_store"
    assert result.dg_hashes_ok == {1: True, 2: True, 13: True}


def test_unknown_signature_algorithm_is_reported_as_unsupported():
    ecdsa_sha256 = bytes.fromhex("06082a8648ce3d040302")
    at = SOD.rindex(ecdsa_sha256)  # the SignerInfo's, after the DS certificate's
    changed = SOD[: at + 9] + b"\x09" + SOD[at + 10 :]  # 1.2.840.10045.4.3.9
    result = check(sod_bytes=changed)
    assert result.status == "malformed" and result.detail.startswith("unsupported")


def test_explicit_ec_parameters():
    cert = testpki.with_explicit_parameters()
    sod_bytes = testpki.build_signed_sod(GROUPS, PKI.ds_key, cert)
    result = check(sod_bytes=sod_bytes)
    assert result.status == "verified", result.detail
    other = testpki.build_signed_sod(GROUPS, testpki.new_key("ec", "impostor"), cert)
    assert check(sod_bytes=other).status == "bad_signature"
    plain = testpki.build_signed_sod(GROUPS, PKI.ds_key, cert, scheme="ecdsa-plain")
    assert check(sod_bytes=plain).status == "verified"


def test_explicit_curve_arithmetic_matches_p256():
    spki = testpki.explicit_p256_spki(PKI.ds_key.public_key())
    key = pa.PublicKey.from_spki(spki)
    scheme = pa.Scheme("ecdsa", "sha256")
    signature = PKI.ds_key.sign(b"xin chao", ec.ECDSA(hashes.SHA256()))
    assert key.verify(scheme, b"xin chao", signature)
    assert not key.verify(scheme, b"xin chao!", signature)
    assert not key.verify(scheme, b"xin chao", b"\x30\x00")


# -- malformed input -----------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x77",
        b"\x77\x00",
        b"\x30\x03\x02\x01\x00",
        SOD[:-1],
        SOD[: len(SOD) // 2],
        SOD + b"\x00",
        b"\x78" + SOD[1:],
        bytes(200),
        b"\x77\x84\xff\xff\xff\xff",
        lds.build_ef_com([1, 2]),
    ],
)
def test_garbage_sod_is_malformed(data):
    assert check(sod_bytes=data).status == "malformed"


def test_missing_sod_is_malformed():
    assert pa.verify(GROUPS, None, TRUST).status == "malformed"


def test_every_byte_flip_is_handled():
    start = time.perf_counter()
    signed_region = SOD.index(sod.digest("sha256", GROUPS[1]))
    for pos in range(0, len(SOD), 3):
        data = bytearray(SOD)
        data[pos] ^= 0x55
        result = check(sod_bytes=bytes(data))
        assert result.status in pa.STATUSES
        if pos >= signed_region and pos < signed_region + 32:
            assert not result.verified
    assert time.perf_counter() - start < 10


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_fuzzed_bytes_are_malformed(data):
    assert check(sod_bytes=data).status == "malformed"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, len(SOD) - 1), st.integers(0, 255), st.sampled_from("fid")),
        min_size=1,
        max_size=4,
    )
)
def test_fuzzed_mutations_of_a_real_sod(edits):
    data = bytearray(SOD)
    for pos, value, op in edits:
        pos %= max(1, len(data))
        if op == "f":
            data[pos] = value
        elif op == "i":
            data.insert(pos, value)
        elif data:
            del data[pos]
    start = time.perf_counter()
    result = check(sod_bytes=bytes(data))
    assert result.status in pa.STATUSES
    assert time.perf_counter() - start < 2


# -- trust store ---------------------------------------------------------------------


def test_trust_store_from_a_directory(tmp_path):
    foreign = testpki.foreign_pki()
    other = testpki.pki("ec384")
    (tmp_path / "vn-csca.pem").write_bytes(PKI.csca_pem)
    (tmp_path / "foreign.der").write_bytes(foreign.csca_der)
    nested = tmp_path / "more"
    nested.mkdir()
    (nested / "bundle.pem").write_bytes(other.csca_pem + PKI.csca_pem)  # a duplicate too
    (tmp_path / "README.txt").write_bytes(b"not a certificate")
    (tmp_path / "ds.pem").write_bytes(PKI.ds_cert.public_bytes(serialization.Encoding.PEM))

    store = pa.TrustStore.load(tmp_path)
    assert len(store) == 3
    report = store.report()
    assert report["count"] == 3
    subjects = {c["subject"] for c in report["certificates"]}
    assert "CN=TEST unknown CSCA,O=TEST kiosk (not real),C=VN" in subjects
    reasons = {Path(s["source"]).name: s["reason"] for s in report["skipped"]}
    assert set(reasons) == {"README.txt", "ds.pem"}
    assert "not a CA" in reasons["ds.pem"]
    assert all(len(c["sha256"]) == 64 for c in report["certificates"])

    assert check(trust=store).status == "verified"
    assert check(sod_bytes=foreign.sign(GROUPS), trust=store).status == "verified"
    assert len(pa.TrustStore.load(tmp_path / "vn-csca.pem")) == 1
    with pytest.raises(FileNotFoundError):
        pa.TrustStore.load(tmp_path / "absent.pem")


def test_trust_store_from_a_master_list(tmp_path):
    foreign = testpki.foreign_pki()
    ml = testpki.build_master_list(PKI, [PKI.csca_der, foreign.csca_der])
    (tmp_path / "masterlist.ml").write_bytes(ml)
    store = pa.TrustStore.load(tmp_path / "masterlist.ml")
    assert len(store) == 2 and "master list" in store.sources[0]
    assert check(trust=store).status == "verified"

    # A master list whose signer is not issued by a CSCA in the list is refused.
    (tmp_path / "masterlist.ml").write_bytes(testpki.build_master_list(PKI, [foreign.csca_der]))
    refused = pa.TrustStore.load(tmp_path)
    assert len(refused) == 0 and "signer" in refused.skipped[0][1]
    # So is one changed after signing.
    changed = bytearray(ml)
    changed[ml.index(foreign.csca_der) + 200] ^= 1
    (tmp_path / "masterlist.ml").write_bytes(bytes(changed))
    assert len(pa.TrustStore.load(tmp_path)) == 0


# -- end to end through the reader ----------------------------------------------------


def read(files: dict[int, bytes]):
    card = EmrtdCard(files, PERSON.bac_key().keys())
    return EmrtdReader(CardTransport(card)).read_card(PERSON.bac_key())


def test_read_then_verify():
    contents = read(FILES)
    assert contents.raw[lds.FID_EF_SOD] == SOD
    result = pa.verify_contents(contents, TRUST)
    assert result.status == "verified"
    assert result.dg_hashes_ok == {1: True, 2: True, 13: True}


def test_read_then_verify_a_card_with_a_changed_dg13():
    contents = read(testpki.tamper(FILES, lds.FID_DG13))
    result = pa.verify(contents.raw, contents.raw[lds.FID_EF_SOD], TRUST)
    assert result.status == "hash_mismatch" and result.failed_groups == (13,)
