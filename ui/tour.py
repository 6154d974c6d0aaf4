"""`kiosk tour`: every screen, both languages, portrait and landscape, as PNG files.

Runs on the bundled catalog in a throw-away data directory, with a hand-driven clock
for the idle countdown, so the gallery is the same on every machine.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from kiosk.app import KioskApp
from kiosk.config import Config
from kiosk.units import ward_label
from ui.driver import UiDriver

# A procedure the catalog describes in full, and one it only names.
DETAILED = "1.001193"  # đăng ký khai sinh
UNDETAILED = "1.116910"


class ManualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def run_tour(cfg: Config, out_dir: str | Path, sizes: list[tuple[int, int]]) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    QGuiApplication.instance() or QGuiApplication([])
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-tour-") as tmp:
        cfg = cfg.with_overrides(paths={"data_dir": tmp}, portal={"url": "http://127.0.0.1:9"})
        for lang in ("vi", "en"):
            for size in sizes:
                written += _tour_one(cfg, out, lang, size)
    return written


def _tour_one(cfg: Config, out: Path, lang: str, size: tuple[int, int]) -> list[Path]:
    clock = ManualClock()
    app = KioskApp.build(cfg.with_overrides(kiosk={"language": lang}), clock=clock)
    app.catalog.ensure_seeded()
    app.catalog.warm_up()
    ui = UiDriver(app, size=size, ward_name=ward_label(cfg.kiosk.ward))
    orient = "portrait" if size[1] >= size[0] else "landscape"
    written: list[Path] = []

    def shot(name: str) -> None:
        written.append(ui.grab(out / f"{lang}-{orient}-{name}.png"))

    try:
        shot("01-start")
        ui.click("tileLookup")
        ui.wait_search()
        shot("02-search-suggestions")
        ui.type_keys("dang ky khai sinh" if lang == "en" else "ddawng kys khai sinh")
        ui.wait_search()
        shot("03-search-results")
        ui.click("fieldFilter")
        shot("04-field-filter")
        ui.click("fieldPickerClose")
        ui.kiosk.openProcedure(DETAILED)
        ui.settle(100)
        shot("05-procedure-detail")
        ui.kiosk.back()
        ui.kiosk.openProcedure(UNDETAILED)
        ui.settle(100)
        shot("06-procedure-without-detail")
        clock.now += cfg.session.idle_timeout + 1
        ui.wait_until(lambda: ui.kiosk.idlePhase == "countdown", 3, "the countdown")
        shot("07-timeout-countdown")
        ui.kiosk.home()
        ui.settle(50)
        ui.click("tileIdentify")
        shot("08-identify")
    finally:
        ui.close()
        app.stop()
    return written
