"""The real procedure catalog, and a large synthetic one made from its words.

The synthetic catalog stress-tests search at a size far beyond Hanoi's (a few thousand
procedures): names are spliced from two real names of the same field and some get a
real Hanoi commune/ward name, so the vocabulary and word statistics stay Vietnamese.
Deterministic for a given seed.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from offline_cache.search import SearchDoc

REPO = Path(__file__).resolve().parent.parent


def find_data(name: str) -> Path | None:
    """A data file from the repo's kiosk/data, else from the shared folder beside the repo."""
    for folder in (REPO / "kiosk" / "data", REPO.parent / "shared" / "data"):
        path = folder / name
        if path.is_file():
            return path
    return None


def _doc(item: dict) -> SearchDoc:
    if "MaTTHC" in item:  # the Kiosk Portal API's wire format
        return SearchDoc(
            key=item["MaTTHC"],
            name=item["TenTTHC"],
            field=item.get("LinhVuc") or "",
            levels=tuple(item.get("CapThucHien") or ()),
            code=item["MaTTHC"],
            online_level=item.get("MucDoDVC"),
        )
    return SearchDoc(
        key=item["code"],
        name=item["name"],
        field=item.get("field") or "",
        levels=tuple(item.get("levels") or ()),
        code=item["code"],
        online_level=item.get("online_level"),
    )


def real_docs() -> list[SearchDoc]:
    path = find_data("procedures.json")
    if path is None:
        raise FileNotFoundError("procedures.json not found in kiosk/data or the shared data")
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):  # an API page: {"items": [...]} or similar
        data = next(v for v in data.values() if isinstance(v, list))
    return [_doc(item) for item in data]


def _places() -> list[str]:
    path = find_data("hanoi_units.json")
    if path is None:
        return []
    units = json.loads(path.read_text(encoding="utf-8")).get("units", [])
    return [u["full_name"] for u in units if u.get("full_name")]


def synthetic_docs(n: int, seed: int = 20250701) -> list[SearchDoc]:
    rng = random.Random(seed)
    real = real_docs()
    places = _places()
    by_field: dict[str, list[SearchDoc]] = {}
    for d in real:
        by_field.setdefault(d.field, []).append(d)
    online = [None, None, None, "toan_trinh", "mot_phan"]
    out: list[SearchDoc] = []
    for i in range(n):
        a = rng.choice(real)
        b = rng.choice(by_field[a.field])
        wa, wb = a.name.split(), b.name.split()
        cut_a = rng.randint(1, max(1, len(wa)))
        cut_b = rng.randint(0, max(0, len(wb) - 1))
        words = wa[:cut_a] + wb[cut_b:]
        if places and rng.random() < 0.3:
            words += ["tại", rng.choice(places)]
        name = " ".join(words[:60])
        code = f"{rng.randint(1, 3)}.{i:06d}"
        out.append(
            SearchDoc(
                key=f"S{i:06d}",
                name=name,
                field=a.field,
                levels=a.levels,
                code=code,
                online_level=rng.choice(online),
            )
        )
    return out
