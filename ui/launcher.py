"""`kiosk run` and `kiosk tour`. Qt is imported only when one of them runs, so the
technicians' commands (`kiosk catalog ...`) start fast and work without a display."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time

from kiosk.config import Config

log = logging.getLogger(__name__)


def _qt_env_for_headless() -> None:
    # No display: draw offscreen with the software scene graph (the GL one hangs when
    # a window is grabbed without a screen).
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        os.environ.setdefault("QT_QUICK_BACKEND", "software")
    os.environ.setdefault("QT_QUICK_CONTROLS_STYLE", "Basic")


class QtGui:
    def run(self, cfg: Config, args: argparse.Namespace) -> int:
        t0 = time.perf_counter()
        _qt_env_for_headless()
        from PySide6.QtCore import QTimer
        from PySide6.QtGui import QGuiApplication

        from kiosk.app import KioskApp
        from kiosk.units import ward_label
        from ui.engine import ActivityFilter, build_engine, load_main

        qapp = QGuiApplication(sys.argv[:1])
        qapp.setApplicationName("hanoi-kiosk")
        kiosk = KioskApp.build(cfg)
        engine, ctx = build_engine(kiosk, ward_label(cfg.kiosk.ward))
        window = load_main(engine)
        width, height = args.size or cfg.display.window_wh()
        window.resize(width, height)
        from ui.bridges.kiosk_bridge import Kiosk

        activity = ActivityFilter(ctx.singleton(Kiosk).touch)
        qapp.installEventFilter(activity)

        started = False

        def first_frame() -> None:
            nonlocal started
            if started:
                return
            started = True
            elapsed = time.perf_counter() - t0
            log.info("first frame after %.3f s", elapsed)
            if args.exit_after_first_frame:
                print(f"first-frame {elapsed:.4f}", flush=True)
                qapp.quit()
                return
            # Slow start-up work waits until the citizen already sees the screen.
            QTimer.singleShot(0, kiosk.start_background)

        window.frameSwapped.connect(first_frame)
        if cfg.display.fullscreen and not args.windowed:
            window.showFullScreen()
        else:
            window.show()
        rc = qapp.exec()
        window.frameSwapped.disconnect(first_frame)
        ctx.shutdown()
        kiosk.stop()
        del engine
        return rc

    def tour(self, cfg: Config, args: argparse.Namespace) -> int:
        _qt_env_for_headless()
        from ui.tour import run_tour

        sizes = args.size or [(1080, 1920), (1920, 1080)]
        try:
            written = run_tour(cfg, args.out, sizes)
        except OSError as exc:
            print(f"kiosk: cannot write the tour to {args.out}: {exc.strerror or exc}",
                  file=sys.stderr)
            return 1
        for path in written:
            print(path)
        return 0
