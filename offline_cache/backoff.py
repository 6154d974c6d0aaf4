"""Capped exponential backoff with full jitter: one rule for every retry loop of the
kiosk (the catalog refresh, the outbox sync). No imports beyond the standard library, so
the catalog can use it at start-up without loading the outbox's crypto."""

from __future__ import annotations

import random


def full_jitter_backoff(failures: int, retry_min: float, retry_max: float,
                        rng: random.Random, retry_after: float | None = None, *,
                        floor: float = 0.0, retry_after_cap: float | None = None) -> float:
    """Seconds to wait after the `failures`-th failure in a row (failures >= 1): uniform
    between `floor` and min(retry_max, retry_min * 2**(failures-1)); never less than the
    server's Retry-After (itself capped at `retry_after_cap` when given)."""
    exp = min(max(failures, 1) - 1, 60)  # 2**60 is already far past any cap
    cap = min(retry_max, retry_min * (2 ** exp))
    delay = rng.uniform(floor, max(cap, floor))
    if retry_after is not None:
        wait = retry_after if retry_after_cap is None else min(retry_after, retry_after_cap)
        delay = max(delay, float(wait))
    return delay
