"""`kiosk sync` and `kiosk outbox list|retry|purge` (kiosk.outbox_cli)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pytest

from kiosk import outbox_cli
from kiosk.config import Config
from offline_cache.outbox import Outbox

sys.path.insert(0, str(Path(__file__).parent))
from outbox_child import local_ref, marker_payload  # noqa: E402


def parse(argv):
    parser = argparse.ArgumentParser(prog="kiosk")
    sub = parser.add_subparsers(dest="command")
    outbox_cli.add_parser(sub)
    return parser.parse_args(argv)


@pytest.fixture
def cfg(tmp_path):
    return Config().with_overrides(paths={"data_dir": str(tmp_path)})


def fill(cfg, n, bad=()):
    with Outbox(cfg.outbox_db, cfg.outbox_key) as ob:
        for i in range(n):
            body = marker_payload(i)
            if i in bad:
                body["NguoiNop"]["SoDinhDanh"] = "x"
            ob.enqueue(body, local_ref=local_ref(i), procedure_code="2.000815")


def test_sync_once_drains_and_reports(cfg, sim, capsys):
    fill(cfg, 5, bad={2})
    rc = outbox_cli.run(cfg, parse(["sync", "--once", "--portal", sim.url]))
    out = capsys.readouterr().out
    assert rc == 0, out
    assert "sent 4" in out and "dead 1" in out
    rc = outbox_cli.run(cfg, parse(["outbox", "list", "--json"]))
    data = json.loads(capsys.readouterr().out)
    assert rc == 0 and data["counts"] == {"pending": 0, "sent": 4, "dead": 1}
    dead = [i for i in data["items"] if i["state"] == "dead"]
    assert dead[0]["local_ref"] == local_ref(2) and "form.id_invalid" in dead[0]["last_error"]
    assert all(i["remote_code"] for i in data["items"] if i["state"] == "sent")


def test_sync_once_with_the_portal_down_fails(cfg, capsys):
    fill(cfg, 3)
    # A closed loopback port: connection refused at once.
    rc = outbox_cli.run(cfg, parse(["sync", "--once", "--portal", "http://127.0.0.1:9"]))
    out = capsys.readouterr().out
    assert rc == 1 and "not answering" in out
    with Outbox(cfg.outbox_db, cfg.outbox_key) as ob:
        assert ob.counts()["pending"] == 3


def test_sync_without_a_portal_url_is_a_usage_error(cfg, capsys):
    assert outbox_cli.run(cfg, parse(["sync", "--once"])) == 2
    assert "--portal" in capsys.readouterr().err


def test_retry_and_purge(cfg, sim, capsys):
    fill(cfg, 3, bad={0})
    outbox_cli.run(cfg, parse(["sync", "--once", "--portal", sim.url]))
    capsys.readouterr()
    with Outbox(cfg.outbox_db, cfg.outbox_key) as ob:
        dead = ob.list("dead")[0]
    assert outbox_cli.run(cfg, parse(["outbox", "retry", str(dead.id)])) == 0
    assert "pending" in capsys.readouterr().out
    with Outbox(cfg.outbox_db, cfg.outbox_key) as ob:
        assert ob.get(dead.id).state == "pending"
    assert outbox_cli.run(cfg, parse(["outbox", "retry", "999"])) == 1
    assert "outbox.not_found" in capsys.readouterr().err
    # Within retention nothing is purged; --all-sent purges every sent dossier.
    assert outbox_cli.run(cfg, parse(["outbox", "purge"])) == 0
    assert "from 0 sent" in capsys.readouterr().out
    assert outbox_cli.run(cfg, parse(["outbox", "purge", "--all-sent"])) == 0
    assert "from 2 sent" in capsys.readouterr().out
    assert outbox_cli.run(cfg, parse(["outbox", "list"])) == 0
    out = capsys.readouterr().out
    assert "pending 1, sent 2, dead 0" in out and out.count("data deleted") == 2


def test_outbox_without_action_is_usage(cfg, capsys):
    assert outbox_cli.run(cfg, parse(["outbox"])) == 2


def test_list_warns_when_the_key_is_missing(cfg, capsys):
    fill(cfg, 1)
    cfg.outbox_key.unlink()
    assert outbox_cli.run(cfg, parse(["outbox", "list"])) == 0
    out = capsys.readouterr().out
    assert "outbox.key_missing" in out and local_ref(0) in out
    assert outbox_cli.run(cfg, parse(["sync", "--once", "--portal", "http://127.0.0.1:9"])) == 1
    assert "outbox.key_missing" in capsys.readouterr().err
