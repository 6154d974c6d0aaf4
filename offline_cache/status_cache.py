"""The last known status of each dossier looked up at this kiosk, for when the portal is away.

A status view holds no personal data (the portal's status endpoint answers anyone who
holds the code), and this cache keeps only the fields of a status view named in
`ALLOWED_FIELDS`: anything else a caller hands in (an applicant block, say) is dropped
before it reaches the disk. Entries older than `max_age` are pruned on open and now and
then on write; the table is also capped at `max_entries` (the oldest go first), so the
file stays small on a kiosk that answers thousands of lookups.

SQLite in WAL mode with synchronous=FULL (offline_cache.db); storage failures come out as
CacheError with a translation key.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .db import locked, open_db, transaction

__all__ = ["ALLOWED_FIELDS", "CachedStatus", "StatusCache"]

DAY = 86_400.0

# The status view's fields (Dossier in the Kiosk Portal API), none of them personal.
ALLOWED_FIELDS = frozenset({
    "MaHoSo", "MaTTHC", "TenTTHC", "MaCoQuan", "CoQuanTiepNhan", "TrangThaiHoSo",
    "TenTrangThai", "NgayNop", "NgayTiepNhan", "NgayHenTra", "NgayTraKetQua", "LichSu",
    "YeuCauBoSung", "SoTienPhaiNop", "NoiNhanKetQua", "LyDo", "LePhi", "DaNopLePhi",
    "MaThamChieuKiosk",
})
_HISTORY_FIELDS = ("TrangThaiHoSo", "ThoiDiem", "GhiChu")

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS status_cache ("
    " code TEXT PRIMARY KEY,"
    " view TEXT NOT NULL,"
    " fetched_at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS status_cache_age ON status_cache (fetched_at)",
)


@dataclass(frozen=True, slots=True)
class CachedStatus:
    code: str
    view: dict[str, Any]
    fetched_at: float  # epoch seconds of the portal's answer


def _minimal(view: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in view.items() if k in ALLOWED_FIELDS}
    if "LichSu" in out:
        history = out["LichSu"]
        out["LichSu"] = [{k: e.get(k) for k in _HISTORY_FIELDS}
                         for e in history if isinstance(e, dict)] if isinstance(history, list) else []
    return out


class StatusCache:
    """Thread-safe (one connection, taken in turns)."""

    def __init__(self, path: str | os.PathLike[str], *, max_age_days: float = 90.0,
                 max_entries: int = 5000, clock=time.time) -> None:
        if max_age_days <= 0 or max_entries < 1:
            raise ValueError("max_age_days must be positive and max_entries at least 1")
        self.path = Path(path)
        self.max_age = max_age_days * DAY
        self.max_entries = max_entries
        self._clock = clock
        self._writes = 0
        self.db = open_db(self.path, threadsafe=True)
        try:
            with transaction(self.db) as db:
                for stmt in _SCHEMA:
                    db.execute(stmt)
            self.prune()
        except BaseException:
            self.db.conn.close()
            raise

    def put(self, code: str, view: dict[str, Any], fetched_at: float | None = None) -> None:
        """Remember `view` as the last known status of `code` (only its allowed fields)."""
        if not isinstance(code, str) or not code:
            raise ValueError("code must be a non-empty string")
        at = self._clock() if fetched_at is None else float(fetched_at)
        text = json.dumps(_minimal(view), ensure_ascii=False, separators=(",", ":"),
                          allow_nan=False)
        with transaction(self.db) as db:
            # An older answer arriving late never replaces a newer one.
            db.execute(
                "INSERT INTO status_cache (code, view, fetched_at) VALUES (?, ?, ?) "
                "ON CONFLICT(code) DO UPDATE SET view = excluded.view, "
                "fetched_at = excluded.fetched_at WHERE excluded.fetched_at >= fetched_at",
                [code, text, at])
        self._writes += 1
        if self._writes % 100 == 0:
            self.prune()

    def get(self, code: str) -> CachedStatus | None:
        """The last known status, or None (never stored, or older than max_age)."""
        with locked(self.db) as db:
            row = db.execute("SELECT view, fetched_at FROM status_cache WHERE code = ?",
                             [code]).fetchone()
        if row is None or row[1] < self._clock() - self.max_age:
            return None
        try:
            view = json.loads(row[0])
        except ValueError:
            return None  # a damaged row is as good as none: the portal will refill it
        return CachedStatus(code, view, row[1]) if isinstance(view, dict) else None

    def prune(self, now: float | None = None) -> int:
        """Forget entries older than max_age and the oldest beyond max_entries."""
        now = self._clock() if now is None else now
        with transaction(self.db) as db:
            cur = db.execute("DELETE FROM status_cache WHERE fetched_at < ?",
                             [now - self.max_age])
            n = cur.rowcount
            cur = db.execute(
                "DELETE FROM status_cache WHERE code IN (SELECT code FROM status_cache "
                "ORDER BY fetched_at DESC LIMIT -1 OFFSET ?)", [self.max_entries])
            n += cur.rowcount
        return n

    def __len__(self) -> int:
        with locked(self.db) as db:
            return int(db.execute("SELECT COUNT(*) FROM status_cache").fetchone()[0])

    def close(self) -> None:
        with locked(self.db):
            self.db.conn.close()
