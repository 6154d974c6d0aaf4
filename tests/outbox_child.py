"""Helper process for the outbox durability and exactly-once tests (not a test module).

    python tests/outbox_child.py enqueue DB KEY N
        Enqueue dossiers LK-251122-0000000 .. N-1 that are not stored yet (so a restart
        carries on where a killed run stopped); print each local_ref, flushed, once
        enqueue() has returned: a printed ref is an acknowledged one.
    python tests/outbox_child.py sync DB KEY PORTAL_URL
        Drain the outbox to the portal through the real client and service; print
        "posted <local_ref>" as the portal accepts each (before it is marked sent),
        "sent <local_ref>" after each pass for those marked sent, "done" at the end.
        With OUTBOX_CHILD_DIE_AFTER_POST=K it SIGKILLs itself right after the K-th
        accepted post, before marking it sent.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def marker_payload(i: int) -> dict:
    """A valid DossierSubmission (certified copies, 2.000815) with recognisable fake
    personal data: the marker name and ID number the privacy test searches for."""
    return {
        "MaTTHC": "2.000815",
        "MaCoQuan": "H26.105",
        "NguoiNop": {"HoTen": "Markername Zqxv", "SoDinhDanh": "099123456789"},
        "HinhThucNhanKetQua": "truc_tiep",
        "DuLieuToKhai": {"full_name": "Markername Zqxv", "document_name": f"Giấy tờ số {i}",
                         "issued_by": "viet_nam", "pages": 1 + i % 40, "copies": 1},
        "DongYXuLyDuLieu": True,
        "PhienBanDongY": "2025-07-01",
        "ThoiDiemDongY": "2026-11-22T10:00:00+07:00",
        "MaThamChieuKiosk": local_ref(i),
    }


def local_ref(i: int) -> str:
    return f"LK-251122-{i:07d}"


def enqueue(db: str, key: str, n: int) -> None:
    from offline_cache.outbox import Outbox

    outbox = Outbox(db, key)
    have = set(outbox.iter_local_refs())
    for i in range(n):
        ref = local_ref(i)
        if ref in have:
            continue
        outbox.enqueue(marker_payload(i), local_ref=ref, procedure_code="2.000815")
        sys.stdout.write(ref + "\n")
        sys.stdout.flush()
    outbox.close()
    sys.stdout.write("done\n")
    sys.stdout.flush()


def sync(db: str, key: str, url: str, read_timeout: float) -> None:
    from kiosk.dossier.outbox_service import OutboxService
    from kiosk.portal.client import PortalClient
    from offline_cache.outbox import Outbox

    die_after_post = int(os.environ.get("OUTBOX_CHILD_DIE_AFTER_POST", "0"))

    class Announcing(OutboxService):
        posted = 0

        def send(self, item):
            code = super().send(item)
            # The portal has it; not yet marked sent: a kill right here is the case
            # idempotency keys exist for.
            sys.stdout.write(f"posted {item.local_ref}\n")
            sys.stdout.flush()
            self.posted += 1
            if self.posted == die_after_post:
                os.kill(os.getpid(), signal.SIGKILL)  # crash between commit and mark_sent
            return code

    client = PortalClient(url, connect_timeout=1.0, read_timeout=read_timeout,
                          kiosk_id="HN-TEST-0001")
    service = Announcing(Outbox(db, key), client, retention_days=0.0,
                            retry_min=0.01, retry_max=0.2)
    engine = service.engine
    while True:
        s = engine.run_once()
        for ref in s.sent_refs:
            sys.stdout.write(f"sent {ref}\n")
        sys.stdout.flush()
        if s.error:
            sys.stdout.write(f"error {s.error}\n")
            sys.stdout.flush()
            break
        if service.outbox.counts()["pending"] == 0:
            break
        wake = engine.wake_at()
        if wake is not None:
            time.sleep(min(0.5, max(0.0, wake - engine.clock())))
    service.close()
    sys.stdout.write("done\n")
    sys.stdout.flush()


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "enqueue":
        enqueue(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif cmd == "sync":
        sync(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]) if len(sys.argv) > 5 else 1.0)
    else:
        raise SystemExit(f"unknown command {cmd}")
