"""Form definitions (tờ khai), their validation, the state a form screen edits, and the
consent text. Pure Python, no Qt. See docs/forms.md."""

from kiosk.forms.bundle import available_codes, load_definition
from kiosk.forms.consent import Consent, ConsentError, load_consent
from kiosk.forms.model import (
    DELIVERIES,
    FIELD_TYPES,
    PREFILL_KEYS,
    Choice,
    Fee,
    Field,
    FormDefinition,
    FormDefinitionError,
    Section,
    Text,
    VisibleIf,
)
from kiosk.forms.state import FormState
from kiosk.forms.validation import (
    ERROR_KEYS,
    MESSAGES,
    normalise,
    validate,
    visible_ids,
)

__all__ = [
    "DELIVERIES",
    "ERROR_KEYS",
    "FIELD_TYPES",
    "MESSAGES",
    "PREFILL_KEYS",
    "Choice",
    "Consent",
    "ConsentError",
    "Fee",
    "Field",
    "FormDefinition",
    "FormDefinitionError",
    "FormState",
    "Section",
    "Text",
    "VisibleIf",
    "available_codes",
    "load_consent",
    "load_definition",
    "normalise",
    "validate",
    "visible_ids",
]
