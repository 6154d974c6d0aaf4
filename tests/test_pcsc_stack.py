"""The reader reader_service through the real stack: pyscard -> libpcsclite -> pcscd -> the
vpcd reader driver -> a virtual card on a TCP link (see pcsc_fixtures.py)."""

from __future__ import annotations

import time

import pytest
from pcsc_fixtures import READER_0, READER_1, wait_until

import devices.cccd as cccd
from devices import pcsc
from devices.cccd.specimen import specimen, specimen_card
from devices.vpcd import CONTACTLESS_ATR, CardAdapter, EchoCard, FileCard

pytest_plugins = ["pcsc_fixtures"]

AID = bytes.fromhex("A0000002471001")
DATA = bytes((i * 7 + 3) & 0xFF for i in range(700))
FILES = {0x011E: DATA, 0x0101: b"short file"}
SELECT_APP = bytes.fromhex("00A4040C07") + AID
SELECT_EF = bytes.fromhex("00A4020C02011E")


def read_file(transport, size: int, chunk: int = 0xDF) -> bytes:
    """READ BINARY the selected file the simple way: what a protocol layer would do."""
    out = b""
    while len(out) < size:
        le = min(chunk, size - len(out))
        answer = transport.transmit(bytes((0, 0xB0, len(out) >> 8, len(out) & 0xFF, le)))
        assert answer[-2:] == b"\x90\x00", answer[-2:].hex()
        out += answer[:-2]
    return out


def open_selected(svc, reader: str = READER_0):
    transport = svc.open(reader)
    assert transport.transmit(SELECT_APP) == b"\x90\x00"
    assert transport.transmit(SELECT_EF) == b"\x90\x00"
    return transport


def test_list_readers_shows_the_virtual_readers(pcscd):
    readers = pcsc.list_readers()
    assert READER_0 in readers and READER_1 in readers


def test_insert_read_remove(reader_service, pcsc_events, play_card):
    atr = bytes.fromhex("3B8880010000000000718100F9")
    link = play_card(FileCard(FILES, aid=AID, atr=atr))
    assert pcsc_events.wait_inserted() == atr
    assert reader_service.cards[READER_0] == atr

    transport = open_selected(reader_service)
    assert isinstance(transport, cccd.Transport)
    assert transport.atr == atr
    assert transport.extended_length is False  # vpcd cannot tell: short APDUs only
    assert read_file(transport, len(DATA)) == DATA
    diagnostics = reader_service.diagnostics()
    assert diagnostics["service"] == "available"
    assert READER_0 in diagnostics["readers"]
    assert diagnostics["cards"][READER_0]["atr"] == atr.hex(" ").upper()

    link.remove()
    pcsc_events.wait_removed()
    assert READER_0 not in reader_service.cards
    with pytest.raises(pcsc.CardRemoved) as info:
        transport.transmit(SELECT_EF)
    assert info.value.key == "card.removed"
    assert isinstance(info.value, cccd.CardRemoved)  # what EmrtdReader catches
    assert reader_service.diagnostics()["last_error"]["key"] == "card.removed"
    # Connecting and reading made no insert/remove noise of their own.
    assert [e[0] for e in pcsc_events.seen if e[0] in ("inserted", "removed")] == [
        "inserted", "removed"]


def test_t0_answers_61xx_and_6cxx_are_handled_below_the_protocol(reader_service, pcsc_events, play_card):
    card = FileCard(FILES, aid=AID, get_response=True, exact_le=True)
    play_card(card)
    pcsc_events.wait_inserted()
    transport = open_selected(reader_service)
    before = card.commands
    assert read_file(transport, len(DATA), chunk=0xF0) == DATA
    assert card.commands - before == 3 * 2  # each read: 61xx, then GET RESPONSE
    before = card.commands
    # Le bigger than what is left: 6C0C, sent again with Le 0C, 610C, GET RESPONSE.
    assert transport.transmit(bytes.fromhex("00B002B020")) == DATA[688:] + b"\x90\x00"
    assert card.commands - before == 3


def test_card_lifted_mid_exchange_is_card_removed(reader_service, pcsc_events, play_card):
    link = play_card(FileCard(FILES, aid=AID))
    pcsc_events.wait_inserted()
    transport = open_selected(reader_service)
    link.remove_after(2)
    start = time.monotonic()
    with pytest.raises(pcsc.CardRemoved) as info:
        read_file(transport, len(DATA))
    assert info.value.key == "card.removed"
    assert time.monotonic() - start < reader_service.timeout  # no waiting for a timeout
    pcsc_events.wait_removed()
    start = time.monotonic()
    with pytest.raises(pcsc.CardRemoved):
        transport.transmit(SELECT_EF)  # and it stays removed
    assert time.monotonic() - start < 0.2


def test_a_stalled_card_times_out_and_the_worker_serves_the_next_card(
    reader_service, pcsc_events, play_card
):
    link = play_card(FileCard(FILES, aid=AID))
    pcsc_events.wait_inserted()
    transport = open_selected(reader_service)
    link.stall(count=None)
    start = time.monotonic()
    with pytest.raises(pcsc.CardTimeout) as info:
        transport.transmit(bytes.fromhex("00B0000010"))
    elapsed = time.monotonic() - start
    assert info.value.key == "card.timeout"
    assert isinstance(info.value, cccd.CardTimeout)
    assert reader_service.timeout - 0.05 <= elapsed < reader_service.timeout + 0.5
    assert reader_service.diagnostics()["worker"]["busy_seconds"] is not None

    # The driver holds the worker until the mute card goes; then it is free again.
    link.remove()
    pcsc_events.wait_removed()
    worker = lambda: reader_service.diagnostics()["worker"]  # noqa: E731
    assert wait_until(lambda: worker()["busy_seconds"] is None, 2.0)
    link.clear_faults()
    link.card = FileCard(FILES, aid=AID)
    link.insert()
    pcsc_events.wait_inserted()
    transport = open_selected(reader_service)
    assert read_file(transport, 16) == DATA[:16]


def test_garbage_passes_through_but_no_status_word_is_an_error(reader_service, pcsc_events, play_card):
    link = play_card(FileCard(FILES, aid=AID))
    pcsc_events.wait_inserted()
    transport = open_selected(reader_service)
    garbage = bytes.fromhex("DEADBEEF0042")
    link.answer_garbage(garbage)
    assert transport.transmit(bytes.fromhex("00B0000004")) == garbage

    link.answer_garbage(b"\x6f")
    start = time.monotonic()
    with pytest.raises(pcsc.BadResponse) as info:
        transport.transmit(bytes.fromhex("00B0000004"))
    assert info.value.key == "card.bad_response"
    assert isinstance(info.value, cccd.CardIOError)
    assert time.monotonic() - start < reader_service.timeout
    # The card is still there: the connection goes on.
    assert transport.transmit(bytes.fromhex("00B0000004")) == DATA[:4] + b"\x90\x00"


def test_opening_without_a_card_or_reader(reader_service, pcsc_events):
    with pytest.raises(pcsc.NoCard) as info:
        reader_service.open()
    assert info.value.key == "card.absent"
    with pytest.raises(pcsc.NoCard):
        reader_service.open(READER_1)
    with pytest.raises(pcsc.ReaderUnplugged) as info:
        reader_service.open("No Such Reader 00 00")
    assert info.value.key == "reader.unplugged"


def test_two_readers_at_once(reader_service, pcsc_events, play_card):
    play_card(FileCard(FILES, aid=AID))
    play_card(EchoCard(), READER_1)
    inserted = {pcsc_events.wait(lambda e: e[0] == "inserted")[1] for _ in range(2)}
    assert inserted == {READER_0, READER_1}
    echo = reader_service.open(READER_1)
    files = open_selected(reader_service, READER_0)
    assert echo.transmit(b"\x00\x01\x02\x03") == b"\x00\x01\x02\x03\x90\x00"
    assert read_file(files, 8) == DATA[:8]


def test_a_standalone_transport_runs_its_own_worker(pcscd, play_card, no_thread_leaks):
    play_card(EchoCard())
    assert wait_until(lambda: READER_0 in (pcsc.list_readers() or []), 1.0)
    with pcsc.PcscTransport(READER_0, timeout=2.0, extended_length=True) as transport:
        assert wait_until(lambda: _connects(transport), 3.0)
        assert transport.extended_length is True  # configured, not asked
        assert transport.atr == CONTACTLESS_ATR
        assert transport.transmit(b"\x00\x84\x00\x00\x08") == b"\x00\x84\x00\x00\x08\x90\x00"


def _connects(transport) -> bool:
    try:
        transport.connect()
        return True
    except pcsc.NoCard:
        return False


def test_the_emrtd_reader_reads_the_specimen_chip_through_pcscd(reader_service, pcsc_events, play_card):
    person = specimen()
    link = play_card(CardAdapter(specimen_card(person)))
    pcsc_events.wait_inserted()
    transport = reader_service.open()
    contents = reader_service.call(
        lambda: cccd.EmrtdReader(transport, timeout=2.0).read_card(person.bac_key()),
        timeout=10.0,
    )
    assert contents.dg13.full_name == person.details.full_name
    assert contents.dg2.faces[0].data == person.face

    link.remove_after(5)  # pulled away in the middle of the next reading
    with pytest.raises(cccd.CardRemoved) as info:
        reader_service.call(lambda: cccd.EmrtdReader(transport).read_card(person.bac_key()),
                     timeout=10.0)
    assert info.value.key == "card.removed"


def test_stop_is_prompt_even_with_a_long_poll(pcscd, no_thread_leaks):
    svc = pcsc.ReaderService(poll_interval=30.0)
    svc.start()
    assert wait_until(lambda: READER_0 in svc.readers, 2.0)
    time.sleep(0.1)  # let the watcher block in its status call
    start = time.monotonic()
    assert svc.stop(2.0)
    assert time.monotonic() - start < 0.5  # SCardCancel woke it up
    assert not svc.running
    with pytest.raises(pcsc.ServiceStopped):
        svc.call(lambda: None)


def test_pcscd_restart_is_survived(pcscd, reader_service, pcsc_events, play_card):
    if not pcscd.started:
        pytest.skip("pcscd was already running, not started by these tests: not killing it")
    link = play_card(FileCard(FILES, aid=AID))
    pcsc_events.wait_inserted()
    transport = open_selected(reader_service)

    pcscd.kill()
    pcsc_events.wait_removed()
    pcsc_events.wait_readers(lambda readers: readers == ())
    pcsc_events.wait(lambda e: e == ("service", False))
    assert wait_until(lambda: not link.inserted, 2.0)  # the driver took the card with it
    assert reader_service.diagnostics()["service"] == "unavailable"
    with pytest.raises(pcsc.NoService) as info:
        transport.transmit(SELECT_EF)
    assert info.value.key == "reader.no_service"

    pcscd.start()
    assert pcscd.wait_for_readers()
    pcsc_events.wait_readers(lambda readers: READER_0 in readers, timeout=5.0)
    assert reader_service.diagnostics()["context_restarts"] >= 1
    link.insert(retry_for=5.0)
    pcsc_events.wait_inserted(timeout=5.0)
    transport = open_selected(reader_service)  # the worker re-established its context too
    assert read_file(transport, 32) == DATA[:32]
