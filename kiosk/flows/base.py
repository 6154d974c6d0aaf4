"""Flows as navigation tables, tested without a GUI.

A flow is a set of named steps; each step names the screen that shows it, the state
it needs, and the steps a citizen may go to from it. The Navigator enforces the table,
keeps the history for "back", and tells listeners when the step changes; QML only maps
`screen` to a page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

HOME = "start"


class FlowError(Exception):
    """A step that the table does not allow from here, or one whose state is missing."""


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    screen: str
    requires: tuple[str, ...] = ()
    next: tuple[str, ...] = ()
    times_out: bool = True  # the idle timer runs on this step
    # False: no going back from here (a fee being paid, a receipt: what is done is done);
    # the only ways on are the step's own buttons and "Home".
    back: bool = True


@dataclass(frozen=True, slots=True)
class Flow:
    name: str
    first: str
    steps: dict[str, Step]

    def __post_init__(self) -> None:
        if self.first not in self.steps:
            raise FlowError(f"{self.name}: first step {self.first!r} is not a step")
        for step in self.steps.values():
            for target in step.next:
                if target not in self.steps:
                    raise FlowError(f"{self.name}.{step.name}: unknown next step {target!r}")


@dataclass(frozen=True, slots=True)
class Position:
    flow: str | None  # None on the start screen
    step: str
    screen: str
    state: dict[str, Any] = field(default_factory=dict)


START = Position(flow=None, step=HOME, screen=HOME)


class Navigator:
    def __init__(self, flows: dict[str, Flow]) -> None:
        self._flows = flows
        self._stack: list[Position] = [START]
        self._listeners: list[Callable[[Position], None]] = []

    @property
    def current(self) -> Position:
        return self._stack[-1]

    @property
    def depth(self) -> int:
        return len(self._stack)

    def on_change(self, listener: Callable[[Position], None]) -> None:
        self._listeners.append(listener)

    def _emit(self) -> None:
        for listener in list(self._listeners):
            listener(self.current)

    def begin(self, flow_name: str, **state: Any) -> Position:
        flow = self._flows.get(flow_name)
        if flow is None:
            raise FlowError(f"unknown flow {flow_name!r}")
        step = flow.steps[flow.first]
        self._check_requires(step, state)
        self._stack = [START, Position(flow.name, step.name, step.screen, dict(state))]
        self._emit()
        return self.current

    def _allowed(self, step_name: str) -> tuple[Position, Flow]:
        """The current position and its flow, if the table has an edge to `step_name`."""
        here = self.current
        if here.flow is None:
            raise FlowError("no flow has begun")
        flow = self._flows[here.flow]
        if step_name not in flow.steps[here.step].next:
            raise FlowError(f"{flow.name}: cannot go from {here.step!r} to {step_name!r}")
        return here, flow

    def go(self, step_name: str, *, replace: bool = False, **updates: Any) -> Position:
        """Go to a step the table allows from here. `replace`: the step takes the place
        of the current one in the history (a progress step "back" must not return to)."""
        here, flow = self._allowed(step_name)
        step = flow.steps[step_name]
        state = {**here.state, **updates}
        self._check_requires(step, state)
        if replace:
            self._stack.pop()
        self._stack.append(Position(flow.name, step.name, step.screen, state))
        self._emit()
        return self.current

    def back_to(self, step_name: str, **updates: Any) -> Position:
        """Return to an earlier step of this flow (an edge the table allows), dropping the
        steps after it from the history, with `updates` merged into its state: a failed
        card read goes back to where the citizen typed the keys, with the reason."""
        here, flow = self._allowed(step_name)
        for i in range(len(self._stack) - 1, 0, -1):
            earlier = self._stack[i]
            if earlier.flow == here.flow and earlier.step == step_name:
                del self._stack[i + 1:]
                self._stack[-1] = Position(earlier.flow, earlier.step, earlier.screen,
                                           {**earlier.state, **updates})
                self._emit()
                return self.current
        raise FlowError(f"{flow.name}: {step_name!r} is not in the history")

    def update(self, **updates: Any) -> None:
        """Change the current step's state without moving (a search query, a filter)."""
        here = self.current
        self._stack[-1] = Position(here.flow, here.step, here.screen, {**here.state, **updates})

    def can_go_back(self) -> bool:
        """"Back" does something here: there is an earlier step and this one allows it."""
        if len(self._stack) <= 1:
            return False
        here = self.current
        return here.flow is None or self._flows[here.flow].steps[here.step].back

    def back(self) -> Position:
        if self.can_go_back():
            self._stack.pop()
            self._emit()
        return self.current

    def home(self) -> Position:
        self._stack = [START]
        self._emit()
        return self.current

    def step_times_out(self) -> bool:
        here = self.current
        if here.flow is None:
            return False
        return self._flows[here.flow].steps[here.step].times_out

    @staticmethod
    def _check_requires(step: Step, state: dict[str, Any]) -> None:
        missing = [k for k in step.requires if state.get(k) in (None, "")]
        if missing:
            raise FlowError(f"step {step.name!r} needs {', '.join(missing)}")
