"""`kiosk tour` walks every screen in both languages and saves what a citizen sees."""

import pytest
from PySide6.QtGui import QImage

from kiosk.config import Config
from ui.tour import run_tour

pytestmark = pytest.mark.ui

SCREENS = ["01-start", "02-search-suggestions", "03-search-results", "04-field-filter",
           "05-procedure-detail", "06-procedure-without-detail", "07-timeout-countdown",
           "08-identify", "09-submit-form", "10-submit-consent", "11-submit-delivery",
           "12-submit-review", "13-submit-payment", "14-submit-receipt", "20-status-entry",
           "21-status-timeline", "22-status-payment", "23-status-my-dossiers",
           "24-status-offline", "25-status-not-sent"]


def test_tour_saves_every_screen_in_both_languages(qapp, tmp_path):
    written = run_tour(Config(), tmp_path, [(1080, 1920)])
    names = sorted(p.name for p in written)
    expected = sorted(f"{lang}-portrait-{s}.png" for lang in ("vi", "en") for s in SCREENS)
    assert names == expected
    for path in written:
        img = QImage(str(path))
        assert (img.width(), img.height()) == (1080, 1920), path.name
    # The two languages really differ on every screen (the translation was applied).
    for s in SCREENS:
        vi = (tmp_path / f"vi-portrait-{s}.png").read_bytes()
        en = (tmp_path / f"en-portrait-{s}.png").read_bytes()
        assert vi != en, s
