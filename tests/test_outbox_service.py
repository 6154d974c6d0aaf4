"""The core glue (kiosk.dossier.outbox_service): classify, submit, config, the real client."""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import pytest

from kiosk.config import Config
from kiosk.dossier.outbox_service import OutboxService, classify
from kiosk.portal.errors import (
    PortalBadResponse,
    PortalRateLimited,
    PortalRejected,
    PortalServerError,
    PortalTimeout,
    PortalTLSError,
    PortalUnavailable,
    PortalValidationError,
)
from offline_cache.outbox import Outbox

sys.path.insert(0, str(Path(__file__).parent))
from outbox_child import local_ref, marker_payload  # noqa: E402


def test_classify_retryable_errors_retry_with_retry_after():
    assert classify(PortalUnavailable("x")) == ("retry", None)
    assert classify(PortalTimeout("x")) == ("retry", None)
    assert classify(PortalServerError("x", status=503, retry_after=7.0)) == ("retry", 7.0)
    assert classify(PortalRateLimited("x", status=429, retry_after=30.0)) == ("retry", 30.0)
    assert classify(PortalBadResponse("x")) == ("retry", None)


def test_classify_refusals_are_dead_with_their_code_and_no_id_numbers():
    verdict, reason = classify(PortalRejected("x", status=400, code="bad_request",
                                              detail="SoDinhDanh 099123456789 is wrong"))
    assert verdict == "dead"
    assert reason.startswith("portal.rejected HTTP 400 bad_request")
    assert "099123456789" not in reason and "************" in reason
    exc = PortalValidationError("x", status=422, code="validation_failed", detail="1 field")
    exc.errors = {"NguoiNop.SoDinhDanh": "form.id_invalid"}
    verdict, reason = classify(exc)
    assert verdict == "dead" and "NguoiNop.SoDinhDanh=form.id_invalid" in reason


def test_classify_unexpected_and_tls_are_retried_not_dead():
    assert classify(RuntimeError("bug")) == ("retry", None)
    assert classify(PortalTLSError("cert"))[0] == "retry"  # the portal never judged it


def _service(tmp_path, client, **kw):
    return OutboxService(Outbox(tmp_path / "o.sqlite3", tmp_path / "o.key"), client,
                         retry_min=0.01, retry_max=0.05, rng=random.Random(1), **kw)


@pytest.fixture
def client(sim):
    from kiosk.portal.client import PortalClient

    c = PortalClient(sim.url, connect_timeout=1.0, read_timeout=2.0, kiosk_id="HN-TEST-0001")
    yield c
    c.close()


def test_submit_sends_at_once_and_records_the_code(tmp_path, sim, client):
    svc = _service(tmp_path, client)
    try:
        r = svc.submit(marker_payload(1), "2.000815", local_ref(1))
        assert r.remote_code and r.item.state == "sent" and r.item.remote_code == r.remote_code
        assert sim.dossiers.status(r.remote_code)["MaThamChieuKiosk"] == local_ref(1)
        assert svc.outbox.by_remote_code(r.remote_code).local_ref == local_ref(1)
    finally:
        svc.close()


def test_submit_while_portal_fails_stays_queued_then_syncs(tmp_path, sim, client):
    svc = _service(tmp_path, client)
    try:
        sim.faults.inject("status", status=503, retry_after=1, count=1,
                          path_prefix="/v1/dossiers")
        t0 = time.monotonic()
        r = svc.submit(marker_payload(2), "2.000815", local_ref(2))
        assert time.monotonic() - t0 < 3  # the citizen is not kept waiting
        assert r.remote_code is None and r.item.state == "pending"
        assert r.item.attempts == 1 and "HTTP 503" in r.item.last_error
        assert r.item.next_attempt_at >= svc.engine.clock() + 0.5  # Retry-After honoured
        time.sleep(max(0.0, r.item.next_attempt_at - svc.engine.clock()) + 0.05)
        assert svc.engine.hold_until is not None  # Retry-After holds the whole engine
        s = svc.engine.run_once()
        assert s.sent == 1
        assert svc.outbox.by_local_ref(local_ref(2)).state == "sent"
    finally:
        svc.close()


def test_send_without_a_code_is_a_bad_response(tmp_path):
    class NoCode:
        def submit_dossier(self, body, key):
            return {"MaTTHC": body["MaTTHC"]}, False

    svc = _service(tmp_path, NoCode())
    try:
        item = svc.outbox.enqueue(marker_payload(3), local_ref=local_ref(3),
                                  procedure_code="2.000815")
        with pytest.raises(PortalBadResponse):
            svc.send(svc.outbox.with_payload(item))
    finally:
        svc.close()


def test_same_key_on_every_retry(tmp_path):
    seen = []

    class Flaky:
        def submit_dossier(self, body, key):
            seen.append(key)
            if len(seen) < 3:
                raise PortalUnavailable("down")
            return {"MaHoSo": "H26.105-261122-0001", "MaTTHC": body["MaTTHC"]}, len(seen) > 3

    svc = _service(tmp_path, Flaky())
    try:
        item = svc.outbox.enqueue(marker_payload(4), local_ref=local_ref(4),
                                  procedure_code="2.000815")
        deadline = time.monotonic() + 5
        while svc.outbox.get(item.id).state == "pending" and time.monotonic() < deadline:
            svc.engine.hold_until = None
            svc.engine.run_once()
            time.sleep(0.02)
        assert svc.outbox.get(item.id).state == "sent"
        assert seen == [item.idem_key] * 3
    finally:
        svc.close()


def test_from_config_uses_the_outbox_section(tmp_path):
    cfg = Config().with_overrides(paths={"data_dir": str(tmp_path)},
                                  outbox={"retention_days": 2, "retry_min": 3, "retry_max": 40,
                                          "sync_interval": 9})
    svc = OutboxService.from_config(cfg, client=None)
    try:
        assert svc.outbox.path == tmp_path / "outbox.sqlite3"
        assert (tmp_path / "outbox.key").stat().st_mode & 0o777 == 0o600
        assert (svc.engine.retry_min, svc.engine.retry_max) == (3.0, 40.0)
        assert svc.engine.retention == 2 * 86400.0 and svc.sync_interval == 9.0
    finally:
        svc.close()


def test_background_sync_start_stop(tmp_path, client):
    svc = _service(tmp_path, client, sync_interval=0.05)
    try:
        for i in range(10, 15):
            svc.outbox.enqueue(marker_payload(i), local_ref=local_ref(i),
                               procedure_code="2.000815")
        runner = svc.start()
        assert svc.start() is runner  # idempotent
        deadline = time.monotonic() + 10
        while svc.outbox.counts()["pending"] and time.monotonic() < deadline:
            time.sleep(0.02)
        assert svc.outbox.counts()["sent"] == 5
        svc.stop()
        assert not runner.alive
    finally:
        svc.close()


def test_submit_to_a_slow_portal_returns_within_wait_and_finishes_later(tmp_path, sim, client):
    svc = _service(tmp_path, client)
    try:
        sim.faults.inject("slow", delay=1.0, count=1, path_prefix="/v1/dossiers")
        t0 = time.monotonic()
        r = svc.submit(marker_payload(20), "2.000815", local_ref(20), wait=0.3)
        assert time.monotonic() - t0 < 0.9
        assert r.remote_code is None and r.item.state == "pending"
        deadline = time.monotonic() + 5
        while svc.outbox.get(r.item.id).state == "pending" and time.monotonic() < deadline:
            time.sleep(0.02)
        assert svc.outbox.get(r.item.id).state == "sent"  # the slow send recorded itself
    finally:
        svc.close()


def test_background_sync_can_restart_after_stop(tmp_path, client):
    svc = _service(tmp_path, client, sync_interval=0.05)
    try:
        svc.start()
        svc.stop()
        svc.outbox.enqueue(marker_payload(30), local_ref=local_ref(30), procedure_code="2.000815")
        svc.start()
        deadline = time.monotonic() + 5
        while svc.outbox.counts()["pending"] and time.monotonic() < deadline:
            time.sleep(0.02)
        assert svc.outbox.counts()["sent"] == 1
    finally:
        svc.close()
