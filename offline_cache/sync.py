"""The sync engine: sends the outbox to the portal, in order, one dossier at a time.

Knows nothing of the portal: the core hands in `send(item) -> remote_code` (item carries
its decrypted payload) and `classify(exc) -> ("retry", retry_after | None) | ("dead",
reason)`. Delivery is at least once; the portal deduplicates by the item's idempotency
key, so a crash between the portal's answer and `mark_sent` only causes a replayed 200.

- Capped exponential backoff with FULL jitter per item: the n-th failure waits
  uniform(0, min(retry_max, retry_min * 2**(n-1))) seconds, and never less than the
  portal's Retry-After.
- One failing item never holds back the others: it waits for its next_attempt_at while
  the rest go.
- When the portal itself seems down (several retryable failures in a row, or any
  Retry-After), the run stops and the whole engine holds off (same backoff formula,
  over consecutive failed runs) instead of hammering it with every queued item.
- All state is in the database: a new engine after a crash simply carries on.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .backoff import full_jitter_backoff
from .crypto import CryptoError
from .db import CacheError
from .outbox import Outbox, OutboxError, OutboxItem

__all__ = ["SyncEngine", "SyncRunner", "SyncSummary", "full_jitter_backoff"]

log = logging.getLogger(__name__)

Send = Callable[[OutboxItem], str]
Classify = Callable[[BaseException], tuple[str, Any]]

# Retryable failures in a row, across items, after which the portal counts as down.
DOWN_AFTER = 3


@dataclass
class SyncSummary:
    sent: int = 0
    retried: int = 0
    dead: int = 0
    portal_down: bool = False  # the run stopped early: the portal did not answer
    hold_until: float | None = None  # no new attempt before this (clock time)
    error: str | None = None  # a translation key when the outbox itself failed
    sent_refs: list[str] = field(default_factory=list)

    @property
    def attempted(self) -> int:
        return self.sent + self.retried + self.dead


def _error_text(exc: BaseException) -> str:
    """Error for the database and the logs: type and key only, never the message.

    An exception's message may quote the request (names, ID numbers); its class and
    its stable key do not.
    """
    key = getattr(exc, "key", None)
    status = getattr(exc, "status", None)
    code = getattr(exc, "code", None)
    parts = [type(exc).__name__]
    if key:
        parts.append(str(key))
    if status:
        parts.append(f"HTTP {status}")
    if code:
        parts.append(str(code))
    return " ".join(parts)[:200]


class SyncEngine:
    def __init__(
        self,
        outbox: Outbox,
        send: Send,
        classify: Classify,
        *,
        retry_min: float = 2.0,
        retry_max: float = 300.0,
        retention: float = 7 * 86400.0,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
        batch: int = 100,
    ) -> None:
        if not 0 < retry_min <= retry_max:
            raise ValueError("need 0 < retry_min <= retry_max")
        self.outbox = outbox
        self._send = send
        self._classify = classify
        self.retry_min = retry_min
        self.retry_max = retry_max
        self.retention = retention
        self.clock = clock
        self.rng = rng or random.Random()
        self.batch = batch
        self.hold_until: float | None = None  # global hold-off while the portal is down
        self._down_runs = 0
        # One send at a time, whoever asks (the background runner, a citizen's submit).
        self._send_lock = threading.Lock()
        self._stop = threading.Event()

    def backoff(self, failures: int, retry_after: float | None = None) -> float:
        return full_jitter_backoff(failures, self.retry_min, self.retry_max, self.rng,
                                   retry_after)

    # -- one item -------------------------------------------------------------------

    def send_one(self, item_id: int, *, wait: float | None = None) -> str | None:
        """Try one pending item now (a citizen's fresh submission); its MaHoSo or None.

        None when it failed (it stays queued with its backoff, or went dead), or when
        another send is in progress for longer than `wait` seconds.
        """
        if not self._send_lock.acquire(timeout=-1 if wait is None else wait):
            return None
        try:
            summary = SyncSummary()
            item = self.outbox.get(item_id)
            if item.state != "pending":
                return item.remote_code
            self._attempt(item, summary)
            if summary.hold_until is not None:  # Retry-After: the whole engine waits
                self.hold_until = max(self.hold_until or 0.0, summary.hold_until)
            return self.outbox.get(item_id).remote_code
        finally:
            self._send_lock.release()

    def _attempt(self, item: OutboxItem, summary: SyncSummary) -> str:
        """Send one item and record the outcome: "sent", "retry" or "dead"."""
        try:
            full = self.outbox.with_payload(item)
        except OutboxError as exc:  # purged or gone: nothing left to send
            self.outbox.mark_dead(item.id, _error_text(exc))
            summary.dead += 1
            return "dead"
        try:
            remote_code = self._send(full)
        except Exception as exc:  # noqa: BLE001 - every failure is classified, none escapes
            del full
            try:
                verdict, arg = self._classify(exc)
            except Exception:  # noqa: BLE001 - a broken classifier must not lose the item
                log.exception("outbox: classify failed; retrying item %s", item.id)
                verdict, arg = "retry", None
            if verdict == "dead":
                reason = str(arg or _error_text(exc))[:500]
                self.outbox.mark_dead(item.id, reason)
                summary.dead += 1
                log.warning("outbox: %s refused by the portal, moved to dead letters: %s",
                            item.local_ref, _error_text(exc))
                return "dead"
            retry_after = float(arg) if isinstance(arg, int | float) else None
            delay = self.backoff(item.attempts + 1, retry_after)
            self.outbox.mark_failed(item.id, _error_text(exc), self.clock() + delay)
            summary.retried += 1
            if retry_after is not None:
                summary.hold_until = max(summary.hold_until or 0.0, self.clock() + retry_after)
            log.info("outbox: %s not delivered (%s), retry in %.1f s", item.local_ref,
                     _error_text(exc), delay)
            return "retry"
        del full
        if not isinstance(remote_code, str) or not remote_code:
            # A send that "succeeded" without a code is a bug of the caller: retry later.
            self.outbox.mark_failed(item.id, "send returned no code",
                                    self.clock() + self.backoff(item.attempts + 1))
            summary.retried += 1
            return "retry"
        self.outbox.mark_sent(item.id, remote_code, self.clock(), self.retention)
        summary.sent += 1
        summary.sent_refs.append(item.local_ref)
        return "sent"

    # -- a pass over the queue ------------------------------------------------------

    def run_once(self, now: float | None = None) -> SyncSummary:
        """Send every item due at `now`, in order; stop early if the portal is down."""
        summary = SyncSummary()
        now = self.clock() if now is None else now
        if self.hold_until is not None and now < self.hold_until:
            summary.portal_down = True
            summary.hold_until = self.hold_until
            return summary
        consecutive = 0
        last_id = 0
        try:
            while not self._stop.is_set():
                batch = self.outbox.due(now, self.batch, after_id=last_id)
                if not batch:
                    break
                for stale in batch:
                    if self._stop.is_set():
                        break
                    last_id = stale.id
                    with self._send_lock:
                        item = self.outbox.get(stale.id)  # a submit may have sent it meanwhile
                        if item.state != "pending" or item.next_attempt_at > now:
                            continue
                        outcome = self._attempt(item, summary)
                    consecutive = consecutive + 1 if outcome == "retry" else 0
                    if summary.hold_until is not None or consecutive >= DOWN_AFTER:
                        summary.portal_down = True
                        break
                if summary.portal_down:
                    break
        except CryptoError as exc:
            # No usable key: nothing can be sent until a technician fixes it.
            summary.error = exc.key
            log.error("outbox: cannot read queued dossiers: %s", exc.key)
        except CacheError as exc:
            summary.error = exc.key
            log.error("outbox: storage failure: %s", exc.key)
        if summary.portal_down:
            self._down_runs += 1
            hold = self.clock() + self.backoff(self._down_runs)
            self.hold_until = max(hold, summary.hold_until or 0.0)
            summary.hold_until = self.hold_until
            log.info("outbox: portal unavailable, holding off until %+.1f s",
                     self.hold_until - self.clock())
        elif summary.sent or summary.dead:
            self._down_runs = 0
            self.hold_until = None
        return summary

    def drain(self, *, deadline: float | None = None,
              sleep: Callable[[float], None] = time.sleep) -> SyncSummary:
        """run_once until nothing is pending (or the deadline): for `kiosk sync --once`."""
        total = SyncSummary()
        while not self._stop.is_set():
            s = self.run_once()
            total.sent += s.sent
            total.retried += s.retried
            total.dead += s.dead
            total.error = s.error or total.error
            total.portal_down = s.portal_down
            total.hold_until = s.hold_until
            if s.error or self.outbox.counts()["pending"] == 0:
                break
            wake = self.wake_at()
            if wake is None or (deadline is not None and wake >= deadline):
                break
            sleep(max(0.0, wake - self.clock()))
        return total

    def wake_at(self) -> float | None:
        """When there is next something to do (None: nothing pending)."""
        nxt = self.outbox.next_due_at()
        if nxt is None:
            return None
        if self.hold_until is not None:
            nxt = max(nxt, self.hold_until)
        return nxt

    def stop(self) -> None:
        """Make run_once/drain return after the send in progress."""
        self._stop.set()

    def resume(self) -> None:
        self._stop.clear()


class SyncRunner:
    """Runs an engine on its own thread: after each pass it sleeps until the next item
    is due (at most `interval`), or until `wake()` (a new submission)."""

    def __init__(self, engine: SyncEngine, *, interval: float = 30.0,
                 purge: bool = True, name: str = "outbox-sync") -> None:
        self.engine = engine
        self.interval = interval
        self.purge = purge
        self._wake = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self.last_summary: SyncSummary | None = None

    def start(self) -> SyncRunner:
        self.engine.resume()
        self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float | None = 30.0) -> None:
        """Stop after the send in progress (if any) and join the thread."""
        self._stopping = True
        self.engine.stop()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _loop(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                self.last_summary = self.engine.run_once()
                if self.purge:
                    self.engine.outbox.purge(self.engine.clock())
                wake = self.engine.wake_at()
            except CacheError as exc:
                log.error("outbox sync: storage failure: %s", exc.key)
                wake = None
            except Exception:  # noqa: BLE001 - the runner must outlive a bug in one pass
                log.exception("outbox sync: unexpected failure")
                wake = None
            delay = self.interval
            if wake is not None:
                delay = min(delay, max(0.0, wake - self.engine.clock()))
            if self.last_summary and self.last_summary.error:
                delay = self.interval
            self._wake.wait(delay)
