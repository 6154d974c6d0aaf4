"""Test helpers for scanner ports: collect callbacks, wait for them, list worker threads."""

from __future__ import annotations

import threading
import time


class Collector:
    def __init__(self) -> None:
        self.scans = []
        self.states = []
        self._cv = threading.Condition()

    def on_scan(self, event) -> None:
        with self._cv:
            self.scans.append(event)
            self._cv.notify_all()

    def on_state(self, state, key) -> None:
        with self._cv:
            self.states.append((state, key))
            self._cv.notify_all()

    def wait(self, predicate, timeout: float = 3.0) -> bool:
        end = time.monotonic() + timeout
        with self._cv:
            while not predicate():
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self._cv.wait(left)
            return True

    def wait_scans(self, n: int, timeout: float = 3.0) -> list:
        if not self.wait(lambda: len(self.scans) >= n, timeout):
            raise AssertionError(
                f"{len(self.scans)} scans of {n}; states {self.states}")
        return [s.text for s in self.scans]

    def wait_state(self, state, key=None, timeout: float = 3.0) -> None:
        if not self.wait(lambda: any(s == state and (key is None or k == key)
                                     for s, k in self.states), timeout):
            raise AssertionError(f"no state {state} {key}: {self.states}")


def scanner_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("scanner-")]
