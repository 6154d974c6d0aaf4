"""Payments on the portal simulator: VietQR requests, the bank's callback, expiry,
cancelling, amounts that do not match, a paid status-6 dossier moving on."""

# The fixtures are shared with test_portal_dossiers.py by importing them.
# ruff: noqa: F811

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_portal_dossiers import (  # noqa: F401 (fixtures)
    FORMS,
    FakeClock,
    checked,
    client,
    clock,
    http,
    shared_catalog,
    sim,
    submission,
)

from kiosk.payment.vietqr import parse_payload
from kiosk.portal.client import _check_dossier, _check_payment
from kiosk.portal.errors import PortalBadResponse, PortalRejected
from kiosk.portal.sim_dossiers import Payee
from kiosk.portal.simulator import PortalSimulator

FEE = 7000  # the fee.vnd of the test form


@pytest.fixture
def dossier(client):
    return client.submit_dossier(submission(), "key-pay-dossier1")[0]["MaHoSo"]


def callback(http, sim, **body):
    return http.post(sim.url + "/_sim/bank/callback", json=body, timeout=5)


def test_payment_carries_a_vietqr_for_the_fee(client, dossier):
    pay = client.create_payment(dossier, FEE, "key-pay-000001")
    assert pay["TrangThai"] == "cho_thanh_toan" and pay["LoaiKhoanNop"] == "le_phi"
    assert (pay["NganHang"], pay["SoTaiKhoan"]) == ("970415", "113366668888")
    assert pay["HetHanLuc"] == "2026-11-22T17:10:00+07:00"  # 600 s after the fake now
    qr = parse_payload(pay["MaVietQR"])
    assert (qr.bank_bin, qr.account, qr.amount, qr.bill_number) == (
        "970415", "113366668888", FEE, dossier)
    assert qr.dynamic
    assert client.payment(pay["id"]) == pay


def test_same_key_replays_the_payment(client, dossier, http, sim):
    first = client.create_payment(dossier, FEE, "key-pay-000002")
    assert client.create_payment(dossier, FEE, "key-pay-000002")["id"] == first["id"]
    r = http.post(sim.url + "/v1/payments", json={"MaHoSo": dossier, "SoTien": FEE},
                  headers={"Idempotency-Key": "key-pay-000002"}, timeout=5)
    assert r.status_code == 200 and r.json()["id"] == first["id"]
    r = http.post(sim.url + "/v1/payments", json={"MaHoSo": dossier, "SoTien": FEE + 1},
                  headers={"Idempotency-Key": "key-pay-000002"}, timeout=5)
    assert r.status_code == 422 and r.json()["code"] == "idempotency_key_reused"


def test_amount_must_match_what_is_owed(client, dossier):
    with pytest.raises(PortalRejected) as exc:
        client.create_payment(dossier, FEE - 1000, "key-pay-000003")
    err = exc.value
    assert (err.status, err.code, err.key) == (422, "amount_mismatch", "portal.amount_mismatch")
    with pytest.raises(PortalRejected) as exc:
        client.create_payment("H26.105-200101-0001", FEE, "key-pay-000004")
    assert exc.value.status == 404 and exc.value.code == "dossier_not_found"


def test_bank_callback_pays_only_the_right_amount(sim, client, dossier, http):
    pay = client.create_payment(dossier, FEE, "key-pay-000005")
    r = callback(http, sim, bill_number=dossier, amount=FEE - 1)
    assert r.status_code == 422 and r.json()["code"] == "amount_mismatch"
    assert client.payment(pay["id"])["TrangThai"] == "cho_thanh_toan"
    r = callback(http, sim, bill_number=dossier, amount=FEE)
    assert r.status_code == 200 and r.json()["TrangThai"] == "da_thanh_toan"
    paid = client.payment(pay["id"])
    assert paid["TrangThai"] == "da_thanh_toan"
    assert paid["ThanhToanLuc"] == "2026-11-22T17:00:00+07:00"
    assert client.dossier_status(dossier)["DaNopLePhi"] is True
    # Banks repeat callbacks: harmless. Nothing more is owed now.
    assert callback(http, sim, payment_id=pay["id"], amount=FEE).status_code == 200
    with pytest.raises(PortalRejected) as exc:
        client.create_payment(dossier, FEE, "key-pay-000006")
    assert exc.value.code == "nothing_owed" and exc.value.key == "portal.nothing_owed"
    assert callback(http, sim, bill_number="H26.105-200101-0001",
                    amount=FEE).status_code == 404


def test_unpaid_payment_expires(sim, client, dossier, clock, http):
    # Pin the dossier in processing: its own scenario could refuse it meanwhile, and a
    # refused dossier owes nothing.
    http.post(f"{sim.url}/_sim/dossiers/{dossier}/status", json={"TrangThaiHoSo": 4}, timeout=5)
    pay = client.create_payment(dossier, FEE, "key-pay-000007")
    clock.advance(599)
    assert client.payment(pay["id"])["TrangThai"] == "cho_thanh_toan"
    clock.advance(1)
    assert client.payment(pay["id"])["TrangThai"] == "het_han"
    r = callback(http, sim, payment_id=pay["id"], amount=FEE)
    assert r.status_code == 409 and r.json()["code"] == "payment_not_payable"
    assert client.dossier_status(dossier)["DaNopLePhi"] is False
    fresh = client.create_payment(dossier, FEE, "key-pay-000008")  # a new QR is fine
    assert fresh["id"] != pay["id"] and fresh["TrangThai"] == "cho_thanh_toan"


def test_cancel(sim, client, dossier, http):
    pay = client.create_payment(dossier, FEE, "key-pay-000009")
    assert client.cancel_payment(pay["id"])["TrangThai"] == "da_huy"
    assert client.cancel_payment(pay["id"])["TrangThai"] == "da_huy"  # twice is harmless
    assert callback(http, sim, payment_id=pay["id"], amount=FEE).status_code == 409
    paid = client.create_payment(dossier, FEE, "key-pay-000010")
    callback(http, sim, payment_id=paid["id"], amount=FEE)
    with pytest.raises(PortalRejected) as exc:
        client.cancel_payment(paid["id"])
    assert exc.value.status == 409 and exc.value.code == "payment_already_paid"
    with pytest.raises(PortalRejected) as exc:
        client.payment("TT-NOPE")
    assert exc.value.status == 404 and exc.value.code == "payment_not_found"


def test_a_new_payment_supersedes_the_waiting_one(client, dossier):
    old = client.create_payment(dossier, FEE, "key-pay-000011")
    new = client.create_payment(dossier, FEE, "key-pay-000012")
    assert client.payment(old["id"])["TrangThai"] == "da_huy"
    assert client.payment(new["id"])["TrangThai"] == "cho_thanh_toan"


def test_paid_obligation_moves_a_status_6_dossier_on(sim, client, dossier, http, clock):
    # Pay the procedure fee first, then the back office asks for an obligation.
    fee = client.create_payment(dossier, FEE, "key-pay-000013")
    callback(http, sim, payment_id=fee["id"], amount=FEE)
    r = http.post(f"{sim.url}/_sim/dossiers/{dossier}/status",
                  json={"TrangThaiHoSo": 6, "SoTienPhaiNop": 50_000}, timeout=5)
    assert r.status_code == 200 and r.json()["SoTienPhaiNop"] == 50_000
    clock.advance(3600)
    assert client.dossier_status(dossier)["TrangThaiHoSo"] == 6  # waits for the money
    with pytest.raises(PortalRejected) as exc:
        client.create_payment(dossier, FEE, "key-pay-000014")
    assert exc.value.code == "amount_mismatch"
    pay = client.create_payment(dossier, 50_000, "key-pay-000015")
    assert pay["LoaiKhoanNop"] == "nghia_vu_tai_chinh"
    assert parse_payload(pay["MaVietQR"]).amount == 50_000
    assert callback(http, sim, bill_number=dossier, amount=50_000).status_code == 200
    view = client.dossier_status(dossier)
    assert view["TrangThaiHoSo"] == 4 and view["SoTienPhaiNop"] is None
    clock.advance(120)
    assert client.dossier_status(dossier)["TrangThaiHoSo"] == 10


def test_procedure_without_fee_owes_nothing(client):
    body = submission(MaTTHC="1.004873")  # its test form has no known fee
    code = client.submit_dossier(body, "key-pay-nofee01")[0]["MaHoSo"]
    assert client.dossier_status(code)["LePhi"] is None
    with pytest.raises(PortalRejected) as exc:
        client.create_payment(code, 1000, "key-pay-000016")
    assert exc.value.code == "nothing_owed"


def test_payee_is_a_constructor_argument(http):
    payee = Payee(bank_bin="970436", account="0011004455667", account_name="UBND PHUONG BA DINH")
    with PortalSimulator(clock=FakeClock(), forms=FORMS.get, payee=payee,
                         payment_lifetime=60) as s:
        r = http.post(s.url + "/v1/dossiers", json=submission(),
                      headers={"Idempotency-Key": "key-payee-00001"}, timeout=5)
        code = r.json()["MaHoSo"]
        r = http.post(s.url + "/v1/payments", json={"MaHoSo": code, "SoTien": FEE},
                      headers={"Idempotency-Key": "key-payee-00002"}, timeout=5)
        pay = r.json()
        assert r.status_code == 201 and pay["NganHang"] == "970436"
        assert pay["TenTaiKhoan"] == "UBND PHUONG BA DINH"
        assert parse_payload(pay["MaVietQR"]).account == "0011004455667"
        assert pay["HetHanLuc"] == "2026-11-22T17:01:00+07:00"


def test_bad_payment_requests(sim, http, dossier):
    url = sim.url + "/v1/payments"
    r = http.post(url, json={"MaHoSo": dossier, "SoTien": FEE}, timeout=5)
    assert r.status_code == 400 and r.json()["code"] == "idempotency_key_required"
    r = http.post(url, json={"MaHoSo": dossier, "SoTien": "7000", "NoiDung": "Lệ phí"},
                  headers={"Idempotency-Key": "key-pay-bad-001"}, timeout=5)
    assert r.status_code == 422
    assert r.json()["errors"] == {"SoTien": "form.number_invalid",
                                  "NoiDung": "payment.purpose_invalid"}
    assert callback(http, sim, amount=FEE).status_code == 400
    assert callback(http, sim, bill_number=dossier, amount=0).status_code == 400


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                               max_size=5),
    max_leaves=12)
PAYMENT_KEYS = st.sampled_from(["id", "MaHoSo", "SoTien", "TrangThai", "MaVietQR", "HetHanLuc"])
DOSSIER_KEYS = st.sampled_from(["MaHoSo", "MaTTHC", "TrangThaiHoSo", "LichSu", "SoTienPhaiNop"])


@settings(max_examples=200, deadline=None)
@given(body=JSON | st.dictionaries(PAYMENT_KEYS | DOSSIER_KEYS, JSON, max_size=6))
def test_client_shape_checks_raise_only_bad_response(body):
    for check_shape in (_check_payment, _check_dossier):
        try:
            check_shape(body)
        except PortalBadResponse:
            pass
