"""Dossier submission on the portal simulator: validation, national codes, idempotency,
faults; every answer the client gets is checked against the OpenAPI document."""

from __future__ import annotations

import re
import threading
import time
from datetime import UTC, datetime

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_openapi import SPEC, check

from kiosk.portal.client import PortalClient
from kiosk.portal.errors import (
    MESSAGES,
    PortalBadResponse,
    PortalRejected,
    PortalUnavailable,
    PortalValidationError,
)
from kiosk.portal.sim_dossiers import ApiError, DossierStore, Forms, SimClock, example_submission
from kiosk.portal.simulator import PortalSimulator, SimCatalog

# 2026-11-22 10:00 UTC = 17:00 in Hà Nội.
T0 = datetime(2026, 11, 22, 10, 0, tzinfo=UTC).timestamp()
PROCEDURE = "1.116789"  # Đăng ký tạm trú, a real catalog procedure
NO_FORM_PROCEDURE = "1.000656"
FORM = {
    "MaTTHC": PROCEDURE,
    "version": "test.1",
    "title": {"vi": "Tờ khai thử", "en": "Test form"},
    "official_form": "Mẫu thử (chỉ dùng trong kiểm thử)",
    "requires_chip": False,
    "delivery": ["truc_tiep", "truc_tuyen", "buu_chinh"],
    "fee": {"vnd": 7000, "desc": {"vi": "Lệ phí nộp trực tuyến", "en": "Online fee"}},
    "documents_to_bring": [],
    "source": "tests",
    "sections": [{
        "id": "applicant", "title": {"vi": "Người khai", "en": "Applicant"},
        "fields": [
            {"id": "full_name", "label": {"vi": "Họ và tên", "en": "Full name"},
             "type": "text", "required": True, "max_length": 100},
            {"id": "id_number", "label": {"vi": "Số định danh", "en": "ID number"},
             "type": "id_number", "required": True},
            {"id": "birth_date", "label": {"vi": "Ngày sinh", "en": "Date of birth"},
             "type": "date", "required": True, "date_rule": "not_future"},
            {"id": "reason", "label": {"vi": "Lý do", "en": "Reason"}, "type": "choice",
             "required": True,
             "choices": [{"value": "work", "label": {"vi": "Làm việc", "en": "Work"}},
                         {"value": "other", "label": {"vi": "Khác", "en": "Other"}}]},
            {"id": "note", "label": {"vi": "Ghi rõ", "en": "Details"}, "type": "textarea",
             "required": True, "max_length": 200,
             "visible_if": {"field": "reason", "equals": "other"}},
        ]}],
}
# A second form whose fee is unknown and which is never posted.
FORM_NO_POST = {**FORM, "MaTTHC": "1.004873", "delivery": ["truc_tiep"],
                "fee": {"vnd": None, "desc": {"vi": "Nộp tại quầy", "en": "At the counter"}}}
FORMS = {PROCEDURE: FORM, "1.004873": FORM_NO_POST}


class FakeClock:
    def __init__(self, t: float = T0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def submission(**over):
    body = {
        "MaTTHC": PROCEDURE,
        "MaCoQuan": "H26.105",
        "NguoiNop": {"HoTen": "Markername Zqxv", "SoDinhDanh": "099123456789",
                     "DiaChi": "Số 9 Ngõ Đánh Dấu, Phường Hoàn Kiếm", "SoDienThoai": "0912345678"},
        "HinhThucNhanKetQua": "truc_tiep",
        "DuLieuToKhai": {"full_name": "Markername Zqxv", "id_number": "099123456789",
                         "birth_date": "1990-03-15", "reason": "work"},
        "DongYXuLyDuLieu": True,
        "PhienBanDongY": "2025-07-01",
        "ThoiDiemDongY": "2026-11-22T16:58:00+07:00",
        "MaThamChieuKiosk": "LK-261122-7QX4M2P",
    }
    body.update(over)
    return body


# -- checking every answer against the OpenAPI document --------------------------------

_TEMPLATES = sorted(SPEC["paths"], key=lambda p: (p.count("{"), p))
_COMPILED = [(re.compile(re.sub(r"\{\w+\}", "[^/]+", p) + "$"), p) for p in _TEMPLATES]


def spec_path(url_path: str) -> str | None:
    for pattern, template in _COMPILED:
        if pattern.match(url_path):
            return template
    return None


def _spec_hook(checked: list[str]):
    def hook(r: requests.Response, *args, **kwargs):
        path = requests.utils.urlparse(r.url).path
        template = spec_path(path)
        if template is None:
            assert path.startswith("/_sim/"), f"{path} is not in the OpenAPI document"
            return r
        check(r, r.request.method.lower(), template)
        checked.append(f"{r.request.method} {template} {r.status_code}")
        return r
    return hook


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture(scope="session")
def shared_catalog():
    """The real catalog, loaded once: these tests read it and never change it."""
    return SimCatalog()


@pytest.fixture
def sim(clock, shared_catalog):
    with PortalSimulator(shared_catalog, clock=clock, step_seconds=60, forms=FORMS.get) as s:
        yield s


@pytest.fixture
def checked():
    return []


@pytest.fixture
def http(checked):
    """A session that validates every API answer against the OpenAPI document."""
    with requests.Session() as s:
        s.hooks["response"].append(_spec_hook(checked))
        yield s


@pytest.fixture
def client(sim, http):
    with PortalClient(sim.url, kiosk_id="kiosk-t1", read_timeout=5, session=http) as c:
        yield c


# -- forms -------------------------------------------------------------------------------

def test_form_definition_is_served_and_checked(client, checked):
    form = client.form_definition(PROCEDURE)
    assert form == FORM
    with pytest.raises(PortalRejected) as exc:
        client.form_definition(NO_FORM_PROCEDURE)  # a real procedure without a form
    assert exc.value.status == 404 and exc.value.code == "form_not_found"
    assert exc.value.key == "portal.form_not_found"
    with pytest.raises(PortalRejected) as exc:
        client.form_definition("9.999999")
    assert exc.value.code == "form_not_found"
    assert "GET /v1/forms/{MaTTHC} 200" in checked and "GET /v1/forms/{MaTTHC} 404" in checked


def test_malformed_form_definition_is_a_bad_response(sim):
    # Injected bodies break the document on purpose: a client without the spec check.
    broken = {**FORM, "sections": [{"id": "Bad Id", "title": {"vi": "x", "en": "x"},
                                    "fields": []}]}
    with PortalClient(sim.url, read_timeout=5) as client:
        sim.faults.inject("body", body=broken, path_prefix="/v1/forms/")
        with pytest.raises(PortalBadResponse):
            client.form_definition(PROCEDURE)
        sim.faults.inject("body", body={**FORM, "MaTTHC": "1.004873"}, path_prefix="/v1/forms/")
        with pytest.raises(PortalBadResponse):
            client.form_definition(PROCEDURE)


def test_bundled_forms_are_served_and_accept_their_example(http, shared_catalog):
    """The real forms of kiosk/data/forms, end to end through the client."""
    forms = pytest.importorskip("kiosk.forms")
    codes = forms.available_codes()
    if not codes:
        pytest.skip("kiosk/data/forms has no definitions yet")
    with PortalSimulator(shared_catalog) as s, \
            PortalClient(s.url, read_timeout=5, session=http) as c:
        for i, code in enumerate(codes):
            form = c.form_definition(code)
            assert form == forms.load_definition(code)
            dossier, replayed = c.submit_dossier(example_submission(form), f"key-ex-{i:06d}")
            assert dossier["MaTTHC"] == code and not replayed
            fee = form["fee"]["vnd"]
            assert dossier["LePhi"] == (fee or None)


# -- submission ----------------------------------------------------------------------------

def test_valid_submission_gets_a_national_code(sim, client, http):
    dossier, replayed = client.submit_dossier(submission(), "key-valid-0001")
    assert not replayed
    assert dossier["MaHoSo"] == "H26.105-261122-0001"  # Hà Nội date of T0, first of the day
    assert dossier["TrangThaiHoSo"] == 1 and dossier["TenTrangThai"] == "Mới đăng ký"
    assert dossier["CoQuanTiepNhan"] == "UBND phường Hoàn Kiếm"
    assert dossier["LePhi"] == 7000 and dossier["DaNopLePhi"] is False
    assert dossier["MaThamChieuKiosk"] == "LK-261122-7QX4M2P"
    r = http.post(sim.url + "/v1/dossiers", json=submission(MaCoQuan="H26.107"),
                  headers={"Idempotency-Key": "key-valid-0002"}, timeout=5)
    assert r.status_code == 201
    assert r.headers["Location"] == "/v1/dossiers/H26.107-261122-0001"


@pytest.mark.parametrize(("change", "errors"), [
    ({"DongYXuLyDuLieu": False}, {"DongYXuLyDuLieu": "dossier.consent_required"}),
    ({"PhienBanDongY": None, "ThoiDiemDongY": "yesterday"},
     {"PhienBanDongY": "dossier.consent_required", "ThoiDiemDongY": "dossier.consent_required"}),
    ({"ThoiDiemDongY": "2026-11-23T10:00:00+07:00"}, {"ThoiDiemDongY": "form.date_future"}),
    ({"MaCoQuan": "H26.999"}, {"MaCoQuan": "dossier.agency_unknown"}),
    ({"MaTTHC": "9.999999"}, {"MaTTHC": "dossier.procedure_unknown"}),
    ({"MaTTHC": NO_FORM_PROCEDURE}, {"MaTTHC": "dossier.no_form"}),
    ({"HinhThucNhanKetQua": "buu_chinh"},
     {"DiaChiNhanKetQua": "dossier.delivery_address_required"}),
    ({"HinhThucNhanKetQua": "drone"}, {"HinhThucNhanKetQua": "form.choice_invalid"}),
    ({"MaThamChieuKiosk": "LK-261122-7QX4M2"}, {"MaThamChieuKiosk": "dossier.local_ref_invalid"}),
    ({"NguoiNop": {"HoTen": " ", "SoDinhDanh": "12345", "Email": "nope"}},
     {"NguoiNop.HoTen": "form.required", "NguoiNop.SoDinhDanh": "form.id_invalid",
      "NguoiNop.Email": "form.email_invalid"}),
    ({"DuLieuToKhai": {"full_name": "", "id_number": "0991", "birth_date": "2030-01-01",
                       "reason": "other", "religion": "x"}},
     {"full_name": "form.required", "id_number": "form.id_invalid",
      "birth_date": "form.date_future", "note": "form.required",
      "religion": "dossier.unknown_field"}),
    ({"GiayTo": [{"TenGiayTo": "x", "KieuNoiDung": "image/jpeg", "NoiDung": "***"}]},
     {"GiayTo.0": "dossier.attachment_invalid"}),
])
def test_invalid_submissions_name_every_wrong_field(sim, client, change, errors):
    with pytest.raises(PortalValidationError) as exc:
        client.submit_dossier(submission(**change), "key-invalid-01")
    err = exc.value
    assert err.status == 422 and err.code == "validation_failed" and not err.retryable
    assert err.errors == errors
    assert len(sim.dossiers) == 6  # only the demo dossiers
    for key in errors.values():
        assert key in MESSAGES or key.startswith("form.")


def test_form_rules_follow_the_form(sim, client):
    # A hidden field's rule does not apply; postal delivery with an address is fine.
    body = submission(HinhThucNhanKetQua="buu_chinh", DiaChiNhanKetQua="Số 9, Hoàn Kiếm")
    body["DuLieuToKhai"] = {**body["DuLieuToKhai"], "reason": "other", "note": "Học tập"}
    dossier, _ = client.submit_dossier(body, "key-rules-0001")
    assert dossier["TrangThaiHoSo"] == 1
    # 1.004873's form allows only counter delivery.
    with pytest.raises(PortalValidationError) as exc:
        client.submit_dossier(submission(MaTTHC="1.004873", HinhThucNhanKetQua="truc_tuyen"),
                              "key-rules-0002")
    assert exc.value.errors == {"HinhThucNhanKetQua": "dossier.delivery_not_allowed"}


def test_bad_requests(sim, http):
    url = sim.url + "/v1/dossiers"
    r = http.post(url, json=submission(), timeout=5)
    assert r.status_code == 400 and r.json()["code"] == "idempotency_key_required"
    r = http.post(url, data=b"[1, 2]", headers={"Idempotency-Key": "key-bad-00001"}, timeout=5)
    assert r.status_code == 400 and r.json()["code"] == "bad_request"


def test_replay_with_the_same_key_and_body(sim, client):
    first, replayed = client.submit_dossier(submission(), "key-replay-0001")
    assert not replayed
    again, replayed = client.submit_dossier(submission(), "key-replay-0001")
    assert replayed and again["MaHoSo"] == first["MaHoSo"]
    assert len(sim.dossiers) == 7


def test_same_key_with_another_body_is_refused(sim, client):
    client.submit_dossier(submission(), "key-reuse-00001")
    with pytest.raises(PortalRejected) as exc:
        client.submit_dossier(submission(MaCoQuan="H26.107"), "key-reuse-00001")
    err = exc.value
    assert (err.status, err.code, err.key) == (422, "idempotency_key_reused",
                                               "portal.idempotency_key_reused")
    assert not err.retryable and len(sim.dossiers) == 7


def test_concurrent_requests_with_one_key_make_one_dossier(sim):
    n = 8
    barrier = threading.Barrier(n)
    results: list[tuple[int, str]] = []
    lock = threading.Lock()

    def send():
        with requests.Session() as s:
            barrier.wait(timeout=5)
            r = s.post(sim.url + "/v1/dossiers", json=submission(),
                       headers={"Idempotency-Key": "key-race-000001"}, timeout=10)
            with lock:
                results.append((r.status_code, r.json()["MaHoSo"]))

    threads = [threading.Thread(target=send) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=15)
    statuses = sorted(s for s, _ in results)
    assert statuses == [200] * (n - 1) + [201]
    assert len({code for _, code in results}) == 1
    assert len(sim.dossiers) == 7


def test_daily_sequence_per_agency(sim, client, clock):
    codes = [client.submit_dossier(submission(MaCoQuan=agency), f"key-seq-{i:06d}")[0]["MaHoSo"]
             for i, agency in enumerate(["H26.105", "H26.105", "H26.107", "H26.105"])]
    assert codes == ["H26.105-261122-0001", "H26.105-261122-0002", "H26.107-261122-0001",
                     "H26.105-261122-0003"]
    clock.advance(7 * 3600)  # 00:00 the next day in Hà Nội (17:00 UTC)
    body = submission(ThoiDiemDongY="2026-11-23T00:00:00+07:00")
    assert client.submit_dossier(body, "key-seq-next01")[0]["MaHoSo"] == "H26.105-261123-0001"


def test_drop_after_commit_then_retry_gives_one_dossier(sim, client):
    sim.faults.inject("drop_after_commit", path_prefix="/v1/dossiers")
    with pytest.raises(PortalUnavailable):
        client.submit_dossier(submission(), "key-drop-000001")
    assert len(sim.dossiers) == 7  # stored although the answer was lost
    dossier, replayed = client.submit_dossier(submission(), "key-drop-000001")
    assert replayed and dossier["MaHoSo"] == "H26.105-261122-0001"
    assert len(sim.dossiers) == 7
    assert sim.faults.pending() == []


def test_drop_after_commit_over_the_control_surface(sim, http):
    r = http.post(sim.url + "/_sim/faults", json={"kind": "drop_after_commit"}, timeout=5)
    assert r.status_code == 201 and r.json()["kind"] == "drop_after_commit"
    with pytest.raises(requests.ConnectionError):
        http.post(sim.url + "/v1/dossiers", json=submission(),
                  headers={"Idempotency-Key": "key-drop-000002"}, timeout=5)
    assert len(sim.dossiers) == 7


def test_store_holds_ten_thousand_dossiers_quickly():
    store = DossierStore(procedures=lambda c: {"TenTTHC": "Thử"} if c == PROCEDURE else None,
                         forms=Forms(FORMS.get), clock=SimClock(FakeClock()),
                         seed_demo=False)
    started = time.perf_counter()
    for i in range(10_000):
        store.submit(submission(), f"bulk-{i:08d}")
    elapsed = time.perf_counter() - started
    assert len(store) == 10_000
    assert store.status("H26.105-261122-10000")["TrangThaiHoSo"] == 1
    assert elapsed < 20, elapsed


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.dictionaries(
    st.sampled_from(["MaTTHC", "MaCoQuan", "NguoiNop", "HinhThucNhanKetQua", "DuLieuToKhai",
                     "DongYXuLyDuLieu", "PhienBanDongY", "ThoiDiemDongY", "MaThamChieuKiosk",
                     "DiaChiNhanKetQua", "GiayTo", "TruongHop"]),
    st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                 lambda inner: st.lists(inner, max_size=3)
                 | st.dictionaries(st.text(max_size=10), inner, max_size=3),
                 max_leaves=8),
    max_size=4))
def test_any_body_is_answered_with_a_declared_error(changes):
    """Untrusted JSON never crashes the store: a dossier or a 400/422 ApiError."""
    store = DossierStore(procedures=lambda c: {"TenTTHC": "Thử"} if c == PROCEDURE else None,
                         forms=Forms(FORMS.get), clock=SimClock(FakeClock()), seed_demo=False)
    try:
        view, _ = store.submit(submission(**changes), "key-fuzz-000001")
    except ApiError as exc:
        assert exc.status in (400, 422)
        assert exc.errors is None or all(
            k in MESSAGES or k.startswith("form.") for k in exc.errors.values())
    else:
        assert view["TrangThaiHoSo"] == 1


def test_wrong_shapes_from_the_new_endpoints_are_bad_responses(sim):
    dossier = {"MaHoSo": "H26.105-261122-0001", "MaTTHC": PROCEDURE, "TrangThaiHoSo": 1,
               "LichSu": []}
    payment = {"id": "TT1", "MaHoSo": "H26.105-261122-0001", "SoTien": 7000,
               "TrangThai": "cho_thanh_toan", "MaVietQR": "000201", "HetHanLuc": "x"}
    with PortalClient(sim.url, read_timeout=5) as c:
        cases = [
            (lambda: c.submit_dossier(submission(), "key-shape-0001"),
             {**dossier, "TrangThaiHoSo": 11}),
            (lambda: c.submit_dossier(submission(), "key-shape-0002"),
             {**dossier, "MaTTHC": "1.000656"}),
            (lambda: c.dossier_status("H26.105-261122-0002"), dossier),  # another dossier
            (lambda: c.dossier_status("H26.105-261122-0001"), {**dossier, "LichSu": [1]}),
            (lambda: c.dossier_details("H26.105-261122-0001", "099123456789"), dossier),
            (lambda: c.citizen_dossiers("099123456789", "chip_verified"), {"items": [{}]}),
            (lambda: c.create_payment("H26.105-261122-0001", 7000, "key-shape-0003"),
             {**payment, "SoTien": 5000}),
            (lambda: c.payment("TT1"), {**payment, "TrangThai": "paid"}),
            (lambda: c.cancel_payment("TT1"), {**payment, "MaVietQR": None}),
        ]
        for call, body in cases:
            sim.faults.inject("body", body=body)
            with pytest.raises(PortalBadResponse):
                call()
        sim.faults.inject("garbage")
        with pytest.raises(PortalBadResponse):
            c.submit_dossier(submission(), "key-shape-0004")
        with pytest.raises(ValueError):
            c.submit_dossier(submission(), "short")  # not a valid Idempotency-Key
        with pytest.raises(ValueError):
            c.dossier_details("H26.105-261122-0001", "12345")
        with pytest.raises(ValueError):
            c.create_payment("H26.105-261122-0001", 0, "key-shape-0005")
