"""The OpenAPI document is valid 3.1, and the simulator's real answers match it."""

from __future__ import annotations

import re

import pytest
import requests
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from portal_helpers import SPEC_URI, load_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from kiosk.portal.simulator import PortalSimulator, SimCatalog

SPEC = load_spec()
IMPLEMENTED = {
    ("get", "/v1/health"), ("get", "/v1/catalog/changes"),
    ("get", "/v1/catalog/procedures/{MaTTHC}"), ("get", "/v1/catalog/meta"),
    ("get", "/v1/units"), ("post", "/v1/kiosks/{kioskId}/heartbeat"),
    ("get", "/v1/forms/{MaTTHC}"), ("post", "/v1/dossiers"), ("post", "/v1/dossiers/lookup"),
    ("get", "/v1/dossiers/{MaHoSo}"), ("post", "/v1/citizens/dossiers"),
    ("post", "/v1/payments"), ("get", "/v1/payments/{id}"), ("post", "/v1/payments/{id}/cancel"),
}
SAMPLE_PARAMS = {"MaTTHC": "1.001193", "MaHoSo": "H26.105-250801-0001", "id": "p-1",
                 "kioskId": "kiosk-1"}


def _deref(node):
    while "$ref" in node:
        parts = node["$ref"].removeprefix("#/").split("/")
        node = SPEC
        for p in parts:
            node = node[p]
    return node


_REGISTRY = Registry().with_resource(SPEC_URI, Resource(contents=SPEC, specification=DRAFT202012))


def response_validator(method: str, path: str, status: int, content_type: str):
    responses = SPEC["paths"][path][method]["responses"]
    resp = _deref(responses.get(str(status)) or responses["default"])
    media = resp["content"][content_type.split(";")[0].strip()]
    schema = media["schema"]
    if "$ref" in schema:
        schema = {"$ref": SPEC_URI + schema["$ref"]}
    return Draft202012Validator(schema, registry=_REGISTRY,
                                format_checker=Draft202012Validator.FORMAT_CHECKER), resp


def check(r: requests.Response, method: str, path: str) -> None:
    ctype = r.headers["Content-Type"]
    if r.status_code < 400:
        assert ctype.startswith("application/json"), ctype
    else:
        assert ctype.startswith("application/problem+json"), ctype
    validator, resp = response_validator(method, path, r.status_code, ctype)
    errors = sorted(validator.iter_errors(r.json()), key=lambda e: list(e.path))
    assert not errors, f"{method} {path} {r.status_code}: {errors[0].message} at {list(errors[0].path)}"
    for name in resp.get("headers", {}):
        assert name in r.headers, f"{name} missing on {r.status_code}"


@pytest.fixture(scope="module")
def sim():
    with PortalSimulator() as s:
        yield s


@pytest.fixture(scope="module")
def http():
    with requests.Session() as s:
        yield s


def test_document_is_valid_openapi_31():
    validate(SPEC)
    assert SPEC["openapi"].startswith("3.1")
    assert all(p.startswith("/v1/") for p in SPEC["paths"])


def test_every_operation_documents_problem_errors():
    for path, item in SPEC["paths"].items():
        for method, op in item.items():
            assert "default" in op["responses"], (method, path)
            for status, resp in op["responses"].items():
                resp = _deref(resp)
                if status.startswith(("4", "5")) or status == "default":
                    assert "application/problem+json" in resp["content"], (method, path, status)
                if status in ("429", "503"):
                    assert "Retry-After" in resp["headers"], (method, path, status)
            names = [_deref(p)["name"] for p in op.get("parameters", [])]
            if method == "post" and not path.startswith("/v1/kiosks/"):
                # Creating something needs a key; reads with a body and cancel do not.
                exempt = op.get("x-naturally-idempotent") is True
                assert ("Idempotency-Key" in names) != exempt, path
            for name in names:
                assert name not in ("SoDinhDanh", "id_number"), "ID numbers never in URLs"


def test_every_operation_exists_on_the_simulator(sim, http):
    for path, item in SPEC["paths"].items():
        for method in item:
            url = sim.url + re.sub(r"\{(\w+)\}", lambda m: SAMPLE_PARAMS[m[1]], path)
            headers = {"Idempotency-Key": "key-0000-0001"}
            r = http.request(method, url, json={}, headers=headers, timeout=5)
            assert r.json().get("code") not in ("not_found", "method_not_allowed"), path
            if (method, path) not in IMPLEMENTED:
                assert r.status_code == 501 and r.json()["code"] == "not_implemented"
            else:
                assert r.status_code != 501, path
            check(r, method, path)


def test_change_feed_answers_match(sim, http):
    path = "/v1/catalog/changes"
    r = http.get(sim.url + path, params={"limit": 1000}, timeout=10)
    check(r, "get", path)
    r = http.get(sim.url + path, params={"since": r.json()["next_token"]}, timeout=10)
    check(r, "get", path)
    token = r.json()["next_token"]
    sim.catalog.update("1.116789", GhiChu=["thay đổi"])
    sim.catalog.remove("2.000720")
    r = http.get(sim.url + path, params={"since": token}, timeout=10)
    check(r, "get", path)
    assert r.json()["deleted"] == ["2.000720"]
    for params in ({"since": "bogus"}, {"since": SimCatalog(records=[]).token()}):
        r = http.get(sim.url + path, params=params, timeout=10)
        assert r.status_code == 410
        check(r, "get", path)
    r = http.get(sim.url + path, params={"limit": "many"}, timeout=10)
    assert r.status_code == 400
    check(r, "get", path)


def test_every_procedure_in_full_matches(sim, http):
    path = "/v1/catalog/procedures/{MaTTHC}"
    for code in sim.catalog.codes()[::40] + ["1.116410", "3.000722", "2.000815", "1.116788"]:
        r = http.get(f"{sim.url}/v1/catalog/procedures/{code}", timeout=5)
        check(r, "get", path)
    r = http.get(f"{sim.url}/v1/catalog/procedures/0.000000", timeout=5)
    assert r.status_code == 404
    check(r, "get", path)


def test_meta_units_health_heartbeat_match(sim, http):
    for path in ("/v1/catalog/meta", "/v1/units", "/v1/health"):
        check(http.get(sim.url + path, timeout=5), "get", path)
    path = "/v1/kiosks/{kioskId}/heartbeat"
    r = http.post(sim.url + "/v1/kiosks/kiosk-1/heartbeat",
                  json={"status": "ok", "uptime_s": 12.5, "devices": {"printer": {"ok": True}}},
                  timeout=5)
    assert r.status_code == 200
    check(r, "post", path)
    r = http.post(sim.url + "/v1/kiosks/kiosk-1/heartbeat", data=b"nope", timeout=5)
    assert r.status_code == 400
    check(r, "post", path)


def test_injected_failures_match(sim, http):
    sim.faults.inject("status", status=503, retry_after=4)
    r = http.get(sim.url + "/v1/units", timeout=5)
    assert r.status_code == 503 and r.headers["Retry-After"] == "4"
    check(r, "get", "/v1/units")
    sim.faults.inject("status", status=429, retry_after=1)
    r = http.get(sim.url + "/v1/catalog/changes", timeout=5)
    check(r, "get", "/v1/catalog/changes")


def test_procedure_schema_matches_the_seed_wire_fields():
    props = SPEC["components"]["schemas"]["Procedure"]["properties"]
    wire = SimCatalog().meta()["wire_fields"]
    assert set(wire) == set(props)
