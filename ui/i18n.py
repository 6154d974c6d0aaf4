"""Qt translations. Source strings are English; Vietnamese comes from kiosk_vi.qm, and
English plural forms ("1 day", "3 days") from kiosk_en.qm."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

I18N_DIR = Path(__file__).resolve().parent / "i18n"
LANGUAGES = ("vi", "en")


class Translations:
    # Translators are installed on the application, which outlives engines (tests and
    # the tour build several): the one installed last is remembered here, whoever did it.
    _installed: QTranslator | None = None

    def __init__(self, engine) -> None:
        self._engine = engine
        self.language: str | None = None

    def apply(self, lang: str) -> None:
        if lang == self.language:
            return
        self.close()
        # Vietnamese: every string; English (the source language): only the plural forms
        # of "%n day(s)" and the like.
        tr = QTranslator()
        if not tr.load(str(I18N_DIR / f"kiosk_{lang}.qm")):
            raise FileNotFoundError(f"translation kiosk_{lang}.qm is missing")
        QCoreApplication.instance().installTranslator(tr)
        Translations._installed = tr
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese if lang == "vi"
                                   else QLocale.Language.English, QLocale.Country.Vietnam))
        self.language = lang
        self._engine.retranslate()

    def close(self) -> None:
        if Translations._installed is not None:
            QCoreApplication.instance().removeTranslator(Translations._installed)
            Translations._installed = None
