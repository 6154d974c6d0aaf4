"""No personal data left behind: not in plaintext ever, not even encrypted after purge."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import pytest

from offline_cache.outbox import Outbox

sys.path.insert(0, str(Path(__file__).parent))
from outbox_child import local_ref, marker_payload  # noqa: E402

NAME = "Markername Zqxv"
ID_NUMBER = "099123456789"
ADDRESS = "Số 9 Ngõ Đánh Dấu Zqxv"
MARKERS = [m.encode("utf-8") for m in (NAME, ID_NUMBER, ADDRESS, "Đánh Dấu")]


def _files(db: Path) -> dict[str, bytes]:
    out = {}
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = db.with_name(db.name + suffix)
        if p.exists():
            out[p.name] = p.read_bytes()
    return out


def _assert_absent(needles, db: Path, what: str) -> None:
    for name, data in _files(db).items():
        for needle in needles:
            assert needle not in data, f"{what} found in {name}"


def _payload(i: int) -> dict:
    body = marker_payload(i)
    body["NguoiNop"]["DiaChi"] = ADDRESS
    return body


@pytest.fixture
def service(tmp_path, sim):
    from kiosk.dossier.outbox_service import OutboxService
    from kiosk.portal.client import PortalClient

    client = PortalClient(sim.url, read_timeout=5.0, kiosk_id="HN-TEST-0001")
    svc = OutboxService(Outbox(tmp_path / "outbox.sqlite3", tmp_path / "outbox.key"), client,
                        retention_days=1.0, retry_min=0.01, retry_max=0.05)
    yield svc
    svc.close()
    client.close()


def test_no_personal_data_in_files_or_logs_before_and_after_purge(tmp_path, service, caplog):
    caplog.set_level(logging.DEBUG)
    db = tmp_path / "outbox.sqlite3"
    ob = service.outbox
    for i in range(30):
        ob.enqueue(_payload(i), local_ref=local_ref(i), procedure_code="2.000815")
    refused = _payload(30)
    refused["NguoiNop"]["SoDinhDanh"] = "12345"  # refused by the portal: stays as a dead letter
    ob.enqueue(refused, local_ref=local_ref(30), procedure_code="2.000815")

    # Encrypted at rest from the first moment: before any sync or purge.
    _assert_absent(MARKERS, db, "personal data in plaintext before sync")
    blobs = {r[0]: r[1] for r in ob.db.conn.execute("SELECT local_ref, payload FROM outbox")}
    assert all(blobs.values())

    s = service.engine.drain()
    assert s.sent == 30 and s.dead == 1
    _assert_absent(MARKERS, db, "personal data in plaintext after sync")

    # Retention not over yet: the payloads are still there (encrypted), for reprints.
    assert ob.purge(service.engine.clock()) == 0
    later = service.engine.clock() + 86400.0 + 1
    assert ob.purge(later) == 30
    rows = dict(ob.db.conn.execute("SELECT local_ref, payload IS NULL FROM outbox"))
    assert sum(rows.values()) == 30 and rows[local_ref(30)] == 0  # the dead one is kept
    # The purged ciphertexts themselves are gone from the database and from the WAL:
    # secure_delete zeroed the freed bytes, the TRUNCATE checkpoint emptied the WAL.
    gone = [blob[-40:] for ref, blob in blobs.items() if ref != local_ref(30)]
    _assert_absent(gone, db, "a purged ciphertext")
    wal = db.with_name(db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    _assert_absent(MARKERS, db, "personal data in plaintext after purge")

    # Nor in the logs (the simulated portal's own log is the other side of the wire).
    log_text = "\n".join(r.getMessage() for r in caplog.records
                         if not r.name.startswith("kiosk.portal.sim"))
    for marker in (NAME, ID_NUMBER, ADDRESS, "12345"):
        assert marker not in log_text, f"{marker!r} logged"


def test_cli_list_shows_no_personal_data(tmp_path, capsys):
    from kiosk import outbox_cli
    from kiosk.config import Config

    cfg = Config().with_overrides(paths={"data_dir": str(tmp_path)})
    with Outbox(cfg.outbox_db, cfg.outbox_key) as ob:
        item = ob.enqueue(_payload(1), local_ref=local_ref(1), procedure_code="2.000815")
        ob.mark_dead(item.id, f"portal.rejected HTTP 422: SoDinhDanh {ID_NUMBER} is invalid")
        ob.enqueue(_payload(2), local_ref=local_ref(2), procedure_code="2.000815")
    for extra in ([], ["--json"]):
        args = argparse.Namespace(command="outbox", outbox_command="list", state=None,
                                  json=bool(extra))
        assert outbox_cli.run(cfg, args) == 0
        out = capsys.readouterr().out
        assert local_ref(1) in out and local_ref(2) in out and "dead" in out
        assert ID_NUMBER not in out and NAME not in out
        assert "************" in out  # the ID number in the portal's reason is masked
