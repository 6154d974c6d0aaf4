"""Resident memory of the running kiosk over 1,000 simulated lookup sessions.

One process, the real QML window offscreen, the default demo set-up with the portal
simulator in-process. Each session is what a citizen does: touch "look up", type a query
key by key on the on-screen keyboard, open a result, go back, open another, and leave
(the session is wiped, as by the idle timeout). RSS is read after the first session and
every 100 sessions after it.

Usage: python benchmarks/memory_sessions.py [--sessions 1000] [--no-write]
Target: growth under 5 MB from the first session to the last.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ.setdefault("QT_QUICK_CONTROLS_STYLE", "Basic")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import psutil  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from report import machine, write_section  # noqa: E402

from kiosk.app import KioskApp  # noqa: E402
from kiosk.config import Config  # noqa: E402
from ui.driver import UiDriver  # noqa: E402

QUERIES = ["khai sinh", "ket hon", "tam tru", "chung thuc", "can cuoc", "ho kinh doanh",
           "dat dai", "khia sinh", "bao hiem", "xay dung"]


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def one_session(ui: UiDriver, query: str) -> None:
    ui.click("tileLookup")
    ui.type_keys(query)
    ui.wait_search()
    if ui.catalog.total > 0:
        ui.click("result_0")
        ui.click("backButton")
        ui.wait_search()
        if ui.catalog.total > 1:
            ui.click("result_1")
    ui.click("homeButton")  # the visit ends: everything typed is wiped


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=1000)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    QGuiApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        cfg = Config().with_overrides(paths={"data_dir": tmp})
        app = KioskApp.build(cfg)
        app.start_background()
        ui = UiDriver(app, click_settle_ms=1)
        ui.wait_until(lambda: ui.catalog.count > 0, 30, "the catalog")
        samples: list[tuple[int, float]] = []
        t0 = time.perf_counter()
        for n in range(1, args.sessions + 1):
            one_session(ui, QUERIES[n % len(QUERIES)] if n > 1 else QUERIES[0])
            if n == 1 or n % 100 == 0:
                gc.collect()
                ui.settle(20)
                samples.append((n, rss_mb()))
                print(f"session {n}: RSS {samples[-1][1]:.1f} MB", flush=True)
        elapsed = time.perf_counter() - t0
        ui.close()
        app.stop()
    first, last = samples[0][1], samples[-1][1]
    peak = max(v for _, v in samples)
    table = "\n".join(f"| {n} | {v:.1f} |" for n, v in samples)
    result = (f"RSS after session 1: {first:.1f} MB; after session {samples[-1][0]}: {last:.1f} MB; "
              f"growth {last - first:+.1f} MB (peak {peak:.1f} MB); {elapsed:.0f} s for "
              f"{args.sessions} sessions")
    print(result)
    if not args.no_write:
        write_section("Memory over 1,000 sessions", f"""
`python benchmarks/memory_sessions.py --sessions {args.sessions}` on {machine()}: one
kiosk process, the real QML window offscreen, portal simulator in-process. Each session
clicks "look up", types a query key by key on the on-screen keyboard, opens a result,
goes back, opens another and presses Home (the wipe).

{result}

Target: growth under 5 MB from the first session. Most of the growth is in the first
100 sessions (Qt's glyph and QML caches warming up); after that RSS is flat. Two leaks
this benchmark found are fixed: PySide6 never frees the Python side of an object that
QML instantiates (so text inputs now live in the `Kiosk` bridge, one per field, for the
kiosk's lifetime), and SQLite reader connections kept their default 2 MB page caches.

| session | RSS (MB) |
|---|---|
{table}
""")
    return 0


if __name__ == "__main__":
    sys.exit(main())
