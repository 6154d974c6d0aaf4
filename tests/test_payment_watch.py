"""The payment state machine without Qt: what the kiosk may say about a code on screen,
and the re-checks before "make a new code" and "pay later", against the real portal
simulator (its bank, its expiry, its faults)."""

# The fixtures are shared with test_portal_dossiers.py by importing them.
# ruff: noqa: F811

from __future__ import annotations

from datetime import UTC, datetime

import pytest
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

from kiosk.dossier import payment as pay
from kiosk.portal.errors import PortalError, PortalRejected

FEE = 7000  # the fee.vnd of the test form


@pytest.fixture
def dossier(client, sim, http):
    code = client.submit_dossier(submission(), "key-watch-dossier1")[0]["MaHoSo"]
    # Pinned in processing: its own scenario could refuse it meanwhile (then nothing is owed).
    http.post(f"{sim.url}/_sim/dossiers/{code}/status", json={"TrangThaiHoSo": 4}, timeout=5)
    return code


def bank_pays(sim, code):
    sim.dossiers.bank_callback({"bill_number": code, "amount": FEE})


def portal_down(sim):
    sim.faults.inject("status", status=503, retry_after=5, count=None, path_prefix="/v1/")


# -- the watch on its own ------------------------------------------------------------------

def test_failed_polls_are_said_after_a_few_and_the_code_stays_payable():
    watch = pay.PaymentWatch("TT1", expires_at=100.0, slow_after=3)
    assert watch.phase(10) == "waiting" and watch.payable(10)
    watch.failed()
    watch.failed()
    assert watch.phase(10) == "waiting"
    watch.failed()
    assert watch.phase(10) == "slow" and watch.payable(10) and watch.should_poll()
    watch.answered(pay.Polled(pay.WAITING))
    assert watch.phase(10) == "waiting"  # one good answer: all is well again


def test_our_clock_never_says_expired_the_portal_does():
    watch = pay.PaymentWatch("TT1", expires_at=100.0)
    assert watch.phase(100) == "confirming"  # time is up: ask once more
    assert not watch.payable(100) and watch.should_poll()
    assert watch.phase(100) != pay.EXPIRED
    watch.answered(pay.Polled(pay.EXPIRED))
    assert watch.phase(100) == pay.EXPIRED and not watch.should_poll()


def test_time_up_and_the_portal_unreachable_is_unconfirmed_until_it_answers():
    watch = pay.PaymentWatch("TT1", expires_at=100.0)
    watch.failed()
    assert watch.phase(99) == "waiting"
    assert watch.phase(101) == "unconfirmed" and watch.should_poll()
    watch.answered(pay.Polled(pay.PAID))
    assert watch.phase(101) == pay.PAID and not watch.should_poll()


def test_the_portal_extends_the_code():
    watch = pay.PaymentWatch("TT1", expires_at=100.0)
    watch.answered(pay.Polled(pay.WAITING, expires_at=200.0))  # HetHanLuc from the portal
    assert watch.phase(150) == "waiting" and watch.payable(150)


def test_the_visit_stays_while_the_code_can_be_paid_and_no_longer():
    watch = pay.PaymentWatch("TT1", expires_at=100.0)
    assert watch.keeps_visit_alive(99)
    assert not watch.keeps_visit_alive(100)  # bounded by the code's expiry
    watch.answered(pay.Polled(pay.CANCELLED))
    assert not watch.keeps_visit_alive(50)


@pytest.mark.parametrize("wire", [None, [], {}, {"TrangThai": "weird"},
                                  {"TrangThai": "da_thanh_toan", "HetHanLuc": "not a date"},
                                  {"TrangThai": "het_han", "HetHanLuc": "2026-11-22T10:00:00"}])
def test_odd_answers_are_read_safely(wire):
    answer = pay.polled(wire)
    assert answer.state in pay.STATES
    assert answer.expires_at is None


def test_an_answer_with_an_offset_carries_its_expiry():
    answer = pay.polled({"TrangThai": "cho_thanh_toan", "HetHanLuc": "2026-11-22T10:00:00+07:00"})
    expected = datetime(2026, 11, 22, 3, 0, tzinfo=UTC).timestamp()
    assert answer == pay.Polled(pay.WAITING, expected)


def test_the_dossier_view_says_paid():
    assert pay.dossier_paid({"DaNopLePhi": True})
    assert not pay.dossier_paid({"DaNopLePhi": False})
    assert not pay.dossier_paid({"DaNopLePhi": None})
    assert not pay.dossier_paid(None)
    assert pay.dossier_paid({"TrangThaiHoSo": 4}, obligation=True)  # moved on from 6
    assert not pay.dossier_paid({"TrangThaiHoSo": 6}, obligation=True)


# -- re-checks against the portal simulator -------------------------------------------------

def test_poll_reads_the_portal(client, sim, dossier):
    checked_pay = pay.request_payment(client, dossier, FEE, "key-watch-1")
    answer = pay.poll(client, checked_pay.id)
    assert answer.state == pay.WAITING and answer.expires_at == checked_pay.expires_at
    bank_pays(sim, dossier)
    assert pay.poll(client, checked_pay.id).state == pay.PAID


def test_a_new_code_is_not_made_when_the_old_one_was_paid(client, sim, dossier, clock):
    first = pay.request_payment(client, dossier, FEE, "key-watch-2")
    portal_down(sim)
    bank_pays(sim, dossier)  # the bank reaches the portal; the kiosk does not
    clock.advance(601)
    with pytest.raises(PortalError):  # cannot ask: no new code either
        pay.renew(client, first.id, dossier, FEE, "key-watch-3")
    sim.faults.clear()
    assert pay.renew(client, first.id, dossier, FEE, "key-watch-3") == pay.PAID
    assert pay.recheck(client, first.id, dossier) == pay.PAID


def test_a_new_code_after_a_real_expiry(client, sim, dossier, clock):
    first = pay.request_payment(client, dossier, FEE, "key-watch-4")
    clock.advance(601)
    assert pay.recheck(client, first.id, dossier) == pay.EXPIRED
    fresh = pay.renew(client, first.id, dossier, FEE, "key-watch-5")
    assert isinstance(fresh, pay.CheckedPayment) and fresh.id != first.id


def test_pay_later_paid_unpaid_or_unknown(client, sim, dossier):
    first = pay.request_payment(client, dossier, FEE, "key-watch-6")
    portal_down(sim)
    assert pay.settle_for_later(client, first.id, dossier) == pay.UNKNOWN
    sim.faults.clear()
    assert pay.settle_for_later(client, first.id, dossier) == pay.CANCELLED
    assert pay.poll(client, first.id).state == pay.CANCELLED  # nobody can pay it now
    second = pay.request_payment(client, dossier, FEE, "key-watch-7")
    bank_pays(sim, dossier)
    assert pay.settle_for_later(client, second.id, dossier) == pay.PAID


def test_a_paid_dossier_owes_nothing_and_the_recheck_says_paid(client, sim, dossier):
    first = pay.request_payment(client, dossier, FEE, "key-watch-8")
    bank_pays(sim, dossier)
    with pytest.raises(PortalRejected) as exc:
        pay.request_payment(client, dossier, FEE, "key-watch-9")
    assert exc.value.key == "portal.nothing_owed"
    # Even without the payment's id (say it was lost), the dossier tells.
    assert pay.recheck(client, "", dossier) == pay.PAID
    assert pay.renew(client, "", dossier, FEE, "key-watch-9") == pay.PAID
    assert first.id
