"""The `kiosk` command: in-process through kiosk.cli.main, and as the real console entry."""

from __future__ import annotations

import json
import os
import re
import select
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

from kiosk import cli
from kiosk import config as config_mod
from kiosk.portal.simulator import PortalSimulator

REPO = Path(__file__).resolve().parent.parent
COMMANDS = ["run", "portal-sim", "catalog", "tour", "config", "units"]
BIRTH = "1.001193"


@pytest.fixture(scope="module")
def shared_data(tmp_path_factory) -> Path:
    """One data directory for the commands that only read the catalog (seeded once)."""
    return tmp_path_factory.mktemp("data")


def _isolate(monkeypatch, data: Path, home: Path) -> None:
    monkeypatch.setenv(config_mod.ENV_DATA_DIR, str(data))
    monkeypatch.delenv(config_mod.ENV_CONFIG, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))  # no user config file


@pytest.fixture
def env(monkeypatch, tmp_path, shared_data) -> Path:
    _isolate(monkeypatch, shared_data, tmp_path)
    return shared_data


@pytest.fixture
def private_env(monkeypatch, tmp_path) -> Path:
    """A data directory of this test's own, for commands that change the catalog."""
    data = tmp_path / "data"
    _isolate(monkeypatch, data, tmp_path)
    return data


def _config_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- usage ----------------------------------------------------------------------------

def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert re.search(rf"^\s+{re.escape(command)}\s", out, re.M), command


@pytest.mark.parametrize("argv", [
    ["run"], ["portal-sim"], ["catalog"], ["catalog", "refresh"], ["catalog", "status"],
    ["catalog", "search"], ["catalog", "show"], ["tour"], ["config"], ["units"],
])
def test_every_command_has_its_own_help(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main([*argv, "--help"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("usage: kiosk " + " ".join(argv))


def test_no_command_is_a_usage_error(capsys):
    assert cli.main([]) == cli.EXIT_USAGE
    assert capsys.readouterr().out.startswith("usage: kiosk")


def test_catalog_without_an_action_is_a_usage_error(env, capsys):
    assert cli.main(["catalog"]) == cli.EXIT_USAGE
    out = capsys.readouterr().out
    assert out.startswith("usage: kiosk catalog") and "search" in out


@pytest.mark.parametrize("argv", [
    ["nonsense"], ["catalog", "search"], ["run", "--size", "big"], ["catalog", "grep", "x"],
])
def test_bad_arguments_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2
    assert "usage: kiosk" in capsys.readouterr().err


# -- reading the offline catalog ------------------------------------------------------

def test_search_json(env, capsys):
    assert cli.main(["catalog", "search", "dang ky khai sinh", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["query"] == "dang ky khai sinh"
    assert result["hits"][0]["MaTTHC"] == BIRTH
    assert result["total"] >= len(result["hits"]) > 0
    assert set(result["hits"][0]) == {"MaTTHC", "TenTTHC", "LinhVuc", "CapThucHien", "score"}
    assert isinstance(result["fields"], dict) and isinstance(result["levels"], dict)


def test_search_plain_ignores_case(env, capsys):
    assert cli.main(["catalog", "search", "KẾT HÔN", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "kết hôn" in out
    lines = out.splitlines()
    assert 1 <= len([line for line in lines if not line.startswith("...")]) <= 3


def test_search_with_no_match(env, capsys):
    assert cli.main(["catalog", "search", "zzzqqxx"]) == 0
    assert capsys.readouterr().out.strip() == "no procedure matches"


def test_status(env, capsys):
    assert cli.main(["catalog", "status"]) == 0
    out = capsys.readouterr().out
    assert "procedures: 1351" in out and "source: bundled" in out
    assert "as of: 2026-" in out


def test_show(env, capsys):
    assert cli.main(["catalog", "show", BIRTH, "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["MaTTHC"] == BIRTH and "khai sinh" in body["TenTTHC"]
    assert cli.main(["catalog", "show", BIRTH]) == 0
    out = capsys.readouterr().out
    assert out.startswith(BIRTH) and "field: Hộ tịch" in out


def test_show_unknown_procedure(env, capsys):
    assert cli.main(["catalog", "show", "9.999999"]) == cli.EXIT_FAIL
    captured = capsys.readouterr()
    assert captured.out == "" and "9.999999" in captured.err


def test_units(env, capsys):
    assert cli.main(["units"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 126
    assert all(len(line.split("\t")) == 4 for line in lines)
    assert any(line.startswith("00070\t") for line in lines)  # the default ward


# -- configuration --------------------------------------------------------------------

def test_config_default_parses_to_the_defaults(env, capsys):
    assert cli.main(["config", "--default"]) == 0
    assert config_mod.parse(capsys.readouterr().out, source="defaults") == config_mod.Config()


def test_config_shows_what_is_in_effect(env, tmp_path, capsys):
    assert cli.main(["config"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# from: defaults") and 'url = ""' in out
    path = _config_file(tmp_path, '[kiosk]\nlanguage = "en"\n')
    assert cli.main(["--config", path, "config"]) == 0
    out = capsys.readouterr().out
    assert f"# from: {path}" in out and 'language = "en"' in out


@pytest.mark.parametrize(("text", "needle"), [
    ('[portal]\nread_timeout = "soon"\n', "read_timeout"),
    ("[portal]\nurll = \"http://x\"\n", "urll"),
    ("[printer]\nname = 1\n", "printer"),
    ('[catalog]\nretry_min = 0\n', "retry_min"),
    ("[kiosk\n", "kiosk.toml"),
])
def test_bad_config_file_exits_2_naming_the_key(env, tmp_path, capsys, text, needle):
    path = _config_file(tmp_path, text)
    assert cli.main(["--config", path, "units"]) == cli.EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.out == "" and needle in captured.err


def test_bad_config_from_the_environment(env, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(config_mod.ENV_CONFIG, _config_file(tmp_path, "[session]\nidle_timeout = -1\n"))
    assert cli.main(["units"]) == cli.EXIT_USAGE
    assert "idle_timeout" in capsys.readouterr().err


def test_missing_config_file(env, tmp_path, capsys):
    assert cli.main(["--config", str(tmp_path / "nope.toml"), "units"]) == cli.EXIT_USAGE
    assert "not found" in capsys.readouterr().err


# -- refreshing from a portal ---------------------------------------------------------

def test_refresh_from_a_running_portal(private_env, tmp_path, capsys):
    with PortalSimulator() as sim:
        path = _config_file(tmp_path, f'[portal]\nurl = "{sim.url}"\n')
        assert cli.main(["--config", path, "catalog", "refresh"]) == 0
        assert capsys.readouterr().out.strip() == (
            "full download: 1351 changed, 0 removed; 1351 procedures")

        sim.catalog.update(BIRTH, TenTTHC="Đăng ký khai sinh (bản mới)")
        sim.catalog.remove("1.000025")
        assert cli.main(["--config", path, "catalog", "refresh"]) == 0
        assert capsys.readouterr().out.strip() == (
            "incremental: 1 changed, 1 removed; 1350 procedures")

    assert cli.main(["--config", path, "catalog", "show", BIRTH, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["TenTTHC"] == "Đăng ký khai sinh (bản mới)"
    assert cli.main(["--config", path, "catalog", "status"]) == 0
    assert "source: portal" in capsys.readouterr().out


def test_refresh_with_the_portal_down_keeps_the_offline_catalog(private_env, tmp_path, capsys):
    url = f"http://127.0.0.1:{_closed_port()}"
    path = _config_file(tmp_path, f'[portal]\nurl = "{url}"\nconnect_timeout = 2\n')
    assert cli.main(["--config", path, "catalog", "refresh"]) == cli.EXIT_FAIL
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "portal.unavailable" in captured.err and "unchanged" in captured.err

    assert cli.main(["--config", path, "catalog", "search", "khai sinh", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["hits"][0]["MaTTHC"] == BIRTH
    assert cli.main(["--config", path, "catalog", "status"]) == 0
    assert "procedures: 1351" in capsys.readouterr().out


def test_refresh_from_the_in_process_simulator_leaves_nothing_running(private_env, capsys):
    def sim_threads():
        return {t for t in threading.enumerate() if t.name == "portal-simulator"}

    before = sim_threads()
    assert cli.main(["catalog", "refresh"]) == 0  # no url: the simulator runs in-process
    assert "1351 procedures" in capsys.readouterr().out
    assert sim_threads() == before


# -- the commands the UI layer provides -----------------------------------------------

@pytest.mark.parametrize("argv", [["run"], ["run", "--windowed"], ["tour", "--out", "x"]])
def test_gui_commands_need_the_ui(env, argv, capsys):
    assert cli.main(argv, gui=None) == cli.EXIT_FAIL
    assert "not installed" in capsys.readouterr().err


def test_gui_commands_are_handed_to_the_ui(env, tmp_path):
    calls = []

    class RecordingGui:
        def run(self, cfg, args):
            calls.append(("run", cfg, args.windowed, args.size))
            return 0

        def tour(self, cfg, args):
            calls.append(("tour", cfg, args.out, args.size))
            return 3

    gui = RecordingGui()
    assert cli.main(["run", "--windowed", "--size", "1920x1080"], gui=gui) == 0
    assert cli.main(["tour", "--out", "shots", "--size", "800x600"], gui=gui) == 3
    assert [c[0] for c in calls] == ["run", "tour"]
    assert calls[0][1] == config_mod.Config() and calls[0][2:] == (True, (1920, 1080))
    assert calls[1][2:] == ("shots", [(800, 600)])


# -- portal-sim -----------------------------------------------------------------------

def test_portal_sim_options_go_together(capsys):
    assert cli.main(["portal-sim", "--port", "0", "--tls-cert", "c.pem"]) == cli.EXIT_USAGE
    assert "--tls-key" in capsys.readouterr().err


def test_portal_sim_on_a_busy_port(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert cli.main(["portal-sim", "--port", str(port)]) == cli.EXIT_FAIL
    assert f"127.0.0.1:{port}" in capsys.readouterr().err


# -- the console entry, as a real process ---------------------------------------------

def _entry_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", config_mod.ENV_CONFIG)}
    env[config_mod.ENV_DATA_DIR] = str(tmp_path / "data")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg-config")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _entry(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.main", *argv], cwd=REPO, env=_entry_env(tmp_path),
        capture_output=True, text=True, encoding="utf-8", timeout=60,
    )


def test_console_entry_works_without_a_display(tmp_path):
    proc = _entry(tmp_path, "catalog", "search", "dang ky khai sinh", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["hits"][0]["MaTTHC"] == BIRTH

    proc = _entry(tmp_path, "units")
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 126

    proc = _entry(tmp_path, "catalog", "show", "9.999999")
    assert proc.returncode == 1 and "9.999999" in proc.stderr

    proc = _entry(tmp_path)
    assert proc.returncode == 2 and proc.stdout.startswith("usage: kiosk")


def test_console_entry_does_not_load_qt_for_other_commands(tmp_path):
    code = ("import sys; from ui.main import main; sys.argv = ['kiosk', 'units']; rc = main(); "
            "assert 'PySide6' not in sys.modules, 'Qt loaded'; sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=_entry_env(tmp_path),
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_portal_sim_subprocess_serves_the_api(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.main", "portal-sim", "--port", "0"],
        cwd=REPO, env=_entry_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, encoding="utf-8",
    )
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 30)
        assert ready, "portal-sim printed nothing"
        line = proc.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
        assert match, line
        url = match.group(1)
        assert not url.endswith(":0")
        health = requests.get(url + "/v1/health", timeout=5)
        assert health.status_code == 200 and health.json()["status"] == "ok"
        page = requests.get(url + "/v1/catalog/changes", params={"limit": 1}, timeout=5).json()
        assert len(page["items"]) == 1 and page["has_more"] is True
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode is not None
