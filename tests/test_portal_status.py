"""Dossier status on the portal simulator: views without personal data, lookups with the ID
number, a citizen's list, statuses moving over (fake) time, the control surface."""

# The fixtures are shared with test_portal_dossiers.py by importing them.
# ruff: noqa: F811

from __future__ import annotations

import json
from collections import Counter

import pytest
from test_portal_dossiers import (  # noqa: F401 (fixtures)
    checked,
    client,
    clock,
    http,
    shared_catalog,
    sim,
    submission,
)

from kiosk.portal.errors import PortalRejected, PortalValidationError
from kiosk.portal.sim_dossiers import DEMO_ID_NUMBER, scenario_for

MARKERS = ("Markername", "Zqxv", "099123456789", "Ngõ Đánh Dấu", "0912345678")
STATUS_VIEW_KEYS = {
    "MaHoSo", "MaTTHC", "TenTTHC", "MaCoQuan", "CoQuanTiepNhan", "TrangThaiHoSo",
    "TenTrangThai", "NgayNop", "NgayTiepNhan", "NgayHenTra", "NgayTraKetQua", "LichSu",
    "YeuCauBoSung", "SoTienPhaiNop", "NoiNhanKetQua", "LyDo", "LePhi", "DaNopLePhi",
    "MaThamChieuKiosk",
}
EXPECTED = {
    "normal": [1, 2, 4, 9, 10],
    "bo_sung": [1, 2, 5, 4, 9, 10],
    "nghia_vu_tai_chinh": [1, 2, 4, 6],  # then it waits for the payment
    "tu_choi": [1, 3],
}


def test_status_view_has_no_personal_data(sim, client, http):
    dossier, _ = client.submit_dossier(submission(), "key-pii-000001")
    code = dossier["MaHoSo"]
    for text in (json.dumps(dossier, ensure_ascii=False),
                 http.get(f"{sim.url}/v1/dossiers/{code}", timeout=5).text,
                 json.dumps(client.dossier_status(code), ensure_ascii=False)):
        for marker in MARKERS:
            assert marker not in text
    assert set(client.dossier_status(code)) == STATUS_VIEW_KEYS


def test_lookup_needs_the_matching_id_number(sim, client, http):
    code = client.submit_dossier(submission(), "key-lookup-0001")[0]["MaHoSo"]
    details = client.dossier_details(code, "099123456789")
    assert details["NguoiNop"]["HoTen"] == "Markername Zqxv"
    assert details["NguoiNop"]["DiaChi"].startswith("Số 9 Ngõ Đánh Dấu")
    assert "SoDinhDanh" not in details["NguoiNop"]  # the caller has it; no echo
    with pytest.raises(PortalRejected) as wrong:
        client.dossier_details(code, "001190012345")
    with pytest.raises(PortalRejected) as unknown:
        client.dossier_details("H26.105-261122-0999", "099123456789")
    # The same answer whether the dossier exists or not.
    assert wrong.value.status == unknown.value.status == 404
    assert wrong.value.code == unknown.value.code == "dossier_not_found"
    assert wrong.value.detail == unknown.value.detail
    assert wrong.value.key == "portal.dossier_not_found"
    r = http.post(sim.url + "/v1/dossiers/lookup", json={"MaHoSo": code}, timeout=5)
    assert r.status_code == 422


def test_unknown_dossier_is_a_404(client):
    with pytest.raises(PortalRejected) as exc:
        client.dossier_status("H26.105-200101-0001")
    assert exc.value.status == 404 and exc.value.code == "dossier_not_found"


def test_citizen_list_needs_the_chip(sim, client):
    client.submit_dossier(submission(), "key-list-000001")
    client.submit_dossier(submission(MaCoQuan="H26.107"), "key-list-000002")
    for source in ("chip_verified", "chip_unverified"):
        items = client.citizen_dossiers("099123456789", source)
        assert [d["MaHoSo"] for d in items] == ["H26.107-261122-0001", "H26.105-261122-0001"]
    for source in ("qr", "typed"):
        with pytest.raises(PortalRejected) as exc:
            client.citizen_dossiers("099123456789", source)
        err = exc.value
        assert (err.status, err.code, err.key) == (403, "identity_insufficient",
                                                   "portal.identity_insufficient")
    assert client.citizen_dossiers("012345678901", "chip_verified") == []
    with pytest.raises(ValueError):
        client.citizen_dossiers("099123456789", "guess")


def test_citizen_list_validates_over_http(sim, http):
    r = http.post(sim.url + "/v1/citizens/dossiers",
                  json={"SoDinhDanh": "0991", "NguonDinhDanh": "nfc"}, timeout=5)
    assert r.status_code == 422
    assert r.json()["errors"] == {"SoDinhDanh": "form.id_invalid",
                                  "NguonDinhDanh": "form.choice_invalid"}


def test_demo_citizen_has_dossiers_in_several_statuses(client):
    items = client.citizen_dossiers(DEMO_ID_NUMBER, "chip_verified")
    statuses = [d["TrangThaiHoSo"] for d in items]
    assert len(items) >= 5 and {3, 4, 5, 6, 9, 10} <= set(statuses)
    created = [d["NgayNop"] for d in items]
    assert created == sorted(created, reverse=True)
    by_status = {d["TrangThaiHoSo"]: d for d in items}
    assert by_status[5]["YeuCauBoSung"] and by_status[6]["SoTienPhaiNop"] > 0
    assert by_status[9]["NoiNhanKetQua"] and by_status[3]["LyDo"]
    assert by_status[10]["NgayTraKetQua"]


def test_scenarios_are_stable_and_mostly_normal():
    codes = [f"H26.105-261122-{i:04d}" for i in range(1, 401)]
    counts = Counter(scenario_for(c) for c in codes)
    assert set(counts) == set(EXPECTED)
    assert counts["normal"] > 200 and counts["tu_choi"] < 80
    assert [scenario_for(c) for c in codes] == [scenario_for(c) for c in codes]


def test_every_scenario_progresses_with_the_clock(sim, client, clock):
    wanted = set(EXPECTED)
    chosen: dict[str, str] = {}
    i = 0
    while wanted - set(chosen):
        i += 1
        code = client.submit_dossier(submission(), f"key-scen-{i:06d}")[0]["MaHoSo"]
        chosen.setdefault(scenario_for(code), code)
    seen = {name: [client.dossier_status(code)["TrangThaiHoSo"]]
            for name, code in chosen.items()}
    for _ in range(8):
        clock.advance(60)  # step_seconds of the fixture
        for name, code in chosen.items():
            status = client.dossier_status(code)["TrangThaiHoSo"]
            if status != seen[name][-1]:
                seen[name].append(status)
    assert seen == EXPECTED
    fee = client.dossier_status(chosen["nghia_vu_tai_chinh"])
    assert fee["SoTienPhaiNop"] > 0 and fee["TenTrangThai"].startswith("Yêu cầu thực hiện")
    refused = client.dossier_status(chosen["tu_choi"])
    assert refused["LyDo"] and refused["NgayTiepNhan"] is None
    done = client.dossier_status(chosen["normal"])
    assert [e["TrangThaiHoSo"] for e in done["LichSu"]] == EXPECTED["normal"]
    assert done["NgayTraKetQua"] == done["LichSu"][-1]["ThoiDiem"]
    extra = client.dossier_status(chosen["bo_sung"])
    assert extra["YeuCauBoSung"] is None  # only shown while in status 5


def test_one_step_per_step_seconds(sim, client, clock):
    code = client.submit_dossier(submission(), "key-step-000001")[0]["MaHoSo"]
    clock.advance(59)
    assert client.dossier_status(code)["TrangThaiHoSo"] == 1
    clock.advance(1)
    view = client.dossier_status(code)
    assert view["TrangThaiHoSo"] in (2, 3)
    assert view["LichSu"][-1]["ThoiDiem"] == "2026-11-22T17:01:00+07:00"


def test_control_surface_sets_status_and_moves_the_clock(sim, client, http):
    code = client.submit_dossier(submission(), "key-ctl-0000001")[0]["MaHoSo"]
    r = http.post(f"{sim.url}/_sim/dossiers/{code}/status",
                  json={"TrangThaiHoSo": 5, "YeuCauBoSung": "Bổ sung ảnh 4x6"}, timeout=5)
    assert r.status_code == 200 and r.json()["TrangThaiHoSo"] == 5
    view = client.dossier_status(code)
    assert view["YeuCauBoSung"] == "Bổ sung ảnh 4x6"
    r = http.post(sim.url + "/_sim/clock", json={"advance": 3600}, timeout=5)
    assert r.status_code == 200 and r.json()["step_seconds"] == 60
    assert client.dossier_status(code)["TrangThaiHoSo"] == 5  # set by hand: it stays
    http.post(f"{sim.url}/_sim/dossiers/{code}/status",
              json={"TrangThaiHoSo": 9, "NoiNhanKetQua": "Quầy số 3, sáng thứ Hai"}, timeout=5)
    assert client.dossier_status(code)["NoiNhanKetQua"] == "Quầy số 3, sáng thứ Hai"
    assert http.post(f"{sim.url}/_sim/dossiers/{code}/status", json={"TrangThaiHoSo": 11},
                     timeout=5).status_code == 400
    assert http.post(sim.url + "/_sim/clock", json={"advance": -5},
                     timeout=5).status_code == 400
    assert http.post(f"{sim.url}/_sim/dossiers/H26.105-200101-0001/status",
                     json={"TrangThaiHoSo": 2}, timeout=5).status_code == 404
    listed = http.get(sim.url + "/_sim/dossiers", timeout=5).json()["items"]
    assert code in {d["MaHoSo"] for d in listed}


def test_validation_error_exposes_fields(client):
    with pytest.raises(PortalValidationError) as exc:
        client.submit_dossier(submission(MaCoQuan=""), "key-val-0000001")
    assert exc.value.errors == {"MaCoQuan": "form.required"}
