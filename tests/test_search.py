"""Search behaviour on the real catalog: the promises the kiosk makes to a citizen."""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from offline_cache.search import SearchDoc, SearchIndex, doc_terms, fold, tokenize

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def docs(search_docs) -> list[SearchDoc]:
    return search_docs


@pytest.fixture(scope="module")
def index(docs: list[SearchDoc]) -> SearchIndex:
    return SearchIndex.build(docs)


def words(text: str) -> list[str]:
    return tokenize(text)


def accented_words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text.casefold()))


def has_phrase(name: str, phrase: str) -> bool:
    return f" {' '.join(tokenize(phrase))} " in f" {' '.join(tokenize(name))} "


# --------------------------------------------------------------------------- folding


def test_fold_removes_diacritics_case_and_d_stroke() -> None:
    assert fold("Đăng KÝ khai sinh") == "dang ky khai sinh"
    assert fold("ĐẤT ĐAI") == "dat dai"
    assert fold("Thủ tục") == "thu tuc"
    # Decomposed input (some keyboards send it) folds the same as composed input.
    assert fold(unicodedata.normalize("NFD", "Kết hôn")) == fold("Kết hôn") == "ket hon"


def test_tokenize_keeps_codes_whole_and_in_parts() -> None:
    assert tokenize("Mã 1.001193, Đăng-ký") == ["ma", "1.001193", "1", "001193", "dang", "ky"]


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


def test_fold_is_idempotent_for_every_code_point() -> None:
    bad = [cp for cp in range(sys.maxunicode + 1) if fold(fold(chr(cp))) != fold(chr(cp))]
    assert bad == []


# --------------------------------------------------------------------------- promises


@pytest.mark.parametrize(
    "query",
    ["đăng ký khai sinh", "dang ky khai sinh", "ĐĂNG KÝ KHAI SINH", "Dang Ki Khai Sinh"],
)
def test_birth_registration_first(index: SearchIndex, query: str) -> None:
    hits = index.search(query).hits
    assert fold(hits[0].name) == "thu tuc dang ky khai sinh"
    assert all(has_phrase(h.name, "dang ky khai sinh") for h in hits[:5])


@pytest.mark.parametrize("query", ["KẾT HÔN", "kết hôn", "ket hon", "đăng ký kết hôn"])
def test_marriage_registration_first(index: SearchIndex, query: str) -> None:
    hits = index.search(query).hits
    assert fold(hits[0].name) == "thu tuc dang ky ket hon"
    assert all(has_phrase(h.name, "ket hon") for h in hits[:3])


def test_diacritics_and_case_do_not_change_what_matches(index: SearchIndex) -> None:
    for a, b in [("đăng ký khai sinh", "DANG KY KHAI SINH"), ("Đất đai", "dat dai")]:
        ra, rb = index.search(a, limit=1000), index.search(b, limit=1000)
        assert ra.total == rb.total > 0
        assert {h.key for h in ra.hits} == {h.key for h in rb.hits}


@pytest.mark.parametrize(
    ("query", "phrase"),
    [
        ("khia sinh", "khai sinh"),  # transposition
        ("dang ky khai sinhh", "dang ky khai sinh"),  # insertion
        ("dang ky ket hn", "dang ky ket hon"),  # deletion
        ("dang ky kest hon", "dang ky ket hon"),  # insertion inside a word
        ("chung thuc ban sai", "chung thuc ban sao"),  # substitution
    ],
)
def test_one_typo_per_word_is_tolerated(index: SearchIndex, query: str, phrase: str) -> None:
    hits = index.search(query).hits
    assert hits and has_phrase(hits[0].name, phrase)


def test_last_word_is_a_prefix_while_typing(index: SearchIndex) -> None:
    hits = index.search("dang ky kh", limit=20).hits
    names = [fold(h.name) for h in hits]
    assert any("khai sinh" in n for n in names)
    assert any("khai tu" in n for n in names)
    assert all(any(w.startswith("kh") for w in words(h.name + " " + h.field)) for h in hits)


def _category(hit, word: str, prefix: bool) -> int:
    """0 exact in name, 1 prefix in name, 2 only in the field: the promised order."""
    name = words(hit.name + " " + hit.code)
    if word in name:
        return 0
    if prefix and any(w.startswith(word) for w in name):
        return 1
    return 2


@pytest.mark.parametrize("query", ["ho", "thue", "dat", "tich"])
def test_exact_before_prefix_before_field_only(index: SearchIndex, query: str) -> None:
    hits = index.search(query, limit=2000).hits
    cats = [_category(h, query, prefix=True) for h in hits]
    assert cats == sorted(cats)
    assert len(set(cats)) >= 2  # the test means something on this catalog


def test_name_match_before_field_only_match(index: SearchIndex) -> None:
    hits = index.search("hộ tịch ", limit=2000).hits
    in_name = [has_phrase(h.name, "ho tich") or "tich" in words(h.name) for h in hits]
    assert in_name == sorted(in_name, reverse=True)
    assert True in in_name and False in in_name


def test_typed_diacritics_rank_the_exact_spelling_first(index: SearchIndex) -> None:
    # "thuế" (tax) and "thuê" (rent) fold alike: each spelling, typed, comes first.
    for query, other in [("thuế", "thuê"), ("thuê", "thuế")]:
        hits = index.search(query + " ", limit=2000).hits
        spelled = [i for i, h in enumerate(hits) if query in accented_words(h.name)]
        only_other = [
            i
            for i, h in enumerate(hits)
            if other in accented_words(h.name) and query not in accented_words(h.name)
        ]
        assert spelled and only_other
        assert max(spelled) < min(only_other)


def test_consecutive_words_rank_above_scattered_ones() -> None:
    index = SearchIndex.build(
        [
            SearchDoc("a", "Sinh hoạt khai báo", "X", ("xa",), "9.1"),
            SearchDoc("b", "Cấp lại bản khai sinh cho người ở nước ngoài", "X", ("xa",), "9.2"),
        ]
    )
    assert [h.key for h in index.search("khai sinh").hits] == ["b", "a"]


def test_exact_then_prefix_then_typo() -> None:
    index = SearchIndex.build(
        [
            SearchDoc("typo", "Mẫu khao", "X", ("xa",), "9.1"),
            SearchDoc("prefix", "Mẫu khaithac", "X", ("xa",), "9.2"),
            SearchDoc("exact", "Mẫu khai báo dài hơn", "X", ("xa",), "9.3"),
        ]
    )
    assert [h.key for h in index.search("khai").hits] == ["exact", "prefix", "typo"]
    assert [h.key for h in index.search("khai ").hits] == ["exact", "typo"]


def test_code_query_finds_that_procedure_first(index: SearchIndex, docs: list[SearchDoc]) -> None:
    for doc in random.Random(7).sample(docs, 60):
        assert index.search(doc.code).hits[0].key == doc.key
    hits = index.search("1.0011").hits  # a code being typed
    assert hits and all(h.code.startswith("1.0011") for h in hits)


def test_empty_query_lists_a_filter(index: SearchIndex, docs: list[SearchDoc]) -> None:
    field = "Hộ tịch"
    result = index.search("", field=field, limit=1000)
    assert result.total == sum(d.field == field for d in docs) == len(result.hits)
    assert all(h.field == field for h in result.hits)
    level = max(
        {lv for d in docs for lv in d.levels}, key=lambda v: sum(v in d.levels for d in docs)
    )
    result = index.search("  ", level=level, limit=5)
    assert result.total == sum(level in d.levels for d in docs)
    assert len(result.hits) == 5 and all(level in h.levels for h in result.hits)


def test_and_semantics(index: SearchIndex) -> None:
    result = index.search("khai sinh ", limit=1000)
    assert result.total == len(result.hits) > 5
    for h in result.hits:
        w = set(words(h.name + " " + h.field))
        assert {"khai", "sinh"} <= w


def test_partial_matches_when_nothing_matches_every_word(index: SearchIndex) -> None:
    result = index.search("đăng ký khai sinh zzqqxx")
    assert result.total > 0
    assert fold(result.hits[0].name) == "thu tuc dang ky khai sinh"
    assert index.search("zzqqxx wwvvkk").total == 0


def test_order_is_deterministic(docs: list[SearchDoc], index: SearchIndex) -> None:
    shuffled = list(docs)
    random.Random(1).shuffle(shuffled)
    other = SearchIndex.build(shuffled)
    for q in ["dang ky", "giay phep", "t", "cap", "dat dai", "khia"]:
        a = [h.key for h in index.search(q, limit=200).hits]
        assert a == [h.key for h in other.search(q, limit=200).hits]
        assert a == [h.key for h in index.search(q, limit=200).hits]


def test_facets_count_what_each_filter_would_give(index: SearchIndex) -> None:
    result = index.search("giay phep", level=None, facets=True)
    assert sum(result.field_counts.values()) == result.total
    for field, count in list(result.field_counts.items())[:5]:
        assert index.search("giay phep", field=field).total == count
    filtered = index.search("giay phep", field=next(iter(result.field_counts)), facets=True)
    # The field facet ignores the field filter, so the other fields stay visible.
    assert filtered.field_counts == result.field_counts
    for level, count in filtered.level_counts.items():
        assert (
            count
            == index.search("giay phep", field=next(iter(result.field_counts)), level=level).total
        )


def test_limit_and_total(index: SearchIndex) -> None:
    result = index.search("cap", limit=7)
    assert len(result.hits) == 7 and result.total > 7
    assert index.search("cap", limit=0).hits == []
    assert index.search("cap", limit=-3).hits == []


def test_non_str_query_is_a_type_error(index: SearchIndex) -> None:
    with pytest.raises(TypeError):
        index.search(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "query",
    [
        "a" * 100_000,
        "x " * 50_000,
        "1." * 10_000,
        "😀" * 1000,
        "\u0301" * 1000 + "đ",
        "\ud800\udfff \x00 \u200b",
        " ".join(["dang", "ky", "khai", "sinh"] * 100),
    ],
)
def test_pathological_queries_are_cheap_and_safe(index: SearchIndex, query: str) -> None:
    index.search(query, facets=True)


# --------------------------------------------------------------------------- properties


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=80))
def test_any_text_searches_without_error(index: SearchIndex, query: str) -> None:
    result = index.search(query, facets=True)
    assert 0 <= len(result.hits) <= 50
    assert result.total >= len(result.hits)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)


def _filters(docs: list[SearchDoc]):
    fields = sorted({d.field for d in docs})
    levels = sorted({lv for d in docs for lv in d.levels})
    return st.sampled_from([None, *fields, "no such field"]), st.sampled_from([None, *levels])


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_results_always_satisfy_the_filters(
    index: SearchIndex, docs: list[SearchDoc], data
) -> None:
    fields, levels = _filters(docs)
    field = data.draw(fields)
    level = data.draw(levels)
    vocab_words = st.sampled_from([w for w in index.vocabulary if w.isalpha()][:3000])
    query = data.draw(
        st.one_of(
            st.lists(vocab_words, max_size=4).map(" ".join),
            st.text(alphabet="adghiknostuy đăêôơưá", max_size=20),
        )
    )
    result = index.search(query, field=field, level=level, limit=200)
    for h in result.hits:
        assert field is None or h.field == field
        assert level is None or level in h.levels
    allowed = sum(
        (field is None or d.field == field) and (level is None or level in d.levels) for d in docs
    )
    assert result.total <= allowed


def _edit(word: str, op: str, pos: int, ch: str) -> str:
    pos %= len(word)
    if op == "substitute":
        return word[:pos] + ch + word[pos + 1 :]
    if op == "insert":
        return word[:pos] + ch + word[pos:]
    if op == "delete":
        return word[:pos] + word[pos + 1 :]
    pos = min(pos, len(word) - 2)
    return word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_word_with_one_edit_is_still_found(index: SearchIndex, data) -> None:
    vocab = index.vocabulary
    word = data.draw(
        st.sampled_from([w for w in vocab if w.isalpha() and w.isascii() and len(w) >= 3])
    )
    op = data.draw(st.sampled_from(["substitute", "insert", "delete", "transpose"]))
    typo = _edit(
        word, op, data.draw(st.integers(0, 50)), data.draw(st.sampled_from("abcdeghiklmnoprstuvxy"))
    )
    # A typo that spells another word of the catalog, or starts one, is not a typo the
    # search can see; a final consonant+y is another spelling of +i.
    assume(typo != word and typo not in vocab and not typo.endswith("y"))
    assume(not any(v.startswith(typo) for v in vocab))
    for query in (typo, typo + " "):
        hits = index.search(query, limit=100_000).hits
        assert any(word in _terms(h) for h in hits), (word, typo)


def _terms(hit) -> set[str]:
    t = doc_terms(SearchDoc(hit.key, hit.name, hit.field, hit.levels, hit.code))
    return set(t.name + t.field + t.code)
