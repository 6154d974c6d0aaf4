"""The idle timer and the session wipe, on a hand-driven clock (no Qt, no sleeping)."""

import pytest

from kiosk.session import IdlePhase, IdleTimer, Session


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def test_idle_timer_phases_follow_the_clock():
    clock = Clock()
    idle = IdleTimer(60, 20, clock)
    assert idle.state().phase is IdlePhase.ACTIVE  # not armed: the start screen never times out
    clock.t = 1000
    assert idle.state().phase is IdlePhase.ACTIVE
    idle.arm()
    clock.t += 59.5
    st = idle.state()
    assert st.phase is IdlePhase.ACTIVE and st.seconds_left == pytest.approx(0.5)
    clock.t += 1
    st = idle.state()
    assert st.phase is IdlePhase.COUNTDOWN and st.seconds_left == pytest.approx(19.5)
    clock.t += 19.4
    assert idle.state().phase is IdlePhase.COUNTDOWN
    clock.t += 0.2
    assert idle.state().phase is IdlePhase.EXPIRED


def test_touch_resets_even_during_the_countdown():
    clock = Clock()
    idle = IdleTimer(10, 5, clock)
    idle.arm()
    clock.t = 12
    assert idle.state().phase is IdlePhase.COUNTDOWN
    idle.touch()
    st = idle.state()
    assert st.phase is IdlePhase.ACTIVE and st.seconds_left == pytest.approx(10)


@pytest.mark.parametrize("idle,countdown", [(0, 5), (5, 0), (-1, 5)])
def test_timer_rejects_nonsense(idle, countdown):
    with pytest.raises(ValueError):
        IdleTimer(idle, countdown)


def test_wipe_forgets_everything_and_restores_defaults():
    clock = Clock()
    session = Session(IdleTimer(10, 5, clock), language="vi", large_text=False)
    heard = []
    session.on_wipe(heard.append)
    session.set("query", "đăng ký khai sinh")
    session.set("identity", {"name": "Nguyễn Văn A"})
    session.language = "en"
    session.large_text = True
    session.idle.arm()
    old_id = session.id
    session.wipe("timeout")
    assert session.keys() == []
    assert session.get("query") is None
    assert (session.language, session.large_text) == ("vi", False)
    assert not session.idle.armed
    assert session.id != old_id
    assert heard == ["timeout"]
