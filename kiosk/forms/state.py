"""What the form screen edits: the typed text per field, and which fields are locked.

Values hold what the screen shows (dates as DD/MM/YYYY, text as typed, spaces and all), so
typing is never fought by the cleaner; `errors` and `submission_data` normalise. A field
prefilled from a chip-verified identity is locked here, in the core, so no screen bug can
let a citizen change what the card proved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kiosk.forms.model import Field, FormDefinition
from kiosk.forms.validation import (
    check_value,
    display_date,
    normalise,
    normalise_value,
    validate,
    visible_ids,
)

LOCKED = "form.locked"


def _screen_text(f: Field, value: Any) -> Any:
    """An identity value as the field's screen shows it."""
    if f.type == "date" and isinstance(value, str):
        return display_date(value)
    if f.type == "checkbox":
        return value
    return value if isinstance(value, str) else str(value)


@dataclass(eq=False)
class FormState:
    definition: FormDefinition
    values: dict[str, Any] = field(default_factory=dict)
    locked: set[str] = field(default_factory=set)

    @classmethod
    def prefill(
        cls,
        defn: FormDefinition,
        identity_prefill: Mapping[str, Mapping[str, Any]],
        *,
        today: date | None = None,
    ) -> FormState:
        """Fill fields that name an identity field (`Identity.to_form_prefill()`).

        A field is locked only when its value is chip-verified AND valid for the field:
        a verified value the field cannot hold (say, a name longer than its limit) stays
        editable rather than leaving the citizen stuck with an error they cannot fix.
        Values known to be empty (None) are not filled.
        """
        state = cls(definition=defn)
        for f in defn.fields():
            entry = identity_prefill.get(f.prefill) if f.prefill else None
            if not isinstance(entry, Mapping):
                continue
            value = entry.get("value")
            if value is None:
                continue
            state.values[f.id] = _screen_text(f, value)
            clean = normalise_value(f, state.values[f.id])
            # A chip date that breaks the field's date rule is not locked either.
            ok = check_value(f, clean, today=today or date.today()) is None
            if entry.get("verified") is True and ok:
                state.locked.add(f.id)
        return state

    def set(self, field_id: str, text: Any) -> str | None:
        """Store what the citizen typed. Returns "form.locked" and changes nothing when the
        field is locked; None when stored. KeyError for a field the form does not have."""
        self.definition.field(field_id)  # KeyError for an unknown id: a caller bug
        if field_id in self.locked:
            return LOCKED
        if text is None or text == "":
            self.values.pop(field_id, None)
        else:
            self.values[field_id] = text
        return None

    def is_locked(self, field_id: str) -> bool:
        return field_id in self.locked

    def visible_fields(self) -> tuple[Field, ...]:
        """The fields the screen shows now, in order."""
        shown = visible_ids(self.definition, normalise(self.definition, self.values))
        return tuple(f for f in self.definition.fields() if f.id in shown)

    def errors(self, today: date) -> dict[str, str]:
        """Field id → error key, visible fields only."""
        return validate(self.definition, self.values, today=today)

    def submission_data(self) -> dict[str, Any]:
        """DuLieuToKhai: the visible fields' normalised values; empty ones left out.
        Check `errors()` first: this does not validate."""
        clean = normalise(self.definition, self.values)
        shown = visible_ids(self.definition, clean)
        return {f.id: clean[f.id] for f in self.definition.fields()
                if f.id in shown and clean.get(f.id) is not None}

    def unverified_prefill(self) -> tuple[str, ...]:
        """Required prefill fields not locked from a verified chip: what blocks a form
        that `requires_chip` (always empty when the form does not require the chip)."""
        if not self.definition.requires_chip:
            return ()
        return tuple(f.id for f in self.definition.fields()
                     if f.prefill and f.required and f.id not in self.locked)

    def clear(self) -> None:
        """Drop everything typed (session wipe)."""
        self.values.clear()
        self.locked.clear()
