"""The catalog as the kiosk uses it: the offline cache in front, the portal behind.

Lookups never wait for the network: they read the local cache. A background
`CatalogSync` keeps the cache fresh through the portal's change feed (only what changed
since the last token), backs off while the portal is unreachable, and falls back to a
full resync when the portal no longer knows our token. On a kiosk that has never
reached the portal, the catalog snapshot shipped with the package is imported so the
first citizen can still look things up; the screens say how old the data is.
"""

from __future__ import annotations

import json
import logging
import random
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from kiosk.catalog.model import DEFAULT_LEVEL_LABELS, CatalogDataError, Procedure
from kiosk.portal.errors import PortalError, PortalTokenExpired
from offline_cache.backoff import full_jitter_backoff
from offline_cache.catalog_cache import CatalogCache, CatalogRecord

log = logging.getLogger(__name__)

SOURCE_PORTAL = "portal"
SOURCE_BUNDLED = "bundled"


def record_from_wire(item: dict[str, Any]) -> CatalogRecord:
    """Validate one procedure from the portal and shape it for the cache."""
    proc = Procedure.from_wire(item)  # raises CatalogDataError on a bad shape
    return CatalogRecord(
        key=proc.code,
        name=proc.name,
        field=proc.field,
        levels=proc.levels,
        code=proc.code,
        online_level=proc.online_level,
        body=item,
    )


def bundled_catalog() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The snapshot shipped in the package: procedures and catalog metadata."""
    data = resources.files("kiosk").joinpath("data")
    procedures = json.loads(data.joinpath("procedures.json").read_text(encoding="utf-8"))
    meta = json.loads(data.joinpath("catalog_meta.json").read_text(encoding="utf-8"))
    return procedures, meta


@dataclass(frozen=True, slots=True)
class RefreshOutcome:
    changed: int
    deleted: int
    full: bool


@dataclass(frozen=True, slots=True)
class CatalogStatus:
    count: int
    synced_at: datetime | None  # when the data was last confirmed by its source
    source: str | None  # "portal" or "bundled"
    online: bool | None  # None: not tried yet
    error_key: str | None  # translation key of the last failure


class CatalogService:
    def __init__(
        self,
        cache: CatalogCache,
        portal: Any | None,
        *,
        bundle: Callable[[], tuple[list[dict[str, Any]], dict[str, Any]]] = bundled_catalog,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.cache = cache
        self.portal = portal
        self._bundle = bundle
        self._now = now
        self._refresh_lock = threading.Lock()
        self._online: bool | None = None
        self._error_key: str | None = None

    # -- reading (any thread; never touches the network) -------------------------
    def search(self, query: str, *, field: str | None = None, level: str | None = None,
               limit: int = 50, facets: bool = False):
        return self.cache.search(query, field=field, level=level, limit=limit, facets=facets)

    def procedure(self, code: str) -> Procedure | None:
        body = self.cache.get(code)
        if body is None:
            return None
        try:
            return Procedure.from_wire(body)
        except CatalogDataError:
            log.exception("cached procedure %s is malformed", code)
            return None

    def level_labels(self) -> dict[str, dict[str, str]]:
        meta = self.cache.get_info("meta") or {}
        labels = dict(DEFAULT_LEVEL_LABELS)
        levels = meta.get("levels")
        if isinstance(levels, dict):  # {"xa": {"vi": "Cấp xã", "en": "Commune / ward"}, ...}
            for code, item in levels.items():
                if isinstance(code, str) and isinstance(item, dict):
                    vi = str(item.get("vi") or code)
                    labels[code] = {"vi": vi, "en": str(item.get("en") or vi)}
        return labels

    def field_names(self) -> list[str]:
        return self.cache.field_names()

    def featured(self) -> list[Procedure]:
        """The procedures the portal features (most asked for, with full detail)."""
        meta = self.cache.get_info("meta") or {}
        codes = meta.get("featured") or []
        found = (self.procedure(c) for c in codes if isinstance(c, str))
        return [p for p in found if p is not None]

    def status(self) -> CatalogStatus:
        meta = self.cache.meta()
        return CatalogStatus(
            count=meta.count,
            synced_at=meta.synced_at,
            source=meta.source,
            online=self._online,
            error_key=self._error_key,
        )

    def warm_up(self) -> None:
        """Load the search index into memory (call from a background thread)."""
        self.cache.load_index()

    # -- writing (the sync thread, the CLI) --------------------------------------
    def ensure_seeded(self) -> bool:
        """Import the bundled snapshot if the cache is empty. Returns True if it did."""
        if self.cache.meta().count > 0:
            return False
        procedures, meta = self._bundle()
        snapshot = _parse_date(meta.get("snapshot_date")) or self._now()
        records = [record_from_wire(p) for p in procedures]
        self.cache.apply_changes(records, [], None, synced_at=snapshot,
                                 source=SOURCE_BUNDLED, reset=True)
        self.cache.set_info("meta", meta)
        log.info("offline catalog seeded from the bundled snapshot (%d procedures)", len(records))
        return True

    def refresh(self) -> RefreshOutcome:
        """Bring the cache up to date with the portal. Raises PortalError; the cache stays intact."""
        if self.portal is None:
            raise RuntimeError("no portal configured")
        with self._refresh_lock:
            try:
                outcome = self._refresh_locked()
            except PortalError as exc:
                self._online = False
                self._error_key = exc.key
                raise
            self._online = True
            self._error_key = None
            return outcome

    def _refresh_locked(self) -> RefreshOutcome:
        token = self.cache.token()
        if self.cache.meta().source != SOURCE_PORTAL:
            token = None  # a bundled snapshot has no token: start the feed from zero
        if token is not None:
            try:
                return self._incremental(token)
            except PortalTokenExpired:
                log.info("portal no longer knows our catalog token; full resync")
        return self._full()

    def _incremental(self, token: str) -> RefreshOutcome:
        changed = deleted = 0
        while True:
            page = self.portal.catalog_changes(token)
            records = _records(page.items)
            # Each page is applied with its own token: a crash between pages resumes
            # from the last applied page, never skips one. An empty page still records
            # that the catalog was confirmed current now.
            self.cache.apply_changes(records, list(page.deleted), page.next_token,
                                     synced_at=self._now(), source=SOURCE_PORTAL)
            changed += len(records)
            deleted += len(page.deleted)
            token = page.next_token
            if not page.has_more:
                break
        if changed or deleted:
            self._refresh_meta()
        return RefreshOutcome(changed, deleted, full=False)

    def _full(self) -> RefreshOutcome:
        # Keyed by code: pages after the first are read with a token, so a procedure
        # changed or removed while we download comes again, or as a deletion.
        items: dict[str, dict[str, Any]] = {}
        token: str | None = None
        while True:
            page = self.portal.catalog_changes(token)
            for code in page.deleted:
                items.pop(code, None)
            for item in page.items:
                items[item["MaTTHC"]] = item
            token = page.next_token
            if not page.has_more:
                break
        records = _records(items.values())
        # One transaction for the whole catalog: a citizen never searches half of it.
        self.cache.apply_changes(records, [], token, synced_at=self._now(),
                                 source=SOURCE_PORTAL, reset=True)
        self._refresh_meta()
        return RefreshOutcome(len(records), 0, full=True)

    def _refresh_meta(self) -> None:
        meta = self.portal.catalog_meta()
        self.cache.set_info("meta", meta)


def _records(items: Iterable[dict[str, Any]]) -> list[CatalogRecord]:
    records = []
    for item in items:
        try:
            records.append(record_from_wire(item))
        except CatalogDataError as exc:
            # One malformed procedure must not stop the rest of the catalog.
            log.warning("skipping malformed procedure from portal: %s", exc)
    return records


def _parse_date(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class CatalogSync:
    """Background refresher: one daemon thread, exponential backoff with full jitter."""

    def __init__(
        self,
        service: CatalogService,
        *,
        interval: float,
        retry_min: float,
        retry_max: float,
        rng: random.Random | None = None,
    ) -> None:
        self.service = service
        self.interval = interval
        self.retry_min = retry_min
        self.retry_max = retry_max
        self._rng = rng or random.Random()
        self._listeners: list[Callable[[CatalogStatus], None]] = []
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failures = 0
        self.next_delay: float = 0.0

    def add_listener(self, listener: Callable[[CatalogStatus], None]) -> None:
        """Called on the sync thread after every attempt."""
        self._listeners.append(listener)

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="catalog-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def refresh_now(self) -> None:
        self._wake.set()

    def backoff_delay(self, failures: int, retry_after: float | None = None) -> float:
        # Never sooner than retry_min, and a portal's Retry-After is obeyed up to retry_max.
        return full_jitter_backoff(failures, self.retry_min, self.retry_max, self._rng,
                                   retry_after, floor=self.retry_min,
                                   retry_after_cap=self.retry_max)

    def run_once(self) -> float:
        """One attempt; returns the delay before the next one."""
        try:
            self.service.ensure_seeded()
        except Exception:  # noqa: BLE001 - a broken bundle must not kill the thread
            log.exception("could not seed the offline catalog")
        try:
            outcome = self.service.refresh()
        except PortalError as exc:
            self._failures += 1
            delay = self.backoff_delay(self._failures, exc.retry_after)
            log.info("catalog refresh failed (%s); next try in %.0f s", exc.key, delay)
        except Exception:  # noqa: BLE001 - e.g. a full disk: report, keep serving the cache
            self._failures += 1
            delay = self.backoff_delay(self._failures)
            log.exception("catalog refresh failed")
        else:
            self._failures = 0
            delay = self.interval
            log.info("catalog refreshed: %d changed, %d deleted%s", outcome.changed,
                     outcome.deleted, " (full)" if outcome.full else "")
        try:
            self.service.warm_up()
        except Exception:  # noqa: BLE001
            log.exception("could not load the search index")
        self.next_delay = delay
        status = self.service.status()
        for listener in list(self._listeners):
            try:
                listener(status)
            except Exception:  # noqa: BLE001 - a broken listener must not stop the sync
                log.exception("catalog status listener failed")
        return delay

    def _run(self) -> None:
        while not self._stop.is_set():
            delay = self.run_once()
            self._wake.wait(delay)
            self._wake.clear()
