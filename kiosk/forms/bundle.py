"""The form definitions bundled with the kiosk (kiosk/data/forms/<MaTTHC>.json).

The portal simulator serves these files as GET /v1/forms/{MaTTHC}; the code comes from a
URL, so it is checked against the procedure-code shape before it goes near a path.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

_CODE = re.compile(r"[0-9]\.[0-9]{6}")


def _forms_dir() -> Any:
    return resources.files("kiosk").joinpath("data/forms")


@lru_cache(maxsize=64)
def _read(code: str) -> str | None:
    entry = _forms_dir().joinpath(f"{code}.json")
    if not entry.is_file():
        return None
    return entry.read_text(encoding="utf-8")


def load_definition(code: str) -> dict[str, Any] | None:
    """The bundled wire JSON for this procedure code (a fresh dict each call, so callers
    may change it), or None when the kiosk has no form for it."""
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        return None
    text = _read(code)
    return None if text is None else json.loads(text)


def available_codes() -> list[str]:
    """Procedure codes that have a bundled form, sorted."""
    return list(_available_codes())


@cache
def _available_codes() -> tuple[str, ...]:
    # The bundled files never change while the kiosk runs; screens ask on every page.
    out = []
    for entry in _forms_dir().iterdir():
        name = entry.name
        if name.endswith(".json") and _CODE.fullmatch(name[:-5]):
            out.append(name[:-5])
    return tuple(sorted(out))
