"""DLE EOT real-time status: the exact request bytes and the parsing of every answer."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.printer.errors import PrinterError, StatusError
from devices.printer.escpos import KioskEscpos
from devices.printer.simulator import PrinterSimulator
from devices.printer.status import (
    QUERIES,
    PrinterStatus,
    parse_error,
    parse_offline,
    parse_paper,
    parse_printer,
    status_from_answers,
)
from devices.printer.transport import SimTransport, Transport


def test_query_bytes_are_dle_eot_n():
    assert QUERIES == {1: b"\x10\x04\x01", 2: b"\x10\x04\x02", 3: b"\x10\x04\x03", 4: b"\x10\x04\x04"}


class Scripted(Transport):
    """Records what the host writes and answers reads from a script."""

    def __init__(self, answers):
        super().__init__("script://")
        self.written = bytearray()
        self.answers = list(answers)

    def write(self, data, timeout):
        self.written += data

    def read(self, n, timeout):
        return self.answers.pop(0) if self.answers else b""


def test_read_status_sends_the_four_requests_in_order():
    t = Scripted([b"\x12", b"\x12", b"\x12", b"\x12"])
    st_ = KioskEscpos(t, 576).read_status()
    assert bytes(t.written) == b"\x10\x04\x01\x10\x04\x02\x10\x04\x03\x10\x04\x04"
    assert st_ == PrinterStatus(online=True, paper="ok", cover_open=False, error=None)
    assert st_.ready and st_.problem_key is None


def test_missing_answer_is_a_declared_error():
    t = Scripted([b"\x12", b"\x12"])  # the printer stops answering after two requests
    with pytest.raises(StatusError, match="DLE EOT 3"):
        KioskEscpos(t, 576, timeout=0.01).read_status()


@pytest.mark.parametrize(("byte", "expected"), [
    (0x12, {"offline": False, "waiting_recovery": False, "feed_button": False, "drawer_pin3": False}),
    (0x1A, {"offline": True, "waiting_recovery": False, "feed_button": False, "drawer_pin3": False}),
    (0x16, {"offline": False, "waiting_recovery": False, "feed_button": False, "drawer_pin3": True}),
    (0x3A, {"offline": True, "waiting_recovery": True, "feed_button": False, "drawer_pin3": False}),
    (0x52, {"offline": False, "waiting_recovery": False, "feed_button": True, "drawer_pin3": False}),
])
def test_printer_status_byte(byte, expected):
    assert parse_printer(bytes([byte])) == expected


@pytest.mark.parametrize(("byte", "expected"), [
    (0x12, {"cover_open": False, "feed_button": False, "paper_end_stop": False, "error": False}),
    (0x16, {"cover_open": True, "feed_button": False, "paper_end_stop": False, "error": False}),
    (0x1A, {"cover_open": False, "feed_button": True, "paper_end_stop": False, "error": False}),
    (0x32, {"cover_open": False, "feed_button": False, "paper_end_stop": True, "error": False}),
    (0x52, {"cover_open": False, "feed_button": False, "paper_end_stop": False, "error": True}),
])
def test_offline_cause_byte(byte, expected):
    assert parse_offline(bytes([byte])) == expected


@pytest.mark.parametrize(("byte", "expected"), [
    (0x12, {"mechanical": False, "cutter": False, "unrecoverable": False, "auto_recoverable": False}),
    (0x16, {"mechanical": True, "cutter": False, "unrecoverable": False, "auto_recoverable": False}),
    (0x1A, {"mechanical": False, "cutter": True, "unrecoverable": False, "auto_recoverable": False}),
    (0x32, {"mechanical": False, "cutter": False, "unrecoverable": True, "auto_recoverable": False}),
    (0x52, {"mechanical": False, "cutter": False, "unrecoverable": False, "auto_recoverable": True}),
])
def test_error_cause_byte(byte, expected):
    assert parse_error(bytes([byte])) == expected


@pytest.mark.parametrize(("byte", "near_end", "end"), [
    (0x12, False, False), (0x1E, True, False), (0x7E, True, True), (0x72, False, True),
])
def test_roll_paper_sensor_byte(byte, near_end, end):
    assert parse_paper(bytes([byte])) == {"near_end": near_end, "end": end}


@pytest.mark.parametrize("bad", [b"", b"\x12\x12", b"\x00", b"\xff", b"\x13", b"\x92", b"\x10"])
def test_bytes_breaking_the_fixed_bits_or_length_are_refused(bad):
    for parse in (parse_printer, parse_offline, parse_error, parse_paper):
        with pytest.raises(StatusError):
            parse(bad)


@pytest.mark.parametrize(("answers", "key", "paper"), [
    ({1: b"\x12", 2: b"\x12", 3: b"\x12", 4: b"\x12"}, None, "ok"),
    ({1: b"\x12", 2: b"\x12", 3: b"\x12", 4: b"\x1e"}, None, "near_end"),
    ({1: b"\x1a", 2: b"\x32", 3: b"\x12", 4: b"\x7e"}, "printer.no_paper", "out"),
    ({1: b"\x1a", 2: b"\x16", 3: b"\x12", 4: b"\x12"}, "printer.cover_open", "ok"),
    ({1: b"\x1a", 2: b"\x52", 3: b"\x1a", 4: b"\x12"}, "printer.jam", "ok"),
    ({1: b"\x1a", 2: b"\x52", 3: b"\x32", 4: b"\x12"}, "printer.error", "ok"),
    ({1: b"\x1a", 2: b"\x12", 3: b"\x12", 4: b"\x12"}, "printer.offline", "ok"),
    # The cover outranks the paper: closing it is the first thing the technician does.
    ({1: b"\x1a", 2: b"\x36", 3: b"\x12", 4: b"\x7e"}, "printer.cover_open", "out"),
])
def test_combined_status(answers, key, paper):
    s = status_from_answers(answers)
    assert s.problem_key == key
    assert s.ready is (key is None)
    assert s.paper == paper


def test_simulator_answers_match_its_state():
    sim = PrinterSimulator(roll_mm=1000, near_end_mm=100)
    q = b"".join(QUERIES.values())
    assert sim.feed(q) == b"\x12\x12\x12\x12"
    sim.jammed = True
    assert sim.feed(q) == bytes([0x1A, 0x52, 0x1A, 0x12])
    sim.clear()
    sim.cover_open = True
    assert sim.feed(q) == bytes([0x1A, 0x16, 0x12, 0x12])
    sim.clear()
    sim.load_paper(50)
    assert sim.feed(q) == bytes([0x12, 0x12, 0x12, 0x1E])
    sim.load_paper(0)
    assert sim.feed(q) == bytes([0x1A, 0x32, 0x12, 0x7E])
    sim.mute = True
    assert sim.feed(q) == b""


def test_status_through_the_sim_transport():
    sim = PrinterSimulator()
    sim.offline = True
    s = KioskEscpos(SimTransport("sim://", sim), 576).read_status()
    assert s.problem_key == "printer.offline"


@given(st.binary(max_size=4))
def test_any_single_answer_parses_or_raises_the_declared_error(data):
    for parse in (parse_printer, parse_offline, parse_error, parse_paper):
        try:
            out = parse(data)
        except StatusError:
            continue
        assert len(data) == 1 and data[0] & 0x93 == 0x12
        assert all(isinstance(v, bool) for v in out.values())


@given(st.dictionaries(st.integers(0, 6), st.binary(max_size=3), max_size=6))
def test_any_answers_give_a_status_or_the_declared_error(answers):
    try:
        s = status_from_answers(answers)
    except PrinterError as exc:
        assert isinstance(exc, StatusError)
        assert exc.key == "printer.error"
        return
    assert isinstance(s, PrinterStatus)
    assert s.paper in ("ok", "near_end", "out")
    assert s.problem_key in (None, "printer.offline", "printer.no_paper", "printer.cover_open",
                             "printer.jam", "printer.error")


def test_a_late_answer_left_in_the_link_does_not_shift_the_next_status():
    sim = PrinterSimulator()
    t = SimTransport("sim://", sim)
    sim.offline = True
    t.write(b"\x10\x04\x01", 1)  # asked, never read: the "offline" answer waits in the link
    sim.clear()
    assert KioskEscpos(t, 576).read_status().ready
