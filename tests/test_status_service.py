"""StatusService against the portal simulator on loopback: live answers, the last known
status when the portal is away, local references in the outbox, the citizen's list and
paying what is owed. No Qt."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.dossier.codes import new_local_ref
from kiosk.dossier.outbox_service import OutboxService
from kiosk.dossier.status_service import (
    LOCAL_REF_UNKNOWN,
    MESSAGES,
    OFFLINE_UNKNOWN,
    StatusError,
    StatusService,
    timeline,
)
from kiosk.flows import FLOWS
from kiosk.flows.base import Navigator
from kiosk.flows.status import ENTRY, MINE, VIEW
from kiosk.portal.client import PortalClient
from kiosk.portal.sim_dossiers import DEMO_ID_NUMBER, example_submission
from kiosk.portal.simulator import PortalSimulator
from offline_cache.outbox import Outbox
from offline_cache.status_cache import StatusCache


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def sim():
    with PortalSimulator(step_seconds=3600) as s:
        yield s


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def cache(tmp_path, clock):
    c = StatusCache(tmp_path / "status.sqlite3", clock=clock)
    yield c
    c.close()


@pytest.fixture
def client(sim):
    with PortalClient(sim.url, connect_timeout=0.5, read_timeout=3) as c:
        yield c


@pytest.fixture
def dead_client():
    # Port 9 (discard) is closed on loopback: connection refused at once.
    with PortalClient("http://127.0.0.1:9", connect_timeout=0.2, read_timeout=0.2) as c:
        yield c


def seeded(sim, status):
    return next(c for c in sim.dossiers.codes() if sim.dossiers.status(c)["TrangThaiHoSo"] == status)


def test_a_live_answer_is_remembered_and_answered_offline_with_its_time(sim, client, dead_client,
                                                                        cache, clock):
    code = seeded(sim, 9)
    live = StatusService(client, cache, clock=clock).lookup(code.lower().replace("-", " "))
    assert live.kind == "live" and live.code == code and live.fetched_at == clock.now
    assert live.view["TrangThaiHoSo"] == 9

    clock.now += 3600
    offline = StatusService(dead_client, cache, clock=clock)
    cached = offline.lookup(code)
    assert cached.kind == "cached" and cached.offline_key == "portal.unavailable"
    assert cached.fetched_at == clock.now - 3600  # as of the live answer
    assert cached.view["TrangThaiHoSo"] == 9 and cached.view["NoiNhanKetQua"]

    with pytest.raises(StatusError) as err:
        offline.lookup(seeded(sim, 10))  # never looked up here
    assert err.value.key == OFFLINE_UNKNOWN


def test_without_a_cache_offline_is_explained(dead_client, sim):
    with pytest.raises(StatusError) as err:
        StatusService(dead_client, None).lookup(seeded(sim, 4))
    assert err.value.key == OFFLINE_UNKNOWN


def test_the_portal_slow_or_broken_falls_back_like_offline(sim, client, cache, clock):
    code = seeded(sim, 4)
    service = StatusService(client, cache, clock=clock)
    service.lookup(code)
    sim.faults.inject("status", status=503, path_prefix="/v1/dossiers/", count=1)
    cached = service.lookup(code)
    assert cached.kind == "cached" and cached.offline_key == "portal.server_error"


def test_an_unknown_or_malformed_code_is_a_keyed_error(client, cache):
    service = StatusService(client, cache)
    with pytest.raises(StatusError) as err:
        service.lookup("H26.105-261122-9999")
    assert err.value.key == "portal.dossier_not_found"
    for text, key in (("", "code.empty"), ("H26.105-261399-0001", "code.bad_date"),
                      ("hello!", "code.unknown_format")):
        with pytest.raises(StatusError) as err:
            service.lookup(text)
        assert err.value.key == key


@pytest.fixture
def outbox(tmp_path, client):
    svc = OutboxService(Outbox(tmp_path / "outbox.sqlite3", tmp_path / "outbox.key"), client)
    yield svc
    svc.close()


def test_a_local_reference_waiting_in_the_outbox_is_queued_then_followed(sim, client, cache,
                                                                          outbox):
    service = StatusService(client, cache)
    ref = new_local_ref(date.today()).text
    form = sim.dossiers.forms.wire("1.001193")
    body = example_submission(form, local_ref=ref)
    item = outbox.outbox.enqueue(body, local_ref=ref, procedure_code="1.001193")

    queued = service.lookup(ref.lower(), outbox=outbox)
    assert queued.kind == "queued" and queued.code == ref and queued.local_ref == ref
    assert queued.queued.procedure_code == "1.001193" and queued.queued.state == "pending"
    assert queued.view is None  # nothing of the payload (personal data) comes out

    code = outbox.send(outbox.outbox.with_payload(item))
    assert outbox.outbox.mark_sent(item.id, code, item.created_at, 86400)
    sent = service.lookup(ref, outbox=outbox)
    assert sent.kind == "live" and sent.code == code and sent.local_ref == ref
    assert sent.view["MaThamChieuKiosk"] == ref


def test_a_refused_local_reference_says_so(outbox, client):
    ref = new_local_ref(date.today()).text
    item = outbox.outbox.enqueue({"x": 1}, local_ref=ref, procedure_code="1.001193")
    outbox.outbox.mark_dead(item.id, "portal.validation_failed")
    result = StatusService(client, None).lookup(ref, outbox=outbox)
    assert result.kind == "queued" and result.queued.state == "dead"


def test_an_unknown_local_reference(outbox, client):
    service = StatusService(client, None)
    ref = new_local_ref(date.today()).text
    for box in (outbox, None):
        with pytest.raises(StatusError) as err:
            service.lookup(ref, outbox=box)
        assert err.value.key == LOCAL_REF_UNKNOWN


def test_the_citizens_list_needs_the_chip_and_is_remembered(sim, client, dead_client, cache):
    service = StatusService(client, cache)
    items = service.citizen_dossiers(DEMO_ID_NUMBER, "chip_verified")
    assert len(items) == 6 and {i["MaHoSo"] for i in items} == set(sim.dossiers.codes())
    assert all("NguoiNop" not in i for i in items)
    with pytest.raises(StatusError) as err:
        service.citizen_dossiers(DEMO_ID_NUMBER, "qr")
    assert err.value.key == "portal.identity_insufficient"
    # Each status of the list is a last known status now.
    assert StatusService(dead_client, cache).lookup(items[0]["MaHoSo"]).kind == "cached"


def test_paying_what_is_owed(sim, client, cache):
    service = StatusService(client, cache)
    code = seeded(sim, 6)
    owed = service.lookup(code).view["SoTienPhaiNop"]
    key = service.new_payment_key()
    pay = service.create_payment(code, owed, key)
    assert service.create_payment(code, owed, key)["id"] == pay["id"]  # a retry, not a second
    assert pay["TrangThai"] == "cho_thanh_toan" and pay["MaVietQR"].startswith("000201")
    with pytest.raises(StatusError) as err:
        service.create_payment(code, owed + 1, service.new_payment_key())
    assert err.value.key == "portal.amount_mismatch"
    r = requests.post(sim.url + "/_sim/bank/callback",
                      json={"payment_id": pay["id"], "amount": owed}, timeout=5)
    assert r.status_code == 200
    assert service.payment(pay["id"])["TrangThai"] == "da_thanh_toan"
    assert service.lookup(code).view["TrangThaiHoSo"] == 4


def _history(*statuses):
    return [{"TrangThaiHoSo": s, "ThoiDiem": f"2026-11-2{i}T08:00:00+07:00", "GhiChu": ""}
            for i, s in enumerate(statuses)]


@pytest.mark.parametrize("walk,expected", [
    ((1, 2, 4), [(1, "done"), (2, "done"), (4, "current"), (9, "todo"), (10, "todo")]),
    ((1, 2, 5), [(1, "done"), (2, "done"), (5, "current"), (4, "todo"), (9, "todo"),
                 (10, "todo")]),
    ((1, 2, 4, 6), [(1, "done"), (2, "done"), (4, "done"), (6, "current"), (4, "todo"),
                    (9, "todo"), (10, "todo")]),
    ((1, 3), [(1, "done"), (3, "current")]),
    ((1, 2, 4, 9, 10), [(1, "done"), (2, "done"), (4, "done"), (9, "done"), (10, "current")]),
    ((1,), [(1, "current"), (2, "todo"), (4, "todo"), (9, "todo"), (10, "todo")]),
])
def test_the_timeline_shows_the_road_so_far_and_to_come(walk, expected):
    rows = timeline({"TrangThaiHoSo": walk[-1], "LichSu": _history(*walk)})
    assert [(r["status"], r["state"]) for r in rows] == expected
    assert all(r["vi"] and r["en"] and r["viNext"] and r["enNext"] for r in rows)
    assert all(r["at"] for r in rows if r["state"] != "todo")


def test_a_status_without_its_history_entry_is_still_current():
    rows = timeline({"TrangThaiHoSo": 8, "LichSu": _history(1, 2, 4)})
    assert [(r["status"], r["state"]) for r in rows][-1] == (8, "current")


def test_the_flow_table():
    nav = Navigator(FLOWS)
    nav.begin("status")
    assert nav.current.screen == "status_entry" and nav.current.step == ENTRY
    nav.go(VIEW, code="H26.105-261122-0001")
    assert nav.current.screen == "status_view"
    nav.back()
    nav.go(MINE)
    nav.go(VIEW, code="H26.105-261122-0001")
    assert nav.back().step == MINE
    from kiosk.flows.base import FlowError

    with pytest.raises(FlowError):
        nav.go(VIEW)  # a status needs its code


def test_every_key_has_both_sentences_and_a_case_in_messages_qml():
    qml = (Path(__file__).resolve().parent.parent / "ui" / "qml" / "Kiosk" / "Messages.qml"
           ).read_text(encoding="utf-8")
    for key, words in MESSAGES.items():
        assert words["vi"] and words["en"]
        line = f'case "{key}": return qsTr("{words["en"]}")'
        assert line in qml, key


_entry = st.fixed_dictionaries({
    "TrangThaiHoSo": st.integers(-2, 12),
    "ThoiDiem": st.sampled_from(["", "2026-11-22T08:00:00+07:00", "not a time"]),
    "GhiChu": st.text(max_size=10),
})


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10), st.lists(_entry, max_size=12))
def test_the_timeline_of_any_history_has_one_current_status(status, history):
    rows = timeline({"TrangThaiHoSo": status, "LichSu": history})
    states = [r["state"] for r in rows]
    assert states.count("current") == 1
    current = rows[states.index("current")]
    assert current["status"] == status
    # Reached first, then the current one, then what is to come.
    assert states == sorted(states, key=["done", "current", "todo"].index)
