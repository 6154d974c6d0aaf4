"""Kiosk configuration: a TOML file over built-in defaults that run the demo."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "hanoi-kiosk"
ENV_CONFIG = "KIOSK_CONFIG"
ENV_DATA_DIR = "KIOSK_DATA_DIR"


class ConfigError(ValueError):
    """The configuration file cannot be used; the message names the key."""


@dataclass(frozen=True)
class KioskSection:
    id: str = "HN-DEMO-0001"
    ward: str = "00070"
    language: str = "vi"
    large_text: bool = False


@dataclass(frozen=True)
class PortalSection:
    url: str = ""
    ca_bundle: str = ""
    connect_timeout: float = 3.05
    read_timeout: float = 10.0
    heartbeat_interval: float = 300.0

    @property
    def simulated(self) -> bool:
        return not self.url


@dataclass(frozen=True)
class SessionSection:
    idle_timeout: float = 90.0
    countdown: float = 20.0


@dataclass(frozen=True)
class CatalogSection:
    refresh_interval: float = 900.0
    retry_min: float = 10.0
    retry_max: float = 300.0


@dataclass(frozen=True)
class DisplaySection:
    fullscreen: bool = True
    pixels_per_mm: float = 0.0
    window_size: str = "1080x1920"

    def window_wh(self) -> tuple[int, int]:
        w, _, h = self.window_size.lower().partition("x")
        return int(w), int(h)


@dataclass(frozen=True)
class DevicesSection:
    card_reader: str = "sim://"
    qr_scanner: str = "sim://"
    printer: str = "sim://"
    # CSCA certificates (file or directory, PEM or DER) that chip ID cards are verified
    # against; empty: chips are read but never marked verified.
    csca: str = ""
    # Width of the receipt paper in millimetres: 58 or 80.
    printer_paper_mm: int = 80


@dataclass(frozen=True)
class PaymentSection:
    # The payee of VietQR fee payments: a bank's 6-digit NAPAS BIN (see banks.json),
    # the account number and the account holder's name as the bank shows it.
    bank_bin: str = "970415"
    account: str = "113366668888"
    account_name: str = "UBND PHUONG HOAN KIEM"
    # Seconds a payment QR stays valid on screen.
    qr_lifetime: float = 600.0


@dataclass(frozen=True)
class OutboxSection:
    # Days a sent dossier's personal data stays in the kiosk (for reprinting a receipt)
    # before it is deleted.
    retention_days: float = 7.0
    # The outbox's encryption key file (mode 0600); empty: outbox.key next to the data.
    key_file: str = ""
    # Seconds between sync attempts while the outbox is empty or the portal is down;
    # retries back off between retry_min and retry_max with full jitter.
    sync_interval: float = 30.0
    retry_min: float = 2.0
    retry_max: float = 300.0
    # Where the printed receipt's QR points a phone to look the dossier up.
    lookup_url: str = "https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma={code}"


@dataclass(frozen=True)
class StaffSection:
    # Salted hash of the ward officers' PIN for assisted mode (`kiosk staff hash-pin`).
    # Empty: assisted mode is off (a demo kiosk accepts the demo PIN, see the README).
    pin_hash: str = ""
    # Seconds an unlocked assisted mode lasts without a touch.
    session_ttl: float = 600.0


@dataclass(frozen=True)
class PathsSection:
    data_dir: str = ""


@dataclass(frozen=True)
class Config:
    kiosk: KioskSection = field(default_factory=KioskSection)
    portal: PortalSection = field(default_factory=PortalSection)
    session: SessionSection = field(default_factory=SessionSection)
    catalog: CatalogSection = field(default_factory=CatalogSection)
    display: DisplaySection = field(default_factory=DisplaySection)
    devices: DevicesSection = field(default_factory=DevicesSection)
    payment: PaymentSection = field(default_factory=PaymentSection)
    outbox: OutboxSection = field(default_factory=OutboxSection)
    staff: StaffSection = field(default_factory=StaffSection)
    paths: PathsSection = field(default_factory=PathsSection)
    source: str = "defaults"  # where it was read from, for `kiosk config`

    @property
    def data_dir(self) -> Path:
        if self.paths.data_dir:
            return Path(self.paths.data_dir).expanduser()
        env = os.environ.get(ENV_DATA_DIR)
        if env:
            return Path(env).expanduser()
        return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))

    @property
    def catalog_db(self) -> Path:
        return self.data_dir / "catalog.sqlite3"

    @property
    def outbox_db(self) -> Path:
        return self.data_dir / "outbox.sqlite3"

    @property
    def outbox_key(self) -> Path:
        if self.outbox.key_file:
            return Path(self.outbox.key_file).expanduser()
        return self.data_dir / "outbox.key"

    def with_overrides(self, **sections: dict[str, Any]) -> Config:
        """A copy with some keys changed, validated like the file: used by tests and the CLI."""
        new = self
        for name, values in sections.items():
            new = replace(new, **{name: _section(name, getattr(new, name).__class__, values,
                                                   base=getattr(new, name))})
        _validate(new)
        return new


_SECTIONS = {f.name: f for f in fields(Config) if f.name != "source"}
SECTION_NAMES = tuple(_SECTIONS)  # in the order of the documented file


def _section(name: str, cls: type, raw: Any, *, base: Any = None) -> Any:
    if not isinstance(raw, dict):
        raise ConfigError(f"[{name}] must be a table")
    known = {f.name: f for f in fields(cls)}
    values = {}
    for key, value in raw.items():
        if key not in known:
            raise ConfigError(f"[{name}] has an unknown key {key!r}")
        default = getattr(cls(), key)
        # TOML integers are fine where a float is expected; nothing else converts.
        if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not type(default):
            raise ConfigError(
                f"[{name}] {key} must be {type(default).__name__}, not {type(value).__name__}"
            )
        values[key] = value
    return replace(base if base is not None else cls(), **values)


def _validate(cfg: Config) -> None:
    if cfg.kiosk.language not in ("vi", "en"):
        raise ConfigError('[kiosk] language must be "vi" or "en"')
    if cfg.session.idle_timeout <= 0 or cfg.session.countdown <= 0:
        raise ConfigError("[session] idle_timeout and countdown must be positive")
    if cfg.portal.connect_timeout <= 0 or cfg.portal.read_timeout <= 0:
        raise ConfigError("[portal] timeouts must be positive")
    if cfg.portal.heartbeat_interval <= 0:
        raise ConfigError("[portal] heartbeat_interval must be positive")
    if cfg.portal.url and not cfg.portal.url.startswith(("http://", "https://")):
        raise ConfigError("[portal] url must start with http:// or https://")
    if not 0 < cfg.catalog.retry_min <= cfg.catalog.retry_max:
        raise ConfigError("[catalog] needs 0 < retry_min <= retry_max")
    if cfg.devices.printer_paper_mm not in (58, 80):
        raise ConfigError("[devices] printer_paper_mm must be 58 or 80")
    bin_ = cfg.payment.bank_bin
    if not (len(bin_) == 6 and bin_.isdigit()):
        raise ConfigError("[payment] bank_bin must be 6 digits")
    acct = cfg.payment.account
    if not (1 <= len(acct) <= 19 and acct.isalnum()):
        raise ConfigError("[payment] account must be 1-19 letters or digits")
    if cfg.payment.qr_lifetime <= 0:
        raise ConfigError("[payment] qr_lifetime must be positive")
    ob = cfg.outbox
    if ob.retention_days < 0 or ob.sync_interval <= 0 or not 0 < ob.retry_min <= ob.retry_max:
        raise ConfigError("[outbox] needs retention_days >= 0, sync_interval > 0, "
                          "0 < retry_min <= retry_max")
    if "{code}" not in ob.lookup_url:
        raise ConfigError("[outbox] lookup_url must contain {code}")
    if cfg.staff.pin_hash:
        from kiosk.staff import valid_hash

        if not valid_hash(cfg.staff.pin_hash):
            raise ConfigError("[staff] pin_hash is not a hash made by `kiosk staff hash-pin`")
    if cfg.staff.session_ttl <= 0:
        raise ConfigError("[staff] session_ttl must be positive")
    try:
        w, h = cfg.display.window_wh()
    except ValueError:
        raise ConfigError('[display] window_size must look like "1080x1920"') from None
    if w <= 0 or h <= 0:
        raise ConfigError("[display] window_size must be positive")


def parse(text: str, *, source: str = "<string>") -> Config:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: {exc}") from None
    kwargs: dict[str, Any] = {}
    for name, value in raw.items():
        if name not in _SECTIONS:
            raise ConfigError(f"{source}: unknown section [{name}]")
        kwargs[name] = _section(name, _SECTIONS[name].default_factory, value)  # type: ignore[misc]
    cfg = Config(**kwargs, source=source)
    _validate(cfg)
    return cfg


def default_config_text() -> str:
    return resources.files("kiosk").joinpath("default_config.toml").read_text(encoding="utf-8")


def load(path: str | os.PathLike[str] | None = None) -> Config:
    """Read the config: an explicit path, else $KIOSK_CONFIG, else the user config file, else defaults."""
    candidate = path or os.environ.get(ENV_CONFIG)
    if candidate:
        p = Path(candidate).expanduser()
        if not p.is_file():
            raise ConfigError(f"config file not found: {p}")
    else:
        p = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "kiosk.toml"
        if not p.is_file():
            return Config()
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {p}: {exc}") from None
    return parse(text, source=str(p))
