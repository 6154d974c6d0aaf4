"""Hanoi's communes and wards (since 1 July 2025): where a kiosk can stand."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def load_units() -> tuple[dict[str, Any], ...]:
    text = resources.files("kiosk").joinpath("data/units.json").read_text(encoding="utf-8")
    return tuple(json.loads(text))


def unit_by_code(code: str) -> dict[str, Any] | None:
    for unit in load_units():
        if unit.get("MaDVHC") == code:
            return unit
    return None


def ward_label(code: str) -> str:
    """The full Vietnamese name ("Phường Hoàn Kiếm"), or "" for an unknown code."""
    unit = unit_by_code(code)
    return str(unit.get("TenDayDu") or unit.get("TenDVHC") or "") if unit else ""
