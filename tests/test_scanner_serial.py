"""Serial / USB-CDC scanners: line splitting, decoding, and the driver on a pseudo-terminal
(pyserial opens the pty's slave; the test writes a scanner's bytes from the master)."""

from __future__ import annotations

import os
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.scanner import ScannerError, open_scanner
from devices.scanner.serial_cdc import LineSplitter, decode_line
from devices.scanner.testing import Collector, scanner_threads

CCCD = "012345678901|123456789|Nguyễn Văn A|01021990|Nam|123 Hà Nội|10102021"


def split(*chunks, max_len=100):
    s = LineSplitter(max_len)
    lines, dropped = [], False
    for c in chunks:
        got, d = s.feed(c)
        lines += got
        dropped = dropped or d
    return lines, dropped, s


def test_cr_lf_and_crlf_end_lines_once_even_across_reads():
    lines, dropped, s = split(b"a\rb\nc\r", b"\nd\r\n\r\n", b"e")
    assert lines == [b"a", b"b", b"c", b"d"] and not dropped
    assert s.pending and s.flush() == b"e" and not s.pending


def test_a_line_too_long_is_dropped_and_reported_once():
    lines, dropped, _ = split(b"x" * 150, b"yyy\nok\n", max_len=100)
    assert lines == [b"ok"] and dropped


def test_decoding():
    assert decode_line("Hà Nội".encode()) == ("Hà Nội", None)
    assert decode_line(b"\xef\xbb\xbfabc") == ("abc", None)
    assert decode_line(b"Nguy\xe1n") == ("Nguy\ufffdn", "scanner.garbled")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=80), max_size=20))
def test_arbitrary_bytes_give_bounded_lines(chunks):
    lines, _, s = split(*chunks, max_len=50)
    tail = s.flush()
    for raw in [*lines, *([tail] if tail else [])]:
        assert 0 < len(raw) <= 50 and b"\r" not in raw and b"\n" not in raw
        text, key = decode_line(raw)
        assert isinstance(text, str) and key in (None, "scanner.garbled")


class Pty:
    """A pseudo-terminal whose slave is reached through a symlink the test can re-point."""

    def __init__(self, link) -> None:
        self.link = link
        self.master = None
        self.plug()

    def plug(self) -> None:
        master, slave = os.openpty()
        name = os.ttyname(slave)
        os.close(slave)  # the driver opens it by path
        self.master = master
        tmp = self.link.with_suffix(".new")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(name)
        tmp.replace(self.link)

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def unplug(self) -> None:
        os.close(self.master)
        self.master = None

    def close(self) -> None:
        if self.master is not None:
            self.unplug()


@pytest.fixture
def cdc(tmp_path):
    pty = Pty(tmp_path / "ttyACM0")
    col = Collector()
    scanner = open_scanner(f"serial://{pty.link}?baud=115200&gap=0.1&reopen=0.05")
    scanner.start(col.on_scan, col.on_state)
    col.wait_state("ready")
    yield scanner, pty, col
    scanner.stop()
    pty.close()
    assert scanner_threads() == []


def test_lines_through_a_pty(cdc):
    scanner, pty, col = cdc
    pty.write(b"H26.105-251122-0001\r\n")
    pty.write(CCCD.encode()[:30])
    time.sleep(0.02)  # a line arriving in two USB packets is still one scan
    pty.write(CCCD.encode()[30:] + b"\r")
    pty.write(b"\n")  # the LF of that CR LF comes late: not an empty scan
    pty.write(b"second\nthird\r")
    assert col.wait_scans(4) == ["H26.105-251122-0001", CCCD, "second", "third"]
    assert col.scans[1].raw == CCCD.encode()
    assert col.scans[0].source == f"serial:{pty.link}"
    assert all(s.error_key is None for s in col.scans)


def test_partial_line_is_ended_by_the_timeout(cdc):
    scanner, pty, col = cdc
    t0 = time.monotonic()
    pty.write(b"no-terminator")
    assert col.wait_scans(1) == ["no-terminator"]
    assert time.monotonic() - t0 >= 0.1


def test_bad_bytes_are_delivered_marked_garbled(cdc):
    scanner, pty, col = cdc
    pty.write(b"Nguy\xe1n V\xc4n A\r\n")
    col.wait_scans(1)
    (scan,) = col.scans
    assert scan.error_key == "scanner.garbled" and "\ufffd" in scan.text
    assert scan.raw == b"Nguy\xe1n V\xc4n A"
    assert scanner.diagnostics()["garbled"] == 1


def test_unplug_and_replug(cdc):
    scanner, pty, col = cdc
    pty.write(b"before\n")
    col.wait_scans(1)
    pty.unplug()
    col.wait_state("disconnected", "scanner.disconnected")
    pty.plug()
    col.wait(lambda: col.states[-1] == ("ready", None))
    assert col.states[-1] == ("ready", None)
    time.sleep(0.05)  # pyserial has set the new port raw
    pty.write(b"after\r\n")
    assert col.wait_scans(2) == ["before", "after"]
    diag = scanner.diagnostics()
    assert diag["disconnects"] == 1 and diag["opens"] == 2


def test_a_port_that_is_not_there(tmp_path):
    col = Collector()
    scanner = open_scanner(f"serial://{tmp_path}/ttyACM9?reopen=0.05")
    scanner.start(col.on_scan, col.on_state)
    try:
        col.wait_state("disconnected", "scanner.not_found")
    finally:
        scanner.stop()
    assert scanner_threads() == []


@pytest.mark.parametrize("uri", ["serial://ttyACM0", "serial:///dev/x?baud=fast",
                                 "serial:///dev/x?baud=0", "serial:///dev/x?layout=us"])
def test_bad_uris(uri):
    with pytest.raises(ScannerError) as err:
        open_scanner(uri)
    assert err.value.key == "scanner.bad_uri"
