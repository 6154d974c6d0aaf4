"""SIGKILL at random moments while enqueueing: every acknowledged dossier survives, once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from offline_cache.outbox import Outbox

CHILD = Path(__file__).with_name("outbox_child.py")
N = 1000
KILLS = 6


def _start(args):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, str(CHILD), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    lines: list[str] = []

    def reader():
        for raw in proc.stdout:  # only complete lines: a ref half-written at the kill is no ack
            if raw.endswith(b"\n"):
                lines.append(raw.decode().strip())

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    return proc, lines, t


@pytest.mark.slow
def test_sigkill_during_enqueue_loses_no_acknowledged_dossier(tmp_path):
    db, key = tmp_path / "outbox.sqlite3", tmp_path / "outbox.key"
    rng = random.Random(int(time.time()))
    acked: list[str] = []
    kills = 0
    deadline = time.monotonic() + 50
    while time.monotonic() < deadline:
        proc, lines, reader = _start(["enqueue", str(db), str(key), str(N)])
        if kills < KILLS:
            # Kill at a random moment while it is writing: after a random share of what
            # is left has been acknowledged, plus a random fraction of a millisecond.
            left = N - len(set(acked))
            target = rng.randint(1, max(1, left // (KILLS - kills + 1)))
            t0 = time.monotonic()
            while len(lines) < target and proc.poll() is None and time.monotonic() - t0 < 20:
                time.sleep(0.0005)
            time.sleep(rng.uniform(0.0, 0.002))
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
            reader.join(5)
            kills += 1 if proc.returncode == -signal.SIGKILL else 0
            acked += [x for x in lines if x != "done"]
            if "done" in lines:
                break
            continue
        proc.wait(60)
        reader.join(5)
        assert proc.returncode == 0, proc.stderr.read().decode()
        acked += [x for x in lines if x != "done"]
        assert "done" in lines
        break
    assert kills >= 3, "the child finished before it could be killed several times"
    assert len(acked) == len(set(acked)), "a dossier was acknowledged twice"

    with Outbox(db, key) as ob:
        assert ob.integrity_check() == "ok"
        items = ob.list()
        refs = [i.local_ref for i in items]
        assert len(refs) == len(set(refs)) == N
        assert len({i.idem_key for i in items}) == N
        assert set(acked) <= set(refs)
        # (Stored but not acknowledged is allowed: killed between COMMIT and the print.)
        assert len(acked) > N // 2
        # The stored payloads are whole and belong to their row.
        for item in items[:: 37]:
            full = ob.with_payload(item)
            assert full.payload["MaThamChieuKiosk"] == item.local_ref
