"""Form definitions (tờ khai) as the portal serves them, parsed into immutable values.

A definition arrives from the portal (or the simulator serving the bundled JSON), so it is
untrusted input: `FormDefinition.from_wire` checks every key and type and raises only
`FormDefinitionError`, never KeyError/TypeError/re.error. Unknown keys are ignored so a
newer portal can add keys without breaking older kiosks; `to_wire` writes back only the
keys this module understands.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.identity.model import FIELDS as IDENTITY_FIELDS

FIELD_TYPES: frozenset[str] = frozenset({
    "text", "textarea", "date", "integer", "choice", "phone", "email", "id_number",
    "checkbox", "unit",
})
DELIVERIES: tuple[str, ...] = ("truc_tiep", "buu_chinh", "truc_tuyen")
DATE_RULES: frozenset[str] = frozenset({"not_future", "not_past"})
# Identity fields a form may prefill from; the face is biometric and never goes on a form.
PREFILL_KEYS: frozenset[str] = frozenset(IDENTITY_FIELDS) - {"face"}
LANGS: tuple[str, ...] = ("vi", "en")

_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
_CODE = re.compile(r"[0-9]\.[0-9]{6}")
_TEXT_TYPES = frozenset({"text", "textarea"})
# A quantified group that itself contains a quantifier, "(a+)+": the classic catastrophic
# backtracking shape. Python's re has no timeout, so such patterns are refused outright.
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]")
# Limits on what a definition may ask for: a malformed or hostile definition must not make
# the kiosk build a thousand-field screen or compile a huge regular expression.
MAX_SECTIONS = 40
MAX_FIELDS = 200
MAX_CHOICES = 300
MAX_TEXT = 4000
MAX_PATTERN = 200
MAX_LENGTH_CAP = 10_000


class FormDefinitionError(ValueError):
    """A form definition that is malformed. The only error `from_wire` raises."""

    key = "form.definition_invalid"


@dataclass(frozen=True, slots=True)
class Text:
    """A sentence in Vietnamese and English."""

    vi: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    def to_wire(self) -> dict[str, str]:
        return {"vi": self.vi, "en": self.en}


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: Text


@dataclass(frozen=True, slots=True)
class VisibleIf:
    """Show the field only while `field` (itself visible) has the value `equals`."""

    field: str
    equals: str | bool


@dataclass(frozen=True, slots=True)
class Fee:
    vnd: int | None  # None: unknown here, confirmed and paid at the counter
    desc: Text | None = None


@dataclass(frozen=True, slots=True)
class Field:
    id: str
    type: str
    label: Text
    required: bool = False
    hint: Text | None = None
    prefill: str | None = None
    choices: tuple[Choice, ...] = ()
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    pattern_message: Text | None = None
    min: int | None = None
    max: int | None = None
    date_rule: str | None = None
    visible_if: VisibleIf | None = None

    def choice(self, value: str) -> Choice | None:
        for c in self.choices:
            if c.value == value:
                return c
        return None

    def to_wire(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type, "label": self.label.to_wire(),
                               "required": self.required}
        if self.hint is not None:
            out["hint"] = self.hint.to_wire()
        if self.prefill is not None:
            out["prefill"] = self.prefill
        if self.choices:
            out["choices"] = [{"value": c.value, "label": c.label.to_wire()}
                              for c in self.choices]
        for key in ("min_length", "max_length", "pattern", "min", "max", "date_rule"):
            v = getattr(self, key)
            if v is not None:
                out[key] = v
        if self.pattern_message is not None:
            out["pattern_message"] = self.pattern_message.to_wire()
        if self.visible_if is not None:
            out["visible_if"] = {"field": self.visible_if.field,
                                 "equals": self.visible_if.equals}
        return out


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: Text
    fields: tuple[Field, ...]

    def to_wire(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title.to_wire(),
                "fields": [f.to_wire() for f in self.fields]}


@dataclass(frozen=True, slots=True)
class FormDefinition:
    MaTTHC: str
    version: str
    title: Text
    official_form: str
    requires_chip: bool
    delivery: tuple[str, ...]
    fee: Fee
    documents_to_bring: tuple[Text, ...]
    source: str
    sections: tuple[Section, ...]

    # -- reading -----------------------------------------------------------------------

    def fields(self) -> tuple[Field, ...]:
        """Every field, in screen order."""
        return tuple(f for s in self.sections for f in s.fields)

    def field(self, field_id: str) -> Field:
        """The field with this id; KeyError when there is none."""
        for f in self._iter_fields():
            if f.id == field_id:
                return f
        raise KeyError(field_id)

    def _iter_fields(self) -> Iterator[Field]:
        for s in self.sections:
            yield from s.fields

    # -- wire ----------------------------------------------------------------------------

    @classmethod
    def from_wire(cls, data: Any) -> FormDefinition:
        """Parse and check a definition; FormDefinitionError for anything malformed."""
        try:
            return _parse(data)
        except FormDefinitionError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError, IndexError,
                RecursionError, re.error) as e:  # belt and braces: one error type out
            raise FormDefinitionError(f"malformed definition: {type(e).__name__}") from None

    def to_wire(self) -> dict[str, Any]:
        return {
            "MaTTHC": self.MaTTHC,
            "version": self.version,
            "title": self.title.to_wire(),
            "official_form": self.official_form,
            "requires_chip": self.requires_chip,
            "delivery": list(self.delivery),
            "fee": ({"vnd": self.fee.vnd} if self.fee.desc is None
                    else {"vnd": self.fee.vnd, "desc": self.fee.desc.to_wire()}),
            "documents_to_bring": [d.to_wire() for d in self.documents_to_bring],
            "source": self.source,
            "sections": [s.to_wire() for s in self.sections],
        }


# -- parsing ---------------------------------------------------------------------------


def _fail(path: str, why: str) -> FormDefinitionError:
    return FormDefinitionError(f"{path}: {why}")


def _obj(v: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(v, Mapping):
        raise _fail(path, "must be an object")
    return v


def _str(v: Any, path: str, *, empty: bool = False, limit: int = MAX_TEXT) -> str:
    if not isinstance(v, str):
        raise _fail(path, "must be a string")
    if not empty and not v.strip():
        raise _fail(path, "must not be empty")
    if len(v) > limit:
        raise _fail(path, "too long")
    return v


def _opt_str(v: Any, path: str) -> str:
    return "" if v is None else _str(v, path, empty=True)


def _bool(v: Any, path: str) -> bool:
    if not isinstance(v, bool):
        raise _fail(path, "must be true or false")
    return v


def _int(v: Any, path: str, *, lo: int = -(10**15), hi: int = 10**15) -> int:
    # bool is an int subclass; a float like 3.0 is not an integer on the wire.
    if isinstance(v, bool) or not isinstance(v, int):
        raise _fail(path, "must be an integer")
    if not lo <= v <= hi:
        raise _fail(path, "out of range")
    return v


def _list(v: Any, path: str, *, limit: int, empty: bool = False) -> list[Any]:
    if not isinstance(v, list):
        raise _fail(path, "must be a list")
    if not empty and not v:
        raise _fail(path, "must not be empty")
    if len(v) > limit:
        raise _fail(path, "too many items")
    return v


def _text(v: Any, path: str) -> Text:
    o = _obj(v, path)
    return Text(vi=_str(o.get("vi"), f"{path}.vi"), en=_str(o.get("en"), f"{path}.en"))


def _ident(v: Any, path: str) -> str:
    s = _str(v, path, limit=64)
    if not _ID.fullmatch(s):
        raise _fail(path, "must be lower-case letters, digits and _")
    return s


def _parse(data: Any) -> FormDefinition:
    d = _obj(data, "definition")
    code = _str(d.get("MaTTHC"), "MaTTHC", limit=16)
    if not _CODE.fullmatch(code):
        raise _fail("MaTTHC", "not a procedure code like 1.116789")
    delivery = tuple(_str(x, "delivery[]", limit=32)
                     for x in _list(d.get("delivery"), "delivery", limit=len(DELIVERIES)))
    if any(x not in DELIVERIES for x in delivery) or len(set(delivery)) != len(delivery):
        raise _fail("delivery", f"must be distinct values of {DELIVERIES}")
    fee_o = _obj(d.get("fee"), "fee")
    vnd = fee_o.get("vnd")
    fee = Fee(vnd=None if vnd is None else _int(vnd, "fee.vnd", lo=0, hi=10**10),
              desc=None if fee_o.get("desc") is None else _text(fee_o["desc"], "fee.desc"))
    docs = tuple(_text(x, f"documents_to_bring[{i}]") for i, x in enumerate(
        _list(d.get("documents_to_bring", []), "documents_to_bring", limit=50, empty=True)))
    requires_chip = d.get("requires_chip", False)

    sections: list[Section] = []
    seen: dict[str, Field] = {}
    raw_sections = _list(d.get("sections"), "sections", limit=MAX_SECTIONS)
    section_ids: set[str] = set()
    for si, raw in enumerate(raw_sections):
        sp = f"sections[{si}]"
        so = _obj(raw, sp)
        sid = _ident(so.get("id"), f"{sp}.id")
        if sid in section_ids:
            raise _fail(f"{sp}.id", "duplicate section id")
        section_ids.add(sid)
        fields: list[Field] = []
        for fi, raw_f in enumerate(_list(so.get("fields"), f"{sp}.fields", limit=MAX_FIELDS)):
            f = _parse_field(raw_f, f"{sp}.fields[{fi}]", seen)
            if len(seen) >= MAX_FIELDS:
                raise _fail("sections", "too many fields")
            seen[f.id] = f
            fields.append(f)
        sections.append(Section(id=sid, title=_text(so.get("title"), f"{sp}.title"),
                                fields=tuple(fields)))

    return FormDefinition(
        MaTTHC=code,
        version=_str(d.get("version"), "version", limit=64),
        title=_text(d.get("title"), "title"),
        # Optional in the API (openapi.yaml): the kiosk shows it when there is one.
        official_form=_opt_str(d.get("official_form"), "official_form"),
        requires_chip=_bool(requires_chip, "requires_chip"),
        delivery=delivery,
        fee=fee,
        documents_to_bring=docs,
        source=_opt_str(d.get("source"), "source"),
        sections=tuple(sections),
    )


def _parse_field(raw: Any, path: str, seen: Mapping[str, Field]) -> Field:
    o = _obj(raw, path)
    fid = _ident(o.get("id"), f"{path}.id")
    if fid in seen:
        raise _fail(f"{path}.id", f"duplicate field id {fid}")
    ftype = _str(o.get("type"), f"{path}.type", limit=32)
    if ftype not in FIELD_TYPES:
        raise _fail(f"{path}.type", f"unknown field type {ftype!r}")

    def opt(key: str, parse: Any) -> Any:
        v = o.get(key)
        return None if v is None else parse(v, f"{path}.{key}")

    prefill = opt("prefill", lambda v, p: _str(v, p, limit=64))
    if prefill is not None and prefill not in PREFILL_KEYS:
        raise _fail(f"{path}.prefill", f"not an identity field: {prefill!r}")

    choices: tuple[Choice, ...] = ()
    if ftype == "choice":
        values: set[str] = set()
        items = []
        for ci, c in enumerate(_list(o.get("choices"), f"{path}.choices", limit=MAX_CHOICES)):
            cp = f"{path}.choices[{ci}]"
            co = _obj(c, cp)
            value = _str(co.get("value"), f"{cp}.value", limit=200)
            if value in values:
                raise _fail(cp, "duplicate choice value")
            values.add(value)
            items.append(Choice(value=value, label=_text(co.get("label"), f"{cp}.label")))
        choices = tuple(items)
    elif "choices" in o:
        raise _fail(f"{path}.choices", "only a choice field has choices")

    def length(key: str) -> int | None:
        v = o.get(key)
        if v is None:
            return None
        if ftype not in _TEXT_TYPES:
            raise _fail(f"{path}.{key}", "only text fields have a length")
        return _int(v, f"{path}.{key}", lo=0, hi=MAX_LENGTH_CAP)

    min_length, max_length = length("min_length"), length("max_length")
    if min_length is not None and max_length is not None and min_length > max_length:
        raise _fail(path, "min_length > max_length")

    pattern = o.get("pattern")
    if pattern is not None:
        if ftype not in _TEXT_TYPES:
            raise _fail(f"{path}.pattern", "only text fields have a pattern")
        pattern = _str(pattern, f"{path}.pattern", limit=MAX_PATTERN)
        try:
            re.compile(pattern)
        except (re.error, RecursionError, OverflowError, ValueError):
            raise _fail(f"{path}.pattern", "not a valid regular expression") from None
        if _NESTED_QUANTIFIER.search(pattern):
            raise _fail(f"{path}.pattern", "nested quantifiers are not allowed")

    lo = hi = None
    if "min" in o or "max" in o:
        if ftype != "integer":
            raise _fail(path, "only an integer field has min/max")
        lo, hi = opt("min", _int), opt("max", _int)
        if lo is not None and hi is not None and lo > hi:
            raise _fail(path, "min > max")

    date_rule = o.get("date_rule")
    if date_rule is not None:
        if ftype != "date" or date_rule not in DATE_RULES:
            raise _fail(f"{path}.date_rule", f"must be one of {sorted(DATE_RULES)} on a date")

    visible_if = None
    if o.get("visible_if") is not None:
        vo = _obj(o["visible_if"], f"{path}.visible_if")
        ref = _ident(vo.get("field"), f"{path}.visible_if.field")
        # Only an earlier field may control visibility: no cycles, and the screen never
        # shows a question that depends on an answer further down.
        if ref not in seen:
            raise _fail(f"{path}.visible_if.field", f"{ref!r} is not an earlier field")
        equals = vo.get("equals")
        controller = seen[ref]
        if controller.type == "checkbox":
            if not isinstance(equals, bool):
                raise _fail(f"{path}.visible_if.equals", "must be true/false for a checkbox")
        else:
            equals = _str(equals, f"{path}.visible_if.equals", empty=True, limit=200)
            if controller.type == "choice" and controller.choice(equals) is None:
                raise _fail(f"{path}.visible_if.equals", "not one of the field's choices")
        visible_if = VisibleIf(field=ref, equals=equals)

    return Field(
        id=fid,
        type=ftype,
        label=_text(o.get("label"), f"{path}.label"),
        required=_bool(o.get("required", False), f"{path}.required"),
        hint=opt("hint", _text),
        prefill=prefill,
        choices=choices,
        min_length=min_length,
        max_length=max_length,
        pattern=pattern,
        pattern_message=opt("pattern_message", _text),
        min=lo,
        max=hi,
        date_rule=date_rule,
        visible_if=visible_if,
    )
