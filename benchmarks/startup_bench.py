"""Cold start of `kiosk run` to the first frame of the start screen.

Each run is a new process (as when the kiosk boots or its service restarts), with the
default demo configuration: portal simulator in-process, a data directory that already
holds the offline catalog (as on any kiosk after its first day). The time is measured by
this script from spawning the process to the line the kiosk prints on its first frame.

Usage: python benchmarks/startup_bench.py [--runs 15] [--no-write]
Target: median under 1.0 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import machine, summary_ms, write_section  # noqa: E402

KIOSK = [sys.executable, "-m", "ui.main"]


def one_run(env: dict[str, str]) -> tuple[float, float]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(KIOSK + ["run", "--windowed", "--exit-after-first-frame"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    inner = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("first-frame "):
            inner = float(line.split()[1])
            break
    outer = time.perf_counter() - t0
    _, err = proc.communicate(timeout=30)
    if inner is None:
        raise RuntimeError(f"the kiosk did not report a first frame:\n{err}")
    return outer, inner


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, KIOSK_DATA_DIR=tmp, QT_QPA_PLATFORM="offscreen",
                   QT_QUICK_BACKEND="software")
        env.pop("KIOSK_CONFIG", None)
        # Warm-up run: creates the offline catalog and Qt's QML disk cache, as the
        # kiosk's first boot does; it is not counted.
        one_run(env)
        outer, inner = [], []
        for _ in range(args.runs):
            o, i = one_run(env)
            outer.append(o)
            inner.append(i)
    result = (f"- process spawn to first frame: {summary_ms(outer)}\n"
              f"- of which inside the kiosk (after Python started): {summary_ms(inner)}")
    print(result)
    if not args.no_write:
        write_section("Start-up", f"""
`python benchmarks/startup_bench.py --runs {args.runs}` on {machine()}, offscreen with
the software renderer, default demo configuration, offline catalog already on disk.

{result}

Target: median under 1.0 s. The catalog is not read before the first frame: the search
index loads, the simulator starts and the card reader service (pyscard, the chip protocol)
is built on background threads afterwards.
""")
    return 0


if __name__ == "__main__":
    sys.exit(main())
