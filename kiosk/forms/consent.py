"""The consent a citizen gives before the kiosk processes their personal data
(Law 91/2025/QH15 on personal data protection), versioned so a dossier can record
exactly which text was agreed to."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from kiosk.forms.model import LANGS


class ConsentError(ValueError):
    """The bundled consent file is missing or malformed."""

    key = "form.consent_invalid"


@dataclass(frozen=True, slots=True)
class Consent:
    version: str
    updated: str  # ISO date of the text's last change
    text: dict[str, list[str]]  # lang → paragraphs; may hold {retention_days} and {fields}

    def render(self, lang: str, *, retention_days: int, fields: list[str] | tuple[str, ...] = ()
               ) -> list[str]:
        """The paragraphs in `lang` (Vietnamese for an unknown language) with the kiosk's
        retention period and the form's field labels filled in."""
        paras = self.text.get(lang) or self.text["vi"]
        # Labels are written for the form ("…chủ hộ không?", "…(…lời khai của mình.)"):
        # in a list their own closing punctuation would read as stray marks.
        labels = [x for x in (list_label(f) for f in fields) if x]
        listed = ", ".join(labels) if labels else "—"
        return [p.replace("{retention_days}", str(retention_days)).replace("{fields}", listed)
                for p in paras]


# Sentence punctuation a label may end with (an optional closing bracket around it, e.g.
# "(… của mình.)", is kept only when its opening bracket is in the label).
_TRAILING = " \t.,;:!?…"


def list_label(label: str) -> str:
    """A form label as an item of a comma-separated list: trailing sentence punctuation
    and whitespace removed, brackets left balanced."""
    s = label.strip()
    while True:
        before = s
        s = s.rstrip(_TRAILING)
        # A trailing ")" whose "(" is missing is a stray; a balanced one stays, with the
        # punctuation just inside it removed: "(… của mình.)" → "(… của mình)".
        if s.endswith(")"):
            inner = s[:-1].rstrip(_TRAILING)
            s = inner + ")" if s.count("(") >= s.count(")") else inner
        if s == before:
            return s


def _parse(data: Any) -> Consent:
    if not isinstance(data, dict):
        raise ConsentError("consent must be an object")
    version, updated, text = data.get("version"), data.get("updated"), data.get("text")
    if not isinstance(version, str) or not version:
        raise ConsentError("version")
    try:
        date.fromisoformat(updated)
    except (TypeError, ValueError):
        raise ConsentError("updated must be an ISO date") from None
    if not isinstance(text, dict):
        raise ConsentError("text")
    out: dict[str, list[str]] = {}
    for lang in LANGS:
        paras = text.get(lang)
        if (not isinstance(paras, list) or not paras
                or not all(isinstance(p, str) and p.strip() for p in paras)):
            raise ConsentError(f"text.{lang}")
        out[lang] = list(paras)
    return Consent(version=version, updated=updated, text=out)


@lru_cache(maxsize=1)
def _load_text() -> str:
    return resources.files("kiosk").joinpath("data/consent.json").read_text(encoding="utf-8")


def load_consent() -> Consent:
    """The bundled consent text. A fresh object each call (its lists are not shared)."""
    try:
        data = json.loads(_load_text())
    except (OSError, ValueError) as e:
        raise ConsentError(f"cannot read consent: {type(e).__name__}") from None
    return _parse(data)
