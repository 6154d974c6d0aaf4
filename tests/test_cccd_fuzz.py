"""Fuzzing every parser of card bytes: only CardDataError may escape.

Random bytes, and mutations (byte changes, truncation, insertion) of valid samples, which
get much deeper into the parsers. Inputs are capped at a few KiB; memory is checked on
the worst nesting we allow. No timing assertions (deadline off: CI machines vary).
"""

from __future__ import annotations

import os
import tracemalloc
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devices.cccd import dg13, lds, mrz, sm, tlv
from devices.cccd.apdu import CommandApdu
from devices.cccd.card import CardTransport
from devices.cccd.errors import CardDataError, CardError
from devices.cccd.reader import EmrtdReader
from devices.cccd.specimen import fake_jpeg, specimen, specimen_card, specimen_files

# CCCD_FUZZ_EXAMPLES=5000 runs a deeper search by hand; the suite stays fast.
FUZZ = settings(
    max_examples=int(os.environ.get("CCCD_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

PERSON = specimen(face_size=300)
FILES = specimen_files(PERSON)
KS_ENC = bytes.fromhex("979EC13B1CBFE9DCD01AB0FED307EAE5")
KS_MAC = bytes.fromhex("F1CB1F1FB5ADF208806B89DC579DC1F8")
SSC = 0x887022120C06C226
VALID_RESPONSE = sm.wrap_response(KS_ENC, KS_MAC, SSC, FILES[lds.FID_DG1], 0x9000)
VALID_COMMAND = sm.wrap_command(
    KS_ENC, KS_MAC, SSC, CommandApdu(0, 0xD6, 0, 0, b"payload to encrypt", ne=32)
).protected


def mutations(sample: bytes) -> st.SearchStrategy[bytes]:
    """``sample`` with a few bytes changed, then maybe cut short or lengthened."""
    edits = st.lists(st.tuples(st.integers(0, len(sample) - 1), st.integers(0, 255)), max_size=6)
    cut = st.integers(0, len(sample))
    tail = st.binary(max_size=8)

    def apply(args: tuple[list[tuple[int, int]], int, bytes, bool]) -> bytes:
        changes, end, extra, shorten = args
        out = bytearray(sample)
        for pos, value in changes:
            out[pos] = value
        return bytes(out[:end]) if shorten else bytes(out) + extra

    return st.tuples(edits, cut, tail, st.booleans()).map(apply)


def only_card_data_error(parse, data) -> None:
    try:
        parse(data)
    except CardDataError:
        pass


# -- tlv ---------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=2048))
def test_tlv_random(data):
    only_card_data_error(tlv.decode, data)
    only_card_data_error(tlv.decode_all, data)
    only_card_data_error(lambda d: list(tlv.walk(d)), data)
    only_card_data_error(tlv.read_header, data)
    only_card_data_error(tlv.decode_oid, data[:80])
    only_card_data_error(tlv.decode_integer, data[:16])


@FUZZ
@given(mutations(FILES[lds.FID_DG2]))
def test_tlv_walk_mutated(data):
    only_card_data_error(lambda d: list(tlv.walk(d, opaque=frozenset({0x5F2E}))), data)


@FUZZ
@given(st.recursive(
    st.binary(max_size=8).map(lambda b: tlv.encode(0x04, b)),
    lambda kids: st.lists(kids, max_size=4).map(lambda xs: tlv.encode(0x30, xs)),
    max_leaves=20,
))
def test_tlv_round_trip(encoded):
    assert tlv.decode(encoded).encode() == encoded
    # The iterative walk visits every node, the outer TLV first.
    nodes = list(tlv.walk(encoded, max_depth=64))
    assert nodes[0][1].tag == encoded[0]


# -- mrz ---------------------------------------------------------------------------


@FUZZ
@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<\n é", max_size=100))
def test_mrz_random_text(text):
    only_card_data_error(lambda t: mrz.parse_td1(t, strict=False), text)
    only_card_data_error(mrz.parse_td1, text)


@FUZZ
@given(mutations(PERSON.mrz.encode()))
def test_mrz_mutated(data):
    only_card_data_error(lambda d: mrz.parse_td1(d, strict=False), data)
    only_card_data_error(mrz.parse_td1, data)


@FUZZ
@given(st.text(alphabet="0123456789ABZ<", max_size=30))
def test_check_digit_is_a_digit(field):
    assert mrz.check_digit(field) in "0123456789"


# -- dg13 --------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=1024))
def test_dg13_random(data):
    only_card_data_error(dg13.parse_dg13, b"\x6d" + tlv.encode_length(len(data)) + data)
    only_card_data_error(dg13.parse_dg13, data)


@FUZZ
@given(mutations(FILES[lds.FID_DG13]))
def test_dg13_mutated(data):
    only_card_data_error(dg13.parse_dg13, data)


@FUZZ
@given(st.builds(
    dg13.Dg13,
    full_name=st.text(max_size=40) | st.none(),
    place_of_residence=st.text(max_size=200) | st.none(),
    father_name=st.text(min_size=1, max_size=20) | st.none(),
    spouse_name=st.text(min_size=1, max_size=20) | st.none(),
))
def test_dg13_build_parse_round_trip(info):
    parsed = dg13.parse_dg13(dg13.build_dg13(info))

    def norm(value):
        return unicodedata.normalize("NFC", value) if value else None

    assert parsed.full_name == norm(info.full_name)
    assert parsed.place_of_residence == norm(info.place_of_residence)
    assert parsed.father_name == norm(info.father_name)
    assert parsed.spouse_name == norm(info.spouse_name)


# -- secure messaging ----------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=300))
def test_sm_unwrap_random(data):
    only_card_data_error(lambda d: sm.unwrap_response(KS_ENC, KS_MAC, SSC, d), data)
    only_card_data_error(lambda d: sm.unwrap_command(KS_ENC, KS_MAC, SSC, d), data)
    only_card_data_error(CommandApdu.from_bytes, data)


@FUZZ
@given(mutations(VALID_RESPONSE))
def test_sm_unwrap_response_mutated(data):
    only_card_data_error(lambda d: sm.unwrap_response(KS_ENC, KS_MAC, SSC, d), data)


@FUZZ
@given(mutations(VALID_COMMAND))
def test_sm_unwrap_command_mutated(data):
    only_card_data_error(lambda d: sm.unwrap_command(KS_ENC, KS_MAC, SSC, d), data)


@FUZZ
@given(st.binary(max_size=400), st.integers(0, 0xFFFF))
def test_sm_round_trip(data, sw):
    wrapped = sm.wrap_response(KS_ENC, KS_MAC, SSC, data, sw)
    trace = sm.unwrap_response(KS_ENC, KS_MAC, SSC, wrapped)
    assert (trace.data, trace.sw) == (data, sw)


# -- lds -----------------------------------------------------------------------------

PARSERS = {
    lds.FID_EF_COM: lds.parse_ef_com,
    lds.FID_DG1: lds.parse_dg1,
    lds.FID_DG2: lds.parse_dg2,
    lds.FID_EF_SOD: lds.parse_sod,
}


@FUZZ
@given(st.sampled_from(sorted(PARSERS)), st.binary(max_size=1024))
def test_lds_random(fid, data):
    only_card_data_error(PARSERS[fid], data)


@FUZZ
@given(st.data())
def test_lds_mutated(data):
    fid = data.draw(st.sampled_from(sorted(PARSERS)))
    only_card_data_error(PARSERS[fid], data.draw(mutations(FILES[fid])))


@FUZZ
@given(mutations(lds.build_facial_record(fake_jpeg(100))))
def test_facial_record_mutated(block):
    only_card_data_error(lds.parse_facial_record, block)


# -- the card and the reader against hostile peers --------------------------------------


@FUZZ
@given(st.lists(st.binary(max_size=64), max_size=6))
def test_card_answers_anything_with_a_status_word(apdus):
    card = specimen_card(PERSON)
    for apdu in [bytes.fromhex("00A4040C07A0000002471001"), *apdus]:
        response = card.process(apdu)
        assert len(response) >= 2


class Hostile:
    """A 'card' that answers the reader's APDUs with hypothesis-chosen bytes."""

    extended_length = False

    def __init__(self, answers: list[bytes]) -> None:
        self.answers = answers

    def transmit(self, apdu: bytes, timeout: float) -> bytes:
        return self.answers.pop(0) if self.answers else b"\x6f\x00"


@FUZZ
@given(st.lists(st.binary(max_size=48) | st.sampled_from([b"\x90\x00", b"\x63\x00"]), max_size=8))
def test_reader_against_a_hostile_card(answers):
    try:
        EmrtdReader(Hostile(answers)).read_card(PERSON.bac_key())
    except CardError:
        pass


@FUZZ
@given(st.integers(4, 40), st.integers(0, 255))
def test_reader_against_a_card_whose_answers_are_corrupted(which, flip):
    transport = CardTransport(specimen_card(PERSON))
    original = transport.transmit
    count = 0

    def corrupt(apdu: bytes, timeout: float) -> bytes:
        nonlocal count
        count += 1
        response = original(apdu, timeout)
        if count == which and len(response) > 2:
            response = bytes([response[0] ^ (flip or 1)]) + response[1:]
        return response

    transport.transmit = corrupt
    try:
        EmrtdReader(transport).read_card(PERSON.bac_key())
    except CardError:
        pass


# -- bounded memory ---------------------------------------------------------------------


def test_memory_stays_bounded_on_worst_nesting():
    nested = b"\x04\x00"
    for _ in range(2000):
        nested = tlv.encode(0x30, nested)  # ~8 KB of 2000 nested SEQUENCEs
    tracemalloc.start()
    try:
        for parse in (dg13.parse_dg13, lds.parse_dg2, lds.parse_sod,
                      lambda d: list(tlv.walk(d))):
            only_card_data_error(parse, nested)
            only_card_data_error(parse, b"\x6d" + tlv.encode_length(len(nested)) + nested)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Depth is capped at 16, so at most ~16 copies of an 8 KB input are alive at once.
    assert peak < 2_000_000
