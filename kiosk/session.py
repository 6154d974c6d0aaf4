"""One citizen's visit: what they chose and typed, and the idle timer that ends it.

The kiosk is unattended: whoever walks away leaves their search, and later their
identity, on the screen. The session is the one place that holds such things so that
one `wipe()` forgets all of it. No Qt here; the UI drives `IdleTimer` from a QTimer.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any


class IdlePhase(Enum):
    ACTIVE = "active"
    COUNTDOWN = "countdown"  # "Bạn còn cần thêm thời gian?" is on screen
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class IdleState:
    phase: IdlePhase
    seconds_left: float  # until the countdown starts (ACTIVE) or until expiry (COUNTDOWN)


class IdleTimer:
    """Pure state machine over a clock: touch() on every input, state() to ask."""

    def __init__(
        self, idle_timeout: float, countdown: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if idle_timeout <= 0 or countdown <= 0:
            raise ValueError("idle_timeout and countdown must be positive")
        self.idle_timeout = float(idle_timeout)
        self.countdown = float(countdown)
        self._clock = clock
        self._last = clock()
        self._armed = False  # nobody to time out on the start screen

    @property
    def armed(self) -> bool:
        return self._armed

    def arm(self) -> None:
        """Start timing (a citizen began a task)."""
        self._armed = True
        self._last = self._clock()

    def disarm(self) -> None:
        self._armed = False

    def touch(self) -> None:
        self._last = self._clock()

    def state(self) -> IdleState:
        if not self._armed:
            return IdleState(IdlePhase.ACTIVE, self.idle_timeout)
        idle = self._clock() - self._last
        if idle < self.idle_timeout:
            return IdleState(IdlePhase.ACTIVE, self.idle_timeout - idle)
        if idle < self.idle_timeout + self.countdown:
            return IdleState(IdlePhase.COUNTDOWN, self.idle_timeout + self.countdown - idle)
        return IdleState(IdlePhase.EXPIRED, 0.0)


_session_ids = itertools.count(1)


class Session:
    """The visit's state. Values are kept in one dict so that wipe() cannot miss one."""

    def __init__(self, idle: IdleTimer, *, language: str = "vi", large_text: bool = False) -> None:
        self.idle = idle
        self._default_language = language
        self._default_large_text = large_text
        self._lock = threading.Lock()
        self._values: dict[str, Any] = {}
        self._wipe_listeners: list[Callable[[str], None]] = []
        self.id = next(_session_ids)
        self.language = language
        self.large_text = large_text

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            return self._values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        with self._lock:
            self._values[key] = value

    def discard(self, key: str) -> None:
        """Forget one value now (e.g. the identity when its card leaves the reader)."""
        with self._lock:
            self._values.pop(key, None)

    def keys(self) -> list[str]:
        with self._lock:
            return list(self._values)

    def on_wipe(self, listener: Callable[[str], None]) -> None:
        self._wipe_listeners.append(listener)

    def wipe(self, reason: str = "timeout") -> None:
        """Forget everything about this visit; the next citizen starts fresh."""
        with self._lock:
            self._values.clear()
        self.language = self._default_language
        self.large_text = self._default_large_text
        self.idle.disarm()
        self.id = next(_session_ids)
        for listener in list(self._wipe_listeners):
            listener(reason)
