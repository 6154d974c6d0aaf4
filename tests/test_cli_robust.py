"""The technician's commands fail with a sentence, never a traceback."""

import subprocess
import sys

import pytest

from kiosk.cli import main


def test_config_shows_every_section_and_hides_the_pin_hash(capsys, tmp_path, monkeypatch):
    from kiosk.staff import hash_pin

    cfg = tmp_path / "k.toml"
    cfg.write_text(f'[staff]\npin_hash = "{hash_pin("2468", iterations=1000)}"\n')
    assert main(["--config", str(cfg), "config"]) == 0
    out = capsys.readouterr().out
    for section in ("kiosk", "portal", "devices", "payment", "outbox", "staff", "paths"):
        assert f"[{section}]" in out
    assert "pbkdf2" not in out and "not shown" in out


def test_a_closed_pipe_ends_quietly(tmp_path):
    # `kiosk units | head -1`: the reader goes away after one line.
    proc = subprocess.run(
        f"{sys.executable} -m kiosk.cli units | head -1", shell=True, capture_output=True,
        text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "KIOSK_DATA_DIR": str(tmp_path)},
    )
    assert proc.stdout.count("\n") == 1
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_printer_test_reports_a_bad_save_path_after_printing(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    rc = main(["printer", "test", "--uri", "sim://", "--save", str(tmp_path / "no" / "r.png")])
    captured = capsys.readouterr()
    assert rc == 1
    assert "printed a sample receipt" in captured.out
    assert "could not save" in captured.err


@pytest.mark.parametrize("ident", ["999"])
def test_outbox_retry_of_an_unknown_item_says_so(capsys, tmp_path, monkeypatch, ident):
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    assert main(["outbox", "retry", ident]) == 1
    err = capsys.readouterr().err
    assert "No such dossier in the outbox" in err and "outbox.not_found" in err
