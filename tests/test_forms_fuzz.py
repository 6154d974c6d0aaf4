"""Property tests: a definition from the portal is untrusted, so from_wire must either
accept it or raise FormDefinitionError, never anything else; normalise never raises and
is idempotent; validate never raises on any typed text."""

import copy
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.forms import FormDefinition, FormDefinitionError, available_codes, load_definition
from kiosk.forms.validation import normalise, validate

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**16),
                      st.floats(allow_nan=True), st.text(max_size=12))
json_value = st.recursive(
    json_leaf,
    lambda kids: st.one_of(st.lists(kids, max_size=4),
                           st.dictionaries(st.text(max_size=8), kids, max_size=4)),
    max_leaves=20,
)
BUNDLED = [load_definition(c) for c in available_codes()]


def parse(data):
    try:
        return FormDefinition.from_wire(data)
    except FormDefinitionError:
        return None


@FUZZ
@given(json_value)
def test_arbitrary_json_is_rejected_cleanly(data):
    parse(data)


def paths(obj, prefix=()):
    """Every (container, key) location inside a JSON value."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield prefix + (k,)
            yield from paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield prefix + (i,)
            yield from paths(v, prefix + (i,))


@FUZZ
@given(st.data())
def test_mutated_real_definitions_parse_or_fail_cleanly(data):
    wire = copy.deepcopy(data.draw(st.sampled_from(BUNDLED)))
    locations = list(paths(wire))
    for _ in range(data.draw(st.integers(1, 4))):
        loc = data.draw(st.sampled_from(locations))
        action = data.draw(st.sampled_from(["replace", "delete"]))
        try:
            parent = wire
            for step in loc[:-1]:
                parent = parent[step]
            if action == "delete":
                del parent[loc[-1]]
            else:
                parent[loc[-1]] = data.draw(json_value)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier mutation removed this location
    defn = parse(wire)
    if defn is not None:
        # Whatever was accepted is self-consistent and survives the round trip.
        assert FormDefinition.from_wire(defn.to_wire()) == defn


typed = st.one_of(st.text(max_size=40), st.none(), st.booleans(), st.integers(-10**20, 10**20),
                  st.sampled_from(["25/12/1990", "+84 912 345 678", "1.000.000", "001203000123",
                                   "00004", "ten@example.com", " a\u0000b\u202e ", "31/02/2000"]))


@FUZZ
@given(st.sampled_from(BUNDLED), st.data())
def test_normalise_is_total_and_idempotent_and_validate_never_raises(wire, data):
    defn = FormDefinition.from_wire(wire)
    ids = [f.id for f in defn.fields()]
    values = data.draw(st.dictionaries(st.sampled_from(ids), typed, max_size=len(ids)))
    once = normalise(defn, values)
    assert normalise(defn, once) == once
    errors = validate(defn, values, today=date(2026, 11, 22))
    assert set(errors) <= set(ids)
    for v in once.values():
        if isinstance(v, str):
            assert "\u0000" not in v and "\u202e" not in v
