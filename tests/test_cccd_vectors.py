"""Every value of the ICAO 9303-11 Appendix D worked example (BAC D.2-D.3, SM D.4),
reproduced exactly by the reader side and the card side."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from devices.cccd import bac, crypto, mrz, sm
from devices.cccd.apdu import CommandApdu
from devices.cccd.card import CardTransport, EmrtdCard
from devices.cccd.errors import SecureMessagingError
from devices.cccd.reader import EmrtdReader

HERE = Path(__file__).parent
LOCAL = HERE / "data" / "icao9303_bac_vectors.json"
SHARED = HERE.parent.parent / "shared" / "data" / "icao9303_bac_vectors.json"


def _load(path: Path) -> dict[str, str]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {e["name"]: e["value"] for part in ("bac", "secure_messaging") for e in doc[part]}


V = _load(LOCAL)
H = bytes.fromhex


def hexu(b: bytes) -> str:
    return b.hex().upper()


def test_local_copy_matches_shared_data():
    if not SHARED.exists():
        pytest.skip("shared data not beside the repository")
    assert _load(SHARED) == V


def test_every_vector_is_checked_somewhere():
    # Guard against a vector added to the file and forgotten here.
    source = Path(__file__).read_text(encoding="utf-8")
    def checked(name: str) -> bool:
        if f'"{name}"' in source:
            return True
        step, _, suffix = name.partition("_")
        # Per-step SM values are looked up as V[f"{step}_<suffix>"] for sm1..sm3.
        return step in ("sm1", "sm2", "sm3") and ('{step}_' + suffix + '"') in source

    assert [name for name in V if not checked(name)] == []


# -- D.2 key derivation ------------------------------------------------------------


def test_mrz_information_and_check_digits():
    assert V["document_number"] == "L898902C<"
    info = mrz.bac_key_seed(V["document_number"], V["date_of_birth_YYMMDD"],
                            V["date_of_expiry_YYMMDD"])
    assert info == V["mrz_information"]
    # The same three fields and their check digits sit in the TD3 specimen line.
    line = V["mrz_line2_TD3"]
    assert line[0:10] == info[0:10]
    assert line[13:20] == info[10:17]
    assert line[21:28] == info[17:24]


def test_key_seed_and_kdf():
    info = V["mrz_information"]
    assert hexu(hashlib.sha1(info.encode()).digest()) == V["sha1_mrz_information"]
    seed = bac.key_seed(info)
    assert hexu(seed) == V["Kseed"]
    d1 = hashlib.sha1(seed + b"\x00\x00\x00\x01").digest()
    d2 = hashlib.sha1(seed + b"\x00\x00\x00\x02").digest()
    assert hexu(d1) == V["sha1_Kseed_c1"]
    assert hexu(d2) == V["sha1_Kseed_c2"]
    assert hexu(d1[:16]) == V["KEnc_before_parity"]
    assert hexu(d2[:16]) == V["KMac_before_parity"]
    assert hexu(crypto.adjust_parity(d1[:16])) == V["KEnc"]
    assert hexu(crypto.adjust_parity(d2[:16])) == V["KMac"]
    keys = bac.BacKeys.from_mrz("L898902C", "690806", "940623")
    assert (hexu(keys.k_enc), hexu(keys.k_mac)) == (V["KEnc"], V["KMac"])


# -- D.3 mutual authentication ------------------------------------------------------


@pytest.fixture
def keys() -> bac.BacKeys:
    return bac.BacKeys(H(V["KEnc"]), H(V["KMac"]))


def test_reader_builds_external_authenticate(keys):
    s = H(V["RND.IFD"]) + H(V["RND.IC"]) + H(V["K.IFD"])
    assert hexu(s) == V["S"]
    e_ifd = crypto.tdes_encrypt(keys.k_enc, s)
    assert hexu(e_ifd) == V["EIFD"]
    assert hexu(crypto.retail_mac(keys.k_mac, e_ifd)) == V["MIFD"]
    data = bac.reader_authenticate_data(keys, H(V["RND.IC"]), H(V["RND.IFD"]), H(V["K.IFD"]))
    assert hexu(data) == V["cmd_data_EXTERNAL_AUTHENTICATE"]


def test_card_answers_external_authenticate(keys):
    answer, session = bac.card_answer(
        keys, H(V["RND.IC"]), H(V["cmd_data_EXTERNAL_AUTHENTICATE"]), H(V["K.IC"])
    )
    assert hexu(answer) == V["resp_data"]
    assert hexu(answer[:32]) == V["EIC"]
    assert hexu(answer[32:]) == V["MIC"]
    assert (hexu(session.ks_enc), hexu(session.ks_mac)) == (V["KSEnc"], V["KSMac"])
    assert session.ssc == int(V["SSC"], 16)


def test_reader_verifies_card_and_derives_session(keys):
    r = crypto.tdes_decrypt(keys.k_enc, H(V["EIC"]))
    assert hexu(r) == V["R_decrypted"]
    assert hexu(r[16:]) == V["K.IC"]
    seed = bytes(a ^ b for a, b in zip(H(V["K.IFD"]), r[16:], strict=True))
    assert hexu(seed) == V["KSseed"]
    session = bac.reader_complete(
        keys, H(V["RND.IC"]), H(V["RND.IFD"]), H(V["K.IFD"]), H(V["resp_data"])
    )
    assert hexu(session.ks_enc) == V["KSEnc"]
    assert hexu(session.ks_mac) == V["KSMac"]
    assert f"{session.ssc:016X}" == V["SSC"]


# -- D.4 secure messaging ------------------------------------------------------------

STEPS = [
    ("sm1", "sm1_select_ef_com_unprotected", None),
    ("sm2", "sm2_read_binary_4_unprotected", "sm2_decrypted_data"),
    ("sm3", "sm3_read_binary_18_unprotected", "sm3_decrypted_data"),
]


@pytest.mark.parametrize("step,plain,decrypted", STEPS)
def test_sm_reader_side(step, plain, decrypted):
    ks_enc, ks_mac = H(V["KSEnc"]), H(V["KSMac"])
    cmd = CommandApdu.from_bytes(H(V[plain]))
    trace = sm.wrap_command(ks_enc, ks_mac, int(V[f"{step}_SSC"], 16), cmd)
    if step == "sm1":
        assert hexu(trace.do87) == V["sm1_DO87"]
        assert trace.do97 == b""
    else:
        assert hexu(trace.do97) == V[f"{step}_DO97"]
        assert trace.do87 == b""
    assert hexu(trace.m) == V[f"{step}_M"]
    assert hexu(trace.n) == V[f"{step}_N"]
    assert hexu(trace.cc) == V[f"{step}_CC"]
    assert hexu(trace.protected) == V[f"{step}_protected_command_APDU"]

    resp = sm.unwrap_response(
        ks_enc, ks_mac, int(V[f"{step}_response_SSC"], 16), H(V[f"{step}_protected_response_APDU"])
    )
    assert hexu(resp.k) == V[f"{step}_response_K"]
    assert hexu(resp.cc) == V[f"{step}_response_CC"]
    assert resp.sw == 0x9000
    assert hexu(resp.data) == (V[decrypted] if decrypted else "")


@pytest.mark.parametrize("step,plain,decrypted", STEPS)
def test_sm_card_side(step, plain, decrypted):
    ks_enc, ks_mac = H(V["KSEnc"]), H(V["KSMac"])
    cmd = sm.unwrap_command(
        ks_enc, ks_mac, int(V[f"{step}_SSC"], 16), H(V[f"{step}_protected_command_APDU"])
    )
    assert cmd.to_bytes() == H(V[plain])
    data = H(V[decrypted]) if decrypted else b""
    answer = sm.wrap_response(ks_enc, ks_mac, int(V[f"{step}_response_SSC"], 16), data, 0x9000)
    assert hexu(answer) == V[f"{step}_protected_response_APDU"]


def test_sm_counter_runs_as_in_appendix():
    session = sm.SecureMessaging(H(V["KSEnc"]), H(V["KSMac"]), int(V["SSC"], 16))
    for step, plain, decrypted in STEPS:
        protected = session.wrap(CommandApdu.from_bytes(H(V[plain])))
        assert hexu(protected) == V[f"{step}_protected_command_APDU"]
        assert f"{session.ssc:016X}" == V[f"{step}_SSC"]
        resp = session.unwrap(H(V[f"{step}_protected_response_APDU"]))
        assert f"{session.ssc:016X}" == V[f"{step}_response_SSC"]
        assert hexu(resp.data) == (V[decrypted] if decrypted else "")


def test_tampered_response_mac_is_refused():
    raw = bytearray(H(V["sm2_protected_response_APDU"]))
    raw[-3] ^= 0x01  # last MAC byte
    with pytest.raises(SecureMessagingError) as info:
        sm.unwrap_response(H(V["KSEnc"]), H(V["KSMac"]), int(V["sm2_response_SSC"], 16), bytes(raw))
    assert info.value.key == "card.bad_mac"


def test_replayed_response_is_refused():
    # The right bytes with the wrong counter: a replay of an earlier answer.
    with pytest.raises(SecureMessagingError):
        sm.unwrap_response(H(V["KSEnc"]), H(V["KSMac"]), int(V["sm3_response_SSC"], 16),
                           H(V["sm2_protected_response_APDU"]))


# -- the whole appendix, end to end between our reader and our card -----------------


def _feeder(*chunks: str):
    queue = [H(c) for c in chunks]

    def rng(n: int) -> bytes:
        value = queue.pop(0)
        assert len(value) == n
        return value

    return rng


def test_reader_and_card_replay_appendix_d_exactly():
    ef_com = H(V["sm2_decrypted_data"]) + H(V["sm3_decrypted_data"])
    card = EmrtdCard({0x011E: ef_com}, bac.BacKeys(H(V["KEnc"]), H(V["KMac"])),
                     rng=_feeder(V["RND.IC"], V["K.IC"]))
    transport = CardTransport(card)
    transport.record = True
    reader = EmrtdReader(transport, rng=_feeder(V["RND.IFD"], V["K.IFD"]))
    reader.select_applet()
    reader.authenticate(bac.BacKey("L898902C<", "690806", "940623"))
    assert reader.read_file(0x011E) == ef_com

    sent = [hexu(c) for c, _ in transport.exchanges]
    received = [hexu(r) for _, r in transport.exchanges]
    assert sent[1] == "0084000008"
    assert received[1] == V["RND.IC"] + "9000"
    assert sent[2] == "0082000028" + V["cmd_data_EXTERNAL_AUTHENTICATE"] + "28"
    assert received[2] == V["resp_data"] + "9000"
    assert sent[3:] == [V["sm1_protected_command_APDU"], V["sm2_protected_command_APDU"],
                        V["sm3_protected_command_APDU"]]
    assert received[3:] == [V["sm1_protected_response_APDU"], V["sm2_protected_response_APDU"],
                            V["sm3_protected_response_APDU"]]


def test_response_mac_covers_objects_as_the_card_encoded_them():
    ks_enc, ks_mac, ssc = H(V["KSEnc"]), H(V["KSMac"]), 5
    do99 = bytes.fromhex("9981029000")  # BER allows the long length form
    cc = crypto.retail_mac(ks_mac, ssc.to_bytes(8, "big") + do99)
    raw = do99 + b"\x8e\x08" + cc + b"\x90\x00"
    assert sm.unwrap_response(ks_enc, ks_mac, ssc, raw).sw == 0x9000


def test_bare_error_status_is_returned_unauthenticated():
    trace = sm.unwrap_response(H(V["KSEnc"]), H(V["KSMac"]), 1, b"\x69\x88")
    assert (trace.sw, trace.authenticated) == (0x6988, False)
