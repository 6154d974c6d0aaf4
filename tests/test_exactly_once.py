"""Exactly-once delivery: 1,000 dossiers through a faulty network and a crashing sync.

A real TCP proxy sits between the kiosk's portal client and the portal simulator. It
drops answers AFTER the simulator committed the dossier, answers 5xx before or after
forwarding, resets connections, and delays answers past the client's read timeout. The
sync process is killed with SIGKILL several times and restarted. At-least-once delivery
plus the portal's idempotency keys must still leave exactly one dossier per submission.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from offline_cache.outbox import Outbox

CHILD = Path(__file__).with_name("outbox_child.py")
sys.path.insert(0, str(CHILD.parent))
from outbox_child import local_ref, marker_payload  # noqa: E402

READ_TIMEOUT = 0.5


# -- the fault-injecting proxy -----------------------------------------------------

def _read_request(sock: socket.socket) -> bytes | None:
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buf += chunk
    head, _, body = buf.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        body += chunk
    return _with_close(head) + b"\r\n\r\n" + body


def _with_close(head: bytes) -> bytes:
    """The head with `Connection: close`: one request per connection keeps framing trivial."""
    lines = [ln for ln in head.split(b"\r\n")
             if not ln.lower().startswith((b"connection:", b"keep-alive:"))]
    return b"\r\n".join(lines + [b"Connection: close"])


def _read_all(sock: socket.socket) -> bytes:
    out = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return out
        out += chunk


class FaultyProxy:
    """Forwards HTTP/1.1 requests to `upstream`, misbehaving on a share of them.

    Faults (each with a budget, chosen at random per request):
    - drop_after_commit: forward, read the answer, close the client's socket unanswered.
    - error_before: answer 502 without forwarding (the portal never saw it).
    - error_after: forward (the portal committed), answer 503 to the client.
    - reset_before: close the client's socket without forwarding.
    - delay_after: forward, then wait past the client's read timeout before answering.
    """

    def __init__(self, upstream: tuple[str, int], rng: random.Random,
                 budgets: dict[str, int], rate: float = 0.25, delay: float = 1.0) -> None:
        self.upstream = upstream
        self.rng = rng
        self.budgets = dict(budgets)
        self.rate = rate
        self.delay = delay
        self.applied: Counter[str] = Counter()
        self.forwarded = 0
        self._lock = threading.Lock()
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._handle(self.request)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FaultyProxy:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _pick(self, request: bytes) -> str:
        if not request.startswith(b"POST /v1/dossiers"):
            return "pass"
        with self._lock:
            if self.rng.random() >= self.rate:
                return "pass"
            left = [k for k, n in self.budgets.items() if n > 0]
            if not left:
                return "pass"
            kind = self.rng.choice(left)
            self.budgets[kind] -= 1
            self.applied[kind] += 1
            return kind

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(self.upstream, timeout=10) as up:
            up.sendall(request)
            answer = _read_all(up)
        with self._lock:
            self.forwarded += 1
        return answer

    def _handle(self, client: socket.socket) -> None:
        try:
            request = _read_request(client)
            if request is None:
                return
            kind = self._pick(request)
            if kind == "reset_before":
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
                return
            if kind == "error_before":
                client.sendall(_problem(502))
                return
            answer = self._forward(request)
            if kind == "drop_after_commit":
                return  # the portal has it; the kiosk never hears so
            if kind == "error_after":
                client.sendall(_problem(503))
                return
            if kind == "delay_after":
                time.sleep(self.delay)
            head, _, body = answer.partition(b"\r\n\r\n")
            client.sendall(_with_close(head) + b"\r\n\r\n" + body)
        except OSError:
            pass  # the client gave up (timeout) or was killed: nothing to answer
        finally:
            client.close()


def _problem(status: int) -> bytes:
    body = json.dumps({"type": "about:blank", "title": "proxy fault", "status": status,
                       "code": "proxy_fault"}).encode()
    return (f"HTTP/1.1 {status} Proxy Fault\r\nContent-Type: application/problem+json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body


# -- the simulator's side --------------------------------------------------------------

def _dossier_endpoint_ready(url: str) -> bool:
    """False while the simulator still answers 501 for POST /v1/dossiers."""
    req = urllib.request.Request(url + "/v1/dossiers", data=b"{}", method="POST", headers={
        "Content-Type": "application/json", "Idempotency-Key": "probe-0000-not-a-dossier"})
    try:
        with urllib.request.urlopen(req, timeout=5):
            return True
    except urllib.error.HTTPError as exc:
        return exc.code != 501
    except OSError:
        return False


def _sim_dossiers(sim) -> list[dict]:
    """The dossiers the simulator holds that came from this test (not its demo ones)."""
    store = sim.dossiers
    views = [store.status(code) for code in store.codes()]
    return [v for v in views if (v.get("MaThamChieuKiosk") or "").startswith("LK-251122-")]


@pytest.fixture
def ready_sim(sim):
    from kiosk.portal.client import PortalClient

    if not hasattr(PortalClient, "submit_dossier") or not _dossier_endpoint_ready(sim.url):
        pytest.skip("PortalClient.submit_dossier / the simulator's POST /v1/dossiers "
                    "are not implemented yet (501)")
    return sim


def _run_child(args, **extra_env):
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **extra_env}
    proc = subprocess.Popen([sys.executable, str(CHILD), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    lines: list[str] = []

    def reader():
        for raw in proc.stdout:
            if raw.endswith(b"\n"):
                lines.append(raw.decode().strip())

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    return proc, lines, t


@pytest.mark.slow
def test_exactly_once_through_faults_and_kills(tmp_path, ready_sim):
    sim = ready_sim
    db, key = tmp_path / "outbox.sqlite3", tmp_path / "outbox.key"
    n = 1000
    with Outbox(db, key) as ob:
        for i in range(n):
            ob.enqueue(marker_payload(i), local_ref=local_ref(i), procedure_code="2.000815")
        keys = {i.local_ref: i.idem_key for i in ob.list()}
    host, port = sim.url.removeprefix("http://").rsplit(":", 1)
    rng = random.Random(20261122)
    proxy = FaultyProxy((host, int(port)), rng, budgets={
        "drop_after_commit": 60, "error_before": 30, "error_after": 30, "reset_before": 30,
        "delay_after": 6}, delay=READ_TIMEOUT * 2).start()
    # The simulator's own fault too: it stores the dossier, then hangs up.
    sim.faults.inject("drop_after_commit", count=20, path_prefix="/v1/dossiers")
    try:
        # First a crash in the worst place: the portal stored the dossier, the outbox
        # has not marked it sent. Its retry must be a replay, not a second dossier.
        proc, lines, reader = _run_child(["sync", str(db), str(key), proxy.url,
                                          str(READ_TIMEOUT)], OUTBOX_CHILD_DIE_AFTER_POST="37")
        proc.wait(30)
        reader.join(5)
        assert proc.returncode == -signal.SIGKILL
        last_posted = [ln.split()[1] for ln in lines if ln.startswith("posted ")][-1]
        with Outbox(db, key) as ob:
            assert ob.by_local_ref(last_posted).state == "pending"
        kills, done = 1, False
        deadline = time.monotonic() + 55
        while not done and time.monotonic() < deadline:
            proc, lines, reader = _run_child(["sync", str(db), str(key), proxy.url,
                                              str(READ_TIMEOUT)])
            if kills < 5:
                target = rng.randint(20, 150)
                while (sum(ln.startswith("posted ") for ln in lines) < target
                       and proc.poll() is None and time.monotonic() < deadline):
                    time.sleep(0.002)
                if proc.poll() is None:
                    proc.send_signal(signal.SIGKILL)
                    kills += 1
                proc.wait(10)
                reader.join(5)
                done = "done" in lines
                continue
            proc.wait(max(1.0, deadline - time.monotonic()))
            reader.join(5)
            assert proc.returncode == 0, proc.stderr.read().decode()[-2000:]
            done = "done" in lines
        assert done, "the sync did not finish in time"
    finally:
        proxy.stop()
    print(f"kills {kills}, proxy faults {dict(proxy.applied)}, forwarded {proxy.forwarded}")
    assert kills == 5
    assert proxy.applied["drop_after_commit"] > 0 and proxy.applied["error_after"] > 0
    assert not sim.faults.pending()  # all 20 simulator drops were used
    # Requests that reached the portal: one per dossier, plus every one whose answer was
    # lost or spoiled after the portal had it, plus at least the self-killed one's replay.
    # All of those were deduplicated by key.
    lost = sum(proxy.applied[k] for k in ("drop_after_commit", "error_after", "delay_after"))
    assert proxy.forwarded >= n + lost + 20 + 1

    with Outbox(db, key) as ob:
        assert ob.counts() == {"pending": 0, "sent": n, "dead": 0}
        codes = {i.local_ref: i.remote_code for i in ob.list()}
    dossiers = _sim_dossiers(sim)
    # Exactly one dossier per submission: as many as were queued, each local ref (and
    # so each idempotency key, one per ref) once, each under the code the outbox holds.
    assert len(dossiers) == n
    assert Counter(d["MaThamChieuKiosk"] for d in dossiers) == Counter(codes.keys())
    assert {d["MaThamChieuKiosk"]: d["MaHoSo"] for d in dossiers} == codes
    assert len(keys) == len(set(keys.values())) == n


def test_a_refused_dossier_goes_dead_and_the_rest_arrive(tmp_path, ready_sim):
    from kiosk.dossier.outbox_service import OutboxService
    from kiosk.portal.client import PortalClient

    sim = ready_sim
    n = 1000
    client = PortalClient(sim.url, read_timeout=5.0, kiosk_id="HN-TEST-0001")
    service = OutboxService(Outbox(tmp_path / "o.sqlite3", tmp_path / "o.key"), client,
                            retry_min=0.01, retry_max=0.1)
    try:
        bad = marker_payload(0)
        bad["NguoiNop"]["SoDinhDanh"] = "12AB"  # not 12 digits: the portal refuses it (4xx)
        service.outbox.enqueue(bad, local_ref=local_ref(0), procedure_code="2.000815")
        for i in range(1, n):
            service.outbox.enqueue(marker_payload(i), local_ref=local_ref(i),
                                   procedure_code="2.000815")
        s = service.engine.drain(deadline=time.time() + 30, sleep=lambda d: time.sleep(min(d, .2)))
        assert s.dead == 1 and s.sent == n - 1
        dead = service.outbox.list("dead")
        assert [d.local_ref for d in dead] == [local_ref(0)]
        # Staff see why, by field and error key, without the refused value itself.
        assert dead[0].last_error.startswith("portal.validation_failed HTTP 422")
        assert "NguoiNop.SoDinhDanh=form.id_invalid" in dead[0].last_error
        assert "12AB" not in dead[0].last_error
        assert service.outbox.counts() == {"pending": 0, "sent": n - 1, "dead": 1}
        assert len(_sim_dossiers(sim)) == n - 1
    finally:
        service.close()
        client.close()
