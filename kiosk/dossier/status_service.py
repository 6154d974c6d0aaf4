"""Where is my dossier? The status lookup, with the kiosk's memory for when it is offline.

`StatusService.lookup(text)` takes what the citizen typed or scanned: a national dossier
code (MaHoSo) or the kiosk's local reference (LK-…) of a dossier submitted while the
network was down.

- A dossier code is asked of the portal (`PortalClient.dossier_status`); each answer is
  kept as the dossier's last known status (offline_cache.status_cache: status views
  only, which hold no personal data). When the portal cannot be reached, the last known
  status is answered with the time it was fetched, marked as such; a code never looked
  up here gets `status.offline_unknown` ("the kiosk cannot check right now").
- A local reference is found in the kiosk's outbox: still waiting there, it is "not sent
  yet" (the outbox sends it by itself); once sent, the outbox row knows the MaHoSo,
  which is looked up instead.

Blocking: call from a worker thread. Every failure is a `StatusError` with a key.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from kiosk.dossier.codes import DossierCodeError, LocalRef, parse_any_code
from kiosk.portal.errors import PortalError, PortalRejected
from offline_cache.db import CORRUPT, CacheError, quarantine
from offline_cache.status_cache import StatusCache

log = logging.getLogger(__name__)

__all__ = ["MESSAGES", "QueuedDossier", "StatusError", "StatusResult", "StatusService",
           "open_status_cache"]

OFFLINE_UNKNOWN = "status.offline_unknown"
LOCAL_REF_UNKNOWN = "status.local_ref_unknown"
LOCAL_REF_REFUSED = "status.local_ref_refused"
OUTBOX_UNAVAILABLE = "status.outbox_unavailable"

MESSAGES: dict[str, dict[str, str]] = {
    OFFLINE_UNKNOWN: {
        "vi": "Ki-ốt đang mất kết nối nên chưa tra cứu được hồ sơ này. Vui lòng thử lại "
              "sau ít phút hoặc hỏi cán bộ.",
        "en": "The kiosk is offline and cannot check this dossier right now. Please try "
              "again in a few minutes or ask a staff member.",
    },
    LOCAL_REF_UNKNOWN: {
        "vi": "Ki-ốt này không có hồ sơ với mã tham chiếu này. Mã tham chiếu chỉ tra cứu "
              "được tại ki-ốt đã nhận hồ sơ; hãy dùng mã hồ sơ nếu bạn đã có.",
        "en": "This kiosk has no dossier with this reference. A kiosk reference can only "
              "be looked up at the kiosk that took the dossier; use the dossier code if "
              "you have it.",
    },
    LOCAL_REF_REFUSED: {
        "vi": "Hồ sơ này chưa gửi được vì hệ thống không chấp nhận. Vui lòng hỏi cán bộ "
              "hỗ trợ.",
        "en": "This dossier could not be sent: the system did not accept it. Please ask a "
              "staff member.",
    },
    OUTBOX_UNAVAILABLE: {
        "vi": "Ki-ốt không đọc được danh sách hồ sơ đang chờ gửi. Vui lòng hỏi cán bộ.",
        "en": "The kiosk cannot read its list of dossiers waiting to be sent. Please ask "
              "a staff member.",
    },
}


class StatusError(Exception):
    """A lookup that has no status to show; `key` is a translation key."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail


@dataclass(frozen=True, slots=True)
class QueuedDossier:
    """A dossier still in this kiosk's outbox: no personal data, only what the screen says."""

    local_ref: str
    procedure_code: str
    created_at: float  # epoch seconds
    state: str  # "pending" (will be sent) or "dead" (refused; staff must act)


@dataclass(frozen=True, slots=True)
class StatusResult:
    kind: Literal["live", "cached", "queued"]
    code: str  # what the citizen asked for, canonical (MaHoSo or LK-…)
    view: dict[str, Any] | None = None  # the status view (live or cached)
    fetched_at: float | None = None  # epoch seconds of the view (cached: as of when)
    offline_key: str | None = None  # cached: why the portal could not answer now
    queued: QueuedDossier | None = None
    local_ref: str | None = None  # the reference the lookup started from, if any


def open_status_cache(path: str | Path, **kwargs: Any) -> StatusCache | None:
    """The cache, a damaged file moved aside (it holds nothing the portal cannot give
    again); None when the disk cannot hold one at all: lookups then work online only."""
    try:
        return StatusCache(path, **kwargs)
    except CacheError as exc:
        if exc.key == CORRUPT:
            moved = quarantine(path)
            log.error("status cache was damaged; moved to %s", moved)
            try:
                return StatusCache(path, **kwargs)
            except CacheError:
                pass
        log.error("status cache unavailable (%s): lookups work online only", exc.key)
        return None


class StatusService:
    def __init__(self, portal: Any, cache: StatusCache | None, *,
                 clock: Callable[[], float] = time.time) -> None:
        self.portal = portal  # PortalClient (blocking)
        self.cache = cache
        self.clock = clock

    # -- one dossier ------------------------------------------------------------------

    def lookup(self, text: str, *, outbox: Any = None) -> StatusResult:
        """`outbox`: the kiosk's OutboxService (or None when it has none)."""
        try:
            parsed = parse_any_code(text)
        except DossierCodeError as exc:
            raise StatusError(exc.key) from None
        if isinstance(parsed, LocalRef):
            return self._local(parsed.text, outbox)
        return self._remote(parsed.text)

    def _local(self, ref: str, outbox: Any) -> StatusResult:
        if outbox is None:
            raise StatusError(LOCAL_REF_UNKNOWN, "this kiosk has no outbox")
        try:
            item = outbox.outbox.by_local_ref(ref)
        except CacheError as exc:
            raise StatusError(OUTBOX_UNAVAILABLE, exc.key) from None
        if item is None:
            raise StatusError(LOCAL_REF_UNKNOWN)
        if item.state == "sent" and item.remote_code:
            result = self._remote(item.remote_code)
            return StatusResult(result.kind, result.code, result.view, result.fetched_at,
                                result.offline_key, None, ref)
        if item.state not in ("pending", "dead"):
            raise StatusError(LOCAL_REF_UNKNOWN, f"state {item.state}")
        queued = QueuedDossier(item.local_ref, item.procedure_code, item.created_at, item.state)
        return StatusResult("queued", ref, queued=queued, local_ref=ref)

    def _remote(self, code: str) -> StatusResult:
        try:
            view = self.portal.dossier_status(code)
        except PortalRejected as exc:
            if exc.retryable:  # 429: the portal is there but busy; treat as offline
                return self._from_cache(code, exc.key)
            raise StatusError(exc.key) from None
        except PortalError as exc:
            return self._from_cache(code, exc.key)
        now = self.clock()
        self._remember(code, view, now)
        return StatusResult("live", code, view, now)

    def _from_cache(self, code: str, why: str) -> StatusResult:
        cached = None
        if self.cache is not None:
            try:
                cached = self.cache.get(code)
            except CacheError as exc:
                log.warning("status cache unreadable: %s", exc.key)
        if cached is None:
            raise StatusError(OFFLINE_UNKNOWN, why)
        return StatusResult("cached", code, cached.view, cached.fetched_at, why)

    def _remember(self, code: str, view: dict[str, Any], at: float) -> None:
        if self.cache is None:
            return
        try:
            self.cache.put(code, view, at)
        except (CacheError, ValueError) as exc:
            # Not being able to remember must not hide the answer the citizen came for.
            log.warning("status cache write failed: %s", getattr(exc, "key", exc))

    # -- the citizen's own dossiers --------------------------------------------------

    def citizen_dossiers(self, id_number: str, source: str) -> list[dict[str, Any]]:
        """Newest first. The portal refuses a QR or typed ID (portal.identity_insufficient)."""
        try:
            items = self.portal.citizen_dossiers(id_number, source)
        except PortalError as exc:
            raise StatusError(exc.key) from None
        now = self.clock()
        for view in items:
            self._remember(view["MaHoSo"], view, now)
        return items

    # -- paying what is owed -----------------------------------------------------------

    @staticmethod
    def new_payment_key() -> str:
        """One per payment attempt, kept for its retries (the portal deduplicates)."""
        return "kiosk-pay-" + uuid.uuid4().hex

    def create_payment(self, code: str, amount: int, key: str) -> dict[str, Any]:
        try:
            return self.portal.create_payment(code, amount, key)
        except PortalError as exc:
            raise StatusError(exc.key) from None

    def payment(self, payment_id: str) -> dict[str, Any]:
        try:
            return self.portal.payment(payment_id)
        except PortalError as exc:
            raise StatusError(exc.key) from None

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()


# -- what the screen shows -------------------------------------------------------------

# The usual road of a dossier; a detour (5, 6) returns to processing (4).
_ROAD = (1, 2, 4, 9, 10)
_FINAL = (3, 7, 8, 10)


def timeline(view: dict[str, Any]) -> list[dict[str, Any]]:
    """The dossier's road as rows: each status reached (with its time and the portal's
    note), then the statuses still to come on the usual road. Words and next steps in
    both languages come from kiosk.receipt.STATUSES (one table for screen and slip).

    Row: {status, vi, en, viNext, enNext, at (ISO or ""), note, state} where state is
    "done", "current" or "todo".
    """
    from kiosk.receipt import STATUSES

    def row(status: int, at: str, note: str, state: str) -> dict[str, Any]:
        words = STATUSES[status]
        return {"status": status, "vi": words["vi"], "en": words["en"],
                "viNext": words["vi_next"], "enNext": words["en_next"],
                "at": at, "note": note, "state": state}

    current = view.get("TrangThaiHoSo")
    history = [e for e in view.get("LichSu") or [] if e.get("TrangThaiHoSo") in STATUSES]
    rows = [row(e["TrangThaiHoSo"], e.get("ThoiDiem") or "", e.get("GhiChu") or "", "done")
            for e in history]
    if rows and rows[-1]["status"] == current:
        rows[-1]["state"] = "current"
    elif current in STATUSES:
        rows.append(row(current, "", "", "current"))
    if current in _FINAL or current not in STATUSES:
        return rows
    after = 4 if current in (5, 6) else current
    if after in _ROAD:
        start = _ROAD.index(after) + (0 if current in (5, 6) else 1)
        rows += [row(s, "", "", "todo") for s in _ROAD[start:]]
    return rows
