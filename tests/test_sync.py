"""The sync engine (offline_cache.sync): order, backoff, dead letters, no blocking, resume."""

from __future__ import annotations

import random
import threading
import time

import pytest

from offline_cache.outbox import Outbox
from offline_cache.sync import DOWN_AFTER, SyncEngine, SyncRunner, full_jitter_backoff


class Clock:
    def __init__(self, t: float = 1000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


class NetDown(Exception):
    pass


class Refused(Exception):
    pass


class Busy(Exception):
    def __init__(self, retry_after: float) -> None:
        super().__init__("busy")
        self.retry_after = retry_after


def classify(exc):
    if isinstance(exc, Refused):
        return "dead", "refused: " + str(exc)
    if isinstance(exc, Busy):
        return "retry", exc.retry_after
    return "retry", None


class Portal:
    """Records what reached it; fails the items (by local_ref) or everything as told."""

    def __init__(self) -> None:
        self.received: list[str] = []
        self.fail: dict[str, Exception] = {}
        self.down = False
        self.calls = 0

    def send(self, item):
        self.calls += 1
        assert item.payload is not None  # the engine hands over the decrypted dossier
        if self.down:
            raise NetDown("connection refused")
        exc = self.fail.get(item.local_ref)
        if exc is not None:
            raise exc
        self.received.append(item.local_ref)
        return "CODE-" + item.local_ref


@pytest.fixture
def outbox(tmp_path):
    ob = Outbox(tmp_path / "o.sqlite3", tmp_path / "o.key")
    yield ob
    ob.close()


def engine_for(outbox, portal, clock, **kw):
    return SyncEngine(outbox, portal.send, classify, retry_min=2.0, retry_max=60.0,
                      retention=100.0, clock=clock, rng=random.Random(7), **kw)


def fill(outbox, n, now=1000.0):
    return [outbox.enqueue({"n": i}, local_ref=f"LK-{i:04d}", procedure_code="p", now=now)
            for i in range(n)]


def test_full_jitter_bounds_and_cap():
    rng = random.Random(1)
    for failures in range(1, 12):
        cap = min(60.0, 2.0 * 2 ** (failures - 1))
        samples = [full_jitter_backoff(failures, 2.0, 60.0, rng) for _ in range(400)]
        assert all(0.0 <= s <= cap for s in samples)
        # Full jitter spreads over the whole [0, cap] range, not just near the cap.
        assert min(samples) < cap * 0.1 and max(samples) > cap * 0.9
    assert max(full_jitter_backoff(500, 2.0, 60.0, rng) for _ in range(200)) <= 60.0


def test_retry_after_is_a_floor():
    rng = random.Random(2)
    assert all(full_jitter_backoff(1, 2.0, 60.0, rng, retry_after=30.0) >= 30.0
               for _ in range(100))
    # Retry-After longer than the cap still wins: the portal asked.
    assert full_jitter_backoff(1, 2.0, 60.0, rng, retry_after=120.0) == 120.0


def test_sends_in_order_and_marks_sent(outbox):
    portal, clock = Portal(), Clock()
    fill(outbox, 5)
    s = engine_for(outbox, portal, clock).run_once()
    assert portal.received == [f"LK-{i:04d}" for i in range(5)]
    assert s.sent == 5 and outbox.counts() == {"pending": 0, "sent": 5, "dead": 0}
    item = outbox.by_local_ref("LK-0003")
    assert item.remote_code == "CODE-LK-0003" and item.purge_after == clock.t + 100.0


def test_refused_item_goes_dead_and_the_rest_arrive(outbox):
    portal, clock = Portal(), Clock()
    fill(outbox, 6)
    portal.fail["LK-0001"] = Refused("422 validation_failed")
    s = engine_for(outbox, portal, clock).run_once()
    assert s.dead == 1 and s.sent == 5
    assert portal.received == ["LK-0000", "LK-0002", "LK-0003", "LK-0004", "LK-0005"]
    dead = outbox.list("dead")
    assert [d.local_ref for d in dead] == ["LK-0001"]
    assert dead[0].last_error == "refused: 422 validation_failed" and dead[0].has_payload


def test_failing_item_waits_while_others_go(outbox):
    portal, clock = Portal(), Clock()
    fill(outbox, 4)
    portal.fail["LK-0000"] = NetDown("500")
    engine = engine_for(outbox, portal, clock)
    s = engine.run_once()
    assert s.retried == 1 and s.sent == 3 and not s.portal_down
    head = outbox.by_local_ref("LK-0000")
    assert head.state == "pending" and head.attempts == 1
    assert clock.t <= head.next_attempt_at <= clock.t + 2.0
    # New items behind it go before its backoff ends.
    outbox.enqueue({}, local_ref="LK-NEW", procedure_code="p", now=clock.t)
    engine.run_once()
    assert portal.received[-1] == "LK-NEW"
    # Its backoff grows: attempts 2 waits up to 4 s, 3 up to 8 s ...
    for attempt in range(2, 6):
        clock.t = outbox.by_local_ref("LK-0000").next_attempt_at
        engine.run_once()
        head = outbox.by_local_ref("LK-0000")
        assert head.attempts == attempt
        assert clock.t <= head.next_attempt_at <= clock.t + min(60.0, 2.0 * 2 ** (attempt - 1))
    del portal.fail["LK-0000"]
    clock.t = head.next_attempt_at
    engine.run_once()
    assert outbox.by_local_ref("LK-0000").state == "sent"


def test_portal_down_stops_early_and_holds_off(outbox):
    portal, clock = Portal(), Clock()
    fill(outbox, 50)
    portal.down = True
    engine = engine_for(outbox, portal, clock)
    s = engine.run_once()
    assert s.portal_down and portal.calls == DOWN_AFTER  # did not try all 50
    assert engine.hold_until is not None and engine.hold_until >= clock.t
    calls = portal.calls
    assert engine.hold_until > clock.t
    s = engine.run_once(now=clock.t)  # still inside the hold: nothing is sent
    assert portal.calls == calls and s.portal_down
    # Back up: after the hold everything goes, in order.
    portal.down = False
    clock.t = max(engine.hold_until, outbox.next_due_at()) + 0.01
    clock.t = max(clock.t, max(i.next_attempt_at for i in outbox.list("pending")))
    s = engine.run_once()
    assert outbox.counts()["pending"] == 0 and engine.hold_until is None
    assert portal.received == [f"LK-{i:04d}" for i in range(50)]


def test_retry_after_holds_the_whole_engine(outbox):
    portal, clock = Portal(), Clock()
    fill(outbox, 3)
    portal.fail["LK-0000"] = Busy(45.0)
    engine = engine_for(outbox, portal, clock)
    s = engine.run_once()
    assert s.portal_down and portal.calls == 1
    assert engine.hold_until >= clock.t + 45.0
    assert outbox.by_local_ref("LK-0000").next_attempt_at >= clock.t + 45.0
    clock.t += 44.0
    engine.run_once()
    assert portal.calls == 1  # honoured: nothing sent before Retry-After ran out


def test_unexpected_exception_in_send_is_retried_not_lost(outbox):
    clock = Clock()
    fill(outbox, 1)

    def send(item):
        raise KeyError("bug")

    def bad_classify(exc):
        raise RuntimeError("classifier bug")

    engine = SyncEngine(outbox, send, bad_classify, clock=clock, rng=random.Random(1))
    s = engine.run_once()
    assert s.retried == 1 and outbox.counts()["pending"] == 1
    assert outbox.list()[0].last_error == "KeyError"  # type only, not the message


def test_resume_after_crash_uses_db_state(tmp_path):
    clock, portal = Clock(), Portal()
    ob = Outbox(tmp_path / "o.sqlite3", tmp_path / "o.key")
    fill(ob, 10)
    portal.fail["LK-0002"] = Refused("no")
    e1 = engine_for(ob, portal, clock, batch=3)
    e1.stop()  # a run that is interrupted at once sends nothing
    assert e1.run_once().sent == 0
    ob.close()
    ob = Outbox(tmp_path / "o.sqlite3", tmp_path / "o.key")  # "after the crash"
    s = engine_for(ob, portal, clock, batch=3).run_once()
    assert s.sent == 9 and s.dead == 1
    ob.close()


def test_send_one_for_a_fresh_submission(outbox):
    portal, clock = Portal(), Clock()
    engine = engine_for(outbox, portal, clock)
    item = outbox.enqueue({"x": 1}, local_ref="LK-1", procedure_code="p", now=clock.t)
    assert engine.send_one(item.id) == "CODE-LK-1"
    assert engine.send_one(item.id) == "CODE-LK-1"  # already sent: not sent again
    assert portal.received == ["LK-1"]
    portal.down = True
    item2 = outbox.enqueue({"x": 2}, local_ref="LK-2", procedure_code="p", now=clock.t)
    assert engine.send_one(item2.id) is None
    assert outbox.get(item2.id).state == "pending"


def test_runner_drains_in_background_and_stop_joins(outbox):
    portal = Portal()
    engine = SyncEngine(outbox, portal.send, classify, retry_min=0.01, retry_max=0.05,
                        rng=random.Random(3))
    runner = SyncRunner(engine, interval=0.05).start()
    try:
        fill(outbox, 20, now=time.time())
        runner.wake()
        deadline = time.monotonic() + 5
        while outbox.counts()["pending"] and time.monotonic() < deadline:
            time.sleep(0.02)
        assert outbox.counts()["sent"] == 20
    finally:
        runner.stop()
    assert not runner.alive


def test_runner_stop_waits_for_the_send_in_progress(outbox):
    started, release = threading.Event(), threading.Event()
    sent = []

    def send(item):
        started.set()
        release.wait(5)
        sent.append(item.local_ref)
        return "C"

    engine = SyncEngine(outbox, send, classify, rng=random.Random(4))
    fill(outbox, 3, now=time.time())
    runner = SyncRunner(engine, interval=0.05).start()
    assert started.wait(5)
    stopper = threading.Thread(target=runner.stop)
    stopper.start()
    time.sleep(0.05)
    assert stopper.is_alive()  # still waiting for the send in flight
    release.set()
    stopper.join(5)
    assert not runner.alive
    assert sent == ["LK-0000"]  # stopped after the item in flight, marked sent
    assert outbox.by_local_ref("LK-0000").state == "sent"
