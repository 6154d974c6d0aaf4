"""Flows as navigation tables, without Qt."""

import pytest

from kiosk.flows import FLOWS
from kiosk.flows.base import HOME, Flow, FlowError, Navigator, Step


def test_lookup_flow_search_detail_back_home():
    nav = Navigator(FLOWS)
    seen = []
    nav.on_change(lambda pos: seen.append(pos.screen))
    assert nav.current.screen == HOME and not nav.step_times_out()
    nav.begin("lookup")
    assert nav.current.screen == "search" and nav.step_times_out()
    nav.update(query="khai sinh")
    nav.go("detail", code="1.001193")
    assert nav.current.state == {"query": "khai sinh", "code": "1.001193"}
    back = nav.back()
    assert back.screen == "search" and back.state["query"] == "khai sinh"
    nav.home()
    assert nav.current.screen == HOME and nav.depth == 1
    assert seen == ["search", "detail", "search", HOME]


def test_steps_not_in_the_table_are_refused():
    nav = Navigator(FLOWS)
    with pytest.raises(FlowError):
        nav.go("detail", code="1")  # no flow yet
    nav.begin("lookup")
    with pytest.raises(FlowError):
        nav.go("search")  # search -> search is not an edge
    with pytest.raises(FlowError):
        nav.go("detail")  # detail needs a code
    with pytest.raises(FlowError):
        nav.begin("no-such-flow")
    assert nav.current.screen == "search"


def test_back_on_the_start_screen_stays_there():
    nav = Navigator(FLOWS)
    assert nav.back().screen == HOME


def test_a_table_with_a_dangling_edge_is_rejected():
    with pytest.raises(FlowError):
        Flow("broken", first="a", steps={"a": Step("a", "a", next=("b",))})
    with pytest.raises(FlowError):
        Flow("broken", first="x", steps={"a": Step("a", "a")})


def test_a_step_can_forbid_back():
    flow = Flow("pay", first="a", steps={
        "a": Step("a", "a", next=("b",)),
        "b": Step("b", "b", next=("c",), back=False),
        "c": Step("c", "c"),
    })
    nav = Navigator({"pay": flow})
    assert not nav.can_go_back()  # the start screen
    nav.begin("pay")
    assert nav.can_go_back()  # to the start screen
    nav.go("b")
    assert not nav.can_go_back()
    seen = []
    nav.on_change(lambda pos: seen.append(pos.step))
    assert nav.back().step == "b" and seen == []  # nothing moved, nobody told
    nav.go("c")
    assert nav.can_go_back() and nav.back().step == "b"
