"""Configuration: defaults that run the demo, a file over them, clear errors."""

import pytest

from kiosk import config as cfgmod


def test_defaults_run_the_demo():
    cfg = cfgmod.Config()
    assert cfg.portal.simulated
    assert cfg.devices.printer == "sim://"
    assert cfg.kiosk.language == "vi"


def test_the_documented_default_file_parses_to_the_defaults():
    cfg = cfgmod.parse(cfgmod.default_config_text())
    assert cfg.kiosk == cfgmod.Config().kiosk
    assert cfg.session == cfgmod.Config().session
    assert cfg.portal == cfgmod.Config().portal


def test_file_overrides_defaults(tmp_path):
    p = tmp_path / "kiosk.toml"
    p.write_text('[portal]\nurl = "https://gw.example"\nread_timeout = 4\n'
                 '[session]\nidle_timeout = 30\n', encoding="utf-8")
    cfg = cfgmod.load(p)
    assert cfg.portal.url == "https://gw.example" and not cfg.portal.simulated
    assert cfg.portal.read_timeout == 4.0
    assert cfg.session.idle_timeout == 30.0 and cfg.session.countdown == 20.0
    assert cfg.source == str(p)


@pytest.mark.parametrize("text,needle", [
    ("[kiosk]\nlanguage = \"fr\"\n", "language"),
    ("[kiosk]\nnope = 1\n", "unknown key"),
    ("[nope]\n", "unknown section"),
    ("[session]\nidle_timeout = \"long\"\n", "idle_timeout"),
    ("[session]\ncountdown = 0\n", "positive"),
    ("[portal]\nurl = \"ftp://x\"\n", "http"),
    ("[display]\nwindow_size = \"big\"\n", "window_size"),
    ("not toml at all [", "<string>"),
])
def test_bad_files_name_the_problem(text, needle):
    with pytest.raises(cfgmod.ConfigError, match=needle):
        cfgmod.parse(text)


def test_missing_explicit_file_is_an_error(tmp_path):
    with pytest.raises(cfgmod.ConfigError, match="not found"):
        cfgmod.load(tmp_path / "absent.toml")


def test_data_dir_from_env(monkeypatch, tmp_path):
    monkeypatch.setenv(cfgmod.ENV_DATA_DIR, str(tmp_path))
    assert cfgmod.Config().catalog_db == tmp_path / "catalog.sqlite3"


def test_overrides_are_validated():
    with pytest.raises(cfgmod.ConfigError):
        cfgmod.Config().with_overrides(kiosk={"language": "de"})
    assert cfgmod.Config().with_overrides(session={"idle_timeout": 5}).session.idle_timeout == 5.0
