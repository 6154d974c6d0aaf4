"""The bundled form definitions and consent text: every file loads, and its facts agree
with the procedure catalog the kiosk ships."""

import json
from importlib import resources

import pytest

from kiosk.forms import (
    DELIVERIES,
    PREFILL_KEYS,
    FormDefinition,
    available_codes,
    load_consent,
    load_definition,
)
from kiosk.identity.model import FIELDS

CODES = available_codes()


def catalog():
    text = resources.files("kiosk").joinpath("data/procedures.json").read_text(encoding="utf-8")
    return {p["MaTTHC"]: p for p in json.loads(text)}


def test_the_ten_detailed_procedures_have_forms():
    assert CODES == sorted([
        "1.000656", "1.000894", "1.001193", "1.004873", "1.116410", "1.116788", "1.116789",
        "2.000720", "2.000815", "3.000722",
    ])


@pytest.mark.parametrize("code", CODES)
def test_definition_loads_and_round_trips(code):
    wire = load_definition(code)
    defn = FormDefinition.from_wire(wire)
    assert defn.MaTTHC == code
    assert FormDefinition.from_wire(defn.to_wire()) == defn
    # The bundled files carry only keys the parser understands: nothing silently dropped.
    assert defn.to_wire() == wire


@pytest.mark.parametrize("code", CODES)
def test_prefill_keys_are_identity_fields(code):
    defn = FormDefinition.from_wire(load_definition(code))
    prefills = [f.prefill for f in defn.fields() if f.prefill]
    assert prefills, "a form with nothing from the card"
    for key in prefills:
        assert key in FIELDS and key in PREFILL_KEYS and key != "face"


@pytest.mark.parametrize("code", CODES)
def test_every_text_has_both_languages(code):
    defn = FormDefinition.from_wire(load_definition(code))
    texts = [defn.title, defn.fee.desc, *defn.documents_to_bring]
    for s in defn.sections:
        texts.append(s.title)
        for f in s.fields:
            texts.append(f.label)
            texts.extend(t for t in (f.hint, f.pattern_message) if t is not None)
            for c in f.choices:
                texts.append(c.label)
    for t in texts:
        assert t.vi.strip() and t.en.strip()
        assert t.vi != t.en, t  # an untranslated copy is not English


@pytest.mark.parametrize("code", CODES)
def test_fee_comes_from_the_catalog(code):
    """Never an invented fee: a known amount is one the catalog lists (online first)."""
    defn = FormDefinition.from_wire(load_definition(code))
    proc = catalog()[code]
    if defn.fee.vnd is None:
        # Unknown here: the text must send the citizen to the counter, not leave a blank.
        assert "xác nhận" in defn.fee.desc.vi or "tại quầy" in defn.fee.desc.vi
        assert "confirm" in defn.fee.desc.en or "counter" in defn.fee.desc.en
        return
    fees = proc.get("PhiLePhi") or []
    listed = {f.get("SoTien") for f in fees}
    online = {f.get("SoTien") for f in fees if f.get("HinhThuc") == "truc_tuyen"}
    if defn.fee.vnd == 0 and not fees:
        # "Miễn lệ phí" is text in the record, not an amount.
        assert "Miễn lệ phí" in json.dumps(proc, ensure_ascii=False)
        return
    assert defn.fee.vnd in (online or listed)


@pytest.mark.parametrize("code", CODES)
def test_definition_hygiene(code):
    wire = load_definition(code)
    defn = FormDefinition.from_wire(wire)
    assert set(defn.delivery) <= set(DELIVERIES)
    assert defn.source.strip() and defn.official_form.strip()
    assert defn.documents_to_bring
    ids = [f.id for f in defn.fields()]
    assert len(ids) == len(set(ids))
    # The face is never asked for, and no field collects biometric data.
    assert not any("face" in i or "photo" in i for i in ids)


def test_load_definition_returns_a_fresh_copy():
    a = load_definition("1.116789")
    a["title"]["vi"] = "changed"
    assert load_definition("1.116789")["title"]["vi"] != "changed"


@pytest.mark.parametrize("code", ["9.999999", "../consent", "1.116789/../x", "", "1.11678",
                                  "1.1167890", None, 1.116789])
def test_load_definition_unknown_or_hostile_code(code):
    assert load_definition(code) is None


def test_consent_loads_in_both_languages():
    c = load_consent()
    assert c.version and c.updated
    assert set(c.text) == {"vi", "en"}
    assert len(c.text["vi"]) == len(c.text["en"])
    vi = " ".join(c.text["vi"])
    assert "91/2025/QH15" in vi and "91/2025/QH15" in " ".join(c.text["en"])
    # Who, what, why, how long, rights, and no face image: each says so in both languages.
    for word in ("Ủy ban nhân dân", "vận hành ki-ốt", "ảnh khuôn mặt", "rút lại", "xóa",
                 "khiếu nại", "{retention_days}", "{fields}"):
        assert word in vi, word
    en = " ".join(c.text["en"])
    for word in ("People's Committee", "operator", "face image", "withdraw", "deleted",
                 "complain", "{retention_days}", "{fields}"):
        assert word in en, word


def test_consent_render_fills_retention_and_fields():
    c = load_consent()
    paras = c.render("en", retention_days=7, fields=["Full name", "Phone"])
    text = " ".join(paras)
    assert "7 days" in text and "Full name, Phone" in text
    assert "{" not in text
    assert c.render("fr", retention_days=3)[0] == c.render("vi", retention_days=3)[0]
