"""The identify flow as a navigation table, and the identity service's plumbing, without Qt."""

import threading
from datetime import date

import pytest

from kiosk.flows import FLOWS
from kiosk.flows.base import HOME, FlowError, Navigator
from kiosk.flows.identify import CONFIRM, READING, START
from kiosk.identity.service import IdentityService, ReadOutcome
from kiosk.session import IdleTimer, Session


def test_identify_start_reading_confirm():
    nav = Navigator(FLOWS)
    nav.begin("identify")
    assert nav.current.step == START and nav.current.screen == "identify"
    assert nav.step_times_out()
    nav.go(READING)
    assert nav.current.screen == "identify_reading" and not nav.step_times_out()
    with pytest.raises(FlowError):
        nav.go(CONFIRM)  # nothing was read
    nav.go(CONFIRM, replace=True, identified=True)
    assert nav.current.screen == "identify_confirm" and nav.step_times_out()
    # "Back" from the confirmation skips the progress screen.
    assert nav.back().step == START


def test_a_failed_read_goes_back_to_start_with_the_reason():
    nav = Navigator(FLOWS)
    nav.begin("identify")
    nav.go(READING)
    pos = nav.back_to(START, error="card.wrong_keys")
    assert pos.step == START and pos.state == {"error": "card.wrong_keys"}
    assert nav.depth == 2 and nav.back().screen == HOME


def test_edges_not_in_the_table_are_refused():
    nav = Navigator(FLOWS)
    nav.begin("identify")
    with pytest.raises(FlowError):
        nav.go(CONFIRM, identified=True)  # start -> confirm skips the read
    with pytest.raises(FlowError):
        nav.back_to(START)  # start -> start is not an edge
    nav.go(READING)
    nav.go(CONFIRM, replace=True, identified=True)
    with pytest.raises(FlowError):
        nav.go(READING)


def test_session_discard_drops_one_value():
    session = Session(IdleTimer(60, 10))
    session.set("identity", object())
    session.set("other", 1)
    session.discard("identity")
    session.discard("identity")  # twice is harmless
    assert session.keys() == ["other"]


def test_without_a_reader_every_read_says_so():
    service = IdentityService(None)
    got = []
    service.read("001190012345", date(1990, 3, 15), on_done=got.append)
    assert got == [ReadOutcome(error="reader.stopped")]
    service.start()
    answered = threading.Event()
    try:
        service.read("001190012345", date(1990, 3, 15),
                     on_done=lambda outcome: (got.append(outcome), answered.set()))
        assert answered.wait(5)
    finally:
        service.stop()
    assert got[-1] == ReadOutcome(error="reader.none")


def test_every_read_gets_an_answer_even_when_the_service_stops():
    service = IdentityService(None)
    service.start()
    got = []
    for _ in range(5):
        service.read("001190012345", date(1990, 3, 15), on_done=got.append)
    service.stop()
    assert len(got) == 5
    assert {o.error for o in got} <= {"reader.none", "reader.stopped"}
