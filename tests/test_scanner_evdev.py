"""Keyboard-wedge scanners: the key decoder, and the evdev driver fed recorded
input_event streams through pipes (this machine has no /dev/input)."""

from __future__ import annotations

import importlib.util
import os
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.scanner import MESSAGES, ScannerError, open_scanner
from devices.scanner.keyboard import (
    EV_KEY,
    EV_LED,
    EV_SYN,
    EVENT,
    LED_CAPSL,
    SYN_DROPPED,
    KeyDecoder,
    iter_events,
    pack_event,
)
from devices.scanner.testing import Collector, scanner_threads

DATA = Path(__file__).parent / "data" / "scanner"
CCCD = "012345678901|123456789|Nguyễn Văn A|01021990|Nam|123 Hà Nội|10102021"
URL = "https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma=H26.105-251122-0001"
SHIFT, CTRL, ALT, RALT, CAPS, ENTER, TAB = 42, 29, 56, 100, 58, 28, 15
KP = {"0": 82, "1": 79, "2": 80, "3": 81, "4": 75, "5": 76, "6": 77, "7": 71, "8": 72, "9": 73}


def keys(*seq):
    """(code, value) pairs -> list for KeyDecoder.feed; an int means press+release."""
    out = []
    for item in seq:
        out += [(item, 1), (item, 0)] if isinstance(item, int) else [item]
    return out


def feed(decoder, seq, t0=100.0, step=0.004):
    done = []
    for n, (code, value) in enumerate(keys(*seq)):
        done += decoder.feed(EV_KEY, code, value, t0 + n * step)
    return done


def alt(digits):
    return [(ALT, 1), *[KP[d] for d in digits], (ALT, 0)]


# -- the recordings -------------------------------------------------------------------

def test_recordings_are_what_the_documented_script_writes():
    spec = importlib.util.spec_from_file_location("make_recordings", DATA / "make_recordings.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for name, data in mod.recordings().items():
        assert (DATA / name).read_bytes() == data, name
        assert len(data) % EVENT.size == 0


@pytest.mark.parametrize(("name", "expected"), [
    ("receipt_url.bin", [(URL, "enter")]),
    ("vietnamese_altcode.bin", [("Phường Hoàn Kiếm, Hà Nội", "enter")]),
    ("cccd_qr_altcode.bin", [(CCCD, "enter")]),
    ("cccd_qr_ibus.bin", [(CCCD, "enter")]),
    ("cccd_qr_mangled.bin", [(CCCD.replace("ễ", "?").replace("ă", "?").replace("à", "?")
                              .replace("ộ", "?"), "enter")]),
    # The recording's timestamps hold a 500 ms pause: the gap splits the code even when
    # the stream is replayed at full speed; the second half is ended by flush().
    ("split_by_gap.bin", [("H26.105-2", None), ("51122-0001", None)]),
])
def test_decoding_a_recording(name, expected):
    decoder = KeyDecoder("us", gap=0.1)
    done = decoder.feed_bytes((DATA / name).read_bytes())
    tail = decoder.flush()
    if tail is not None:
        done.append(tail)
    assert [(d.text, d.terminator) for d in done] == expected
    assert not any(d.garbled for d in done)


def test_the_mangled_card_qr_reaches_the_core_which_reports_it():
    from kiosk.identity.card_qr import CardQrError, parse_card_qr

    (done,) = KeyDecoder().feed_bytes((DATA / "cccd_qr_mangled.bin").read_bytes())
    with pytest.raises(CardQrError) as err:
        parse_card_qr(done.text)
    assert err.value.key == "qr.mangled"
    (good,) = KeyDecoder().feed_bytes((DATA / "cccd_qr_altcode.bin").read_bytes())
    assert parse_card_qr(good.text).full_name == "Nguyễn Văn A"


# -- the decoder ------------------------------------------------------------------------

def test_shift_and_capslock():
    d = KeyDecoder()
    # a, Shift+b, CapsLock, c, Shift+d (lower with CapsLock), 1 (digits ignore CapsLock)
    done = feed(d, [30, (SHIFT, 1), 48, (SHIFT, 0), CAPS, 46, (SHIFT, 1), 32, (SHIFT, 0), 2,
                    (SHIFT, 1), 3, (SHIFT, 0), ENTER])
    assert [x.text for x in done] == ["aBCd1@"]


def test_capslock_led_state_is_followed():
    d = KeyDecoder()
    d.feed(EV_LED, LED_CAPSL, 1)
    assert feed(d, [30, ENTER])[0].text == "A"
    d.feed(EV_LED, LED_CAPSL, 0)
    assert feed(d, [30, ENTER])[0].text == "a"
    assert feed(KeyDecoder(capslock=True), [30, ENTER])[0].text == "A"  # state read at open


def test_layouts_differ_where_they_should():
    seq = [21, 44, (RALT, 1), 16, (RALT, 0), ENTER]  # keys Y, Z, AltGr+Q
    assert feed(KeyDecoder("de"), seq)[0].text == "zy@"
    # On the US layout right Alt is plain Alt: AltGr+Q types nothing.
    assert feed(KeyDecoder("us"), seq)[0].text == "yz"
    with pytest.raises(ScannerError) as err:
        KeyDecoder("xx")
    assert err.value.key == "scanner.bad_uri"


def test_alt_codes_follow_windows_rules():
    d = KeyDecoder()
    # Alt+7877 is U+1EC5 'ễ'; Alt+0224 is Windows-1252 'à'; Alt+130 is OEM cp437 'é'.
    done = feed(d, [*alt("7877"), *alt("0224"), *alt("130"), ENTER])
    assert done[0].text == "ễàé" and not done[0].garbled
    unicode_low = KeyDecoder(oem="unicode")
    assert feed(unicode_low, [*alt("233"), ENTER])[0].text == "é"


@pytest.mark.parametrize("digits", ["0129", "55296", "1114112", "12345678"])
def test_impossible_alt_codes_mark_the_scan_garbled(digits):
    (done,) = feed(KeyDecoder(), [30, *alt(digits), 30, ENTER])
    assert done.garbled and done.text == "a\ufffda"


def test_ctrl_shift_u_both_styles():
    d = KeyDecoder()
    ibus = [(CTRL, 1), (SHIFT, 1), 22, (SHIFT, 0), (CTRL, 0), 2, 18, 46, 6, ENTER]  # 1ec5
    held = [(CTRL, 1), (SHIFT, 1), 22, 2, 18, 46, 6, (SHIFT, 0), (CTRL, 0)]
    done = feed(d, [*ibus, 30, *held, ENTER])
    assert done[0].text == "ễaễ"
    # A non-hex key ends the sequence (4, 3: U+0043) and types itself.
    assert feed(d, [(CTRL, 1), (SHIFT, 1), 22, (SHIFT, 0), (CTRL, 0), 5, 4, 17, ENTER])[0].text \
        == "Cw"


def test_terminators_and_gap():
    assert feed(KeyDecoder(), [30, TAB])[0].terminator == "tab"
    only_enter = KeyDecoder(terminators=("enter",))
    assert feed(only_enter, [30, TAB, 30, 96])[0].text == "aa"  # keypad Enter
    none = KeyDecoder(terminators=())
    assert feed(none, [30, ENTER, 30]) == []
    assert none.flush().text == "aa"
    assert feed(KeyDecoder(), [ENTER, ENTER]) == []  # lone terminators are not scans


def test_control_characters_and_dropped_events():
    (gs1,) = feed(KeyDecoder(), [30, (CTRL, 1), 27, (CTRL, 0), 31, ENTER])  # Ctrl+] = GS
    assert gs1.text == "a\x1ds"
    d = KeyDecoder()
    feed(d, [30])
    d.feed(EV_SYN, SYN_DROPPED, 0)
    assert feed(d, [31, ENTER])[0].garbled


def test_too_long_is_the_declared_error_and_the_decoder_recovers():
    d = KeyDecoder(max_len=10)
    with pytest.raises(ScannerError) as err:
        feed(d, [30] * 11)
    assert err.value.key == "scanner.too_long" and err.value.key in MESSAGES
    assert feed(d, [31, ENTER]) == []  # the rest of the runaway scan is dropped
    assert feed(d, [32, ENTER])[0].text == "d"
    with pytest.raises(ScannerError):
        feed(d, [30] * 11)
    assert d.pending and d.flush() is None and not d.pending  # a pause ends it too
    assert feed(d, [31, ENTER])[0].text == "s"


def test_records_round_trip():
    data = pack_event(1.5, EV_KEY, 30, 1) + pack_event(2.25, EV_SYN, 0, 0) + b"\x01\x02"
    assert list(iter_events(data)) == [(1.5, EV_KEY, 30, 1), (2.25, EV_SYN, 0, 0)]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=EVENT.size * 200))
def test_arbitrary_bytes_give_text_or_the_declared_error(data):
    d = KeyDecoder(max_len=64)
    try:
        done = d.feed_bytes(data)
    except ScannerError:
        return
    tail = d.flush()
    for x in [*done, *([tail] if tail else [])]:
        assert isinstance(x.text, str) and 0 < len(x.text) <= 64


event_st = st.tuples(st.sampled_from([EV_KEY, EV_KEY, EV_KEY, EV_SYN, EV_LED, 4]),
                     st.one_of(st.integers(0, 130), st.sampled_from([SHIFT, CTRL, ALT, RALT,
                                                                     22, *KP.values()])),
                     st.sampled_from([0, 1, 1, 2, -1, 7]),
                     st.floats(0, 1e6, allow_nan=False))


@settings(max_examples=300, deadline=None)
@given(st.lists(event_st, max_size=300), st.sampled_from(["us", "de"]))
def test_arbitrary_event_streams_give_text_or_the_declared_error(events, layout):
    d = KeyDecoder(layout, max_len=32)
    out = []
    for etype, code, value, ts in events:
        try:
            out += d.feed(etype, code, value, ts)
        except ScannerError as exc:
            assert exc.key == "scanner.too_long"
    tail = d.flush()
    for x in [*out, *([tail] if tail else [])]:
        assert isinstance(x.text, str) and 0 < len(x.text) <= 32


# -- the driver, through pipes ------------------------------------------------------------

class PipeOpener:
    """Each open() is a new pipe; the test writes recordings into the newest one."""

    def __init__(self) -> None:
        self.writers: list[int] = []
        self.opened = threading.Event()
        self.fail_first = 0

    def __call__(self, path: str) -> int:
        if self.fail_first:
            self.fail_first -= 1
            raise FileNotFoundError(2, "No such device", path)
        r, w = os.pipe()
        os.set_blocking(r, False)
        self.writers.append(w)
        self.opened.set()
        return r

    def write(self, data: bytes, chunk: int = 0) -> None:
        w = self.writers[-1]
        if not chunk:
            os.write(w, data)
            return
        for i in range(0, len(data), chunk):  # record boundaries do not line up with reads
            os.write(w, data[i:i + chunk])

    def unplug(self) -> None:
        os.close(self.writers.pop())

    def close(self) -> None:
        while self.writers:
            self.unplug()


@pytest.fixture
def wedge():
    opener = PipeOpener()
    col = Collector()
    scanner = open_scanner("evdev:///dev/input/by-id/usb-Test_Scanner-event-kbd?grab=0"
                           "&gap=0.1&reopen=0.05", opener=opener)
    yield scanner, opener, col
    scanner.stop()
    opener.close()
    assert scanner_threads() == []


def test_recordings_through_a_pipe(wedge):
    scanner, opener, col = wedge
    scanner.start(col.on_scan, col.on_state)
    col.wait_state("ready")
    opener.write((DATA / "receipt_url.bin").read_bytes(), chunk=7)
    opener.write((DATA / "cccd_qr_altcode.bin").read_bytes(), chunk=1000)
    assert col.wait_scans(2) == [URL, CCCD]
    first = col.scans[0]
    assert first.source == "evdev:/dev/input/by-id/usb-Test_Scanner-event-kbd"
    assert first.error_key is None and abs(first.at - time.monotonic()) < 3
    assert "Nguy" not in repr(col.scans[1])  # scanned text stays out of logs


def test_gap_timeout_in_real_time_ends_a_scan_without_suffix(wedge):
    scanner, opener, col = wedge
    scanner.start(col.on_scan, col.on_state)
    col.wait_state("ready")
    data = (DATA / "receipt_url.bin").read_bytes()
    events = len(data) // EVENT.size
    half = (events // 2) * EVENT.size
    t0 = time.monotonic()
    opener.write(data[:half])
    assert col.wait_scans(1) == [URL[:len(col.scans[0].text)]]
    assert time.monotonic() - t0 >= 0.1  # not before the gap
    assert 0 < len(col.scans[0].text) < len(URL)


def test_split_recording_gives_two_scans(wedge):
    scanner, opener, col = wedge
    scanner.start(col.on_scan, col.on_state)
    col.wait_state("ready")
    opener.write((DATA / "split_by_gap.bin").read_bytes())
    assert col.wait_scans(2) == ["H26.105-2", "51122-0001"]


def test_unplug_and_replug(wedge):
    scanner, opener, col = wedge
    scanner.start(col.on_scan, col.on_state)
    col.wait_state("ready")
    opener.write((DATA / "receipt_url.bin").read_bytes()[:EVENT.size * 30])  # mid-scan
    opener.unplug()
    col.wait_state("disconnected", "scanner.disconnected")
    col.wait(lambda: len(opener.writers) == 1)  # re-opened
    col.wait(lambda: col.states[-1] == ("ready", None))
    opener.write((DATA / "vietnamese_altcode.bin").read_bytes())
    assert col.wait_scans(1) == ["Phường Hoàn Kiếm, Hà Nội"]  # the cut scan is not delivered
    diag = scanner.diagnostics()
    assert diag["disconnects"] == 1 and diag["opens"] == 2 and diag["state"] == "ready"


def test_absent_at_start_then_plugged_in():
    opener = PipeOpener()
    opener.fail_first = 2
    col = Collector()
    scanner = open_scanner("evdev:///dev/input/event7?grab=0&reopen=0.02", opener=opener)
    scanner.start(col.on_scan, col.on_state)
    try:
        col.wait_state("ready")
        assert col.states[0] == ("disconnected", "scanner.not_found")
        opener.write((DATA / "receipt_url.bin").read_bytes())
        assert col.wait_scans(1) == [URL]
    finally:
        scanner.stop()
        scanner.stop()  # idempotent
        opener.close()
    assert scanner_threads() == []


def test_the_path_is_polled_until_the_device_appears(tmp_path):
    # A regular file stands in for the device node: opened by path, read to its end.
    node = tmp_path / "event3"
    col = Collector()
    scanner = open_scanner(f"evdev://{node}?grab=0&reopen=0.02")
    scanner.start(col.on_scan, col.on_state)
    try:
        col.wait_state("disconnected", "scanner.not_found")
        tmp = tmp_path / "tmp"
        tmp.write_bytes((DATA / "cccd_qr_ibus.bin").read_bytes())
        tmp.rename(node)
        # The end of the file reads as an unplug; the file is still there, so it is
        # opened again (and read again) until it goes away.
        assert col.wait_scans(1)[0] == CCCD
        node.unlink()
        col.wait_state("disconnected", "scanner.disconnected")
    finally:
        scanner.stop()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_permission_denied_is_reported(tmp_path):
    node = tmp_path / "event4"
    node.write_bytes(b"")
    node.chmod(0)
    col = Collector()
    scanner = open_scanner(f"evdev://{node}?grab=0&reopen=0.02")
    scanner.start(col.on_scan, col.on_state)
    try:
        col.wait_state("error", "scanner.permission")
    finally:
        scanner.stop()


def test_grabbing_something_that_is_not_an_input_device_fails_cleanly(tmp_path):
    node = tmp_path / "event5"
    node.write_bytes(b"")
    col = Collector()
    scanner = open_scanner(f"evdev://{node}?reopen=0.02")  # grab defaults on
    scanner.start(col.on_scan, col.on_state)
    try:
        col.wait_state("error", "scanner.io")
        assert scanner.diagnostics()["grabbed"] is False
    finally:
        scanner.stop()


@pytest.mark.parametrize("uri", ["evdev://", "evdev://host/dev/x", "evdev:///dev/x?layout=zz",
                                 "evdev:///dev/x?suffix=space", "evdev:///dev/x?gap=abc",
                                 "evdev:///dev/x?bogus=1", "usb:///x", "", "evdev:///d?grab=2"])
def test_bad_uris_are_the_declared_error(uri):
    with pytest.raises(ScannerError) as err:
        open_scanner(uri)
    assert err.value.key == "scanner.bad_uri" and "vi" in MESSAGES[err.value.key]


def test_auto_finds_nothing_here_and_says_so():
    col = Collector()
    scanner = open_scanner("evdev://auto?reopen=0.05")
    scanner.start(col.on_scan, col.on_state)
    try:
        col.wait_state("disconnected", "scanner.not_found")
    finally:
        scanner.stop()


@pytest.mark.skipif(not os.path.exists("/dev/uinput") or sys.platform != "linux",
                    reason="needs /dev/uinput")
def test_a_virtual_keyboard_through_uinput_is_grabbed_and_decoded():
    import evdev
    from evdev import ecodes

    with evdev.UInput({ecodes.EV_KEY: list(range(1, 120))}, name="Test Barcode Scanner") as ui:
        time.sleep(0.3)  # udev creates the node
        col = Collector()
        scanner = open_scanner(f"evdev://{ui.device.path}")
        scanner.start(col.on_scan, col.on_state)
        try:
            col.wait_state("ready")
            assert scanner.diagnostics()["grabbed"] is True
            for code in (35, 23, 2, 28):  # h i 1 Enter
                ui.write(ecodes.EV_KEY, code, 1)
                ui.write(ecodes.EV_KEY, code, 0)
                ui.syn()
            assert col.wait_scans(1) == ["hi1"]
        finally:
            scanner.stop()


def test_a_runaway_scan_is_reported_and_the_next_one_still_arrives(wedge):
    scanner, opener, col = wedge
    scanner.start(col.on_scan, col.on_state)
    col.wait_state("ready")
    runaway = b"".join(pack_event(1000 + n * 0.001, EV_KEY, 30, n % 2) for n in range(8300))
    writer = threading.Thread(target=opener.write,
                              args=(runaway + (DATA / "receipt_url.bin").read_bytes(),))
    writer.start()  # more than a pipe holds: written while the driver reads
    assert col.wait_scans(1, timeout=5) == [URL]
    writer.join()
    assert ("error", "scanner.too_long") in col.states and col.states[-1] == ("ready", None)
