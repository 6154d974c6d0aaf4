"""`kiosk card readers|read` against the virtual chip ID card, through the real pcscd."""

import json

import pytest
from pcsc_fixtures import READER_0, wait_until

from devices.vpcd.cccd_chip import build_card
from kiosk.cli import main

pytest_plugins = ["pcsc_fixtures"]

QR = "001190012345||Nguyễn Thị Mẫu|15031990|Nữ|Số 1 Phố Mẫu, Hà Nội|01072024"




@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def insert(play_card, profile):
    link = play_card(build_card(profile))
    assert wait_until(lambda: link.inserted, 5)
    return link


def run_json(capsys, *argv):
    rc = main(["card", *argv, "--json"])
    out = capsys.readouterr()
    return rc, (json.loads(out.out) if out.out.strip() else None), out.err


def test_readers_lists_the_virtual_reader_and_the_card(env, play_card, capsys):
    insert(play_card, "genuine")
    rc = main(["card", "readers"])
    out = capsys.readouterr().out
    assert rc == 0
    assert READER_0 in out and "card present, ATR 3B 80 80 01 01" in out


def test_read_a_genuine_card_from_its_qr(env, play_card, csca, capsys):
    insert(play_card, "genuine")
    rc, out, _ = run_json(capsys, "read", "--qr", QR, "--csca", str(csca))
    assert rc == 0
    assert out["protocol"] == "BAC" and out["data_groups"] == [1, 2, 13]
    assert out["passive_authentication"]["status"] == "verified"
    assert out["fields"]["id_number"] == "0011******45"  # masked by default
    assert out["face_image_bytes"] == 20_000
    assert sum(s["apdus"] for s in out["steps"]["steps"]) == out["steps"]["total_apdus"]


def test_reveal_shows_the_fields(env, play_card, csca, capsys):
    insert(play_card, "pace")
    rc, out, _ = run_json(capsys, "read", "--id", "001190012345", "--dob", "1990-03-15",
                          "--csca", str(csca), "--reveal")
    assert rc == 0 and out["protocol"] == "PACE"
    assert out["fields"]["full_name"] == "Nguyễn Thị Mẫu"
    assert out["fields"]["expiry_date"] == "2030-03-15"


def test_a_tampered_card_is_read_but_not_verified(env, play_card, csca, capsys):
    insert(play_card, "tampered")
    rc, out, _ = run_json(capsys, "read", "--qr", QR, "--csca", str(csca))
    assert rc == 3
    assert out["passive_authentication"]["status"] == "hash_mismatch"
    assert out["passive_authentication"]["failed_data_groups"] == [13]


def test_without_a_trust_store_nothing_is_verified(env, play_card, capsys):
    insert(play_card, "genuine")
    rc, out, _ = run_json(capsys, "read", "--qr", QR)
    assert rc == 3 and out["passive_authentication"]["status"] == "no_trust_store"


@pytest.mark.parametrize("profile,key", [("garbage", "card.malformed"),
                                         ("not-cccd", "card.not_cccd")])
def test_broken_or_foreign_cards_fail_with_their_reason(env, play_card, capsys, profile, key):
    insert(play_card, profile)
    rc, out, err = run_json(capsys, "read", "--qr", QR)
    assert rc == 1 and out is None
    assert key in err


def test_wrong_keys(env, play_card, capsys):
    insert(play_card, "genuine")
    rc, _out, err = run_json(capsys, "read", "--id", "001190012345", "--dob", "1991-03-15")
    assert rc == 1 and "card.wrong_keys" in err


def test_no_card(env, pcscd, capsys):
    rc, _out, err = run_json(capsys, "read", "--qr", QR)
    assert rc == 1 and "card.absent" in err
