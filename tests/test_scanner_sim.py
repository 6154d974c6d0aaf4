"""The scanner simulator: a wedge scanner model that types, pauses and fails like one."""

from __future__ import annotations

import socket
import time

import pytest

from devices.scanner import ScannerError, open_scanner
from devices.scanner.sim import SimScanner
from devices.scanner.testing import Collector, scanner_threads

CCCD = "012345678901|123456789|Nguyễn Văn A|01021990|Nam|123 Hà Nội|10102021"
CODE = "H26.105-251122-0001"


@pytest.fixture
def sim():
    scanner = open_scanner("sim://?delay=0.002&gap=0.08")
    col = Collector()
    scanner.start(col.on_scan, col.on_state)
    col.wait_state("ready")
    yield scanner, col
    scanner.stop()
    assert scanner_threads() == []


def test_a_scan_arrives_after_typing_time(sim):
    scanner, col = sim
    t0 = time.monotonic()
    scanner.scan(CODE)
    assert col.wait_scans(1) == [CODE]
    took = col.scans[0].at - t0
    assert took >= len(CODE) * 0.002  # typed key by key, not handed over
    assert col.scans[0].source == "sim" and col.scans[0].error_key is None


def test_vietnamese_typed_as_alt_codes_survives(sim):
    scanner, col = sim
    scanner.scan(CCCD)
    scanner.scan(CCCD, mangle="ibus")
    assert col.wait_scans(2) == [CCCD, CCCD]


@pytest.mark.parametrize(("mode", "name"), [("question", "Nguy?n V?n A"),
                                            ("strip", "Nguyen Van A")])
def test_mangling_like_a_us_layout_scanner_and_the_core_notices(sim, mode, name):
    from kiosk.identity.card_qr import CardQrError, parse_card_qr

    scanner, col = sim
    scanner.scan(CCCD, mangle=mode)
    (text,) = col.wait_scans(1)
    assert text.split("|")[2] == name
    with pytest.raises(CardQrError) as err:
        parse_card_qr(text)
    assert err.value.key == "qr.mangled"


def test_dropped_letters_come_through_as_the_scanner_typed_them(sim):
    # Some scanners silently leave out what they cannot type. The card-QR parser does not
    # catch this one today ("Nguyn Vn A" parses): reported to the lead.
    scanner, col = sim
    scanner.scan(CCCD, mangle="drop")
    (text,) = col.wait_scans(1)
    assert text.split("|")[2] == "Nguyn Vn A" and text.split("|")[5] == "123 H Ni"


def test_utf8_bytes_as_alt_codes_give_mojibake_the_core_repairs(sim):
    from kiosk.identity.card_qr import parse_card_qr

    scanner, col = sim
    scanner.scan(CCCD, mangle="bytes")
    (text,) = col.wait_scans(1)
    assert text != CCCD and "á»" in text
    qr = parse_card_qr(text)
    assert qr.repaired and qr.full_name == "Nguyễn Văn A"


def test_a_dropped_terminator_is_ended_by_the_gap(sim):
    scanner, col = sim
    scanner.scan(CODE, terminator=None)
    scanner.scan("second")  # presented later: the first still ends on its own
    assert col.wait_scans(2) == [CODE, "second"]
    first, second = col.scans
    assert second.at - first.at >= 0.08


def test_a_split_scan_arrives_as_two(sim):
    scanner, col = sim
    scanner.scan(CODE, split=9)
    assert col.wait_scans(2) == [CODE[:9], CODE[9:]]


def test_disconnect_loses_the_scan_in_progress_and_later_ones(sim):
    scanner, col = sim
    slow = SimScanner(char_delay=0.02, gap=0.08)
    slow_col = Collector()
    slow.start(slow_col.on_scan, slow_col.on_state)
    try:
        slow.scan(CODE)
        time.sleep(0.1)  # a few characters typed
        slow.disconnect()
        slow_col.wait_state("disconnected", "scanner.disconnected")
        slow.scan("while unplugged")
        slow.reconnect()
        slow_col.wait(lambda: slow_col.states[-1] == ("ready", None))
        slow.scan("back")
        assert slow_col.wait_scans(1) == ["back"]
        time.sleep(0.15)
        assert [s.text for s in slow_col.scans] == ["back"]
        diag = slow.diagnostics()
        assert diag["lost_while_unplugged"] == 1 and diag["disconnects"] == 1
    finally:
        slow.stop()


def send(port: int, data: bytes) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=2) as c:
        c.sendall(data)


def test_the_loopback_feed():
    scanner = open_scanner("sim://?port=0&delay=0.001")
    col = Collector()
    scanner.start(col.on_scan, col.on_state)
    try:
        port = scanner.diagnostics()["tcp_port"]
        assert port
        send(port, f"{CODE}\r\n".encode() + CCCD.encode() + b"\n\nlast-without-newline")
        assert col.wait_scans(3) == [CODE, CCCD, "last-without-newline"]
        assert {s.source for s in col.scans} == {"sim:tcp"}
        send(port, b"x" * 9000)
        col.wait_state("error", "scanner.too_long")
    finally:
        scanner.stop()
    assert scanner_threads() == []
    with pytest.raises(OSError):
        send(port, b"nobody listens\n")


def test_a_port_in_use_is_an_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        scanner = open_scanner(f"sim://?port={taken.getsockname()[1]}")
        col = Collector()
        scanner.start(col.on_scan, col.on_state)
        try:
            col.wait_state("error", "scanner.busy")
            scanner.scan("nothing arrives")
            time.sleep(0.1)
            assert col.states == [("error", "scanner.busy")] and col.scans == []
        finally:
            scanner.stop()
    assert scanner_threads() == []


def test_the_feed_is_loopback_only_and_options_are_checked():
    with pytest.raises(ScannerError):
        SimScanner(host="0.0.0.0")
    for uri in ("sim://?mangle=zz", "sim://?terminator=space", "sim://?port=70000",
                "sim://?delay=-1", "sim://?layout=xx", "sim://?foo=1"):
        with pytest.raises(ScannerError) as err:
            open_scanner(uri)
        assert err.value.key == "scanner.bad_uri"


def test_stop_is_idempotent_and_leaves_no_thread():
    scanner = open_scanner("sim://?port=0")
    col = Collector()
    scanner.start(col.on_scan, col.on_state)
    scanner.scan(CCCD * 3)  # stop while typing
    scanner.stop()
    scanner.stop()
    assert scanner_threads() == []
    assert scanner.diagnostics()["running"] is False
