"""The reader service's pieces that need no pcscd: error mapping, APDU helpers, the
card worker's timeouts."""

from __future__ import annotations

import threading
import time

import pytest
from smartcard import scard

import devices.cccd as cccd
from devices import pcsc
from devices.pcsc import errors
from devices.pcsc.transport import get_response_cla, with_le
from devices.pcsc.worker import CardWorker


@pytest.mark.parametrize(
    ("code", "cls", "key"),
    [
        (scard.SCARD_E_NO_SERVICE, pcsc.NoService, "reader.no_service"),
        (scard.SCARD_E_SERVICE_STOPPED, pcsc.NoService, "reader.no_service"),
        (scard.SCARD_E_NO_READERS_AVAILABLE, pcsc.NoReader, "reader.none"),
        (scard.SCARD_E_UNKNOWN_READER, pcsc.ReaderUnplugged, "reader.unplugged"),
        (scard.SCARD_E_READER_UNAVAILABLE, pcsc.ReaderUnplugged, "reader.unplugged"),
        (scard.SCARD_E_SHARING_VIOLATION, pcsc.ReaderBusy, "reader.busy"),
        (scard.SCARD_W_REMOVED_CARD, pcsc.CardRemoved, "card.removed"),
        (scard.SCARD_E_NO_SMARTCARD, pcsc.NoCard, "card.absent"),
        (scard.SCARD_W_RESET_CARD, pcsc.CardReset, "card.reset"),
        (scard.SCARD_W_UNRESPONSIVE_CARD, pcsc.CardUnresponsive, "card.unresponsive"),
        (scard.SCARD_E_PROTO_MISMATCH, pcsc.CardUnresponsive, "card.unresponsive"),
        (scard.SCARD_E_TIMEOUT, pcsc.CardTimeout, "card.timeout"),
        (scard.SCARD_E_NOT_TRANSACTED, pcsc.CardIOError, "card.io"),
        (scard.SCARD_F_UNKNOWN_ERROR, pcsc.ReaderError, "reader.error"),
    ],
)
def test_pcsc_codes_become_typed_errors_with_stable_keys(code, cls, key):
    error = errors.from_code(code, "doing")
    assert type(error) is cls
    assert error.key == key
    assert error.code == code & 0xFFFFFFFF
    assert str(error).startswith("doing: ")
    # pyscard may hand codes over signed: the same error either way.
    assert type(errors.from_code(code - (1 << 32) if code >= 1 << 31 else code, "x")) is cls


def test_errors_are_the_card_session_errors_of_the_transport_contract():
    """The eMRTD reader catches devices.cccd errors; ours must be those, keys intact."""
    assert issubclass(pcsc.ReaderError, cccd.CardError)
    assert issubclass(pcsc.CardRemoved, cccd.CardRemoved)
    assert issubclass(pcsc.NoCard, cccd.CardRemoved)
    assert issubclass(pcsc.ReaderUnplugged, cccd.CardRemoved)
    assert issubclass(pcsc.CardTimeout, cccd.CardTimeout)
    assert issubclass(pcsc.BadResponse, cccd.CardIOError)
    assert issubclass(pcsc.CardReset, cccd.CardIOError)
    error = pcsc.CardRemoved("gone", code=1)
    assert (error.key, error.code, error.sw, str(error)) == ("card.removed", 1, None, "gone")
    assert str(pcsc.NoService()) == "reader.no_service"


def test_every_error_has_its_own_key():
    classes = [getattr(pcsc, name) for name in pcsc.__all__]
    keys = [c.key for c in classes if isinstance(c, type) and issubclass(c, pcsc.ReaderError)]
    assert len(keys) == len(set(keys)) == 13


def test_no_pcscd_is_no_service(monkeypatch):
    monkeypatch.setattr(scard, "SCardEstablishContext",
                        lambda scope: (scard.SCARD_E_NO_SERVICE, 0))
    with pytest.raises(pcsc.NoService) as info:
        pcsc.list_readers()
    assert info.value.key == "reader.no_service"


def test_no_readers_is_an_empty_list(monkeypatch):
    monkeypatch.setattr(scard, "SCardEstablishContext", lambda scope: (0, 7))
    monkeypatch.setattr(scard, "SCardReleaseContext", lambda ctx: 0)
    monkeypatch.setattr(scard, "SCardListReaders",
                        lambda ctx, groups: (scard.SCARD_E_NO_READERS_AVAILABLE, []))
    assert pcsc.list_readers() == []


@pytest.mark.parametrize(
    ("cla", "expected"),
    [(0x00, 0x00), (0x0C, 0x00), (0x03, 0x03), (0x1F, 0x03), (0x4C, 0x4C), (0x6D, 0x4D),
     (0x80, 0x80), (0x90, 0x90)],
)
def test_get_response_keeps_the_channel_and_drops_sm_and_chaining(cla, expected):
    assert get_response_cla(cla) == expected


def test_wrong_le_reissues_the_same_command_with_the_cards_le():
    assert with_le(bytes.fromhex("00B0000010"), 0x0A) == bytes.fromhex("00B000000A")
    assert with_le(bytes.fromhex("00B00000"), 0x0A) == bytes.fromhex("00B000000A")
    assert with_le(bytes.fromhex("00A4040C02AABB00"), 0x00) == bytes.fromhex("00A4040C02AABB00")
    assert with_le(bytes.fromhex("00B0"), 0x0A) is None  # not an APDU: left alone


@pytest.fixture
def worker():
    w = CardWorker("test-card-worker")
    w.start()
    yield w
    assert w.stop(2.0)


def test_worker_runs_calls_on_its_own_thread(worker):
    assert worker.call(lambda: threading.current_thread().name, 1.0) == "test-card-worker"
    with pytest.raises(KeyError):
        worker.call(lambda: {}["x"], 1.0)  # the caller gets the job's exception
    # A job already on the worker calls straight through instead of deadlocking.
    assert worker.call(lambda: worker.call(lambda: 42, 1.0), 1.0) == 42


def test_worker_times_out_without_blocking_the_caller_and_skips_abandoned_jobs(worker):
    release = threading.Event()
    ran: list[str] = []
    start = time.monotonic()
    with pytest.raises(pcsc.CardTimeout) as info:
        worker.call(release.wait, 0.2, "stuck")
    assert info.value.key == "card.timeout"
    assert 0.2 <= time.monotonic() - start < 0.5
    with pytest.raises(pcsc.CardTimeout, match="busy"):
        worker.call(lambda: ran.append("late"), 0.1)
    assert worker.stats()["busy_seconds"] is not None
    release.set()
    assert worker.call(lambda: "free", 1.0) == "free"
    assert ran == []  # its caller had given up: never run


def test_a_stopped_worker_refuses_calls():
    w = CardWorker()
    with pytest.raises(pcsc.ServiceStopped):
        w.call(lambda: 1, 1.0)
    w.start()
    assert w.stop(1.0)
    with pytest.raises(pcsc.ServiceStopped) as info:
        w.call(lambda: 1, 1.0)
    assert info.value.key == "reader.stopped"
