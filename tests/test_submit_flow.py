"""The submit flow's table, without Qt: the path a citizen takes, the identify steps it
shares with IdentityBridge, and the edges it refuses."""

import pytest

from kiosk.flows import FLOWS
from kiosk.flows import submit as s
from kiosk.flows.base import FlowError, Navigator
from kiosk.flows.identify import CONFIRM, IDENTIFY, READING, START


def at(nav, step):
    assert nav.current.flow == "submit" and nav.current.step == step
    return nav.current


def test_the_whole_path_with_payment():
    nav = Navigator(FLOWS)
    nav.begin("submit", code="1.116789")
    assert at(nav, START).screen == "identify"
    nav.go(READING)
    nav.go(CONFIRM, replace=True, identified=True)
    nav.go(s.FORM)
    assert at(nav, s.FORM).screen == "submit_form"
    assert nav.current.state["code"] == "1.116789"  # carried from the detail screen
    nav.go(s.CONSENT)
    nav.go(s.DELIVERY, consented=True)
    nav.go(s.REVIEW, delivery="truc_tiep")
    nav.go(s.SENDING)
    assert not nav.step_times_out()  # nobody is asked to touch while it is stored
    nav.go(s.PAYMENT, replace=True, dossier="H26.105-261122-0001")
    assert nav.step_times_out()
    nav.go(s.RECEIPT, reference="H26.105-261122-0001")
    assert at(nav, s.RECEIPT).screen == "submit_receipt"
    assert s.SUBMIT.steps[s.RECEIPT].next == ()  # only home from here
    # No "back" from the receipt: the top bar hides it, and a stray call stays put.
    assert not nav.can_go_back()
    nav.back()
    assert nav.current.step == s.RECEIPT
    assert nav.home().flow is None


def test_no_back_from_the_payment_and_no_way_back_to_the_review():
    nav = Navigator(FLOWS)
    nav.begin("submit", code="1.116789")
    nav.go(READING)
    nav.go(CONFIRM, identified=True)
    for step, upd in ((s.FORM, {}), (s.CONSENT, {}), (s.DELIVERY, {"consented": True}),
                      (s.REVIEW, {"delivery": "truc_tiep"})):
        nav.go(step, **upd)
    assert nav.can_go_back()  # the review still goes back to the delivery
    nav.go(s.SENDING)
    nav.go(s.PAYMENT, replace=True, dossier="H26.105-261122-0001")
    assert not nav.can_go_back()
    assert nav.back().step == s.PAYMENT
    # A stored dossier is never reviewed again: the review has no edge to what follows.
    assert not {s.PAYMENT, s.RECEIPT} & set(s.SUBMIT.steps[s.REVIEW].next)


def test_offline_goes_straight_to_the_receipt():
    nav = Navigator(FLOWS)
    nav.begin("submit", code="1.116789")
    nav.go(READING)
    nav.go(CONFIRM, identified=True)
    for step, upd in ((s.FORM, {}), (s.CONSENT, {}), (s.DELIVERY, {"consented": True}),
                      (s.REVIEW, {"delivery": "truc_tiep"}), (s.SENDING, {})):
        nav.go(step, **upd)
    nav.go(s.RECEIPT, replace=True, reference="LK-261122-7QX4M28")
    assert nav.current.screen == "submit_receipt"


def test_identify_steps_are_those_of_the_identify_flow():
    """IdentityBridge drives START/READING/CONFIRM by name: every edge it may take in its
    own flow must exist here too, on the same screens."""
    for name, step in IDENTIFY.steps.items():
        mine = s.SUBMIT.steps[name]
        assert mine.screen == step.screen
        assert set(step.next) <= set(mine.next)
        assert mine.times_out == step.times_out
    assert s.SUBMIT.first == START
    assert s.FORM in s.SUBMIT.steps[CONFIRM].next


def test_a_failed_card_read_goes_back_with_the_reason_and_keeps_the_code():
    nav = Navigator(FLOWS)
    nav.begin("submit", code="1.116789")
    nav.go(READING)
    nav.back_to(START, error="card.wrong_keys")
    assert at(nav, START).state == {"code": "1.116789", "error": "card.wrong_keys"}


def test_review_change_links_go_back_and_forward():
    nav = Navigator(FLOWS)
    nav.begin("submit", code="1.116789")
    nav.go(READING)
    nav.go(CONFIRM, identified=True)
    nav.go(s.FORM)
    nav.go(s.CONSENT)
    nav.go(s.DELIVERY, consented=True)
    nav.go(s.REVIEW, delivery="buu_chinh")
    depth = nav.depth
    nav.back_to(s.FORM)
    assert nav.depth == depth - 3
    with pytest.raises(FlowError):
        nav.go(s.REVIEW)  # the form step's own state has no consent: it must be said again
    nav.go(s.REVIEW, consented=True, delivery="buu_chinh")  # straight back to the review
    assert at(nav, s.REVIEW).state["delivery"] == "buu_chinh"
    with pytest.raises(FlowError):
        nav.back_to(s.DELIVERY)  # no longer in the history after a change...
    nav.go(s.DELIVERY)  # ...but the review has an edge to it
    nav.go(s.REVIEW, delivery="truc_tiep")
    nav.go(s.CONSENT)
    nav.go(s.REVIEW, consented=True, delivery="truc_tiep")
    assert nav.current.state["consented"] is True


@pytest.mark.parametrize("frm,to", [
    (START, s.FORM),  # no form before someone is identified
    (s.FORM, s.SENDING),  # no submission without consent and delivery
    (s.CONSENT, s.SENDING),
])
def test_shortcuts_are_refused(frm, to):
    nav = Navigator(FLOWS)
    nav.begin("submit", code="1.116789")
    if frm != START:
        nav.go(READING)
        nav.go(CONFIRM, identified=True)
        nav.go(s.FORM)
        if frm == s.CONSENT:
            nav.go(s.CONSENT)
    with pytest.raises(FlowError):
        nav.go(to)


def test_required_state_is_enforced():
    nav = Navigator(FLOWS)
    with pytest.raises(FlowError):
        nav.begin("submit")  # which procedure?
    nav.begin("submit", code="1.116789")
    nav.go(READING)
    with pytest.raises(FlowError):
        nav.go(CONFIRM)  # nobody identified
    nav.go(CONFIRM, identified=True)
    nav.go(s.FORM)
    nav.go(s.CONSENT)
    with pytest.raises(FlowError):
        nav.go(s.DELIVERY)  # no consent, no way on
    nav.go(s.DELIVERY, consented=True)
    with pytest.raises(FlowError):
        nav.go(s.REVIEW)  # no delivery chosen
