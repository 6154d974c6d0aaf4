"""`kiosk scanner test`, fed through the simulator's loopback TCP feed."""

from __future__ import annotations

import argparse
import json
import socket
import threading
import time
from types import SimpleNamespace

import pytest

from devices.scanner.testing import scanner_threads
from kiosk import scanner_cli

CCCD = "012345678901|123456789|Nguyễn Văn A|01021990|Nam|123 Hà Nội|10102021"
CODE = "H26.105-251122-0001"


def parse(*argv):
    parser = argparse.ArgumentParser(prog="kiosk")
    scanner_cli.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["scanner", *argv])


def cfg(uri="sim://"):
    return SimpleNamespace(devices=SimpleNamespace(qr_scanner=uri))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def feed_later(port: int, *lines: str) -> threading.Thread:
    def go():
        end = time.monotonic() + 5
        while time.monotonic() < end:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as c:
                    c.sendall("".join(f"{line}\n" for line in lines).encode())
                return
            except OSError:
                time.sleep(0.05)

    t = threading.Thread(target=go)
    t.start()
    return t


def run_with_feed(capsys, argv, lines, config_uri=None):
    port = free_port()
    uri = f"sim://?port={port}&delay=0.001"
    if config_uri is None:
        argv = [*argv, "--uri", uri]
        conf = cfg()
    else:
        conf = cfg(uri)
    feeder = feed_later(port, *lines)
    rc = scanner_cli.run(conf, parse("test", *argv))
    feeder.join()
    out = capsys.readouterr()
    assert scanner_threads() == []
    return rc, out.out, out.err


def test_prints_scans_as_json_and_masks_the_card_qr(capsys):
    rc, out, err = run_with_feed(capsys, ["--count", "2", "--timeout", "5", "--json"],
                                 [CODE, CCCD])
    assert rc == 0, err
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["text"] == CODE and first["source"] == "sim:tcp"
    assert first["length"] == len(CODE) and first["masked"] is False and first["t"] >= 0
    assert second["masked"] is True and second["length"] == len(CCCD)
    assert "Nguyễn" not in out and "012345678901" not in out and "123456789|" not in out
    assert second["text"].startswith("0123******01|12*****89|N*** V** A|")
    assert "127.0.0.1" in err  # the technician is told where to feed the simulator


def test_reveal_shows_the_card_qr_and_the_configured_uri_is_used(capsys):
    rc, out, _ = run_with_feed(capsys, ["--timeout", "5", "--reveal"], [CCCD],
                               config_uri=True)
    assert rc == 0
    assert CCCD in out and "sim:tcp" in out and f"len={len(CCCD)}" in out


def test_classification_is_reported_or_its_absence_said(capsys):
    rc, out, _ = run_with_feed(capsys, ["--timeout", "5", "--json"], [CODE])
    assert rc == 0
    line = json.loads(out)
    try:
        from kiosk.scan import classify

        classify(CODE)
    except (ImportError, NotImplementedError):
        assert line["kind"] is None and "classification" in line["note"]
    else:
        assert line["kind"] in {"receipt", "dossier_code", "local_ref", "unknown"}


def test_timeout_without_a_scan_is_1(capsys):
    rc = scanner_cli.run(cfg(), parse("test", "--timeout", "0.3"))
    assert rc == 1
    assert "no scan" in capsys.readouterr().err


def test_a_scanner_that_cannot_be_opened_is_3(capsys, tmp_path):
    rc = scanner_cli.run(cfg(), parse("test", "--uri", f"serial://{tmp_path}/ttyACM0",
                                      "--timeout", "2"))
    assert rc == 3
    assert "scanner.not_found" in capsys.readouterr().err
    assert scanner_cli.run(cfg("bogus://"), parse("test", "--timeout", "1")) == 3
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        uri = f"sim://?port={taken.getsockname()[1]}"
        assert scanner_cli.run(cfg(), parse("test", "--uri", uri, "--timeout", "2")) == 3
    assert "scanner.busy" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [[], ["test", "--count", "0"], ["test", "--timeout", "0"],
                                  ["test", "--uri", "usb://x"]])
def test_usage_errors_are_2(argv, capsys):
    assert scanner_cli.run(cfg(), parse(*argv)) == 2


def test_masking_rules():
    assert scanner_cli.is_card_qr(CCCD, None)
    assert scanner_cli.is_card_qr("anything", "card_qr")
    assert not scanner_cli.is_card_qr(CODE, None)
    masked = scanner_cli.mask_card_qr("001190012345||Nguyễn Thị Mẫu|15031990|Nữ|Số 1|01072024")
    assert masked == "0011******45||N*** T** M**|********|**|****|********"


def test_wired_into_the_kiosk_command(monkeypatch, tmp_path, capsys):
    import kiosk.cli as cli

    assert scanner_cli in cli.TOOL_COMMANDS
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert cli.main(["scanner", "test", "--timeout", "0.2"]) == 1  # default config: sim://
    assert "scanner sim ready" in capsys.readouterr().err
