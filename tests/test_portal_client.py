"""The portal client against the simulator failing the ways a real gateway fails."""

from __future__ import annotations

import email.utils
import socket
import time

import pytest
import requests
from portal_helpers import make_self_signed_cert, server_context

from kiosk.portal.client import CatalogPage, PortalClient, parse_retry_after
from kiosk.portal.errors import (
    MESSAGES,
    PortalBadResponse,
    PortalError,
    PortalRateLimited,
    PortalRejected,
    PortalServerError,
    PortalTimeout,
    PortalTLSError,
    PortalUnavailable,
)
from kiosk.portal.simulator import PortalSimulator


@pytest.fixture
def client(sim):
    with PortalClient(sim.url, kiosk_id="kiosk-7", read_timeout=5) as c:
        yield c


def test_happy_path_types(client):
    page = client.catalog_changes(None, limit=10)
    assert isinstance(page, CatalogPage) and len(page.items) == 10 and page.has_more
    with pytest.raises(AttributeError):
        page.has_more = False  # frozen
    assert client.procedure("1.116410")["MaTTHC"] == "1.116410"


def test_500_is_a_retryable_server_error(sim, client):
    sim.faults.inject("status", status=500)
    with pytest.raises(PortalServerError) as exc:
        client.health()
    err = exc.value
    assert (err.status, err.key, err.retryable, err.retry_after) == (
        500, "portal.server_error", True, None)
    assert client.health()["status"] == "ok"  # count=1: the next call works


def test_503_honours_retry_after(sim, client):
    sim.faults.inject("status", status=503, retry_after=7)
    with pytest.raises(PortalServerError) as exc:
        client.catalog_changes(None)
    assert exc.value.retry_after == 7 and exc.value.code == "unavailable"


def test_429_is_rate_limited_and_retryable(sim, client):
    sim.faults.inject("status", status=429, retry_after=2)
    with pytest.raises(PortalRateLimited) as exc:
        client.units()
    assert isinstance(exc.value, PortalRejected)
    assert exc.value.retryable and exc.value.retry_after == 2 and exc.value.key == "portal.busy"


def test_4xx_is_rejected_with_the_problem_code(client):
    with pytest.raises(PortalRejected) as exc:
        client.procedure("0.000000")
    err = exc.value
    assert not err.retryable and err.status == 404 and err.code == "procedure_not_found"
    assert err.detail and err.key == "portal.rejected"


def test_501_is_not_retryable(sim):
    with PortalClient(sim.url) as c, pytest.raises(PortalServerError) as exc:
        c._request("POST", "/v1/ratings", json_body={"MucDoHaiLong": 5},
                   headers={"Idempotency-Key": "key-rating-0001"})
    assert exc.value.key == "portal.not_implemented" and not exc.value.retryable


def test_garbage_json_is_a_bad_response(sim, client):
    sim.faults.inject("garbage")
    with pytest.raises(PortalBadResponse) as exc:
        client.catalog_changes(None)
    assert exc.value.key == "portal.bad_response" and exc.value.retryable


@pytest.mark.parametrize("body", [
    [],
    {"items": "x", "deleted": [], "next_token": "t", "has_more": False},
    {"items": [], "deleted": [1], "next_token": "t", "has_more": False},
    {"items": [], "deleted": [], "next_token": "", "has_more": False},
    {"items": [], "deleted": [], "next_token": "t", "has_more": "no"},
    {"items": ["1.000001"], "deleted": [], "next_token": "t", "has_more": False},
    {"deleted": [], "next_token": "t", "has_more": False},
])
def test_wrong_shape_is_a_bad_response(sim, client, body):
    sim.faults.inject("body", body=body)
    with pytest.raises(PortalBadResponse):
        client.catalog_changes(None)


def test_one_malformed_procedure_does_not_block_the_page(sim, client):
    good = client.procedure("1.001193")
    body = {
        "items": [{"MaTTHC": "1.000001"},
                  {"MaTTHC": "1.000002", "TenTTHC": "x", "PhiLePhi": [{"SoTien": "5"}]},
                  good],
        "deleted": ["1.000003"], "next_token": "t", "has_more": False,
    }
    sim.faults.inject("body", body=body)
    page = client.catalog_changes(None)
    assert page.items == [good] and page.deleted == ["1.000003"]
    assert page.rejected == ["1.000001", "1.000002"]


def test_wrong_shapes_elsewhere(sim, client):
    sim.faults.inject("body", body={"MaTTHC": "1.000894", "TenTTHC": "khác"})
    with pytest.raises(PortalBadResponse):
        client.procedure("1.001193")  # answered with another procedure
    for call, body in [(client.units, {"items": [{"MaDVHC": 1}]}),
                       (client.catalog_meta, {"levels": {}}),
                       (client.health, {"ok": True}),
                       (lambda: client.heartbeat({}), "ok")]:
        sim.faults.inject("body", body=body)
        with pytest.raises(PortalBadResponse):
            call()


def test_slow_answer_beyond_read_timeout_is_a_timeout(sim):
    sim.faults.inject("slow", delay=1.0)
    with PortalClient(sim.url, read_timeout=0.2) as c:
        started = time.monotonic()
        with pytest.raises(PortalTimeout) as exc:
            c.health()
        assert time.monotonic() - started < 0.9
        assert exc.value.retryable and exc.value.key == "portal.timeout"


def test_slow_answer_within_timeout_succeeds(sim, client):
    sim.faults.inject("slow", delay=0.1)
    assert client.health()["status"] == "ok"


def test_dropped_connection_is_unavailable(sim, client):
    client.health()  # a pooled keep-alive connection exists
    sim.faults.inject("drop")
    with pytest.raises(PortalUnavailable) as exc:
        client.health()
    assert exc.value.retryable and exc.value.key == "portal.unavailable"
    assert client.health()["status"] == "ok"


def test_stopped_server_is_unavailable(sim, client):
    client.health()
    sim.stop()
    with pytest.raises(PortalUnavailable):
        client.health()


def test_nothing_listening_is_unavailable():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with PortalClient(f"http://127.0.0.1:{port}", connect_timeout=1) as c:
        with pytest.raises(PortalUnavailable) as exc:
            c.health()
    assert "refused" in str(exc.value)


def test_https_with_self_signed_certificate(tmp_path):
    cert, key = make_self_signed_cert(tmp_path)
    with PortalSimulator(ssl_context=server_context(cert, key)) as sim:
        assert sim.url.startswith("https://127.0.0.1:")
        with PortalClient(sim.url) as c, pytest.raises(PortalTLSError) as exc:
            c.health()
        assert not exc.value.retryable and exc.value.key == "portal.tls"
        with PortalClient(sim.url, verify=str(cert), kiosk_id="k1") as c:
            assert c.health()["status"] == "ok"
            items = c.catalog_changes(None, limit=1000).items
            assert len(items) == 1000


def test_plain_http_client_to_https_server_is_an_error(tmp_path):
    cert, key = make_self_signed_cert(tmp_path)
    with PortalSimulator(ssl_context=server_context(cert, key)) as sim:
        plain = sim.url.replace("https://", "http://")
        with PortalClient(plain, read_timeout=2) as c, pytest.raises(PortalError):
            c.health()


def test_given_session_is_used_and_not_closed(sim):
    session = requests.Session()
    c = PortalClient(sim.url, session=session, kiosk_id="k2")
    assert c.health()["status"] == "ok"
    c.close()
    assert sim.recent_requests[-1]["kiosk_id"] == "k2"
    assert "X-Kiosk-Id" not in session.headers  # a shared session is left as it was
    assert session.get(sim.url + "/v1/health", timeout=5).status_code == 200
    session.close()


def test_bad_configuration_fails_early():
    with pytest.raises(ValueError):
        PortalClient("portal.example")
    with pytest.raises(ValueError):
        PortalClient("http://127.0.0.1:1", read_timeout=0)
    with PortalClient("http://127.0.0.1:1") as c, pytest.raises(ValueError):
        c.heartbeat({})  # no kiosk id


def test_retry_after_parsing():
    assert parse_retry_after(None) is None
    assert parse_retry_after("120") == 120
    assert parse_retry_after("soon") is None
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 28 <= parse_retry_after(later) <= 31
    past = email.utils.formatdate(time.time() - 30, usegmt=True)
    assert parse_retry_after(past) == 0


def test_every_error_key_has_messages():
    import kiosk.portal.errors as errors

    classes = [c for c in vars(errors).values()
               if isinstance(c, type) and issubclass(c, PortalError)]
    keys = {c.key for c in classes} | {"portal.not_implemented"}
    assert keys <= set(MESSAGES)
    assert all(set(m) == {"vi", "en"} for m in MESSAGES.values())
