"""PrinterService against the simulator: in-process, over TCP and over a pty; file://."""

import threading

import pytest
import zxingcpp

from devices.printer import MESSAGES, PrinterError, PrinterService, Text
from devices.printer.layout import render
from devices.printer.simulator import PrinterSimulator, SimulatorPty, SimulatorTcpServer
from kiosk.receipt import receipt_blocks, sample_receipt

KEYS = ("printer.offline", "printer.no_paper", "printer.cover_open", "printer.jam",
        "printer.not_found", "printer.timeout", "printer.error")


def test_every_key_has_vietnamese_and_english():
    for key in KEYS:
        assert MESSAGES[key]["vi"] and MESSAGES[key]["en"]
        assert MESSAGES[key]["vi"] != MESSAGES[key]["en"]


@pytest.fixture
def sim():
    return PrinterSimulator(roll_mm=10_000, near_end_mm=0)


@pytest.fixture
def service(sim):
    with PrinterService("sim://", 80, simulator=sim, io_timeout=0.3) as s:
        yield s


def receipt_image(paper=80):
    return render(receipt_blocks(sample_receipt()), 576 if paper == 80 else 384)


def test_prints_a_receipt_whose_qr_decodes(service, sim):
    result = service.print_blocks(receipt_blocks(sample_receipt()))
    assert result.bytes_sent > 10_000 and result.duration > 0
    assert result.status.ready and result.warnings == ()
    (job,) = sim.jobs
    assert job.cut == "partial"
    (code,) = zxingcpp.read_barcodes(job.image().convert("L"))
    assert code.text == sample_receipt().lookup_qr
    # Status was asked before and after the job.
    assert sim.queries == [1, 2, 3, 4, 1, 2, 3, 4]


def test_out_of_paper_before_the_job_is_refused_and_nothing_printed(service, sim):
    sim.load_paper(0)
    with pytest.raises(PrinterError) as err:
        service.print_image(receipt_image())
    assert err.value.key == "printer.no_paper" and not err.value.partial
    assert sim.jobs == [] and sim.received == 12  # the four status requests, nothing else


def test_roll_running_out_mid_job_is_reported(service, sim):
    img = receipt_image()
    sim.load_paper(60)  # about 40 % of the receipt
    with pytest.raises(PrinterError) as err:
        service.print_image(img)
    assert err.value.key == "printer.no_paper" and err.value.partial
    (job,) = sim.jobs
    assert job.out_of_paper and job.cut is None
    assert 0 < job.image().height < img.height
    assert sim.remaining_mm == 0
    assert service.status().problem_key == "printer.no_paper"
    sim.load_paper(10_000)
    assert service.status().ready  # a new roll and the printer is back


@pytest.mark.parametrize(("fault", "key"), [
    ("offline", "printer.offline"), ("cover_open", "printer.cover_open"), ("jam", "printer.jam"),
])
def test_faults_refuse_the_job(service, sim, fault, key):
    sim.set_state(fault)
    st = service.status()
    assert not st.ready and st.problem_key == key
    with pytest.raises(PrinterError) as err:
        service.print_blocks([Text("x")])
    assert err.value.key == key
    assert sim.jobs == []
    sim.clear()
    assert service.print_blocks([Text("x")]).status.ready
    assert len(sim.jobs) == 1


def test_jam_at_the_cutter_during_the_job_is_reported(sim):
    class JamOnCut(PrinterSimulator):
        def _cut(self, kind, nbytes):
            self.jammed = True  # the blade sticks on this cut
            super()._cut(kind, nbytes)

    jam = JamOnCut()
    with PrinterService("sim://", 80, simulator=jam, io_timeout=0.3) as s:
        with pytest.raises(PrinterError) as err:
            s.print_blocks([Text("x")])
    assert err.value.key == "printer.jam" and err.value.partial


def test_near_end_is_a_warning_not_a_refusal():
    sim = PrinterSimulator(roll_mm=1000, near_end_mm=2000)
    with PrinterService("sim://", 58, simulator=sim) as s:
        r = s.print_blocks([Text("Xin chào")])
    assert r.warnings == ("printer.paper_near_end",) and len(sim.jobs) == 1


def test_a_printer_that_does_not_answer_times_out(service, sim):
    sim.mute = True
    with pytest.raises(PrinterError) as err:
        service.status()
    assert err.value.key == "printer.timeout"


def test_calls_run_on_the_worker_thread(sim):
    seen = []

    class Spy(PrinterSimulator):
        def feed(self, data):
            seen.append(threading.current_thread().name)
            return super().feed(data)

    with PrinterService("sim://", 80, simulator=Spy()) as s:
        s.status()
    assert seen and set(seen) == {"printer"}


def test_caller_timeout_while_the_worker_is_busy(sim):
    gate = threading.Event()

    class Slow(PrinterSimulator):
        def feed(self, data):
            gate.wait(5)
            return super().feed(data)

    with PrinterService("sim://", 80, simulator=Slow()) as s:
        with pytest.raises(PrinterError) as err:
            s.status(timeout=0.2)
        gate.set()
    assert err.value.key == "printer.timeout"


def test_tcp_transport_against_the_simulator(sim):
    with SimulatorTcpServer(sim) as server:
        with PrinterService(server.uri, 80, io_timeout=1.0) as s:
            assert s.status().ready
            s.print_image(receipt_image())
            sim.set_state("cover_open")
            assert s.status().problem_key == "printer.cover_open"
            diag = s.diagnostics()
    (job,) = sim.jobs
    (code,) = zxingcpp.read_barcodes(job.image().convert("L"))
    assert code.text == sample_receipt().lookup_qr
    assert diag["transport"]["kind"] == "TcpTransport" and diag["jobs_printed"] == 1


def test_tcp_printer_not_there():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens on this port now
    with PrinterService(f"tcp://127.0.0.1:{port}", 80, io_timeout=0.5) as svc:
        with pytest.raises(PrinterError) as err:
            svc.status()
    assert err.value.key == "printer.not_found"


def test_serial_transport_over_a_pty(sim):
    with SimulatorPty(sim) as pty:
        with PrinterService(pty.uri, 58, io_timeout=1.0) as s:
            assert s.status().ready
            img = receipt_image(58)
            s.print_image(img)
            sim.set_state("jam")
            assert s.status().problem_key == "printer.jam"
    (job,) = sim.jobs
    assert job.image().tobytes() == img.tobytes()


def test_serial_port_missing(tmp_path):
    with PrinterService(f"serial://{tmp_path}/ttyUSB9", 80) as s:
        with pytest.raises(PrinterError) as err:
            s.status()
    assert err.value.key == "printer.not_found"


def test_file_transport_appends_and_has_no_status(tmp_path):
    out = tmp_path / "receipts.bin"
    img = receipt_image()
    with PrinterService(f"file://{out}", 80) as s:
        st = s.status()
        assert not st.checked and st.paper == "unknown" and st.ready
        r1 = s.print_image(img)
        r2 = s.print_image(img)
    data = out.read_bytes()
    assert len(data) == r1.bytes_sent + r2.bytes_sent
    sim = PrinterSimulator()
    sim.feed(data)  # a technician can replay the file into the simulator
    assert [j.image().tobytes() for j in sim.jobs] == [img.tobytes()] * 2


@pytest.mark.parametrize("uri", ["bogus://x", "tcp://", "usb://zz:1", "sim://?state=melted", "file://"])
def test_bad_uris_are_not_found(uri):
    with PrinterService(uri, 80) as s:
        with pytest.raises(PrinterError) as err:
            s.status()
    assert err.value.key == "printer.not_found"


def test_link_lost_mid_job_is_reported_as_partial(sim):
    class Unplugged(PrinterSimulator):
        def feed(self, data):
            if self.received > 20_000:
                raise OSError("cable pulled")
            return super().feed(data)

    from devices.printer.transport import SimTransport

    class Fragile(SimTransport):
        def write(self, data, timeout):
            try:
                super().write(data, timeout)
            except OSError as exc:
                raise PrinterError("printer.offline", str(exc)) from None

    s = PrinterService("sim://", 80, simulator=Unplugged())
    s._transport = Fragile("sim://", s._simulator)  # the link the worker would have opened
    with s:
        with pytest.raises(PrinterError) as err:
            s.print_image(receipt_image())
    assert err.value.key == "printer.offline" and err.value.partial
    assert s.diagnostics()["last_error"] == "printer.offline"
