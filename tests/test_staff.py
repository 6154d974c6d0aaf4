"""Assisted mode's PIN, lockout and expiry are enforced in the core."""

import pytest

from kiosk.config import Config, ConfigError, parse
from kiosk.staff import DEMO_PIN, StaffError, StaffMode, hash_pin, valid_hash, verify_pin


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_a_hash_verifies_its_pin_only():
    stored = hash_pin("135790", iterations=1000)
    assert valid_hash(stored)
    assert verify_pin("135790", stored)
    assert not verify_pin("135791", stored)
    assert not verify_pin("135790", stored.replace("pbkdf2_sha256", "md5"))
    assert not verify_pin("135790", "garbage")
    assert hash_pin("135790", iterations=1000) != stored  # salted


@pytest.mark.parametrize("pin", ["123", "1234567890123", "12a4", "", "１２３４"])
def test_a_pin_must_be_4_to_12_ascii_digits(pin):
    with pytest.raises(StaffError) as info:
        hash_pin(pin)
    assert info.value.key == "staff.bad_pin"


def test_unlock_then_expire_after_ttl_without_touch():
    clock = Clock()
    staff = StaffMode(hash_pin("2468", iterations=1000), ttl=60, clock=clock)
    changes = []
    staff.on_change(changes.append)
    assert staff.enabled and not staff.active
    staff.unlock("2468")
    assert staff.active and changes == [True]
    clock.t += 50
    staff.touch()
    clock.t += 50
    assert staff.active  # touched 50 s ago
    clock.t += 11
    assert not staff.active
    staff.lock()
    assert changes == [True, False]


def test_wrong_pins_lock_out_for_a_while_even_the_right_one():
    clock = Clock()
    staff = StaffMode(hash_pin("2468", iterations=1000), max_attempts=3, lockout=120, clock=clock)
    for _ in range(2):
        with pytest.raises(StaffError) as info:
            staff.unlock("0000")
        assert info.value.key == "staff.wrong_pin"
    with pytest.raises(StaffError) as info:
        staff.unlock("0000")
    assert info.value.key == "staff.locked_out" and info.value.retry_in == 120
    with pytest.raises(StaffError) as info:
        staff.unlock("2468")
    assert info.value.key == "staff.locked_out"
    assert not staff.active
    clock.t += 121
    staff.unlock("2468")
    assert staff.active


def test_without_a_pin_assisted_mode_is_off_except_in_the_demo():
    with pytest.raises(StaffError) as info:
        StaffMode("").unlock(DEMO_PIN)
    assert info.value.key == "staff.disabled"
    demo = StaffMode("", demo=True)
    demo.unlock(DEMO_PIN)
    assert demo.active
    # A configured PIN replaces the demo one.
    real = StaffMode(hash_pin("97531", iterations=1000), demo=True)
    with pytest.raises(StaffError):
        real.unlock(DEMO_PIN)


def test_config_checks_the_pin_hash():
    good = hash_pin("2468", iterations=1000)
    assert parse(f'[staff]\npin_hash = "{good}"\n').staff.pin_hash == good
    with pytest.raises(ConfigError, match="pin_hash"):
        parse('[staff]\npin_hash = "1234"\n')
    with pytest.raises(ConfigError, match="session_ttl"):
        Config().with_overrides(staff={"session_ttl": 0.0})


def test_the_idle_wipe_ends_assisted_mode(tmp_path):
    from kiosk.app import KioskApp

    cfg = Config().with_overrides(paths={"data_dir": str(tmp_path)},
                                  devices={"card_reader": "none"})
    app = KioskApp.build(cfg)
    try:
        app.staff.unlock(DEMO_PIN)
        app.session.wipe("home")
        assert app.staff.active  # the officer goes on to the next citizen
        app.session.wipe("timeout")
        assert not app.staff.active
    finally:
        app.stop()


def test_hash_pin_command_prints_a_line_the_config_accepts(monkeypatch, capsys):
    import io

    from kiosk.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO("482913\n482913\n"))
    assert main(["staff", "hash-pin"]) == 0
    text = capsys.readouterr().out
    cfg = parse(text)
    assert verify_pin("482913", cfg.staff.pin_hash)
    monkeypatch.setattr("sys.stdin", io.StringIO("482913\n482914\n"))
    assert main(["staff", "hash-pin"]) == 1
    assert "differ" in capsys.readouterr().err
