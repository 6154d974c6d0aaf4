"""Form definitions: parsing rules, normalising, validation per field type, visibility,
and the form state (prefill, locks, submission data)."""

from datetime import date

import pytest

from kiosk.forms import (
    ERROR_KEYS,
    MESSAGES,
    ConsentError,
    FormDefinition,
    FormDefinitionError,
    FormState,
    load_definition,
    normalise,
    validate,
)
from kiosk.identity.model import Identity, Provenance, Sex

TODAY = date(2026, 11, 22)
T = {"vi": "Nhãn", "en": "Label"}


def field(id, type, **kw):
    return {"id": id, "type": type, "label": T, **kw}


def definition(*fields, **top):
    d = {
        "MaTTHC": "1.116789", "version": "t.1", "title": T, "official_form": "CT01",
        "requires_chip": False, "delivery": ["truc_tiep"],
        "fee": {"vnd": 7000, "desc": T}, "documents_to_bring": [T], "source": "test",
        "sections": [{"id": "s", "title": T, "fields": list(fields)}],
    }
    d.update(top)
    return d


def one(type, **kw):
    return FormDefinition.from_wire(definition(field("x", type, **kw)))


def err(defn, value, today=TODAY):
    return validate(defn, {"x": value}, today=today).get("x")


# -- messages ---------------------------------------------------------------------------


def test_every_error_key_has_both_sentences():
    for key in (*ERROR_KEYS, "form.locked", "form.definition_invalid", "form.consent_invalid"):
        assert MESSAGES[key]["vi"].strip() and MESSAGES[key]["en"].strip()
    assert FormDefinitionError.key in MESSAGES
    assert ConsentError.key in MESSAGES


# -- from_wire rules ----------------------------------------------------------------------


@pytest.mark.parametrize("bad", [
    lambda d: d.pop("MaTTHC"),
    lambda d: d.update(MaTTHC="../../etc"),
    lambda d: d.update(delivery=["drone"]),
    lambda d: d.update(delivery=["truc_tiep", "truc_tiep"]),
    lambda d: d.update(fee={"vnd": -1, "desc": T}),
    lambda d: d.update(fee={"vnd": True, "desc": T}),
    lambda d: d.update(fee={"vnd": 7000.5, "desc": T}),
    lambda d: d.update(title={"vi": "Chỉ tiếng Việt"}),
    lambda d: d.update(requires_chip="yes"),
    lambda d: d.update(sections=[]),
    lambda d: d["sections"][0]["fields"].append(field("x", "text")),  # duplicate id
    lambda d: d["sections"][0]["fields"].append(field("y", "password")),
    lambda d: d["sections"][0]["fields"].append(field("y", "text", prefill="face")),
    lambda d: d["sections"][0]["fields"].append(field("y", "text", prefill="salary")),
    lambda d: d["sections"][0]["fields"].append(field("y", "choice")),
    lambda d: d["sections"][0]["fields"].append(field("y", "choice", choices=[
        {"value": "a", "label": T}, {"value": "a", "label": T}])),
    lambda d: d["sections"][0]["fields"].append(field("y", "choice", choices=[
        {"value": "a", "label": {"vi": "A"}}])),
    lambda d: d["sections"][0]["fields"].append(field("y", "text", pattern="(")),
    lambda d: d["sections"][0]["fields"].append(field("y", "text", pattern="(a+)+$")),
    lambda d: d["sections"][0]["fields"].append(field("y", "date", pattern="x")),
    lambda d: d["sections"][0]["fields"].append(field("y", "text", min_length=5, max_length=2)),
    lambda d: d["sections"][0]["fields"].append(field("y", "integer", min=5, max=2)),
    lambda d: d["sections"][0]["fields"].append(field("y", "text", min=1)),
    lambda d: d["sections"][0]["fields"].append(field("y", "date", date_rule="someday")),
    lambda d: d["sections"][0]["fields"].append(field("y", "text", required="yes")),
    lambda d: d["sections"][0]["fields"].append(
        field("y", "text", visible_if={"field": "later", "equals": "a"})),
    lambda d: d["sections"][0]["fields"].append(
        field("y", "text", visible_if={"field": "y", "equals": "a"})),
    lambda d: d["sections"][0]["fields"].append(field("Bad-Id", "text")),
])
def test_from_wire_rejects(bad):
    d = definition(field("x", "text"))
    bad(d)
    with pytest.raises(FormDefinitionError):
        FormDefinition.from_wire(d)


@pytest.mark.parametrize("data", [None, [], "form", 42, {"sections": None}])
def test_from_wire_rejects_non_objects(data):
    with pytest.raises(FormDefinitionError):
        FormDefinition.from_wire(data)


def test_visible_if_must_name_a_real_choice_and_a_bool_for_checkboxes():
    choice = field("c", "choice", choices=[{"value": "a", "label": T}])
    with pytest.raises(FormDefinitionError):
        FormDefinition.from_wire(definition(choice, field(
            "y", "text", visible_if={"field": "c", "equals": "zzz"})))
    with pytest.raises(FormDefinitionError):
        FormDefinition.from_wire(definition(field("k", "checkbox"), field(
            "y", "text", visible_if={"field": "k", "equals": "true"})))


def test_unknown_keys_are_ignored_and_not_written_back():
    d = definition(field("x", "text", colour="red"), future_key=1)
    defn = FormDefinition.from_wire(d)
    assert "future_key" not in defn.to_wire()
    assert "colour" not in defn.to_wire()["sections"][0]["fields"][0]


def test_fields_in_order_and_lookup():
    d = definition(field("a", "text"), field("b", "text"))
    d["sections"].append({"id": "t", "title": T, "fields": [field("c", "text")]})
    defn = FormDefinition.from_wire(d)
    assert [f.id for f in defn.fields()] == ["a", "b", "c"]
    assert defn.field("c").type == "text"
    with pytest.raises(KeyError):
        defn.field("zzz")


# -- normalise ----------------------------------------------------------------------------


def test_normalise_text_and_textarea():
    d = FormDefinition.from_wire(definition(field("t", "text"), field("a", "textarea")))
    decomposed = "Nguye\u0302\u0303n"  # NFD "Nguyễn", as some keyboards send it
    out = normalise(d, {"t": f"  {decomposed}\t  Văn\u200b  A ", "a": " dòng 1  \r\n\n\n\n x  y \n",
                        "unknown": "dropped"})
    assert out == {"t": "Nguyễn Văn A", "a": "dòng 1\n\nx y"}
    assert normalise(d, {"t": "   "}) == {"t": None}


@pytest.mark.parametrize("raw,expected", [
    ("25/12/1990", "1990-12-25"), ("5/1/2001", "2001-01-05"), ("25-12-1990", "1990-12-25"),
    ("25.12.1990", "1990-12-25"), ("1990-12-25", "1990-12-25"), (" 25 / 12 / 1990 ", "1990-12-25"),
    ("31/02/2000", "31/02/2000"), ("hôm qua", "hôm qua"), ("", None),
])
def test_normalise_dates(raw, expected):
    assert normalise(one("date"), {"x": raw}) == {"x": expected}


@pytest.mark.parametrize("raw,expected", [
    ("+84 912 345 678", "0912345678"), ("0912.345.678", "0912345678"),
    ("84912345678", "0912345678"), ("(024) 3825 1234", "02438251234"),
])
def test_normalise_phone(raw, expected):
    assert normalise(one("phone"), {"x": raw}) == {"x": expected}


@pytest.mark.parametrize("raw,expected", [
    ("42", 42), (" 1.000.000 ", 1_000_000), ("1,000", 1000), ("1 000", 1000), (7, 7),
    ("-3", -3), ("12a", "12a"), ("1.5", "1.5"),
])
def test_normalise_integers(raw, expected):
    assert normalise(one("integer"), {"x": raw}) == {"x": expected}


@pytest.mark.parametrize("raw,expected", [
    (True, True), ("true", True), ("Có", True), ("", False), ("0", False), (False, False),
])
def test_normalise_checkbox(raw, expected):
    assert normalise(one("checkbox"), {"x": raw}) == {"x": expected}


def test_normalise_id_number_strips_spaces():
    assert normalise(one("id_number"), {"x": " 0012 0300 0123 "}) == {"x": "001203000123"}


# -- validate, type by type ----------------------------------------------------------------


def test_required_and_optional():
    assert err(one("text", required=True), "") == "form.required"
    assert err(one("text", required=True), None) == "form.required"
    assert err(one("text", required=False), "") is None
    assert validate(one("text", required=True), {}, today=TODAY) == {"x": "form.required"}


def test_text_lengths_and_pattern():
    d = one("text", min_length=2, max_length=5, pattern="[A-Z]+",
            pattern_message={"vi": "Chữ in hoa", "en": "Capitals"})
    assert err(d, "A") == "form.too_short"
    assert err(d, "ABCDEF") == "form.too_long"
    assert err(d, "abc") == "form.pattern"
    assert err(d, "ABC") is None
    # A text field without a limit still has one.
    assert err(one("text"), "x" * 201) == "form.too_long"
    assert err(one("textarea"), "x" * 2000) is None


def test_dates():
    assert err(one("date"), "31/02/2000") == "form.date_invalid"
    assert err(one("date"), "01/01/1850") == "form.date_invalid"
    assert err(one("date", date_rule="not_future"), "23/11/2026") == "form.date_future"
    assert err(one("date", date_rule="not_future"), "22/11/2026") is None
    assert err(one("date", date_rule="not_past"), "21/11/2026") == "form.date_past"
    assert err(one("date", date_rule="not_past"), "2026-11-22") is None


def test_integers():
    d = one("integer", min=1, max=24)
    assert err(d, "abc") == "form.number_invalid"
    assert err(d, "0") == "form.number_range"
    assert err(d, "25") == "form.number_range"
    assert err(d, "24") is None
    assert err(d, True) == "form.number_invalid"


def test_choice():
    d = one("choice", choices=[{"value": "Nam", "label": T}, {"value": "Nữ", "label": T}])
    assert err(d, "Nữ") is None
    assert err(d, "Nu\u031b\u0303") is None  # NFD input still matches
    assert err(d, "Khác") == "form.choice_invalid"


def test_checkbox_required_means_ticked():
    d = one("checkbox", required=True)
    assert err(d, False) == "form.required"
    assert err(d, "maybe") == "form.choice_invalid"
    assert err(d, True) is None
    assert err(one("checkbox"), False) is None


@pytest.mark.parametrize("value,ok", [
    ("0912345678", True), ("0312345678", True), ("02438251234", True), ("0112345678", False),
    ("091234567", False), ("09123456789", False), ("phone", False),
])
def test_phone(value, ok):
    assert (err(one("phone"), value) is None) is ok
    if not ok:
        assert err(one("phone"), value) == "form.phone_invalid"


@pytest.mark.parametrize("value,ok", [
    ("ten@example.com", True), ("a.b+c@mail.gov.vn", True), ("ten@", False),
    ("@example.com", False), ("tên@example.com", False), ("a@b", False),
])
def test_email(value, ok):
    assert (err(one("email"), value) is None) is ok


@pytest.mark.parametrize("value,ok", [
    ("001203000123", True), ("00120300012", False), ("0012030001234", False), ("00120300012a", False),
])
def test_id_number(value, ok):
    assert (err(one("id_number"), value) is None) == ok
    if not ok:
        assert err(one("id_number"), value) == "form.id_invalid"


def test_unit():
    assert err(one("unit"), "00004") is None  # Phường Ba Đình
    assert err(one("unit"), "99999") == "form.unit_invalid"


# -- visibility -----------------------------------------------------------------------------


def conditional():
    return FormDefinition.from_wire(definition(
        field("reason", "choice", required=True, choices=[
            {"value": "a", "label": T}, {"value": "other", "label": T}]),
        field("note", "textarea", required=True, visible_if={"field": "reason", "equals": "other"}),
        field("more", "checkbox", visible_if={"field": "reason", "equals": "other"}),
        field("detail", "text", required=True, visible_if={"field": "more", "equals": True}),
    ))


def test_hidden_fields_are_not_validated():
    d = conditional()
    assert validate(d, {"reason": "a"}, today=TODAY) == {}
    assert validate(d, {"reason": "other"}, today=TODAY) == {"note": "form.required"}
    assert validate(d, {"reason": "other", "note": "x", "more": True}, today=TODAY) == {
        "detail": "form.required"}


def test_a_field_under_a_hidden_controller_is_hidden():
    d = conditional()
    # "more" is ticked but hidden (reason is not "other"), so "detail" is hidden too.
    assert validate(d, {"reason": "a", "more": True}, today=TODAY) == {}


def test_hidden_fields_are_dropped_from_submission():
    s = FormState(definition=conditional())
    s.set("reason", "other")
    s.set("note", "  lý do   riêng ")
    s.set("more", True)
    s.set("detail", "chi tiết")
    assert s.submission_data() == {"reason": "other", "note": "lý do riêng", "more": True,
                                   "detail": "chi tiết"}
    s.set("reason", "a")  # everything below is now hidden, and must not be sent
    assert s.submission_data() == {"reason": "a"}
    assert [f.id for f in s.visible_fields()] == ["reason"]


# -- FormState --------------------------------------------------------------------------------


def person(prov):
    return Identity(
        id_number="001203000123", full_name="Nguyễn Văn An", date_of_birth=date(2003, 5, 17),
        sex=Sex.MALE, residence="Số 1 Hàng Bạc, Phường Hoàn Kiếm, Hà Nội", spouse_name=None,
        provenance={n: prov for n in ("id_number", "full_name", "date_of_birth", "sex",
                                      "residence", "spouse_name")},
    )


def residence_form():
    return FormDefinition.from_wire(load_definition("1.116789"))


def test_prefill_from_verified_chip_locks_the_fields():
    s = FormState.prefill(residence_form(), person(Provenance.CHIP_VERIFIED).to_form_prefill(),
                          today=TODAY)
    assert s.values["full_name"] == "Nguyễn Văn An"
    assert s.values["date_of_birth"] == "17/05/2003"  # shown the Vietnamese way
    assert s.values["sex"] == "Nam"
    assert s.locked == {"full_name", "id_number", "date_of_birth", "sex"}
    assert s.set("full_name", "Someone Else") == "form.locked"
    assert s.values["full_name"] == "Nguyễn Văn An"
    assert s.set("id_number", "") == "form.locked"
    assert s.values["id_number"] == "001203000123"
    assert s.unverified_prefill() == ()
    # Unlocked fields take input; a locked one is still sent.
    assert s.set("phone", "0912 345 678") is None
    data = s.submission_data()
    assert data["full_name"] == "Nguyễn Văn An"
    assert data["date_of_birth"] == "2003-05-17"
    assert data["phone"] == "0912345678"


@pytest.mark.parametrize("prov", [Provenance.TYPED, Provenance.QR, Provenance.CHIP_UNVERIFIED])
def test_prefill_from_weaker_sources_stays_editable(prov):
    s = FormState.prefill(residence_form(), person(prov).to_form_prefill(), today=TODAY)
    assert s.values["full_name"] == "Nguyễn Văn An"
    assert s.locked == set()
    assert s.set("full_name", "Nguyễn Văn Ân") is None
    assert s.values["full_name"] == "Nguyễn Văn Ân"
    # The residence form requires the chip: these fields block it.
    assert set(s.unverified_prefill()) == {"full_name", "id_number", "date_of_birth", "sex"}


def test_prefill_does_not_lock_a_value_the_field_rejects():
    d = FormDefinition.from_wire(definition(
        field("n", "text", prefill="full_name", max_length=5),
        field("b", "date", prefill="date_of_birth", date_rule="not_past"),
    ))
    s = FormState.prefill(d, person(Provenance.CHIP_VERIFIED).to_form_prefill(), today=TODAY)
    assert s.locked == set()
    assert s.errors(TODAY) == {"n": "form.too_long", "b": "form.date_past"}
    assert s.set("n", "An") is None


def test_prefill_skips_values_known_to_be_empty():
    d = FormDefinition.from_wire(definition(field("s", "text", prefill="spouse_name")))
    s = FormState.prefill(d, person(Provenance.CHIP_VERIFIED).to_form_prefill(), today=TODAY)
    assert "s" not in s.values and "s" not in s.locked


def test_set_unknown_field_is_a_caller_bug():
    s = FormState(definition=residence_form())
    with pytest.raises(KeyError):
        s.set("salary", "1")


def test_a_complete_residence_form_has_no_errors():
    s = FormState.prefill(residence_form(), person(Provenance.CHIP_VERIFIED).to_form_prefill(),
                          today=TODAY)
    for k, v in {"phone": "0912345678", "unit": "00004", "address": "Số 5 ngõ 10 Đội Cấn",
                 "housing_basis": "thue_muon_o_nho", "duration_months": "12",
                 "is_household_head": "co", "declare_true": True}.items():
        assert s.set(k, v) is None
    assert s.errors(TODAY) == {}
    data = s.submission_data()
    assert data["duration_months"] == 12
    assert "head_full_name" not in data and "email" not in data
    s.set("is_household_head", "khong")
    assert s.errors(TODAY) == {"head_full_name": "form.required",
                               "relation_to_head": "form.required",
                               "head_id_number": "form.required"}


def test_clear_wipes_values_and_locks():
    s = FormState.prefill(residence_form(), person(Provenance.CHIP_VERIFIED).to_form_prefill())
    s.clear()
    assert s.values == {} and s.locked == set()


# -- bundled rules behave as meant ----------------------------------------------------------


def bundled(code):
    return FormDefinition.from_wire(load_definition(code))


@pytest.mark.parametrize("value,expected", [
    ("14:30", None), ("9h05", None), ("24:00", "form.pattern"), ("chiều", "form.pattern"),
])
def test_death_time_pattern(value, expected):
    d = bundled("1.000656")
    f = d.field("death_time")
    assert f.pattern_message is not None
    assert validate(d, {"death_time": value}, today=TODAY).get("death_time") == expected


@pytest.mark.parametrize("value,expected", [
    ("0101234567", None), ("0101234567-001", None), ("001203000123", None),
    ("12345", "form.pattern"), ("0101234567-1", "form.pattern"),
])
def test_household_business_number_pattern(value, expected):
    d = bundled("2.000720")
    assert validate(d, {"business_code": value}, today=TODAY).get("business_code") == expected


def test_id_card_form_does_not_need_the_chip():
    """A first card or a lost-card replacement has no chip: typed identity must do."""
    s = FormState.prefill(bundled("1.116410"), person(Provenance.TYPED).to_form_prefill())
    assert s.unverified_prefill() == ()
    s.set("request", "cap_lai")
    assert [f.id for f in s.visible_fields()][-3:] == ["request", "replace_reason", "declare_true"]



def test_optional_keys_of_the_api_may_be_absent():
    """openapi.yaml makes official_form, source, fee.desc and documents optional."""
    d = definition(field("x", "text"), fee={"vnd": None}, official_form=None)
    del d["source"], d["documents_to_bring"]
    defn = FormDefinition.from_wire(d)
    assert defn.official_form == "" and defn.source == "" and defn.fee.desc is None
    assert defn.documents_to_bring == ()
    assert FormDefinition.from_wire(defn.to_wire()) == defn
    with pytest.raises(FormDefinitionError):
        FormDefinition.from_wire({**d, "official_form": 0})


def test_range_error_carries_the_fields_bounds():
    from kiosk.forms.validation import error_args

    both = one("integer", min=1, max=24).field("x")
    assert error_args(both, "form.number_range") == {"min": 1, "max": 24}
    assert error_args(one("integer", min=0).field("x"), "form.number_range") == {"min": 0}
    assert error_args(one("integer", max=99).field("x"), "form.number_range") == {"max": 99}
    assert error_args(both, "form.required") == {}


@pytest.mark.parametrize("label, listed", [
    ("Bạn có phải là chủ hộ không?", "Bạn có phải là chủ hộ không"),
    ("Tôi cam đoan (chịu trách nhiệm về lời khai của mình.)",
     "Tôi cam đoan (chịu trách nhiệm về lời khai của mình)"),
    ("Thời hạn tạm trú đề nghị (tháng)", "Thời hạn tạm trú đề nghị (tháng)"),
    ("Email: ", "Email"),
    ("note.)", "note"),  # a closing bracket without its opening one is a stray
    ("Họ, chữ đệm và tên", "Họ, chữ đệm và tên"),
])
def test_consent_lists_labels_without_their_trailing_punctuation(label, listed):
    from kiosk.forms.consent import list_label, load_consent

    assert list_label(label) == listed
    text = " ".join(load_consent().render("vi", retention_days=7, fields=[label, "Giới tính"]))
    assert f"{listed}, Giới tính" in text
    assert "?," not in text and ".)," not in text


def test_consent_skips_labels_that_are_only_punctuation():
    from kiosk.forms.consent import load_consent

    text = " ".join(load_consent().render("en", retention_days=7, fields=["…", "Sex"]))
    assert "(Sex)" in text
