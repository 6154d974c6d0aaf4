"""A procedure shaped for a screen: plain values only, codes left for the UI to translate.

Kept in the core so what a citizen is shown is tested without Qt. Numbers that the
source does not give stay unknown (-1) rather than 0: "no fee" and "fee not known" are
different answers.
"""

from __future__ import annotations

from typing import Any

from kiosk.catalog.model import Procedure

UNKNOWN = -1


def _level_names(proc: Procedure, labels: dict[str, dict[str, str]], lang: str) -> list[str]:
    out = []
    for code in proc.levels:
        label = labels.get(code, {})
        out.append(label.get(lang) or label.get("vi") or code)
    return out


def procedure_view(proc: Procedure, labels: dict[str, dict[str, str]], lang: str) -> dict[str, Any]:
    return {
        "code": proc.code,
        "name": proc.name,
        "field": proc.field,
        "levels": _level_names(proc, labels, lang),
        "agency": proc.agency or "",
        "publisher": proc.publisher or "",
        "onlineLevel": proc.online_level or "",
        "onlineNote": proc.online_note or "",
        "onlineUrl": proc.online_url or "",
        "hasDetail": proc.has_detail,
        "times": [
            {
                "method": t.method or "",
                "amount": t.amount if t.amount is not None else UNKNOWN,
                "unit": t.unit or "",
                "text": t.text or "",
                "case": t.case or "",
            }
            for t in proc.processing_times
        ],
        "fees": [
            {
                "method": f.method or "",
                "kind": f.kind or "",
                "amount": f.amount_vnd if f.amount_vnd is not None else UNKNOWN,
                "text": f.text or "",
            }
            for f in proc.fees
        ],
        "feeNote": proc.fee_note or "",
        "documentGroups": [
            {"case": g.case or "", "documents": list(g.documents)} for g in proc.documents
        ],
        "documentsToShow": list(proc.documents_to_show),
        "results": list(proc.results),
        "conditions": list(proc.conditions),
        "notes": list(proc.notes),
        "legalBasis": list(proc.legal_basis),
        "sourceUrl": proc.source_url or "",
    }
