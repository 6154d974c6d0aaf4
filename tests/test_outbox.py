"""The durable outbox and its encryption at rest (offline_cache.outbox, offline_cache.crypto)."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offline_cache.crypto import (
    KEY_INSECURE,
    KEY_INVALID,
    KEY_MISSING,
    KEY_WRONG,
    MESSAGES,
    CryptoError,
    Sealer,
    load_key,
    load_or_create_key,
)
from offline_cache.outbox import (
    BAD_STATE,
    DUPLICATE_REF,
    NOT_FOUND,
    PURGED,
    Outbox,
    OutboxError,
)
from offline_cache.outbox import MESSAGES as OUTBOX_MESSAGES

DOSSIER = {"MaTTHC": "1.001234", "NguoiNop": {"HoTen": "Markername Zqxv",
                                               "SoDinhDanh": "099123456789"}}


@pytest.fixture
def outbox(tmp_path):
    ob = Outbox(tmp_path / "outbox.sqlite3", tmp_path / "keys" / "outbox.key")
    yield ob
    ob.close()


def test_key_file_created_0600_with_32_bytes(tmp_path):
    path = tmp_path / "k" / "outbox.key"
    key = load_or_create_key(path)
    assert len(key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(path) == key  # a second call reads, never replaces
    assert not [p for p in path.parent.iterdir() if p.name != "outbox.key"]  # no temp left


def test_key_file_readable_by_others_is_refused(tmp_path):
    path = tmp_path / "outbox.key"
    load_or_create_key(path)
    os.chmod(path, 0o640)
    with pytest.raises(CryptoError) as err:
        load_key(path)
    assert err.value.key == KEY_INSECURE


def test_key_file_missing_or_wrong_size(tmp_path):
    with pytest.raises(CryptoError) as err:
        load_key(tmp_path / "none.key")
    assert err.value.key == KEY_MISSING
    short = tmp_path / "short.key"
    short.write_bytes(b"x" * 16)
    os.chmod(short, 0o600)
    with pytest.raises(CryptoError) as err:
        load_key(short)
    assert err.value.key == KEY_INVALID


def test_concurrent_key_creation_agrees(tmp_path):
    path = tmp_path / "outbox.key"
    keys, barrier = [], threading.Barrier(8)

    def make():
        barrier.wait()
        keys.append(load_or_create_key(path))

    threads = [threading.Thread(target=make) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(keys)) == 1


def test_sealer_binds_ciphertext_to_its_row():
    s = Sealer(bytes(range(32)))
    blob = s.seal(b"secret", b"row-1")
    assert b"secret" not in blob
    assert s.open(blob, b"row-1") == b"secret"
    with pytest.raises(CryptoError) as err:
        s.open(blob, b"row-2")
    assert err.value.key == KEY_WRONG
    with pytest.raises(CryptoError):
        Sealer(bytes(32)).open(blob, b"row-1")  # another key
    with pytest.raises(CryptoError):
        s.open(b"\x01short", b"row-1")


def test_every_error_key_has_both_languages():
    for messages in (MESSAGES, OUTBOX_MESSAGES):
        for key, text in messages.items():
            assert text["vi"] and text["en"] and text["vi"] != text["en"], key
    for key in (KEY_MISSING, KEY_INSECURE, KEY_INVALID, KEY_WRONG):
        assert key in MESSAGES
    for key in (DUPLICATE_REF, NOT_FOUND, BAD_STATE, PURGED):
        assert key in OUTBOX_MESSAGES


def test_enqueue_is_durable_and_encrypted(tmp_path, outbox):
    item = outbox.enqueue(DOSSIER, local_ref="LK-251122-AAAAAAA", procedure_code="1.001234",
                          now=1000.0)
    assert item.state == "pending" and item.attempts == 0 and item.next_attempt_at == 1000.0
    assert len(item.idem_key) >= 32
    # Another connection sees it at once: it was committed when enqueue returned.
    conn = sqlite3.connect(tmp_path / "outbox.sqlite3")
    row = conn.execute("SELECT local_ref, idem_key, state, payload FROM outbox").fetchone()
    conn.close()
    assert row[:3] == ("LK-251122-AAAAAAA", item.idem_key, "pending")
    assert b"Markername" not in row[3] and b"099123456789" not in row[3]
    assert outbox.with_payload(item).payload == DOSSIER
    assert "Markername" not in repr(outbox.with_payload(item))


def test_durability_settings(outbox):
    conn = outbox.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1


def test_duplicate_local_ref_is_refused_and_nothing_stored(outbox):
    outbox.enqueue(DOSSIER, local_ref="LK-1", procedure_code="p", now=1.0)
    with pytest.raises(OutboxError) as err:
        outbox.enqueue(DOSSIER, local_ref="LK-1", procedure_code="p", now=2.0)
    assert err.value.key == DUPLICATE_REF
    assert outbox.counts() == {"pending": 1, "sent": 0, "dead": 0}


def test_unserialisable_payload_is_a_declared_error(outbox):
    with pytest.raises(OutboxError):
        outbox.enqueue({"x": object()}, local_ref="LK-1", procedure_code="p")
    with pytest.raises(OutboxError):
        outbox.enqueue({"x": float("nan")}, local_ref="LK-1", procedure_code="p")
    assert outbox.counts()["pending"] == 0


def test_state_transitions_and_lookups(outbox):
    a = outbox.enqueue(DOSSIER, local_ref="LK-A", procedure_code="p", now=10.0)
    b = outbox.enqueue(DOSSIER, local_ref="LK-B", procedure_code="p", now=11.0)
    c = outbox.enqueue(DOSSIER, local_ref="LK-C", procedure_code="p", now=12.0)
    assert [i.local_ref for i in outbox.due(20.0)] == ["LK-A", "LK-B", "LK-C"]
    assert [i.local_ref for i in outbox.due(11.5)] == ["LK-A", "LK-B"]
    assert outbox.mark_sent(a.id, "H26.105-251122-0001", now=30.0, retention=100.0)
    assert not outbox.mark_sent(a.id, "H26.105-251122-0002", now=31.0, retention=100.0)
    assert outbox.mark_failed(b.id, "PortalTimeout", next_attempt_at=50.0)
    assert outbox.mark_dead(c.id, "portal.rejected HTTP 422 validation_failed")
    assert [i.local_ref for i in outbox.due(40.0)] == []
    assert [i.local_ref for i in outbox.due(50.0)] == ["LK-B"]
    sent = outbox.by_remote_code("H26.105-251122-0001")
    assert sent.id == a.id and sent.sent_at == 30.0 and sent.purge_after == 130.0
    assert outbox.by_local_ref("LK-B").attempts == 1
    assert outbox.by_local_ref("LK-B").last_error == "PortalTimeout"
    assert outbox.by_local_ref("nope") is None
    assert outbox.counts() == {"pending": 1, "sent": 1, "dead": 1}
    assert [i.local_ref for i in outbox.list("dead")] == ["LK-C"]
    assert outbox.next_due_at() == 50.0
    # Staff retry: back to pending, due now, fresh backoff; a sent item cannot be retried.
    again = outbox.retry(c.id, now=60.0)
    assert (again.state, again.attempts, again.next_attempt_at, again.last_error) == \
        ("pending", 0, 60.0, None)
    with pytest.raises(OutboxError) as err:
        outbox.retry(a.id)
    assert err.value.key == BAD_STATE
    with pytest.raises(OutboxError) as err:
        outbox.get(999)
    assert err.value.key == NOT_FOUND
    with pytest.raises(OutboxError):
        outbox.list("bogus")


def test_purge_respects_retention_and_keeps_dead(outbox):
    a = outbox.enqueue(DOSSIER, local_ref="LK-A", procedure_code="p", now=0.0)
    b = outbox.enqueue(DOSSIER, local_ref="LK-B", procedure_code="p", now=0.0)
    c = outbox.enqueue(DOSSIER, local_ref="LK-C", procedure_code="p", now=0.0)
    d = outbox.enqueue(DOSSIER, local_ref="LK-D", procedure_code="p", now=0.0)
    outbox.mark_sent(a.id, "CODE-A", now=100.0, retention=50.0)
    outbox.mark_sent(b.id, "CODE-B", now=100.0, retention=500.0)
    outbox.mark_dead(c.id, "refused")
    assert outbox.purge(149.0) == 0
    assert outbox.purge(150.0) == 1
    purged = outbox.get(a.id)
    assert not purged.has_payload and purged.remote_code == "CODE-A" and purged.purged_at == 150.0
    with pytest.raises(OutboxError) as err:
        outbox.with_payload(purged)
    assert err.value.key == PURGED
    assert outbox.get(b.id).has_payload
    assert outbox.purge(151.0, all_sent=True) == 1  # staff: every sent one, retention or not
    assert outbox.get(c.id).has_payload and outbox.get(d.id).has_payload  # dead, pending kept


def test_existing_outbox_without_its_key_opens_but_refuses_payloads(tmp_path):
    db, key = tmp_path / "o.sqlite3", tmp_path / "o.key"
    with Outbox(db, key) as ob:
        ob.enqueue(DOSSIER, local_ref="LK-A", procedure_code="p", now=1.0)
    key.unlink()
    with Outbox(db, key) as ob:
        assert ob.key_error is not None and ob.key_error.key == KEY_MISSING
        assert not key.exists()  # never silently replaced by a new key
        assert ob.counts()["pending"] == 1  # staff can still see the queue
        with pytest.raises(CryptoError) as err:
            ob.with_payload(ob.list()[0])
        assert err.value.key == KEY_MISSING
        with pytest.raises(CryptoError):
            ob.enqueue(DOSSIER, local_ref="LK-B", procedure_code="p")


def test_wrong_key_is_detected_on_open(tmp_path):
    db, key = tmp_path / "o.sqlite3", tmp_path / "o.key"
    with Outbox(db, key) as ob:
        ob.enqueue(DOSSIER, local_ref="LK-A", procedure_code="p", now=1.0)
    key.unlink()
    load_or_create_key(key)  # a different key in the same place
    with Outbox(db, key) as ob:
        assert ob.key_error is not None and ob.key_error.key == KEY_WRONG
        with pytest.raises(CryptoError) as err:
            ob.with_payload(ob.list()[0])
        assert err.value.key == KEY_WRONG


def test_insecure_key_on_open_is_a_declared_error(tmp_path):
    db, key = tmp_path / "o.sqlite3", tmp_path / "o.key"
    Outbox(db, key).close()
    os.chmod(key, 0o644)
    with Outbox(db, key) as ob:
        assert ob.key_error.key == KEY_INSECURE


def test_payload_moved_to_another_row_does_not_decrypt(tmp_path, outbox):
    a = outbox.enqueue({"a": 1}, local_ref="LK-A", procedure_code="p", now=1.0)
    b = outbox.enqueue({"b": 2}, local_ref="LK-B", procedure_code="p", now=1.0)
    conn = outbox.db.conn
    conn.execute("UPDATE outbox SET payload = (SELECT payload FROM outbox WHERE id = ?) "
                 "WHERE id = ?", [a.id, b.id])
    with pytest.raises(CryptoError) as err:
        outbox.with_payload(outbox.get(b.id))
    assert err.value.key == KEY_WRONG


@settings(max_examples=300, deadline=None)
@given(blob=st.binary(max_size=200), aad=st.binary(max_size=40))
def test_opening_arbitrary_bytes_raises_only_crypto_error(blob, aad):
    s = Sealer(bytes(range(32)))
    with pytest.raises(CryptoError):
        s.open(blob, aad)
    # A real blob with any single byte flipped is refused the same way.
    real = s.seal(b"payload", aad)
    if blob:
        i = blob[0] % len(real)
        tampered = real[:i] + bytes([real[i] ^ 0x01]) + real[i + 1:]
        with pytest.raises(CryptoError):
            s.open(tampered, aad)


@settings(max_examples=100, deadline=None)
@given(content=st.binary(max_size=80))
def test_any_key_file_content_loads_or_raises_crypto_error(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("k") / "outbox.key"
    path.write_bytes(content)
    os.chmod(path, 0o600)
    try:
        key = load_key(path)
    except CryptoError as exc:
        assert exc.key == KEY_INVALID and len(content) != 32
    else:
        assert key == content and len(content) == 32
