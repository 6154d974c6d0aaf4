"""Every string on screen goes through Qt's translation files, and they are complete."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QML_DIR = ROOT / "ui" / "qml" / "Kiosk"
VIETNAMESE = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.I)
# Each language is offered in its own words on the language buttons: not translated.
LANGUAGE_NAMES = {"Tiếng Việt"}


def test_translation_files_are_complete_and_compiled():
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "i18n.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_no_vietnamese_literal_outside_qstr():
    """A Vietnamese sentence written straight into QML would not switch to English."""
    offenders = []
    for path in QML_DIR.glob("*.qml"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("//", 1)[0]
            for literal in re.findall(r'"([^"\\]*(?:\\.[^"\\]*)*)"', code):
                # Key caps (á, â ê ô, đ) are letters, not words: only words count.
                words = [w for w in literal.split() if len(w) > 1 and VIETNAMESE.search(w)]
                if words and literal not in LANGUAGE_NAMES:
                    if f'qsTr("{literal}"' not in code:
                        offenders.append(f"{path.name}:{n}: {literal}")
    assert not offenders, offenders


def test_source_strings_are_english():
    """qsTr source text is English; Vietnamese lives in kiosk_vi.ts only."""
    offenders = []
    for path in QML_DIR.glob("*.qml"):
        for literal in re.findall(r'qsTr\("([^"]*)"', path.read_text(encoding="utf-8")):
            if VIETNAMESE.search(literal):
                offenders.append(f"{path.name}: {literal}")
    assert not offenders, offenders


def test_english_counts_have_proper_plurals(qapp):
    from PySide6.QtCore import QTranslator

    tr = QTranslator()
    assert tr.load(str(ROOT / "ui" / "i18n" / "kiosk_en.qm"))
    assert tr.translate("Messages", "%n working day(s)", "", 1) == "%n working day"
    assert tr.translate("Messages", "%n working day(s)", "", 3) == "%n working days"
    assert tr.translate("SearchScreen", "%n procedure(s) found", "", 2) == "%n procedures found"
