"""QR / barcode scanners: one port, three drivers.

``open_scanner(uri)`` builds a driver from a URI (the ``[devices] qr_scanner`` setting):

* ``sim://`` — the simulator; ``sim://?port=35990`` also listens on loopback TCP;
* ``evdev:///dev/input/by-id/usb-…-event-kbd?layout=us`` or ``evdev://auto`` — a
  keyboard-wedge scanner read from its input device, grabbed;
* ``serial:///dev/ttyACM0?baud=9600`` — a serial or USB-CDC scanner.

Query parameters and keyword options set driver options (keywords win). See
docs/scanners.md.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from devices.scanner.errors import BAD_URI, MESSAGES, ScannerError
from devices.scanner.port import ScanEvent, ScannerPort

_BOOL = {"1": True, "true": True, "yes": True, "on": True,
         "0": False, "false": False, "no": False, "off": False}


def _float(name: str, value: Any, low: float, high: float) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise ScannerError(BAD_URI, f"{name} must be a number") from None
    if not low <= out <= high:
        raise ScannerError(BAD_URI, f"{name} must be between {low} and {high}")
    return out


def _int(name: str, value: Any, low: int, high: int) -> int:
    try:
        out = int(value)
    except (TypeError, ValueError):
        raise ScannerError(BAD_URI, f"{name} must be a whole number") from None
    if not low <= out <= high:
        raise ScannerError(BAD_URI, f"{name} must be between {low} and {high}")
    return out


def _bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if str(value).lower() not in _BOOL:
        raise ScannerError(BAD_URI, f"{name} must be 0 or 1")
    return _BOOL[str(value).lower()]


def _terminators(value: Any) -> tuple[str, ...]:
    names = value if isinstance(value, (list, tuple)) else str(value).split(",")
    names = tuple(n.strip().lower() for n in names if n.strip())
    if names in ((), ("none",)):
        return ()
    bad = [n for n in names if n not in ("enter", "tab")]
    if bad:
        raise ScannerError(BAD_URI, f"suffix must be enter, tab or none, not {bad[0]!r}")
    return names


def open_scanner(uri: str, **opts: Any) -> ScannerPort:
    """A scanner driver for `uri`, not started. Raises ScannerError("scanner.bad_uri")."""
    parts = urlsplit(uri or "")
    scheme = parts.scheme.lower()
    try:
        query = dict(parse_qsl(parts.query, keep_blank_values=True, strict_parsing=False))
    except ValueError:
        raise ScannerError(BAD_URI, "bad query string") from None
    query.update(opts)

    def take(allowed: set[str]) -> dict[str, Any]:
        unknown = sorted(set(query) - allowed)
        if unknown:
            raise ScannerError(BAD_URI, f"unknown option {unknown[0]!r} for {scheme}://")
        return query

    if scheme == "sim":
        from devices.scanner.sim import SimScanner

        q = take({"port", "delay", "gap", "layout", "mangle", "terminator"})
        kw: dict[str, Any] = {}
        if "port" in q:
            kw["port"] = _int("port", q["port"], 0, 65535)
        if "delay" in q:
            kw["char_delay"] = _float("delay", q["delay"], 0.0, 1.0)
        if "gap" in q:
            kw["gap"] = _float("gap", q["gap"], 0.005, 10.0)
        if "layout" in q:
            kw["layout"] = str(q["layout"])
        if "mangle" in q:
            kw["mangle"] = str(q["mangle"])
        if "terminator" in q:
            term = q["terminator"]
            kw["terminator"] = None if term in (None, "", "none") else str(term)
        return SimScanner(**kw)
    if scheme == "evdev":
        from devices.scanner.evdev_wedge import SCANNER_NAME_HINTS, EvdevScanner

        path = "auto" if parts.netloc == "auto" else unquote(parts.path)
        if parts.netloc not in ("", "auto") or not path or (path != "auto" and path[0] != "/"):
            raise ScannerError(BAD_URI, "evdev:///dev/input/... or evdev://auto")
        q = take({"layout", "suffix", "gap", "grab", "reopen", "oem", "name", "opener"})
        kw = {}
        if "layout" in q:
            kw["layout"] = str(q["layout"])
        if "suffix" in q:
            kw["terminators"] = _terminators(q["suffix"])
        if "gap" in q:
            kw["gap"] = _float("gap", q["gap"], 0.005, 10.0)
        if "grab" in q:
            kw["grab"] = _bool("grab", q["grab"])
        if "reopen" in q:
            kw["reopen"] = _float("reopen", q["reopen"], 0.01, 60.0)
        if "oem" in q:
            if q["oem"] not in ("cp437", "cp850", "cp1258", "unicode"):
                raise ScannerError(BAD_URI, "oem must be cp437, cp850, cp1258 or unicode")
            kw["oem"] = q["oem"]
        if "name" in q:
            kw["name_hints"] = tuple(n for n in str(q["name"]).split(",") if n)
        else:
            kw["name_hints"] = SCANNER_NAME_HINTS
        if "opener" in q:
            kw["opener"] = q["opener"]
        return EvdevScanner(path, **kw)
    if scheme == "serial":
        from devices.scanner.serial_cdc import SerialScanner

        path = unquote(parts.path)
        if parts.netloc or not path.startswith("/"):
            raise ScannerError(BAD_URI, "serial:///dev/ttyACM0")
        q = take({"baud", "gap", "reopen", "serial_factory"})
        kw = {}
        if "baud" in q:
            kw["baud"] = _int("baud", q["baud"], 50, 4_000_000)
        if "gap" in q:
            kw["gap"] = _float("gap", q["gap"], 0.005, 10.0)
        if "reopen" in q:
            kw["reopen"] = _float("reopen", q["reopen"], 0.01, 60.0)
        if "serial_factory" in q:
            kw["serial_factory"] = q["serial_factory"]
        return SerialScanner(path, **kw)
    raise ScannerError(BAD_URI, "scanner URI must start with sim://, evdev:// or serial://")


__all__ = ["MESSAGES", "ScanEvent", "ScannerError", "ScannerPort", "open_scanner"]
