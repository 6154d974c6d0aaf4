"""The durable outbox: dossiers waiting to reach the portal, encrypted at rest.

One row per dossier. `enqueue` writes the dossier (its payload, encrypted) and its
delivery state in ONE transaction (BEGIN IMMEDIATE ... COMMIT, WAL, synchronous=FULL):
when it returns, the dossier survives a crash or a power cut. That is the moment the
kiosk may tell the citizen "received". The idempotency key is chosen then and never
changes, so every retry, after any crash, is recognised by the portal as the same
submission.

States: pending -> sent (the portal's 2xx, with its MaHoSo) or pending -> dead (the
portal refused it; staff decide) ; dead -> pending again through `retry`.
Personal data lives only in `payload`; `purge` deletes it from sent rows once the
retention window has passed (secure_delete zeroes the freed bytes, a TRUNCATE
checkpoint empties the WAL). The row itself stays: local ref, key and MaHoSo are not
personal data and let staff answer "did my dossier go through?".
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .crypto import KEY_MISSING, KEY_WRONG, CryptoError, Sealer, load_key, load_or_create_key
from .db import locked, open_db, transaction

__all__ = [
    "BAD_PAYLOAD",
    "BAD_STATE",
    "DEAD",
    "DUPLICATE_REF",
    "MESSAGES",
    "NOT_FOUND",
    "PENDING",
    "PURGED",
    "SENT",
    "Outbox",
    "OutboxError",
    "OutboxItem",
]

PENDING, SENT, DEAD = "pending", "sent", "dead"
STATES = (PENDING, SENT, DEAD)

DUPLICATE_REF = "outbox.duplicate_ref"
NOT_FOUND = "outbox.not_found"
BAD_STATE = "outbox.bad_state"
BAD_PAYLOAD = "outbox.bad_payload"
PURGED = "outbox.purged"


class OutboxError(Exception):
    """A request the outbox cannot honour; `key` is a translation key."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail


MESSAGES: dict[str, dict[str, str]] = {
    DUPLICATE_REF: {
        "vi": "Mã hồ sơ tại ki-ốt này đã tồn tại trong hàng đợi.",
        "en": "This kiosk reference is already in the outbox.",
    },
    NOT_FOUND: {
        "vi": "Không tìm thấy hồ sơ trong hàng đợi.",
        "en": "No such dossier in the outbox.",
    },
    BAD_STATE: {
        "vi": "Hồ sơ không ở trạng thái cho phép thao tác này.",
        "en": "The dossier is not in a state that allows this.",
    },
    BAD_PAYLOAD: {
        "vi": "Dữ liệu hồ sơ không hợp lệ để lưu.",
        "en": "The dossier data cannot be stored.",
    },
    PURGED: {
        "vi": "Dữ liệu cá nhân của hồ sơ này đã được xóa theo thời hạn lưu trữ.",
        "en": "This dossier's personal data has been deleted after its retention period.",
    },
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    local_ref       TEXT    NOT NULL UNIQUE,
    idem_key        TEXT    NOT NULL UNIQUE,
    procedure_code  TEXT    NOT NULL,
    created_at      REAL    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL    NOT NULL,
    last_error      TEXT,
    sent_at         REAL,
    remote_code     TEXT,
    payload         BLOB,
    purge_after     REAL,
    purged_at       REAL
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt_at, id);
CREATE INDEX IF NOT EXISTS outbox_remote ON outbox (remote_code);
CREATE TABLE IF NOT EXISTS outbox_meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
"""

_COLUMNS = ("id, local_ref, idem_key, procedure_code, created_at, state, attempts, "
            "next_attempt_at, last_error, sent_at, remote_code, purge_after, purged_at, "
            "payload IS NOT NULL")

# A known plaintext sealed with the key at creation: tells "wrong key" apart from a
# damaged row before any dossier is touched.
_KEY_CHECK_PLAIN = b"hanoi-kiosk outbox key check v1"
_KEY_CHECK_AAD = b"outbox:key-check"


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    local_ref: str
    idem_key: str
    procedure_code: str
    created_at: float
    state: str
    attempts: int
    next_attempt_at: float
    last_error: str | None
    sent_at: float | None
    remote_code: str | None
    purge_after: float | None
    purged_at: float | None
    has_payload: bool
    # The decrypted dossier, only on items from `with_payload` (never logged, never listed).
    payload: dict[str, Any] | None = None

    def __repr__(self) -> str:  # keeps personal data out of logs and tracebacks
        return (f"OutboxItem(id={self.id}, local_ref={self.local_ref!r}, state={self.state!r}, "
                f"attempts={self.attempts}, remote_code={self.remote_code!r})")

    __str__ = __repr__


def _item(row: tuple[Any, ...]) -> OutboxItem:
    return OutboxItem(*row[:13], has_payload=bool(row[13]))


def _aad(idem_key: str, local_ref: str) -> bytes:
    return f"outbox:v1:{idem_key}:{local_ref}".encode()


class Outbox:
    """The outbox database. Safe to share between threads (each call takes the lock)."""

    def __init__(self, db_path: str | os.PathLike[str], key_path: str | os.PathLike[str]) -> None:
        self.path = Path(db_path)
        self.key_path = Path(key_path)
        self.db = open_db(self.path, threadsafe=True)
        try:
            with locked(self.db) as db:
                # Freed bytes (a purged payload) are overwritten with zeros, not left behind.
                db.execute("PRAGMA secure_delete = ON")
            with transaction(self.db) as db:
                # One by one: executescript() would COMMIT the open transaction.
                for stmt in filter(None, (s.strip() for s in _SCHEMA.split(";"))):
                    db.execute(stmt)
            self._sealer: Sealer | None = None
            self.key_error: CryptoError | None = None
            self._open_key()
        except BaseException:
            self.db.conn.close()
            raise

    # -- key ------------------------------------------------------------------------

    def _open_key(self) -> None:
        """Load the key, or make one for a new outbox; a key problem is kept, not raised.

        Listing, counting and retrying work without the key (staff must be able to see
        the queue); reading or writing a payload raises the kept CryptoError.
        """
        with locked(self.db) as db:
            row = db.execute("SELECT value FROM outbox_meta WHERE name = 'key_check'").fetchone()
        try:
            if row is None:
                key = load_or_create_key(self.key_path)
                sealer = Sealer(key)
                check = sealer.seal(_KEY_CHECK_PLAIN, _KEY_CHECK_AAD)
                with transaction(self.db) as db:
                    db.execute("INSERT OR IGNORE INTO outbox_meta (name, value) "
                               "VALUES ('key_check', ?)", [check])
                    stored = db.execute("SELECT value FROM outbox_meta "
                                        "WHERE name = 'key_check'").fetchone()[0]
                sealer.open(stored, _KEY_CHECK_AAD)  # another process may have won the race
            else:
                # An existing outbox never gets a new key silently: the old payloads
                # would be unreadable. A missing key is for a technician to restore.
                sealer = Sealer(load_key(self.key_path))
                sealer.open(row[0], _KEY_CHECK_AAD)
        except CryptoError as exc:
            self.key_error = exc
            self._sealer = None
        else:
            self._sealer = sealer

    def _need_sealer(self) -> Sealer:
        if self._sealer is None:
            raise self.key_error or CryptoError(KEY_MISSING)
        return self._sealer

    # -- writing --------------------------------------------------------------------

    def enqueue(self, payload: dict[str, Any], *, local_ref: str, procedure_code: str,
                now: float | None = None) -> OutboxItem:
        """Store a dossier durably; when this returns, it is acknowledged.

        Raises OutboxError (duplicate local_ref, payload not JSON), CryptoError (no
        usable key) or CacheError (disk full, database unusable): in every case
        nothing was stored.
        """
        if not local_ref or not procedure_code:
            raise OutboxError(BAD_PAYLOAD, "local_ref and procedure_code are required")
        try:
            plain = json.dumps(payload, ensure_ascii=False, separators=(",", ":"),
                               allow_nan=False).encode("utf-8")
        except (TypeError, ValueError) as exc:
            raise OutboxError(BAD_PAYLOAD, type(exc).__name__) from None
        sealer = self._need_sealer()
        now = time.time() if now is None else now
        idem_key = str(uuid.uuid4())
        blob = sealer.seal(plain, _aad(idem_key, local_ref))
        try:
            with transaction(self.db) as db:
                cur = db.execute(
                    "INSERT INTO outbox (local_ref, idem_key, procedure_code, created_at, "
                    "state, attempts, next_attempt_at, payload) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
                    [local_ref, idem_key, procedure_code, now, PENDING, now, blob])
                rowid = cur.lastrowid
        except sqlite3.IntegrityError:
            raise OutboxError(DUPLICATE_REF, local_ref) from None
        return OutboxItem(rowid, local_ref, idem_key, procedure_code, now, PENDING, 0, now,
                          None, None, None, None, None, True)

    def mark_sent(self, item_id: int, remote_code: str, now: float, retention: float) -> bool:
        """Record the portal's 2xx; False if the item was no longer pending (already sent)."""
        with transaction(self.db) as db:
            cur = db.execute(
                "UPDATE outbox SET state = ?, remote_code = ?, sent_at = ?, purge_after = ?, "
                "attempts = attempts + 1, last_error = NULL WHERE id = ? AND state = ?",
                [SENT, remote_code, now, now + max(0.0, retention), item_id, PENDING])
            return cur.rowcount == 1

    def mark_failed(self, item_id: int, error: str, next_attempt_at: float) -> bool:
        """A retryable failure: try again at next_attempt_at."""
        with transaction(self.db) as db:
            cur = db.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
                "WHERE id = ? AND state = ?", [error, next_attempt_at, item_id, PENDING])
            return cur.rowcount == 1

    def mark_dead(self, item_id: int, reason: str) -> bool:
        """The portal refused it: keep it (with its payload) on the dead-letter list for staff."""
        with transaction(self.db) as db:
            cur = db.execute(
                "UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ? "
                "WHERE id = ? AND state = ?", [DEAD, reason, item_id, PENDING])
            return cur.rowcount == 1

    def retry(self, item_id: int, now: float | None = None) -> OutboxItem:
        """Staff: send a dead (or waiting) item again now, with a fresh backoff."""
        now = time.time() if now is None else now
        with transaction(self.db) as db:
            row = db.execute("SELECT state, payload IS NOT NULL FROM outbox WHERE id = ?",
                             [item_id]).fetchone()
            if row is None:
                raise OutboxError(NOT_FOUND, str(item_id))
            if row[0] == SENT:
                raise OutboxError(BAD_STATE, f"{item_id} was already sent")
            db.execute("UPDATE outbox SET state = ?, attempts = 0, next_attempt_at = ?, "
                       "last_error = NULL WHERE id = ?", [PENDING, now, item_id])
        return self.get(item_id)

    def purge(self, now: float | None = None, *, all_sent: bool = False) -> int:
        """Delete the payload of sent items past their retention (or of all sent items).

        Returns how many payloads were deleted. Dead and pending items keep theirs: a
        dead one waits for staff. Afterwards the WAL is checkpointed and truncated so
        the deleted bytes leave both files.
        """
        now = time.time() if now is None else now
        cond = "" if all_sent else " AND purge_after <= ?"
        params: list[Any] = [now, SENT] + ([] if all_sent else [now])
        with transaction(self.db) as db:
            cur = db.execute("UPDATE outbox SET payload = NULL, purged_at = ? "
                             "WHERE state = ? AND payload IS NOT NULL" + cond, params)
            n = cur.rowcount
        if n:
            self.checkpoint()
        return n

    def checkpoint(self) -> tuple[int, int, int]:
        """Copy the WAL into the database and truncate it: (busy, wal frames, checkpointed)."""
        with locked(self.db) as db:
            row = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return tuple(row)  # type: ignore[return-value]

    def vacuum(self) -> None:
        """Rebuild the file: no free page keeps old content, and it shrinks."""
        with locked(self.db) as db:
            db.execute("VACUUM")
        self.checkpoint()

    # -- reading --------------------------------------------------------------------

    def _select(self, where: str, params: list[Any]) -> list[OutboxItem]:
        with locked(self.db) as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM outbox {where}", params).fetchall()
        return [_item(r) for r in rows]

    def due(self, now: float, limit: int = 50, *, after_id: int = 0) -> list[OutboxItem]:
        """Pending items whose time has come, oldest first."""
        return self._select("WHERE state = ? AND next_attempt_at <= ? AND id > ? "
                            "ORDER BY id LIMIT ?", [PENDING, now, after_id, limit])

    def next_due_at(self) -> float | None:
        """When the earliest pending item becomes due (None: nothing pending)."""
        with locked(self.db) as db:
            row = db.execute("SELECT MIN(next_attempt_at) FROM outbox WHERE state = ?",
                             [PENDING]).fetchone()
        return row[0]

    def get(self, item_id: int) -> OutboxItem:
        items = self._select("WHERE id = ?", [item_id])
        if not items:
            raise OutboxError(NOT_FOUND, str(item_id))
        return items[0]

    def by_local_ref(self, local_ref: str) -> OutboxItem | None:
        items = self._select("WHERE local_ref = ?", [local_ref])
        return items[0] if items else None

    def by_remote_code(self, remote_code: str) -> OutboxItem | None:
        items = self._select("WHERE remote_code = ?", [remote_code])
        return items[0] if items else None

    def list(self, state: str | None = None, *, limit: int | None = None) -> list[OutboxItem]:
        if state is not None and state not in STATES:
            raise OutboxError(BAD_STATE, f"state must be one of {STATES}")
        where, params = ("WHERE state = ?", [state]) if state else ("", [])
        where += " ORDER BY id"
        if limit is not None:
            where += " LIMIT ?"
            params.append(limit)
        return self._select(where, params)

    def iter_local_refs(self) -> Iterator[str]:
        with locked(self.db) as db:
            rows = db.execute("SELECT local_ref FROM outbox ORDER BY id").fetchall()
        return (r[0] for r in rows)

    def counts(self) -> dict[str, int]:
        with locked(self.db) as db:
            rows = db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall()
        out = dict.fromkeys(STATES, 0)
        out.update({s: n for s, n in rows})
        return out

    def with_payload(self, item: OutboxItem) -> OutboxItem:
        """The item with its dossier decrypted; OutboxError if purged, CryptoError if no key."""
        sealer = self._need_sealer()
        with locked(self.db) as db:
            row = db.execute("SELECT payload FROM outbox WHERE id = ?", [item.id]).fetchone()
        if row is None:
            raise OutboxError(NOT_FOUND, str(item.id))
        if row[0] is None:
            raise OutboxError(PURGED, item.local_ref)
        plain = sealer.open(row[0], _aad(item.idem_key, item.local_ref))
        try:
            payload = json.loads(plain.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            # Authenticated yet not JSON: only our own bug could write this.
            raise CryptoError(KEY_WRONG, "payload is not JSON") from None
        return replace(item, payload=payload)

    def integrity_check(self) -> str:
        with locked(self.db) as db:
            return str(db.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        with locked(self.db):
            self.db.conn.close()

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

