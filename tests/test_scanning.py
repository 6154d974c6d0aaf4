"""The kiosk's scanner service: scans from the driver arrive classified, in order, and
the service starts and stops with the kiosk."""

import threading

from kiosk.app import KioskApp
from kiosk.config import Config
from kiosk.scan import ScanKind
from kiosk.scanning import ScanService


def collect(service):
    got, done = [], threading.Event()

    def on_scan(arrival):
        got.append(arrival)
        done.set()

    service.on_scan(on_scan)
    return got, done


def test_scans_from_the_simulated_scanner_arrive_classified():
    service = ScanService("sim://?delay=0")
    got, done = collect(service)
    service.start()
    try:
        service.port.scan("h26105-251122-0001")
        assert done.wait(5)
        arrival = got[0]
        assert arrival.scan.kind is ScanKind.DOSSIER_CODE
        assert arrival.scan.code == "H26.105-251122-0001"
        assert arrival.source.startswith("sim") and arrival.classified_at >= arrival.at
        done.clear()
        service.port.scan("012345678901|123456789|Nguyễn Văn A|01021990|Nam|123 Hà Nội|10102021")
        assert done.wait(5)
        assert got[1].scan.kind is ScanKind.CARD_QR
    finally:
        service.stop()
    assert service.state == "stopped"


def test_a_bad_scanner_uri_is_a_state_not_a_crash():
    service = ScanService("nonsense://x")
    states = []
    service.on_state(lambda state, key: states.append((state, key)))
    service.start()
    assert states == [("error", "scanner.bad_uri")]
    assert service.port is None
    service.stop()


def test_a_failing_listener_does_not_lose_the_scan_for_the_others():
    service = ScanService("sim://")
    service.on_scan(lambda a: 1 / 0)
    got, done = collect(service)
    service.feed("not a code at all")
    assert done.is_set() and got[0].scan.kind is ScanKind.UNKNOWN


def test_the_kiosk_starts_and_stops_its_devices(tmp_path):
    cfg = Config().with_overrides(paths={"data_dir": str(tmp_path)},
                                  devices={"card_reader": "none", "qr_scanner": "sim://?delay=0"},
                                  portal={"url": "http://127.0.0.1:9"})
    before = set(threading.enumerate())
    app = KioskApp.build(cfg)
    app.start_background()
    app._devices_thread.join(10)
    assert app.scanner.port is not None and app.printer is not None
    assert app.printer.status().ready  # the simulated printer, paper loaded
    app.stop()
    leaked = [t for t in set(threading.enumerate()) - before if t.is_alive()]
    assert not [t for t in leaked if t.name in ("printer",) or "scanner" in t.name], leaked
