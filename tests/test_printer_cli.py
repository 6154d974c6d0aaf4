"""`kiosk printer status|test`: exit codes and output against the simulator."""

import argparse
import json

import pytest

from devices.printer.simulator import PrinterSimulator, SimulatorTcpServer
from kiosk import printer_cli
from kiosk.config import Config


def run(argv, printer="sim://"):
    parser = argparse.ArgumentParser()
    printer_cli.add_parser(parser.add_subparsers(dest="command"))
    cfg = Config().with_overrides(devices={"printer": printer})
    return printer_cli.run(cfg, parser.parse_args(["printer", *argv]))


def test_status_ready(capsys):
    assert run(["status"]) == 0
    assert "ready" in capsys.readouterr().out


@pytest.mark.parametrize(("state", "key"), [
    ("no_paper", "printer.no_paper"), ("cover_open", "printer.cover_open"),
    ("jam", "printer.jam"), ("offline", "printer.offline"),
])
def test_status_not_ready_says_why(capsys, state, key):
    assert run(["status", "--uri", f"sim://?state={state}", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ready"] is False and out["problem"] == key and out["message"]


def test_status_cannot_open(capsys):
    assert run(["status"], printer="tcp://127.0.0.1:1") == 3
    assert "printer.not_found" in capsys.readouterr().err


def test_status_of_a_file_printer_says_it_is_unknown(tmp_path, capsys):
    assert run(["status", "--uri", f"file://{tmp_path}/out.bin"]) == 0
    assert "status not available" in capsys.readouterr().out


def test_test_prints_the_sample_over_tcp(tmp_path, capsys):
    sim = PrinterSimulator()
    with SimulatorTcpServer(sim) as server:
        rc = run(["test", "--json", "--save", str(tmp_path / "r.png")], printer=server.uri)
    out = json.loads(capsys.readouterr().out)
    assert rc == 0 and out["bytes_sent"] == sim.jobs[0].bytes and out["seconds"] > 0
    assert (tmp_path / "r.png").stat().st_size > 0
    assert out["qr"].endswith("-0001") and len(sim.jobs) == 1


def test_test_refused_without_paper(capsys):
    assert run(["test", "--uri", "sim://?state=no_paper"]) == 1
    assert "out of paper" in capsys.readouterr().err


def test_no_action_is_usage_error(capsys):
    assert run([]) == 2
