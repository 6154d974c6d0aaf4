"""SQLite for the offline cache: durable settings, explicit transactions, typed errors.

Every database here runs in WAL mode with synchronous=FULL (a committed write survives
a power cut), foreign keys on and a busy timeout. Writes go through `transaction()`,
which opens the transaction itself with BEGIN IMMEDIATE: neither `with conn:` (which does
not open one) nor library helpers that may commit on their own decide where a
transaction ends.

Storage failures the kiosk must live with (disk full, corrupt or unreadable file) are
raised as `CacheError` with a translation key, so a screen can say what happened; other
sqlite3 errors are bugs and propagate unchanged.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

__all__ = [
    "CORRUPT",
    "DISK_FULL",
    "UNAVAILABLE",
    "CacheError",
    "as_cache_error",
    "locked",
    "open_db",
    "quarantine",
    "transaction",
]

DISK_FULL = "cache.disk_full"
CORRUPT = "cache.corrupt"
UNAVAILABLE = "cache.unavailable"  # cannot open, read-only, locked too long, I/O error


class CacheError(Exception):
    """The local database cannot be used; `key` is a translation key for the screen."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail


# SQLite primary result codes (the low byte of an extended code).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_PROTOCOL = 15
_SQLITE_NOTADB = 26

_BY_CODE = {
    _SQLITE_FULL: DISK_FULL,
    _SQLITE_CORRUPT: CORRUPT,
    _SQLITE_NOTADB: CORRUPT,
    _SQLITE_PERM: UNAVAILABLE,
    _SQLITE_BUSY: UNAVAILABLE,
    _SQLITE_LOCKED: UNAVAILABLE,
    _SQLITE_READONLY: UNAVAILABLE,
    _SQLITE_IOERR: UNAVAILABLE,
    _SQLITE_CANTOPEN: UNAVAILABLE,
    _SQLITE_PROTOCOL: UNAVAILABLE,
}


def as_cache_error(exc: BaseException) -> CacheError | None:
    """The CacheError a storage failure stands for; None for anything else (a bug)."""
    if isinstance(exc, CacheError):
        return exc
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        name = getattr(exc, "sqlite_errorname", "") or type(exc).__name__
        if isinstance(code, int) and (code & 0xFF) in _BY_CODE:
            return CacheError(_BY_CODE[code & 0xFF], f"{name}: {exc}")
        return None
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return CacheError(DISK_FULL, str(exc))
        return CacheError(UNAVAILABLE, str(exc))
    return None


@contextlib.contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        err = as_cache_error(exc)
        if err is None:
            raise
        raise err from exc


# One lock per connection: a connection opened with check_same_thread=False is only
# safe when its users take turns.
_LOCKS: weakref.WeakKeyDictionary[sqlite_utils.Database, threading.RLock] = (
    weakref.WeakKeyDictionary()
)
_LOCKS_GUARD = threading.Lock()


def _lock_of(db: sqlite_utils.Database) -> threading.RLock:
    with _LOCKS_GUARD:
        lock = _LOCKS.get(db)
        if lock is None:
            lock = _LOCKS[db] = threading.RLock()
        return lock


def open_db(
    path: str | os.PathLike[str],
    *,
    threadsafe: bool = False,
    busy_timeout_ms: int = 5000,
) -> sqlite_utils.Database:
    """Open (creating its folder) a database file with the durability settings.

    threadsafe=True allows use from several threads, one at a time: hold `locked(db)`
    (or `transaction(db)`, which takes the same lock) around each use.
    """
    path = Path(path)
    with _translated():
        path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: the sqlite3 module never opens a transaction behind
        # our back; transaction() opens and ends them explicitly.
        conn = sqlite3.connect(
            str(path),
            timeout=busy_timeout_ms / 1000,
            isolation_level=None,
            check_same_thread=not threadsafe,
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise CacheError(UNAVAILABLE, f"journal_mode is {mode}, WAL is required")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            db = sqlite_utils.Database(conn, execute_plugins=False)
        except BaseException:
            conn.close()
            raise
    _lock_of(db)
    return db


@contextlib.contextmanager
def locked(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """Exclusive use of a shared connection; storage failures become CacheError."""
    with _lock_of(db), _translated():
        yield db


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK if the block raises.

    Inside, write with db.execute / db.conn.execute(many). The write lock is taken at
    BEGIN, so a busy database fails here, before any work is done.
    """
    with _lock_of(db):
        conn = db.conn
        if conn.in_transaction:
            raise RuntimeError("a transaction is already open on this connection")
        with _translated():
            conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException as exc:
            _rollback(conn)
            err = as_cache_error(exc) if isinstance(exc, sqlite3.Error | OSError) else None
            if err is not None:
                raise err from exc
            raise
        try:
            with _translated():
                conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        # SQLite may already have rolled back (e.g. after SQLITE_FULL); nothing to add.
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def quarantine(path: str | os.PathLike[str]) -> Path | None:
    """Move a corrupt database (and its WAL files) aside so a fresh one can be made.

    Returns the new name of the main file, or None if there was nothing to move. Only
    for data that can be fetched again (the catalog), never for the outbox.
    """
    path = Path(path)
    if not path.exists():
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    with _translated():
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.replace(target.with_name(target.name + suffix))
        path.replace(target)
    return target
