"""Refresh the translation files from the QML sources.

    python tools/i18n.py          # lupdate (keep existing translations) + lrelease
    python tools/i18n.py --check  # fail if a string lacks a Vietnamese translation
                                  # or the .qm is older than the .ts
    python tools/i18n.py --fill vi.json  # put in {"English": "Tiếng Việt"} (new or corrected)
    python tools/i18n.py --fill en.json --lang en  # English plural forms: {"%n day(s)": ["%n day", "%n days"]}
                                         # (a list of forms for a %n string), then as above

Source strings are English (qsTr in QML); translators edit ui/i18n/kiosk_vi.ts with Qt
Linguist; the compiled kiosk_vi.qm is committed so an installed kiosk needs no Qt tools.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QML = sorted((ROOT / "ui" / "qml" / "Kiosk").glob("*.qml"))
TS = ROOT / "ui" / "i18n" / "kiosk_vi.ts"
QM = ROOT / "ui" / "i18n" / "kiosk_vi.qm"
# English is the source language; its file holds only the plural forms ("1 day", "2 days"),
# which a source string with %n cannot spell by itself.
TS_EN = ROOT / "ui" / "i18n" / "kiosk_en.ts"
QM_EN = ROOT / "ui" / "i18n" / "kiosk_en.qm"
FILES = ((TS, QM, "vi"), (TS_EN, QM_EN, "en"))


def tool(name: str) -> str:
    exe = Path(sys.executable).parent / f"pyside6-{name}"
    if exe.exists():
        return str(exe)
    found = shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} not found: install PySide6-Essentials")
    return found


def lupdate(ts: Path, lang: str = "vi") -> None:
    extra = ["-pluralonly"] if lang == "en" else []
    subprocess.run([tool("lupdate"), *map(str, QML), "-no-obsolete", "-locations", "none",
                    *extra, "-source-language", "en", "-target-language", lang,
                    "-ts", str(ts)], check=True, capture_output=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True)


def untranslated(ts: Path) -> list[str]:
    out = []
    for msg in ET.parse(ts).getroot().iter("message"):
        tr = msg.find("translation")
        text = "".join(tr.itertext()).strip() if tr is not None else ""
        if tr is None or tr.get("type") == "unfinished" or not text:
            out.append(msg.findtext("source") or "")
    return out


def fill(ts: Path, mapping: dict[str, object]) -> int:
    """Put the given translations in (new ones, and corrections of finished ones);
    returns how many messages changed."""
    tree = ET.parse(ts)
    count = 0
    for msg in tree.getroot().iter("message"):
        source = msg.findtext("source") or ""
        tr = msg.find("translation")
        if tr is None or source not in mapping:
            continue
        value = mapping[source]
        forms = value if isinstance(value, list) else [value]
        current = [n.text for n in tr.iter("numerusform")] or [tr.text]
        if tr.get("type") != "unfinished" and current == [str(f) for f in forms]:
            continue
        tr.attrib.pop("type", None)
        if msg.get("numerus") == "yes":
            for child in list(tr):
                tr.remove(child)
            tr.text = None
            for form in forms:
                ET.SubElement(tr, "numerusform").text = str(form)
        else:
            tr.text = str(forms[0])
        count += 1
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return count


def check() -> int:
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for ts_file, qm_file, lang in FILES:
            ts = Path(tmp) / ts_file.name
            shutil.copy(ts_file, ts)
            lupdate(ts, lang)
            if ts.read_bytes() != ts_file.read_bytes():
                problems.append(f"{ts_file.name} is not up to date with the QML: run tools/i18n.py")
            missing = untranslated(ts)
            if missing:
                problems.append(f"no {lang} translation for: " + "; ".join(missing))
            qm = Path(tmp) / qm_file.name
            lrelease(ts_file, qm)
            if not qm_file.exists() or qm.read_bytes() != qm_file.read_bytes():
                problems.append(f"{qm_file.name} is stale: run tools/i18n.py")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--fill", metavar="JSON", help="translations to fill in first")
    ap.add_argument("--lang", choices=("vi", "en"), default="vi",
                    help="which file --fill writes (en: plural forms only)")
    args = ap.parse_args()
    if args.check:
        return check()
    for ts, qm, lang in FILES:
        lupdate(ts, lang)
        if args.fill and lang == args.lang:
            import json

            mapping = json.loads(Path(args.fill).read_text(encoding="utf-8"))
            print(f"filled {fill(ts, mapping)} translation(s) in {ts.name}")
            lupdate(ts, lang)  # back to lupdate's own layout
        lrelease(ts, qm)
        missing = untranslated(ts)
        if missing:
            print(f"{len(missing)} string(s) still need a translation in {ts.name}:")
            for m in missing:
                print("  " + m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
