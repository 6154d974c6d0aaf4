"""Receipt latency: layout (blocks) + render (1-bit image) + ESC/POS encode, 80 and 58 mm.

Each run builds a receipt with a different dossier code, lays it out, renders it with
the bundled font and encodes the GS v 0 job; the bytes are then fed to the simulator
once per paper width as a check that they decode. Two regimes:
- cold: the rendered-line and word-width caches are cleared before every run (the
  first receipt after start-up);
- warm: caches kept (every later receipt: labels and sentences recur, the code, dates
  and QR are new each time).
Wall time and CPU time are both reported: the benchmark machine is shared.
Target: total < 100 ms at the median and p95.

Run: python benchmarks/receipt_bench.py [--runs 50]
Prints a Markdown section for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import machine, percentile  # noqa: E402

from devices.printer.escpos import encode_image  # noqa: E402
from devices.printer.layout import WIDTH_DOTS, clear_caches, render  # noqa: E402
from devices.printer.simulator import PrinterSimulator  # noqa: E402
from kiosk.receipt import lookup_payload, receipt_blocks, sample_receipt  # noqa: E402

TARGET_MS = 100.0


def bench(paper: int, runs: int, cold: bool) -> dict[str, object]:
    width = WIDTH_DOTS[paper]
    base = sample_receipt(now=datetime(2026, 11, 22, 10, 0))
    render(receipt_blocks(base), width)  # warm the font cache: fonts load once per process
    phases: dict[str, list[float]] = {"layout": [], "render": [], "encode": [], "total": [],
                                      "cpu": []}
    size = 0
    data = b""
    for i in range(runs):
        code = f"000.00.07.H26-261122-{i + 1:04d}"
        r = replace(base, dossier_code=code, lookup_qr=lookup_payload(code))
        if cold:
            clear_caches()
        c0 = time.process_time()
        t0 = time.perf_counter()
        blocks = receipt_blocks(r)
        t1 = time.perf_counter()
        img = render(blocks, width)
        t2 = time.perf_counter()
        data = encode_image(img, width)
        t3 = time.perf_counter()
        c3 = time.process_time()
        for k, v in zip(phases, (t1 - t0, t2 - t1, t3 - t2, t3 - t0, c3 - c0), strict=True):
            phases[k].append(v * 1000)
        size = img.height
    sim = PrinterSimulator(width_dots=width)
    sim.feed(data)
    assert sim.jobs and sim.jobs[0].image().height == size, "the encoded job did not decode"
    return {"paper": paper, "regime": "cold" if cold else "warm", "width": width, "height": size, "bytes": len(data),
            "paper_mm": round(sim.jobs[0].paper_mm), "phases": phases}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=50)
    args = ap.parse_args(argv)
    results = [bench(paper, max(args.runs, 50), cold) for cold in (True, False) for paper in (80, 58)]
    print("## Receipt printing (benchmarks/receipt_bench.py)\n")
    print(f"Machine: {machine()}. {max(args.runs, 50)} runs per width; each run a new "
          "dossier code; fonts loaded once before timing. Times in ms.\n")
    print("| regime | paper | image (dots) | bytes sent | paper used | layout | render | encode | "
          "total median | total p95 | CPU median |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    ok = True
    for r in results:
        ph = r["phases"]
        med = {k: statistics.median(v) for k, v in ph.items()}
        p95 = percentile(ph["total"], 95)
        ok &= med["total"] < TARGET_MS and p95 < TARGET_MS
        print(f"| {r['regime']} | {r['paper']} mm | {r['width']}×{r['height']} | {r['bytes']:,} | "
              f"{r['paper_mm']} mm | {med['layout']:.2f} | {med['render']:.1f} | "
              f"{med['encode']:.1f} | {med['total']:.1f} | {p95:.1f} | {med['cpu']:.1f} |")
    print(f"\nTarget: total < {TARGET_MS:.0f} ms (median and p95): {'met' if ok else 'NOT met'}.")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
