"""The simulator over real HTTP: incremental change feed, control surface, heartbeats."""

from __future__ import annotations

import pytest
import requests

from kiosk.catalog.model import Procedure
from kiosk.portal.client import PortalClient
from kiosk.portal.errors import PortalRejected, PortalServerError, PortalTokenExpired
from kiosk.portal.simulator import SimCatalog


@pytest.fixture
def client(sim):
    with PortalClient(sim.url, kiosk_id="kiosk-test-01", read_timeout=5) as c:
        yield c


def full_sync(client, limit=500):
    items, pages = {}, 0
    page = client.catalog_changes(None, limit=limit)
    while True:
        pages += 1
        for item in page.items:
            assert item["MaTTHC"] not in items, "an item came twice"
            items[item["MaTTHC"]] = item
        if not page.has_more:
            return items, page.next_token, pages
        page = client.catalog_changes(page.next_token, limit=limit)


def test_full_feed_paginates_over_all_procedures(client):
    items, token, pages = full_sync(client)
    assert len(items) == 1351 and pages == 3
    assert all(Procedure.from_wire(p).code == code for code, p in items.items())
    again = client.catalog_changes(token)
    assert again.items == [] and again.deleted == [] and not again.has_more


def test_small_pages(client):
    items, _, pages = full_sync(client, limit=1000)
    assert (len(items), pages) == (1351, 2)


def test_a_change_returns_exactly_that_procedure(sim, client):
    _, token, _ = full_sync(client)
    sim.catalog.update("1.001193", GhiChu=["Đổi để thử"])
    page = client.catalog_changes(token)
    assert [p["MaTTHC"] for p in page.items] == ["1.001193"]
    assert page.items[0]["PhienBan"] == 2 and page.items[0]["GhiChu"] == ["Đổi để thử"]
    assert page.deleted == [] and not page.has_more
    assert client.catalog_changes(page.next_token).items == []
    assert client.procedure("1.001193")["PhienBan"] == 2


def test_remove_and_add(sim, client):
    _, token, _ = full_sync(client)
    sim.catalog.remove("1.000894")
    page = client.catalog_changes(token)
    assert page.items == [] and page.deleted == ["1.000894"]
    with pytest.raises(PortalRejected) as exc:
        client.procedure("1.000894")
    assert exc.value.status == 404 and exc.value.code == "procedure_not_found"
    new = {"MaTTHC": "9.000001", "TenTTHC": "Thủ tục thử", "LinhVuc": "Thử", "CapThucHien": ["xa"]}
    sim.catalog.add(new)
    page2 = client.catalog_changes(page.next_token)
    assert [p["MaTTHC"] for p in page2.items] == ["9.000001"] and page2.deleted == []
    items, _, _ = full_sync(client)
    assert len(items) == 1351 and "1.000894" not in items and "9.000001" in items


def test_changes_during_a_full_sync_are_not_lost(sim, client):
    first = client.catalog_changes(None, limit=500)
    seen = {p["MaTTHC"] for p in first.items}
    early = sorted(seen)[0]
    sim.catalog.update(early, GhiChu=["sửa giữa chừng"])
    sim.catalog.remove("3.000722")  # not yet sent
    items = {}
    page = client.catalog_changes(first.next_token, limit=500)
    deleted = []
    while True:
        items.update({p["MaTTHC"]: p for p in page.items})
        deleted += page.deleted
        if not page.has_more:
            break
        page = client.catalog_changes(page.next_token, limit=500)
    assert items[early]["GhiChu"] == ["sửa giữa chừng"]
    assert "3.000722" not in items and deleted == ["3.000722"]


def test_foreign_malformed_and_expired_tokens(sim, client):
    other = SimCatalog(records=[])
    with pytest.raises(PortalTokenExpired) as exc:
        client.catalog_changes(other.token())
    assert exc.value.status == 410 and exc.value.code == "token_expired"
    assert exc.value.key == "portal.token_expired" and not exc.value.retryable
    with pytest.raises(PortalTokenExpired) as exc:
        client.catalog_changes("not-a-token")
    assert exc.value.code == "token_invalid"
    token = client.catalog_changes(None, limit=1).next_token
    sim.catalog.expire_tokens()
    with pytest.raises(PortalTokenExpired):
        client.catalog_changes(token)


def test_bad_limit_is_a_400(client):
    for limit in (0, 1001):
        with pytest.raises(PortalRejected) as exc:
            client.catalog_changes(None, limit=limit)
        assert exc.value.status == 400 and exc.value.code == "bad_request"


def test_catalog_rejects_invalid_records(sim):
    with pytest.raises(ValueError):
        sim.catalog.update("1.001193", CapThucHien="xa")
    with pytest.raises(ValueError):
        sim.catalog.update("1.001193", MaTTHC="1.000000")
    with pytest.raises(KeyError):
        sim.catalog.remove("0.000000")
    with pytest.raises(ValueError):
        sim.catalog.add({"MaTTHC": "1.001193", "TenTTHC": "x"})


def test_meta_units_health(sim, client):
    meta = client.catalog_meta()
    assert meta["procedure_count"] == 1351 and meta["detailed_count"] == 10
    assert "{code}" in meta["procedure_url_template"]
    assert meta["levels"]["tinh"] == {"vi": "Cấp tỉnh", "en": "City"}
    before = meta["catalog_version"]
    sim.catalog.update("1.001193", GhiChu=[])
    assert client.catalog_meta()["catalog_version"] != before
    units = client.units()
    assert len(units) == 126 and all(u["MaCoQuan"].startswith("H26.") for u in units)
    health = client.health()
    assert health["status"] == "ok" and health["simulator"] is True


def test_heartbeat_is_stored(sim, client):
    ack = client.heartbeat({"status": "ok", "app_version": "0.1.0", "outbox_pending": 2})
    assert ack["kiosk_id"] == "kiosk-test-01"
    last = sim.last_heartbeat("kiosk-test-01")
    assert last["payload"] == {"status": "ok", "app_version": "0.1.0", "outbox_pending": 2}
    client.heartbeat({"status": "degraded"})
    assert sim.heartbeats["kiosk-test-01"]["payload"] == {"status": "degraded"}
    assert sim.last_heartbeat("nobody") is None


def test_headers_reach_the_portal(sim, client):
    client.health()
    seen = sim.recent_requests[-1]
    assert seen["path"] == "/v1/health" and seen["kiosk_id"] == "kiosk-test-01"
    assert seen["user_agent"].startswith("hanoi-kiosk/")


def test_unimplemented_endpoints_answer_501(sim):
    s = requests.Session()
    key = {"Idempotency-Key": "k-0000-0001"}
    for method, path, headers in [
        ("POST", "/v1/ratings", key), ("POST", "/v1/queue-tickets", key),
    ]:
        r = s.request(method, sim.url + path, json={}, headers=headers, timeout=5)
        assert r.status_code == 501, path
        assert r.headers["Content-Type"].startswith("application/problem+json")
        assert r.json()["code"] == "not_implemented"
    r = s.post(sim.url + "/v1/ratings", json={}, timeout=5)
    assert r.status_code == 400 and r.json()["code"] == "idempotency_key_required"
    r = s.get(sim.url + "/v1/nothing", timeout=5)
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = s.delete(sim.url + "/v1/health", timeout=5)
    assert r.status_code == 405 and r.headers["Allow"] == "GET"
    s.close()


def test_control_surface_over_http(sim, client):
    s = requests.Session()
    _, token, _ = full_sync(client)
    r = s.post(sim.url + "/_sim/catalog/1.116410", json={"GhiChu": ["qua curl"]}, timeout=5)
    assert r.status_code == 200 and r.json()["PhienBan"] == 2
    r = s.delete(sim.url + "/_sim/catalog/1.000656", timeout=5)
    assert r.status_code == 204
    page = client.catalog_changes(token)
    assert [p["MaTTHC"] for p in page.items] == ["1.116410"] and page.deleted == ["1.000656"]
    r = s.post(sim.url + "/_sim/catalog/1.116410", json={"CapThucHien": "xa"}, timeout=5)
    assert r.status_code == 422
    r = s.post(sim.url + "/_sim/faults",
               json={"kind": "status", "status": 503, "retry_after": 3, "count": 2}, timeout=5)
    assert r.status_code == 201
    assert len(s.get(sim.url + "/_sim/faults", timeout=5).json()["faults"]) == 1
    with pytest.raises(PortalServerError) as exc:
        client.health()
    assert exc.value.retry_after == 3
    assert s.delete(sim.url + "/_sim/faults", timeout=5).status_code == 204
    assert client.health()["status"] == "ok"
    assert s.post(sim.url + "/_sim/faults", json={"kind": "nope"}, timeout=5).status_code == 400
    assert s.post(sim.url + "/_sim/catalog/expire-tokens", timeout=5).status_code == 204
    with pytest.raises(PortalTokenExpired):
        client.catalog_changes(page.next_token)
    client.heartbeat({"status": "ok"})
    assert "kiosk-test-01" in s.get(sim.url + "/_sim/heartbeats", timeout=5).json()
    s.close()


def test_faults_only_hit_their_prefix_and_count(sim, client):
    sim.faults.inject("status", status=500, path_prefix="/v1/units", count=2)
    assert client.health()["status"] == "ok"
    for _ in range(2):
        with pytest.raises(PortalServerError):
            client.units()
    assert len(client.units()) == 126
    sim.faults.inject("status", status=500, count=None)
    for _ in range(3):
        with pytest.raises(PortalServerError):
            client.health()
    sim.faults.clear()
    assert client.health()["status"] == "ok"
    with pytest.raises(ValueError):
        sim.faults.inject("explode")


def test_restart_on_same_port_and_url(sim):
    url = sim.url
    sim.stop()
    sim.stop()  # twice is harmless
    with pytest.raises(RuntimeError):
        _ = sim.url
    assert url.startswith("http://127.0.0.1:")
