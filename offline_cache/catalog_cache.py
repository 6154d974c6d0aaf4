"""The procedure catalog kept offline: records, sync state and the search index, one file.

Each record's search terms are stored next to it (table search_terms, written in the
same transaction as the record), so startup builds the in-memory index without
tokenizing the catalog again. The in-memory index is rebuilt after every applied change
and swapped in as a whole: a search sees either the old catalog or the new one.

Threads: apply_changes/set_info write through one connection under its lock; reads use a
small pool of connections, each used by one thread at a time, and WAL lets them read the
last committed state while a write is under way. Searches only touch memory.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from .db import CORRUPT, UNAVAILABLE, CacheError, locked, open_db, transaction
from .search import TERMS_VERSION, DocTerms, SearchDoc, SearchIndex, SearchResult, doc_terms, fold

__all__ = ["CacheMeta", "CatalogCache", "CatalogRecord"]

SCHEMA_VERSION = 1

_SCHEMA = (
    """CREATE TABLE procedures (
        key TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        field TEXT NOT NULL,
        levels TEXT NOT NULL,
        code TEXT NOT NULL,
        online_level TEXT,
        body TEXT NOT NULL
    )""",
    "CREATE INDEX procedures_field ON procedures(field)",
    """CREATE TABLE search_terms (
        key TEXT PRIMARY KEY REFERENCES procedures(key) ON DELETE CASCADE,
        name_terms TEXT NOT NULL,
        code_terms TEXT NOT NULL,
        field_terms TEXT NOT NULL,
        accents TEXT NOT NULL
    )""",
    """CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        token TEXT,
        synced_at TEXT,
        source TEXT,
        revision INTEGER NOT NULL DEFAULT 0,
        terms_version INTEGER NOT NULL DEFAULT 0
    )""",
    f"INSERT INTO sync_state (id, terms_version) VALUES (1, {TERMS_VERSION})",
    "CREATE TABLE catalog_info (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
)

_UPSERT_PROCEDURE = """
    INSERT INTO procedures (key, name, field, levels, code, online_level, body)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET
        name = excluded.name, field = excluded.field, levels = excluded.levels,
        code = excluded.code, online_level = excluded.online_level, body = excluded.body
"""
_UPSERT_TERMS = """
    INSERT INTO search_terms (key, name_terms, code_terms, field_terms, accents)
    VALUES (:key, :name_terms, :code_terms, :field_terms, :accents)
    ON CONFLICT (key) DO UPDATE SET
        name_terms = excluded.name_terms, code_terms = excluded.code_terms,
        field_terms = excluded.field_terms, accents = excluded.accents
"""
_BATCH = 500


@dataclass(frozen=True)
class CatalogRecord:
    key: str
    name: str
    field: str
    levels: tuple[str, ...]
    code: str
    online_level: str | None
    body: dict[str, Any] = field(repr=False)  # the procedure as the portal sent it


@dataclass(frozen=True, slots=True)
class CacheMeta:
    count: int
    synced_at: datetime | None
    source: str | None
    token: str | None


def _check_record(rec: CatalogRecord) -> None:
    if not isinstance(rec, CatalogRecord):
        raise TypeError(f"expected CatalogRecord, got {type(rec).__name__}")
    if not isinstance(rec.key, str) or not rec.key:
        raise ValueError("record key must be a non-empty string")
    for name in ("name", "field", "code"):
        if not isinstance(getattr(rec, name), str):
            raise ValueError(f"record {rec.key}: {name} must be a string")
    if not isinstance(rec.levels, tuple | list) or not all(isinstance(v, str) for v in rec.levels):
        raise ValueError(f"record {rec.key}: levels must be strings")
    if rec.online_level is not None and not isinstance(rec.online_level, str):
        raise ValueError(f"record {rec.key}: online_level must be a string or None")
    if not isinstance(rec.body, dict):
        raise ValueError(f"record {rec.key}: body must be a dict")


def _doc(key: str, name: str, field_: str, levels: str, code: str, online: str | None) -> SearchDoc:
    return SearchDoc(key, name, field_, tuple(json.loads(levels)), code, online)


class _ReaderPool:
    """Read connections, each lent to one thread at a time."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._free: list[sqlite_utils.Database] = []
        self._lock = threading.Lock()
        self._closed = False

    @contextlib.contextmanager
    def lend(self) -> Iterator[sqlite_utils.Database]:
        with self._lock:
            if self._closed:
                raise CacheError(UNAVAILABLE, "the catalog cache is closed")
            db = self._free.pop() if self._free else None
        if db is None:
            db = open_db(self._path, threadsafe=True)
            db.conn.execute("PRAGMA query_only = ON")  # a reader never writes by mistake
            # Lookups are by key and the index lives in memory: a small page cache keeps
            # a kiosk that runs for months from growing towards SQLite's default 2 MB each.
            db.conn.execute("PRAGMA cache_size = -256")
        try:
            with locked(db):
                yield db
        finally:
            with self._lock:
                if self._closed:
                    db.conn.close()
                else:
                    self._free.append(db)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            free, self._free = self._free, []
        for db in free:
            db.conn.close()


class CatalogCache:
    """The catalog and its search index in one SQLite file at `path`."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._path = Path(path)
        self._writer = open_db(self._path, threadsafe=True)
        try:
            self._migrate()
        except BaseException:
            self._writer.conn.close()
            raise
        self._readers = _ReaderPool(self._path)
        self._index: SearchIndex | None = None
        self._index_revision = -1
        self._load_lock = threading.Lock()  # one index build at a time

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        self._readers.close()
        with locked(self._writer):
            self._writer.conn.close()

    def __enter__(self) -> CatalogCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        with transaction(self._writer) as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                for sql in _SCHEMA:
                    db.execute(sql)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version != SCHEMA_VERSION:
                # Written by a newer kiosk: not ours to change. The composition root may
                # quarantine the file and resync, the catalog being refetchable.
                raise CacheError(UNAVAILABLE, f"catalog cache schema {version} is not supported")

    # ------------------------------------------------------------------ writing

    def apply_changes(
        self,
        records: Iterable[CatalogRecord],
        deleted: Iterable[str],
        token: str | None,
        *,
        synced_at: datetime,
        source: str,
        reset: bool = False,
    ) -> None:
        """Apply one sync result in one transaction: all of it or (on error) none of it.

        reset=True replaces the whole catalog (a full resync). Deletions are applied
        before the records, so a key in both ends up present. Records may be a lazy
        iterable; an exception raised while iterating it rolls everything back.
        """
        if not isinstance(synced_at, datetime) or synced_at.tzinfo is None:
            raise ValueError("synced_at must be a timezone-aware datetime")
        if token is not None and not isinstance(token, str):
            raise ValueError("token must be a string or None")
        if not isinstance(source, str):
            raise ValueError("source must be a string")
        with transaction(self._writer) as db:
            conn = db.conn
            stale_terms = (
                conn.execute("SELECT terms_version FROM sync_state WHERE id = 1").fetchone()[0]
                != TERMS_VERSION
            )
            if reset:
                conn.execute("DELETE FROM search_terms")
                conn.execute("DELETE FROM procedures")
            for key in deleted:
                if not isinstance(key, str):
                    raise ValueError("deleted keys must be strings")
                conn.execute("DELETE FROM search_terms WHERE key = ?", (key,))
                conn.execute("DELETE FROM procedures WHERE key = ?", (key,))
            batch: list[CatalogRecord] = []
            for rec in records:
                _check_record(rec)
                batch.append(rec)
                if len(batch) >= _BATCH:
                    self._write(conn, batch)
                    batch.clear()
            self._write(conn, batch)
            # After a reset every stored term is current; otherwise old rows may still
            # carry terms of an older tokenizer, which load_index re-derives.
            conn.execute(
                "UPDATE sync_state SET token = ?, synced_at = ?, source = ?,"
                " revision = revision + 1,"
                " terms_version = CASE WHEN ? THEN ? ELSE terms_version END WHERE id = 1",
                (token, synced_at.isoformat(), source, reset or not stale_terms, TERMS_VERSION),
            )
        self._refresh()

    @staticmethod
    def _write(conn: sqlite3.Connection, batch: list[CatalogRecord]) -> None:
        if not batch:
            return
        rows = []
        terms = []
        for rec in batch:
            try:
                body = json.dumps(rec.body, ensure_ascii=False, allow_nan=False)
            except (TypeError, ValueError) as exc:
                raise ValueError(f"record {rec.key}: body is not JSON: {exc}") from exc
            levels = tuple(rec.levels)
            rows.append(
                (
                    rec.key,
                    rec.name,
                    rec.field,
                    json.dumps(levels, ensure_ascii=False),
                    rec.code,
                    rec.online_level,
                    body,
                )
            )
            doc = SearchDoc(rec.key, rec.name, rec.field, levels, rec.code, rec.online_level)
            terms.append({"key": rec.key, **doc_terms(doc).to_row()})
        conn.executemany(_UPSERT_PROCEDURE, rows)
        conn.executemany(_UPSERT_TERMS, terms)

    def set_info(self, name: str, value: dict[str, Any]) -> None:
        """Store a catalog metadata blob (level labels, units ...) under a name."""
        if not isinstance(name, str) or not isinstance(value, dict):
            raise ValueError("set_info takes a name and a dict")
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
        with transaction(self._writer) as db:
            db.execute(
                "INSERT INTO catalog_info (name, value) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (name, text),
            )

    # ------------------------------------------------------------------ reading

    def _json(self, text: str, what: str) -> Any:
        try:
            return json.loads(text)
        except ValueError as exc:
            raise CacheError(CORRUPT, f"{what} is not valid JSON") from exc

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored body of a procedure, or None."""
        with self._readers.lend() as db:
            row = db.execute("SELECT body FROM procedures WHERE key = ?", (key,)).fetchone()
        return None if row is None else self._json(row[0], f"procedure {key}")

    def get_info(self, name: str) -> dict[str, Any] | None:
        with self._readers.lend() as db:
            row = db.execute("SELECT value FROM catalog_info WHERE name = ?", (name,)).fetchone()
        return None if row is None else self._json(row[0], f"info {name}")

    def token(self) -> str | None:
        with self._readers.lend() as db:
            return db.execute("SELECT token FROM sync_state WHERE id = 1").fetchone()[0]

    def meta(self) -> CacheMeta:
        with self._readers.lend() as db:
            with _snapshot(db.conn):
                count = db["procedures"].count
                token, synced_at, source = db.execute(
                    "SELECT token, synced_at, source FROM sync_state WHERE id = 1"
                ).fetchone()
        return CacheMeta(
            count=count,
            synced_at=datetime.fromisoformat(synced_at) if synced_at else None,
            source=source,
            token=token,
        )

    def field_names(self) -> list[str]:
        index = self._index
        if index is not None:
            return index.field_names()
        with self._readers.lend() as db:
            names = [r[0] for r in db.execute("SELECT DISTINCT field FROM procedures")]
        return sorted(names, key=lambda f: (fold(f), f))

    def diagnostics(self) -> dict[str, Any]:
        """Facts for a technician's screen and for tests."""
        with locked(self._writer) as db:
            pragmas = {
                p: db.execute(f"PRAGMA {p}").fetchone()[0]
                for p in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            }
            revision, terms_version = db.execute(
                "SELECT revision, terms_version FROM sync_state WHERE id = 1"
            ).fetchone()
        return {
            **pragmas,
            "revision": revision,
            "terms_version": terms_version,
            "index_loaded": self._index is not None,
            "index_revision": self._index_revision,
        }

    # ------------------------------------------------------------------ search

    def search(
        self,
        query: str,
        *,
        field: str | None = None,
        level: str | None = None,
        limit: int = 50,
        facets: bool = False,
    ) -> SearchResult:
        """As SearchIndex.search; loads the index first if no one has yet."""
        index = self._index
        if index is None:
            index = self.load_index()
        return index.search(query, field=field, level=level, limit=limit, facets=facets)

    def load_index(self) -> SearchIndex:
        """Build the in-memory index from the stored terms, unless already loaded."""
        with self._load_lock:
            index = self._index
            return index if index is not None else self._build()

    def _refresh(self) -> None:
        # Rebuild only an index someone uses; an unloaded one loads fresh when needed.
        # Waiting on the load lock also catches a load that read the previous state.
        with self._load_lock:
            if self._index is None:
                return
            try:
                self._build()
            except BaseException:
                # The change is committed; never keep serving the catalog before it.
                self._index, self._index_revision = None, -1
                raise

    def _build(self) -> SearchIndex:
        revision, items = self._read_index_rows()
        if revision is None:  # terms of an older tokenizer: re-derive them first
            self._rederive_terms()
            revision, items = self._read_index_rows()
        index = SearchIndex.from_terms(items)
        self._index, self._index_revision = index, revision if revision is not None else -1
        return index

    def _read_index_rows(self) -> tuple[int | None, list[tuple[SearchDoc, DocTerms]]]:
        with self._readers.lend() as db, _snapshot(db.conn):
            revision, terms_version = db.execute(
                "SELECT revision, terms_version FROM sync_state WHERE id = 1"
            ).fetchone()
            if terms_version != TERMS_VERSION:
                return None, []
            rows = db.execute(
                "SELECT p.key, p.name, p.field, p.levels, p.code, p.online_level,"
                " t.name_terms, t.code_terms, t.field_terms, t.accents"
                " FROM procedures p LEFT JOIN search_terms t ON t.key = p.key"
            )
            items = []
            level_sets: dict[str, tuple[str, ...]] = {}  # a few distinct combinations
            for key, name, field_, levels, code, online, nt, ct, ft, ac in rows:
                lv = level_sets.get(levels)
                if lv is None:
                    lv = level_sets[levels] = tuple(json.loads(levels))
                doc = SearchDoc(key, name, field_, lv, code, online)
                if nt is None:  # no stored terms (should not happen): derive them
                    items.append((doc, doc_terms(doc)))
                else:
                    items.append((doc, DocTerms.from_row(nt, ct, ft, ac)))
        return revision, items

    def _rederive_terms(self) -> None:
        with transaction(self._writer) as db:
            conn = db.conn
            rows = conn.execute(
                "SELECT key, name, field, levels, code, online_level FROM procedures"
            ).fetchall()
            conn.execute("DELETE FROM search_terms")
            conn.executemany(
                _UPSERT_TERMS,
                ({"key": r[0], **doc_terms(_doc(*r)).to_row()} for r in rows),
            )
            conn.execute(
                "UPDATE sync_state SET terms_version = ?, revision = revision + 1 WHERE id = 1",
                (TERMS_VERSION,),
            )


@contextlib.contextmanager
def _snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """Several SELECTs that see one committed state (a read transaction)."""
    conn.execute("BEGIN")
    try:
        yield
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("COMMIT")
