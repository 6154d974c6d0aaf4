"""Core glue between the outbox (offline_cache) and the portal client.

offline_cache knows nothing of the portal; here the kiosk tells its sync engine how to
send a dossier (`PortalClient.submit_dossier` with the item's idempotency key) and how
to read a failure (`classify`): retryable portal errors wait and retry (honouring
Retry-After), a 4xx refusal goes to the dead-letter list with the portal's problem
code, anything unexpected is retried (never lose a dossier to a bug in the plumbing).
"""

from __future__ import annotations

import logging
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.portal.errors import PortalBadResponse, PortalError, PortalRejected
from offline_cache.outbox import Outbox, OutboxItem
from offline_cache.sync import SyncEngine, SyncRunner

__all__ = ["OutboxService", "SubmitResult", "classify"]

log = logging.getLogger(__name__)

DAY = 86400.0
# A portal's problem detail may quote the submission: ID numbers and phone numbers are
# masked before a reason is stored or shown.
_DIGITS = re.compile(r"\d{6,}")


def _scrub(text: str | None) -> str:
    return _DIGITS.sub(lambda m: "*" * len(m.group()), text or "")[:300]


def classify(exc: BaseException) -> tuple[str, Any]:
    """("retry", retry_after | None) or ("dead", reason) for a failed send."""
    if isinstance(exc, PortalError):
        if exc.retryable:
            return "retry", exc.retry_after
        if isinstance(exc, PortalRejected):
            parts = [exc.key]
            if exc.status:
                parts.append(f"HTTP {exc.status}")
            if exc.code:
                parts.append(exc.code)
            reason = " ".join(parts)
            if exc.detail:
                reason += ": " + _scrub(exc.detail)
            errors = getattr(exc, "errors", None)  # 422: {field: error key}, never values
            if isinstance(errors, dict) and errors:
                reason += " [" + ", ".join(f"{_scrub(str(k))}={_scrub(str(v))}"
                                           for k, v in sorted(errors.items())) + "]"
            return "dead", reason[:500]
        # Not retryable and not a refusal (e.g. TLS cannot be verified): the portal never
        # judged the dossier, so it must not be dead-lettered; wait at the slow end.
        return "retry", None
    return "retry", None


@dataclass(frozen=True)
class SubmitResult:
    item: OutboxItem  # durable in the outbox: the citizen's submission is safe
    remote_code: str | None  # MaHoSo when the portal already took it, else None (queued)


class OutboxService:
    """The outbox as the kiosk uses it: submit, background sync, staff actions."""

    def __init__(
        self,
        outbox: Outbox,
        client: Any,
        *,
        retention_days: float = 7.0,
        retry_min: float = 2.0,
        retry_max: float = 300.0,
        sync_interval: float = 30.0,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        self.outbox = outbox
        self.client = client  # PortalClient (or anything with submit_dossier)
        self.sync_interval = sync_interval
        self.engine = SyncEngine(outbox, self.send, classify, retry_min=retry_min,
                                 retry_max=retry_max, retention=retention_days * DAY,
                                 clock=clock, rng=rng)
        self._runner: SyncRunner | None = None

    @classmethod
    def from_config(cls, cfg: Any, client: Any, **kwargs: Any) -> OutboxService:
        ob = cfg.outbox
        return cls(Outbox(cfg.outbox_db, cfg.outbox_key), client,
                   retention_days=ob.retention_days, retry_min=ob.retry_min,
                   retry_max=ob.retry_max, sync_interval=ob.sync_interval, **kwargs)

    # -- the engine's callables -----------------------------------------------------

    def send(self, item: OutboxItem) -> str:
        """POST the dossier with its idempotency key; the portal's MaHoSo."""
        dossier, replayed = self.client.submit_dossier(item.payload, item.idem_key)
        code = dossier.get("MaHoSo") if isinstance(dossier, dict) else None
        if not isinstance(code, str) or not code:
            raise PortalBadResponse("dossier answer without MaHoSo")
        if replayed:
            log.info("outbox: %s was already received by the portal (replay)", item.local_ref)
        return code

    # -- use ------------------------------------------------------------------------

    def submit(self, payload: dict[str, Any], procedure_code: str, local_ref: str, *,
               wait: float = 5.0) -> SubmitResult:
        """Store the dossier durably, then try to send it once right away.

        Blocking (call it from a worker thread). Raises only when the dossier could not
        be STORED (OutboxError, CryptoError, CacheError); a failed send leaves it queued
        for the background sync, and the receipt shows the local reference.
        """
        item = self.outbox.enqueue(payload, local_ref=local_ref, procedure_code=procedure_code,
                                   now=self.engine.clock())
        result: list[str | None] = []

        def attempt() -> None:
            try:
                result.append(self.engine.send_one(item.id, wait=wait))
            except Exception:  # noqa: BLE001 - stored is what matters; sync retries later
                log.exception("outbox: immediate send of %s failed", local_ref)

        # On its own thread so the citizen waits `wait` seconds at most, whatever the
        # client's timeouts: a slow send carries on and records its outcome itself.
        worker = threading.Thread(target=attempt, name="outbox-submit", daemon=True)
        worker.start()
        worker.join(wait)
        code = result[0] if result else None
        if code is None and self._runner is not None:
            self._runner.wake()
        return SubmitResult(self.outbox.get(item.id), code)

    def start(self) -> SyncRunner:
        """Start the background sync (idempotent)."""
        if self._runner is None or not self._runner.alive:
            self._runner = SyncRunner(self.engine, interval=self.sync_interval).start()
        return self._runner

    def stop(self) -> None:
        if self._runner is not None:
            self._runner.stop()
            self._runner = None

    def close(self) -> None:
        self.stop()
        self.outbox.close()
