"""Telex typing: real words, undo, capitals, touch helpers, and properties."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.text.telex import (
    MARKS,
    TONES,
    apply_key,
    apply_mark,
    apply_tone,
    backspace,
    strip_tone,
)


def typed(keys: str, start: str = "") -> str:
    text = start
    for key in keys:
        text = apply_key(text, key)
    return text


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("ddawng kys khai sinh", "đăng ký khai sinh"),
        ("keets hoon", "kết hôn"),
        ("nguowif", "người"),
        ("nguoiwf", "người"),
        ("nguoifw", "người"),
        ("thur tucj", "thủ tục"),
        ("Haf Nooij", "Hà Nội"),
        ("quoocs", "quốc"),
        ("giaays", "giấy"),
        ("giaays towf", "giấy tờ"),
        ("hoaf", "hòa"),
        ("khuyeens", "khuyến"),
        ("tieengs Vieetj", "tiếng Việt"),
        ("truwowngf", "trường"),
        ("truowngf", "trường"),
        ("phuwowngf", "phường"),
        ("xax", "xã"),
        ("hoof sow", "hồ sơ"),
        ("chuwngs minh", "chứng minh"),
        ("caan nawng", "cân năng"),
        ("cawn cuwowcs", "căn cước"),
        ("dduwowcj", "được"),
        ("hoawcj", "hoặc"),
        ("muaw", "mưa"),
        ("cuwus", "cứu"),
        ("cuwsu", "cứu"),
        ("gif", "gì"),
        ("giuwx", "giữ"),
        ("gieeng", "giêng"),
        ("quyx", "quỹ"),
        ("quaan", "quân"),
        ("thuyf", "thùy"),
        ("xoef", "xòe"),
        ("khoer", "khỏe"),
        ("ngoaif", "ngoài"),
        ("khuyar", "khuỷa"),
        ("khuyur", "khuỷu"),
        ("yeeu", "yêu"),
        ("ddieeuf", "điều"),
        ("huowus", "hướu"),
        ("thuowr", "thuở"),
        ("mwa", "mưa"),
        ("tw", "tư"),
        ("w", "ư"),
        ("nhwng", "nhưng"),
        ("ddoongf", "đồng"),
        ("nawm", "năm"),
        ("sinh", "sinh"),
        ("xin", "xin"),
        ("trar", "trả"),
        ("keets quar", "kết quả"),
        ("xooong", "xoong"),
        ("baan", "bân"),
        ("bana", "bân"),
        ("dauf", "dàu"),
        ("daud", "đau"),
        ("uwow", "ươ"),
    ],
)
def test_real_words(keys, expected):
    assert typed(keys) == expected


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("hoafn", "hoàn"),  # tone moves when the syllable closes
        ("tiesn", "tién"),
        ("tiesen", "tiến"),  # tone before the mark
        ("nguoif", "nguòi"),
        ("nguoifw", "người"),
        ("muoons", "muốn"),
        ("muosno", "muốn"),
    ],
)
def test_tone_follows_the_syllable(keys, expected):
    assert typed(keys) == expected


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("ass", "as"),
        ("asss", "ass"),
        ("aaa", "aa"),
        ("eee", "ee"),
        ("ooo", "oo"),
        ("aww", "aw"),
        ("oww", "ow"),
        ("uww", "w"),  # a doubled w gives the plain w back
        ("ww", "w"),
        ("ddd", "dd"),
        ("tuoww", "tuow"),
        ("hoaff", "hoaf"),
        ("bans", "bán"),
        ("banss", "bans"),
        ("awa", "â"),  # another mark replaces the breve
        ("aaw", "ă"),
        ("owo", "ô"),
        ("uwowo", "uô"),
        ("az", "az"),  # nothing to remove: z is typed
        ("asz", "a"),
        ("asf", "à"),  # another tone replaces it
    ],
)
def test_undo_and_switch(keys, expected):
    assert typed(keys) == expected


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("s", "s"),  # no vowel: a tone key is a letter
        ("thx", "thx"),
        ("f", "f"),
        ("test", "tét"),  # looks like a syllable: Telex applies
        ("hello", "hello"),
        ("email", "email"),
        ("bus", "bú"),
        ("www", "ww"),
        ("12a", "12a"),
        ("a1s", "a1s"),
        ("Straße", "Straße"),
    ],
)
def test_non_vietnamese(keys, expected):
    assert typed(keys) == expected


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("DDaf Nawxng", "Đà Nẵng"),
        ("Dd", "Đ"),
        ("DD", "Đ"),
        ("dD", "đ"),
        ("NGUOWIF", "NGƯỜI"),
        ("NguyeenX", "Nguyễn"),
        ("HAF NOOIJ", "HÀ NỘI"),
        ("AA", "Â"),
        ("Aa", "Â"),
        ("AAA", "AA"),
        ("AsS", "AS"),
        ("W", "Ư"),
        ("Ww", "W"),
    ],
)
def test_upper_case(keys, expected):
    assert typed(keys) == expected


def test_only_the_last_word_changes():
    assert apply_key("Hà Nội hoa", "f") == "Hà Nội hòa"
    assert apply_key("hoa ", "f") == "hoa f"
    assert apply_key("số 12/", "d") == "số 12/d"


def test_input_is_normalised():
    decomposed = unicodedata.normalize("NFD", "Hà Nội")
    assert apply_key(decomposed, " ") == "Hà Nội "
    assert apply_key(unicodedata.normalize("NFD", "ho"), "f") == "hò"


def test_other_keys_are_typed():
    assert apply_key("ab", "1") == "ab1"
    assert apply_key("ab", "") == "ab"
    assert apply_key("ab", "xy") == "abxy"
    assert apply_key("ab", "é") == "abé"


@pytest.mark.parametrize(
    ("text", "tone", "expected"),
    [
        ("hoa", "huyen", "hòa"),
        ("hoan", "huyen", "hoàn"),
        ("nguoi", "sac", "nguói"),
        ("người", "nga", "ngưỡi"),
        ("người", "none", "ngươi"),
        ("Hà Noi", "nang", "Hà Nọi"),
        ("tiên", "sac", "tiến"),
        ("quôc", "sac", "quốc"),
        ("giây", "sac", "giấy"),
        ("thuy", "sac", "thúy"),
        ("gi", "huyen", "gì"),
        ("khuya", "nang", "khuỵa"),
        ("ươi", "hoi", "ưởi"),
        ("hòa", "huyen", "hòa"),  # touching the same tone keeps it
        ("nh", "sac", "nh"),  # nothing to put it on
        ("", "sac", ""),
        ("abc ", "sac", "abc "),
        ("hello", "sac", "hello"),
    ],
)
def test_apply_tone(text, tone, expected):
    assert apply_tone(text, tone) == expected


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        ("nguoi", "horn", "ngươi"),
        ("ngươi", "horn", "nguoi"),  # touching again removes it
        ("thuo", "horn", "thuơ"),
        ("tu", "horn", "tư"),
        ("mua", "horn", "mưa"),
        ("to", "horn", "tơ"),
        ("tien", "circumflex", "tiên"),
        ("muon", "circumflex", "muôn"),
        ("tuan", "circumflex", "tuân"),
        ("tân", "circumflex", "tan"),
        ("ngươi", "circumflex", "nguôi"),
        ("hoa", "circumflex", "hoa"),  # no place for it
        ("can", "breve", "căn"),
        ("hoac", "breve", "hoăc"),
        ("căn", "breve", "can"),
        ("dan", "stroke", "đan"),
        ("Dan", "stroke", "Đan"),
        ("đan", "stroke", "dan"),
        ("an", "stroke", "an"),
        ("hoặc", "horn", "hoặc"),
        ("", "horn", ""),
    ],
)
def test_apply_mark(text, mark, expected):
    assert apply_mark(text, mark) == expected


def test_marks_keep_the_tone_in_place():
    assert apply_mark("nguòi", "horn") == "người"
    assert apply_mark("tiến", "circumflex") == "tién"


def test_unknown_names_raise():
    with pytest.raises(ValueError):
        apply_tone("a", "acute")
    with pytest.raises(ValueError):
        apply_mark("a", "hat")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("người", "ngươi"), ("Hà Nội", "Hà Nôi"), ("abc", "abc"), ("", ""), ("á ", "á ")],
)
def test_strip_tone(text, expected):
    assert strip_tone(text) == expected


def test_z_removes_the_tone():
    assert apply_key("người", "z") == "ngươi"
    assert apply_key("ngươi", "z") == "ngươiz"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("người", "ngườ"),
        ("ế", ""),
        ("Hà ", "Hà"),
        ("", ""),
        (unicodedata.normalize("NFD", "ế"), ""),  # decomposed input: still one letter
        ("x\u0301", ""),  # no precomposed form: base and mark go together
        ("ab\u0301\u0323", "a"),
    ],
)
def test_backspace(text, expected):
    assert backspace(text) == expected


def test_names_are_exported():
    assert TONES == ("sac", "huyen", "hoi", "nga", "nang")
    assert MARKS == ("circumflex", "breve", "horn", "stroke")


# ------------------------------------------------------------------------ properties

_keys = st.sampled_from(list("aeiouydwsfrxjzqgnhtcmp AEDWSO1.-")) | st.characters()
_texts = st.text(max_size=12) | st.text(alphabet="aăâeêioôơuưyđdnghqtcwsfrxjzÀÁẠẢÃ ", max_size=12)


@given(_texts, _keys)
def test_apply_key_never_raises_and_is_nfc(text, key):
    out = apply_key(text, key)
    assert unicodedata.is_normalized("NFC", out)


@given(_texts, st.lists(_keys, max_size=15))
def test_typing_sequences_stay_nfc(text, keys):
    for key in keys:
        text = apply_key(text, key)
        assert unicodedata.is_normalized("NFC", text)


@given(_texts, st.sampled_from([*TONES, "none"]), st.sampled_from(MARKS))
def test_touch_helpers_never_raise(text, tone, mark):
    for out in (apply_tone(text, tone), apply_mark(text, mark), strip_tone(text)):
        assert unicodedata.is_normalized("NFC", out)


@given(_texts)
def test_backspace_shortens(text):
    out = backspace(text)
    assert unicodedata.is_normalized("NFC", out)
    nfc = unicodedata.normalize("NFC", text)
    assert nfc.startswith(out)
    assert len(out) < len(nfc) or nfc == ""


@given(st.text(alphabet="bcghklmnpqtv iuy.,0", max_size=20))
def test_letters_that_are_no_telex_key_are_typed_as_is(text):
    assert typed(text) == text


@given(
    st.sampled_from(["hoa", "nguoi", "tien", "quoc", "giay", "khuyen", "thu"]),
    st.sampled_from(TONES),
)
def test_strip_undoes_apply_tone(word, tone):
    assert strip_tone(apply_tone(word, tone)) == word
