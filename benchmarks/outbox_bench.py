"""The durable outbox: enqueue rate and the time to drain a long queue to the simulator.

1. Durable enqueue: N dossiers, each in its own BEGIN IMMEDIATE ... COMMIT transaction
   (WAL, synchronous=FULL, AES-GCM encryption of the payload): dossiers per second and
   per-enqueue latency. Target: >= 500 dossiers/s.
2. Drain: 10,000 queued dossiers sent one at a time, in order, through the real portal
   client and sync engine to the portal simulator running in its own process (as the
   gateway would be), each with its idempotency key and full validation. Target: < 60 s.

The database lives in a temporary directory on the same file system as --dir (default:
the system temp directory), so fsync costs are those of that disk.

Run: python benchmarks/outbox_bench.py [--enqueue 2000] [--drain 10000] [--dir PATH]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from report import machine, summary_ms  # noqa: E402

from offline_cache.outbox import Outbox  # noqa: E402

TARGET_RATE = 500.0
TARGET_DRAIN_S = 60.0

_SIM = """
import sys
from kiosk.portal.simulator import PortalSimulator
sim = PortalSimulator(port=0)
sim.start()
print(sim.url, flush=True)
sys.stdin.read()  # until the parent closes our stdin
sim.stop()
"""


def payload(i: int) -> dict:
    # A realistic valid submission (certified copies, 2.000815); fake personal data.
    return {
        "MaTTHC": "2.000815",
        "MaCoQuan": "H26.105",
        "NguoiNop": {"HoTen": "Nguyễn Văn Thử", "SoDinhDanh": "001090012345",
                     "DiaChi": "Số 1 Phố Thử, Phường Hoàn Kiếm", "SoDienThoai": "0912345678"},
        "HinhThucNhanKetQua": "truc_tiep",
        "DuLieuToKhai": {"full_name": "Nguyễn Văn Thử", "document_name": f"Giấy tờ {i}",
                         "issued_by": "viet_nam", "pages": 1 + i % 40, "copies": 1},
        "DongYXuLyDuLieu": True,
        "PhienBanDongY": "2025-07-01",
        "ThoiDiemDongY": "2026-11-22T10:00:00+07:00",
        "MaThamChieuKiosk": f"LK-251122-{i:07d}",
    }


def bench_enqueue(directory: Path, n: int) -> dict:
    with Outbox(directory / "enqueue.sqlite3", directory / "enqueue.key") as ob:
        bodies = [payload(i) for i in range(n)]
        lat = []
        t0 = time.perf_counter()
        for i, body in enumerate(bodies):
            t = time.perf_counter()
            ob.enqueue(body, local_ref=f"LK-251122-{i:07d}", procedure_code="2.000815")
            lat.append(time.perf_counter() - t)
        total = time.perf_counter() - t0
        size = (directory / "enqueue.sqlite3").stat().st_size
    return {"n": n, "seconds": total, "rate": n / total, "latency": summary_ms(lat),
            "bytes": size}


def bench_drain(directory: Path, n: int) -> dict:
    from kiosk.dossier.outbox_service import OutboxService
    from kiosk.portal.client import PortalClient

    ob = Outbox(directory / "drain.sqlite3", directory / "drain.key")
    t0 = time.perf_counter()
    for i in range(n):
        ob.enqueue(payload(i), local_ref=f"LK-251122-{i:07d}", procedure_code="2.000815")
    fill_s = time.perf_counter() - t0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    sim = subprocess.Popen([sys.executable, "-c", _SIM], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True, env=env)
    try:
        url = sim.stdout.readline().strip()
        client = PortalClient(url, connect_timeout=2.0, read_timeout=10.0,
                              kiosk_id="HN-BENCH-0001")
        client.health()  # warm up: the simulator loads its catalog on first use
        service = OutboxService(ob, client, retry_min=0.05, retry_max=1.0)
        t0 = time.perf_counter()
        summary = service.engine.drain(deadline=time.time() + 600)
        drain_s = time.perf_counter() - t0
        counts = ob.counts()
        service.close()
        client.close()
    finally:
        sim.stdin.close()
        sim.wait(10)
    return {"n": n, "fill_seconds": fill_s, "seconds": drain_s, "rate": n / drain_s,
            "sent": summary.sent, "retried": summary.retried, "dead": summary.dead,
            "counts": counts}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--enqueue", type=int, default=2000, help="dossiers for the enqueue rate")
    ap.add_argument("--drain", type=int, default=10000, help="dossiers to drain")
    ap.add_argument("--dir", default=None, help="where the temporary databases go")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="outbox-bench-") as tmp:
        d = Path(tmp)
        e = bench_enqueue(d, args.enqueue)
        r = bench_drain(d, args.drain) if args.drain else None
    ok_e = e["rate"] >= TARGET_RATE
    lines = [
        "## Outbox (benchmarks/outbox_bench.py)",
        "",
        f"Machine: {machine()}; databases on the disk of {args.dir or tempfile.gettempdir()}.",
        "",
        f"- Durable enqueue (one transaction per dossier, WAL, synchronous=FULL, AES-GCM): "
        f"{e['n']} dossiers in {e['seconds']:.2f} s = **{e['rate']:.0f} dossiers/s** "
        f"(target >= {TARGET_RATE:.0f}: {'met' if ok_e else 'NOT met'}); "
        f"per enqueue {e['latency']}; file {e['bytes'] / 1e6:.1f} MB.",
    ]
    if r:
        ok_d = r["seconds"] < TARGET_DRAIN_S and r["counts"]["pending"] == 0
        lines.append(
            f"- Drain {r['n']} queued dossiers (filled in {r['fill_seconds']:.1f} s) to the "
            f"portal simulator in its own process, in order, one at a time, real client: "
            f"**{r['seconds']:.1f} s** = {r['rate']:.0f} dossiers/s (target < "
            f"{TARGET_DRAIN_S:.0f} s: {'met' if ok_d else 'NOT met'}); sent {r['sent']}, "
            f"retried {r['retried']}, dead {r['dead']}, left pending {r['counts']['pending']}.")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
