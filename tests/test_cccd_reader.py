"""The reader against the in-memory card: BAC end to end, typed errors, chunking."""

from __future__ import annotations

import pytest

from devices.cccd import lds, sm
from devices.cccd.apdu import CommandApdu, ResponseApdu, Transport
from devices.cccd.bac import BacKey
from devices.cccd.card import CardTransport, EmrtdCard
from devices.cccd.errors import (
    AccessDenied,
    CardDataError,
    CardError,
    CardIOError,
    CardRemoved,
    CardTimeout,
    NotAnIdCard,
    SecureMessagingError,
)
from devices.cccd.reader import EXTENDED_CHUNK, SHORT_CHUNK, EmrtdReader
from devices.cccd.specimen import specimen, specimen_card

PERSON = specimen()


def reader_for(card: EmrtdCard, **kwargs) -> tuple[EmrtdReader, CardTransport]:
    transport = CardTransport(card)
    return EmrtdReader(transport, **kwargs), transport


def test_transport_protocol_is_small():
    assert isinstance(CardTransport(specimen_card()), Transport)


def test_read_whole_card():
    reader, _ = reader_for(specimen_card())
    card = reader.read_card(PERSON.bac_key())
    assert card.dg1.mrz.id_number == PERSON.id_number
    assert card.dg13 == PERSON.details
    assert card.dg2.faces[0].data == PERSON.face
    assert sorted(card.sod.hashes) == [1, 2, 13]
    assert set(card.raw) == {0x011E, 0x0101, 0x0102, 0x010D, 0x011D}
    steps = [s.name for s in card.stats]
    assert steps == ["select_applet", "bac", "EF.COM", "DG1", "DG2", "DG13", "EF.SOD"]
    by_name = {s.name: s for s in card.stats}
    assert by_name["select_applet"].apdus == 1 and by_name["bac"].apdus == 2
    # SELECT, a 4-byte header read, then ceil(rest / 223) reads.
    dg2 = len(card.raw[0x0102])
    assert by_name["DG2"].apdus == 2 + -(-(dg2 - 4) // SHORT_CHUNK)
    assert by_name["DG2"].bytes_read == dg2
    report = reader.report()
    assert report["total_apdus"] == sum(s.apdus for s in card.stats)
    assert PERSON.id_number not in repr(report) and PERSON.id_number not in repr(card)


def test_extended_length_reads_in_large_chunks():
    reader, _ = reader_for(specimen_card(extended_length=True))
    card = reader.read_card(PERSON.bac_key())
    assert reader.chunk == EXTENDED_CHUNK == 4071
    dg2 = {s.name: s for s in card.stats}["DG2"]
    assert dg2.apdus == 2 + -(-(len(card.raw[0x0102]) - 4) // EXTENDED_CHUNK)
    assert card.dg2.faces[0].data == PERSON.face


def test_chunk_halves_when_the_card_refuses_a_large_le():
    card = specimen_card(extended_length=True)
    card.extended_buffer = 1024  # a chip with a small buffer answers 6700 to 4071
    reader, _ = reader_for(card)
    result = reader.read_card(PERSON.bac_key())
    assert result.dg2.faces[0].data == PERSON.face
    assert reader.chunk < 1024


def test_optional_files_may_be_missing():
    reader, _ = reader_for(specimen_card(face=False, details=False, sod=False))
    card = reader.read_card(PERSON.bac_key())
    assert card.dg2 is None and card.dg13 is None and card.sod is None
    assert card.dg1.mrz.valid


def test_file_listed_but_absent_is_skipped():
    card = specimen_card()
    del card.files[lds.FID_DG13]
    reader, _ = reader_for(card)
    assert reader.read_card(PERSON.bac_key()).dg13 is None


def test_wrong_keys_are_access_denied():
    reader, _ = reader_for(specimen_card())
    with pytest.raises(AccessDenied) as info:
        reader.read_card(BacKey.for_cccd(PERSON.id_number, "900316", PERSON.date_of_expiry))
    assert info.value.key == "card.wrong_keys" and info.value.sw == 0x6300


def test_not_an_id_card():
    card = EmrtdCard({}, PERSON.bac_key().keys(), aid=bytes.fromhex("A000000003101001"))
    reader, _ = reader_for(card)
    with pytest.raises(NotAnIdCard) as info:
        reader.read_card(PERSON.bac_key())
    assert info.value.key == "card.not_cccd"


class Tamper:
    """A transport between reader and card that flips a byte of chosen answers."""

    def __init__(self, card: EmrtdCard, when) -> None:
        self.inner = CardTransport(card)
        self.when = when
        self.count = 0

    @property
    def extended_length(self) -> bool:
        return False

    def transmit(self, apdu: bytes, timeout: float) -> bytes:
        response = self.inner.transmit(apdu, timeout)
        self.count += 1
        if self.when(self.count, apdu):
            response = bytearray(response)
            response[-3] ^= 0x40  # inside DO'8E' (or M.ICC)
            response = bytes(response)
        return response


def test_tampered_sm_response_mac():
    transport = Tamper(specimen_card(), lambda n, apdu: apdu[0] == 0x0C and n == 6)
    reader = EmrtdReader(transport)
    with pytest.raises(SecureMessagingError) as info:
        reader.read_card(PERSON.bac_key())
    assert info.value.key == "card.bad_mac"
    # The session is gone: nothing more is sent under the old keys.
    with pytest.raises(CardError):
        reader.read_file(0x0101)


def test_tampered_mutual_authentication_answer():
    transport = Tamper(specimen_card(), lambda n, apdu: apdu[1] == 0x82)
    with pytest.raises(SecureMessagingError):
        EmrtdReader(transport).read_card(PERSON.bac_key())


def test_card_answers_6988_to_a_bad_command_mac_and_drops_the_session():
    card = specimen_card()
    reader, transport = reader_for(card)
    reader.select_applet()
    reader.authenticate(PERSON.bac_key())
    protected = bytearray(reader._sm.wrap(CommandApdu(0x00, 0xA4, 0x02, 0x0C, b"\x01\x01")))
    protected[-3] ^= 1
    assert transport.transmit(bytes(protected), 1.0) == b"\x69\x88"
    assert not card.authenticated


def test_reader_reports_card_ending_sm():
    card = specimen_card()
    reader, _ = reader_for(card)
    reader.select_applet()
    reader.authenticate(PERSON.bac_key())
    card.sm = None  # e.g. the chip was reset behind our back
    with pytest.raises(SecureMessagingError) as info:
        reader.read_file(lds.FID_DG1)
    assert info.value.sw == 0x6988


def test_card_removed_mid_read():
    card = specimen_card()
    transport = CardTransport(card)
    calls = 0
    original = transport.transmit

    def flaky(apdu, timeout):
        nonlocal calls
        calls += 1
        if calls == 10:
            transport.remove()
        return original(apdu, timeout)

    transport.transmit = flaky
    with pytest.raises(CardRemoved) as info:
        EmrtdReader(transport).read_card(PERSON.bac_key())
    assert info.value.key == "card.removed"


@pytest.mark.parametrize(
    "exc,expected", [(TimeoutError("slow"), CardTimeout), (OSError("usb"), CardIOError),
                     (CardTimeout("slow"), CardTimeout)]
)
def test_transport_failures_become_typed_errors(exc, expected):
    class Broken:
        extended_length = False

        def transmit(self, apdu, timeout):
            raise exc

    with pytest.raises(expected):
        EmrtdReader(Broken()).read_card(PERSON.bac_key())


def test_timeout_is_passed_to_the_transport():
    seen = []

    class Spy(CardTransport):
        def transmit(self, apdu, timeout):
            seen.append(timeout)
            return super().transmit(apdu, timeout)

    EmrtdReader(Spy(specimen_card()), timeout=1.5).read_card(PERSON.bac_key())
    assert set(seen) == {1.5}


def test_header_lying_about_length():
    card = specimen_card()
    dg1 = card.files[lds.FID_DG1]
    card.files[lds.FID_DG1] = dg1[:1] + bytes([dg1[1] + 20]) + dg1[2:]
    reader, _ = reader_for(card)
    with pytest.raises(CardDataError):
        reader.read_card(PERSON.bac_key())


def test_header_claiming_a_huge_file():
    card = specimen_card()
    card.files[lds.FID_DG1] = bytes.fromhex("6184FFFFFFFF") + bytes(10)
    reader, _ = reader_for(card)
    with pytest.raises(CardDataError):
        reader.read_card(PERSON.bac_key())


def test_long_header_needs_a_second_read():
    card = specimen_card()
    card.files[lds.FID_DG1] = bytes.fromhex("61830000") + bytes([5]) + b"\x5f\x1f\x02AB"
    reader, _ = reader_for(card)
    reader.select_applet()
    reader.authenticate(PERSON.bac_key())
    assert reader.read_file(lds.FID_DG1) == card.files[lds.FID_DG1]


def test_chunk_must_fit_a_protected_response():
    with pytest.raises(ValueError):
        EmrtdReader(CardTransport(specimen_card()), chunk=232)
    assert EmrtdReader(CardTransport(specimen_card()), chunk=0xE7).chunk == 231


def test_card_refuses_files_before_bac_and_plain_commands_in_sm():
    card = specimen_card()
    assert card.process(bytes.fromhex("00A4040C07A0000002471001")) == b"\x90\x00"
    assert card.process(bytes.fromhex("00A4020C020101")) == b"\x69\x82"
    assert card.process(bytes.fromhex("00B0000004")) == b"\x69\x82"
    assert card.process(bytes.fromhex("0C")) == b"\x67\x00"
    reader, _ = reader_for(card)
    reader.select_applet()
    reader.authenticate(PERSON.bac_key())
    assert card.authenticated
    assert card.process(bytes.fromhex("00B0000004")) == b"\x69\x82"
    assert not card.authenticated


def test_card_read_binary_edges():
    card = specimen_card()
    reader, _ = reader_for(card)
    reader.select_applet()
    reader.authenticate(PERSON.bac_key())
    session = reader._sm

    def ask(cmd: CommandApdu) -> ResponseApdu:
        trace = session.unwrap(card.process(session.wrap(cmd)))
        return ResponseApdu(trace.data, trace.sw)

    assert ask(CommandApdu(0, 0xA4, 0x02, 0x0C, b"\x01\x01")).sw == 0x9000
    size = len(card.files[lds.FID_DG1])
    assert ask(CommandApdu(0, 0xB0, 0, size - 2, ne=10)) == ResponseApdu(
        card.files[lds.FID_DG1][-2:], 0x6282
    )
    assert ask(CommandApdu(0, 0xB0, 0, size, ne=1)).sw == 0x6B00
    assert ask(CommandApdu(0, 0xB0, 0, 0, ne=sm.max_plain_read(256) + 1)).sw == 0x6700
    # Short EF identifier in P1: DG13 is SFI 0D.
    assert ask(CommandApdu(0, 0xB0, 0x8D, 0, ne=4)).data == card.files[lds.FID_DG13][:4]
    assert ask(CommandApdu(0, 0xA4, 0x02, 0x0C, b"\x01\x0f")).sw == 0x6A82
    assert ask(CommandApdu(0, 0xCA, 0, 0, ne=1)).sw == 0x6D00
