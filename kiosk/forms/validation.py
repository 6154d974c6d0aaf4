"""Cleaning and checking what a citizen typed into a form.

`normalise` turns screen text into the values the portal receives (ISO dates, integers,
digits-only phone and ID numbers, NFC text with single spaces). It never raises: what it
cannot convert it leaves as cleaned text, and `validate` then names the problem with a
stable key from MESSAGES. `normalise` is idempotent, so `validate` can run it again on
values that were already normalised.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any

from kiosk.forms.model import Field, FormDefinition
from kiosk.units import unit_by_code

MESSAGES: dict[str, dict[str, str]] = {
    "form.required": {
        "vi": "Vui lòng điền mục này.",
        "en": "Please fill in this item.",
    },
    "form.too_long": {
        "vi": "Nội dung quá dài. Vui lòng viết ngắn lại.",
        "en": "This is too long. Please shorten it.",
    },
    "form.too_short": {
        "vi": "Nội dung quá ngắn. Vui lòng kiểm tra lại.",
        "en": "This is too short. Please check it.",
    },
    "form.pattern": {
        "vi": "Nội dung chưa đúng định dạng. Vui lòng kiểm tra lại.",
        "en": "This is not in the expected format. Please check it.",
    },
    "form.date_invalid": {
        "vi": "Ngày chưa hợp lệ. Vui lòng nhập theo dạng ngày/tháng/năm, ví dụ 25/12/1990.",
        "en": "This date is not valid. Please enter it as day/month/year, e.g. 25/12/1990.",
    },
    "form.date_future": {
        "vi": "Ngày này không được sau hôm nay.",
        "en": "This date cannot be later than today.",
    },
    "form.date_past": {
        "vi": "Ngày này không được trước hôm nay.",
        "en": "This date cannot be earlier than today.",
    },
    "form.choice_invalid": {
        "vi": "Vui lòng chọn một trong các phương án có sẵn.",
        "en": "Please pick one of the options shown.",
    },
    "form.phone_invalid": {
        "vi": "Số điện thoại chưa đúng. Số di động có 10 chữ số, bắt đầu bằng 0.",
        "en": "This phone number is not valid. A mobile number has 10 digits and starts with 0.",
    },
    "form.email_invalid": {
        "vi": "Địa chỉ thư điện tử chưa đúng, ví dụ ten@example.com.",
        "en": "This email address is not valid, e.g. name@example.com.",
    },
    "form.id_invalid": {
        "vi": "Số định danh cá nhân phải gồm đúng 12 chữ số.",
        "en": "The personal ID number must be exactly 12 digits.",
    },
    "form.number_invalid": {
        "vi": "Vui lòng nhập một số nguyên, chỉ gồm chữ số.",
        "en": "Please enter a whole number, digits only.",
    },
    "form.number_range": {
        "vi": "Số này nằm ngoài khoảng cho phép.",
        "en": "This number is outside the allowed range.",
    },
    "form.unit_invalid": {
        "vi": "Vui lòng chọn một xã, phường của Hà Nội trong danh sách.",
        "en": "Please pick a Hanoi commune or ward from the list.",
    },
    # Not field errors: the state refuses an edit, or a definition cannot be used.
    "form.locked": {
        "vi": "Thông tin này được đọc từ thẻ căn cước đã xác thực và không sửa được ở đây.",
        "en": "This was read from your verified ID card and cannot be changed here.",
    },
    "form.consent_invalid": {
        "vi": "Không tải được nội dung đồng ý xử lý dữ liệu. Vui lòng báo cán bộ hỗ trợ.",
        "en": "The data-processing consent text could not be loaded. Please tell a staff member.",
    },
    "form.definition_invalid": {
        "vi": "Mẫu tờ khai của thủ tục này bị lỗi. Vui lòng báo cán bộ hỗ trợ.",
        "en": "This procedure's form is damaged. Please tell a staff member.",
    },
}

# The field-error keys `validate` can return (the brief's list, in order).
ERROR_KEYS: tuple[str, ...] = (
    "form.required", "form.too_long", "form.too_short", "form.pattern",
    "form.date_invalid", "form.date_future", "form.date_past", "form.choice_invalid",
    "form.phone_invalid", "form.email_invalid", "form.id_invalid", "form.number_invalid",
    "form.number_range", "form.unit_invalid",
)

# Length caps used when a definition gives none: nobody's name is 5,000 characters, and an
# unbounded field is an easy way to fill the outbox.
DEFAULT_MAX = {"text": 200, "textarea": 2000}

_DATE_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_GROUPED_INT = re.compile(r"[+-]?\d{1,3}(?:[., ]\d{3})+")
_PLAIN_INT = re.compile(r"[+-]?\d{1,18}")
_PHONE = re.compile(r"0[35789]\d{8}|02\d{9}")  # mobile: 10 digits; landline: 02x + 8
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)+")
_ID12 = re.compile(r"\d{12}")
_TRUE = frozenset({"true", "1", "yes", "on", "có", "x"})
_FALSE = frozenset({"", "false", "0", "no", "off", "không"})


# -- cleaning ----------------------------------------------------------------------------


def _strip_controls(s: str, keep_newlines: bool) -> str:
    out = []
    for ch in s:
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif unicodedata.category(ch)[0] == "C":
            # Control and format characters (NUL, bidi overrides, zero-width) never belong in
            # a declaration; tabs and other line breaks become spaces.
            out.append(" " if ch in "\t\r\v\f\x85\u2028\u2029" else "")
        else:
            out.append(ch)
    return "".join(out)


def clean_line(s: str) -> str:
    """NFC, no control characters, runs of spaces collapsed, trimmed."""
    return " ".join(_strip_controls(unicodedata.normalize("NFC", s), False).split())


def clean_block(s: str) -> str:
    """Like clean_line for each line; at most one blank line in a row."""
    s = unicodedata.normalize("NFC", s).replace("\r\n", "\n").replace("\r", "\n")
    lines = [" ".join(line.split()) for line in _strip_controls(s, True).split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def parse_date(s: str) -> date | None:
    """DD/MM/YYYY (also with - or .) or ISO YYYY-MM-DD; None when it is not a real date."""
    m = _DATE_ISO.fullmatch(s)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _DATE_DMY.fullmatch(s)
        if not m:
            return None
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def display_date(iso: str) -> str:
    """ISO date → DD/MM/YYYY for the screen; other text unchanged."""
    d = parse_date(iso)
    return d.strftime("%d/%m/%Y") if d is not None and _DATE_ISO.fullmatch(iso) else iso


def normalise_value(f: Field, value: Any) -> Any:
    """One field's value, cleaned; None when empty."""
    if value is None:
        return None
    t = f.type
    if t == "checkbox":
        if isinstance(value, bool):
            return value
        s = clean_line(str(value)).casefold()
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
        return s  # validate says so
    if t == "integer":
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, int):
            return value
        s = clean_line(str(value))
        if not s:
            return None
        if _PLAIN_INT.fullmatch(s) or _GROUPED_INT.fullmatch(s):
            return int(re.sub(r"[., ]", "", s))
        return s
    s = str(value)
    if t == "textarea":
        s = clean_block(s)
    else:
        s = clean_line(s)
    if not s:
        return None
    if t == "date":
        d = parse_date(s.replace(" ", ""))
        return d.isoformat() if d is not None else s
    if t == "phone":
        digits = re.sub(r"[\s.\-()]", "", s)
        if digits.startswith("+84"):
            digits = "0" + digits[3:]
        elif digits.startswith("84") and len(digits) == 11:
            digits = "0" + digits[2:]
        return digits
    if t in ("id_number", "unit"):
        return re.sub(r"[\s.\-]", "", s)
    if t == "email":
        return s.replace(" ", "")
    return s


def normalise(defn: FormDefinition, values: Mapping[str, Any]) -> dict[str, Any]:
    """Every field of the definition that has a value, cleaned. Unknown keys are dropped;
    empty values come back as None."""
    out: dict[str, Any] = {}
    for f in defn.fields():
        if f.id in values:
            out[f.id] = normalise_value(f, values[f.id])
    return out


# -- visibility ----------------------------------------------------------------------------


def visible_ids(defn: FormDefinition, values: Mapping[str, Any]) -> set[str]:
    """Ids of the fields shown for these (normalised) values. A field whose controlling
    field is hidden is hidden too."""
    shown: set[str] = set()
    for f in defn.fields():  # controllers come first: from_wire guarantees it
        cond = f.visible_if
        if cond is None:
            shown.add(f.id)
            continue
        if cond.field not in shown:
            continue
        v = values.get(cond.field)
        if isinstance(cond.equals, bool):
            if (v is True) == cond.equals:
                shown.add(f.id)
        elif v is not None and str(v) == cond.equals:
            shown.add(f.id)
    return shown


# -- checking --------------------------------------------------------------------------------


def check_value(f: Field, v: Any, *, today: date) -> str | None:
    """The error key for one normalised value, or None."""
    if v is None or (f.type == "checkbox" and v is False):
        return "form.required" if f.required else None
    t = f.type
    if t in ("text", "textarea"):
        s = str(v)
        hi = f.max_length if f.max_length is not None else DEFAULT_MAX[t]
        if len(s) > hi:
            return "form.too_long"
        if f.min_length is not None and len(s) < f.min_length:
            return "form.too_short"
        if f.pattern is not None and re.fullmatch(f.pattern, s) is None:
            return "form.pattern"
        return None
    if t == "date":
        d = parse_date(v) if isinstance(v, str) else None
        if d is None or d.year < 1900:
            return "form.date_invalid"
        if f.date_rule == "not_future" and d > today:
            return "form.date_future"
        if f.date_rule == "not_past" and d < today:
            return "form.date_past"
        return None
    if t == "integer":
        if isinstance(v, bool) or not isinstance(v, int):
            return "form.number_invalid"
        if (f.min is not None and v < f.min) or (f.max is not None and v > f.max):
            return "form.number_range"
        return None
    if t == "choice":
        return None if isinstance(v, str) and f.choice(v) is not None else "form.choice_invalid"
    if t == "checkbox":
        return None if v is True else "form.choice_invalid"
    if t == "phone":
        return None if isinstance(v, str) and _PHONE.fullmatch(v) else "form.phone_invalid"
    if t == "email":
        ok = isinstance(v, str) and len(v) <= 254 and _EMAIL.fullmatch(v)
        return None if ok else "form.email_invalid"
    if t == "id_number":
        return None if isinstance(v, str) and _ID12.fullmatch(v) else "form.id_invalid"
    if t == "unit":
        return None if isinstance(v, str) and unit_by_code(v) is not None else "form.unit_invalid"
    return None  # from_wire admits no other type


def error_args(f: Field, key: str) -> dict[str, int]:
    """What a field's error message needs besides its key: the allowed range for
    "form.number_range" (only the bounds the field has), so the screen can say "from 1 to
    24" instead of "outside the allowed range". Empty for every other key."""
    if key != "form.number_range":
        return {}
    return {name: v for name, v in (("min", f.min), ("max", f.max)) if v is not None}


def validate(defn: FormDefinition, values: Mapping[str, Any], *, today: date) -> dict[str, str]:
    """Field id → error key for every visible field that is wrong. Hidden fields are not
    checked (and a required hidden field is not missing)."""
    clean = normalise(defn, values)
    shown = visible_ids(defn, clean)
    errors: dict[str, str] = {}
    for f in defn.fields():
        if f.id not in shown:
            continue
        err = check_value(f, clean.get(f.id), today=today)
        if err is not None:
            errors[f.id] = err
    return errors
