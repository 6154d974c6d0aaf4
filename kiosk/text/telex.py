"""Vietnamese Telex typing for the on-screen keyboard (pure Python, no Qt).

Every function takes the whole text and returns the new whole text; only the last word
(the trailing run of letters) is ever changed, so the caller keeps no typing state.

Telex keys, applied to the last word:
    aa -> â, ee -> ê, oo -> ô, aw -> ă, ow -> ơ, uw -> ư, uow -> ươ, dd -> đ,
    w on its own (at word start or after consonants) -> ư,
    s f r x j -> sắc huyền hỏi ngã nặng, z -> remove the tone.
Pressing the same modifier again undoes it and types the key ("ás" + "s" -> "as",
"â" + "a" -> "aa"). A key that cannot apply, for example a tone on a word without a
vowel or on a word that is not a Vietnamese syllable, is simply typed.

Tone placement follows the traditional orthography ("hòa", "thúy", "xòe" rather than the
newer "hoà", "thuý", "xoè"), because it is what most printed forms and older citizens use:
  1. a vowel carrying a mark (â ă ê ô ơ ư) takes the tone; in ươ it goes on ơ;
  2. otherwise, in a closed syllable (one ending in a consonant) the last vowel;
  3. otherwise one vowel takes it, an open two-vowel cluster (oa, oe, uy, ia, ua, ai, ...)
     takes it on the first, a three-vowel cluster on the middle one.
The "qu" and "gi" initials count as consonants ("quốc", "giấy"), except "gi" with no other
vowel ("gì", "gìn").

After every change the tone is moved to where these rules put it, so "hòa" + "n" gives
"hoàn" and "nguòi" + "w" gives "người".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

__all__ = [
    "MARKS",
    "TONES",
    "apply_key",
    "apply_mark",
    "apply_tone",
    "backspace",
    "strip_tone",
]

# Tone names as the UI uses them (Vietnamese names, ASCII), in keyboard order.
TONES: tuple[str, ...] = ("sac", "huyen", "hoi", "nga", "nang")
MARKS: tuple[str, ...] = ("circumflex", "breve", "horn", "stroke")

_TONE_KEYS = {"s": "sac", "f": "huyen", "r": "hoi", "x": "nga", "j": "nang"}
_TONE_COMBINING = {
    "sac": "\u0301",
    "huyen": "\u0300",
    "hoi": "\u0309",
    "nga": "\u0303",
    "nang": "\u0323",
}
# Base letter -> mark -> marked letter (lower case).
_MARKED = {
    ("a", "circumflex"): "â",
    ("a", "breve"): "ă",
    ("e", "circumflex"): "ê",
    ("o", "circumflex"): "ô",
    ("o", "horn"): "ơ",
    ("u", "horn"): "ư",
    ("d", "stroke"): "đ",
}
_VOWELS = frozenset("aeiouy")
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxz")

_INITIALS = frozenset(
    {
        "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n",
        "ng", "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
    }
)  # fmt: skip
_FINALS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})

# Vowel clusters (marks included, tones not) that a finished modifier may produce.
# Plain letters are typed freely; this only stops a mark from making a non-word.
_NUCLEI = frozenset(
    """
    a ă â e ê i o ô ơ u ư y
    ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy
    ưa ưi ươ ưu yê
    oai oay oeo uây uôi ươi ươu uya uyê uyu iêu yêu
    """.split()
)


@dataclass(frozen=True, slots=True)
class _Letter:
    base: str  # an ASCII lower-case letter
    mark: str | None = None  # one of MARKS
    tone: str | None = None  # one of TONES (vowels only)
    upper: bool = False

    @property
    def is_vowel(self) -> bool:
        return self.base in _VOWELS

    @property
    def marked(self) -> str:
        """The lower-case letter with its mark but without tone, e.g. "ư", "đ"."""
        if self.mark is None:
            return self.base
        return _MARKED[(self.base, self.mark)]

    def render(self) -> str:
        ch = self.marked
        if self.tone is not None:
            ch = unicodedata.normalize("NFC", ch + _TONE_COMBINING[self.tone])
        return ch.upper() if self.upper else ch


def _build_decode_table() -> dict[str, _Letter]:
    table: dict[str, _Letter] = {}
    for base in _VOWELS | _CONSONANTS:
        forms: list[str | None] = [None]
        forms += [mark for (b, mark) in _MARKED if b == base]
        for mark in forms:
            tones: tuple[str | None, ...] = (None, *TONES) if base in _VOWELS else (None,)
            for tone in tones:
                for upper in (False, True):
                    letter = _Letter(base, mark, tone, upper)
                    table[letter.render()] = letter
    return table


_DECODE = _build_decode_table()


@dataclass(frozen=True, slots=True)
class _Syllable:
    initial: str  # e.g. "ngh", "qu", "gi", "đ"
    vowels: tuple[int, ...]  # indexes of the vowel cluster in the word
    final: str  # e.g. "ng"


# --------------------------------------------------------------------------- helpers


def _split(text: str) -> tuple[str, str]:
    """Split NFC text into (prefix, last word); the word is the trailing run of letters."""
    i = len(text)
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return text[:i], text[i:]


def _decode(word: str) -> list[_Letter] | None:
    """The word as letters, or None if it holds a letter Vietnamese does not use."""
    letters = []
    for ch in word:
        letter = _DECODE.get(ch)
        if letter is None:
            return None
        letters.append(letter)
    return letters


def _encode(letters: list[_Letter]) -> str:
    return "".join(letter.render() for letter in letters)


def _parse(letters: list[_Letter]) -> _Syllable | None:
    """Split a word into initial, vowel cluster and final; None if not syllable-shaped."""
    n = len(letters)
    i = 0
    while i < n and not letters[i].is_vowel:
        i += 1
    j = i
    while j < n and letters[j].is_vowel:
        j += 1
    if any(letter.is_vowel for letter in letters[j:]):
        return None
    initial = "".join(letter.marked for letter in letters[:i])
    final = "".join(letter.marked for letter in letters[j:])
    vowels = tuple(range(i, j))
    # "qu" and "gi" are initials when another vowel follows ("quốc", "giấy", but "gì").
    if len(vowels) >= 2 and letters[i].mark is None:
        if (initial, letters[i].base) in (("q", "u"), ("g", "i")):
            initial += letters[i].base
            vowels = vowels[1:]
    if initial not in _INITIALS or final not in _FINALS:
        return None
    return _Syllable(initial, vowels, final)


def _nucleus(letters: list[_Letter], syl: _Syllable) -> str:
    return "".join(letters[k].marked for k in syl.vowels)


def _tone_position(letters: list[_Letter], syl: _Syllable) -> int | None:
    vowels = syl.vowels
    if not vowels:
        return None
    marked = [k for k in vowels if letters[k].mark is not None]
    if marked:
        return marked[-1]  # ươ -> ơ, the only marked vowel otherwise
    if syl.final or len(vowels) == 1:
        return vowels[-1]
    if len(vowels) == 2:
        return vowels[0]  # traditional style: hòa, thúy, xòe
    return vowels[1]


def _current_tone(letters: list[_Letter]) -> str | None:
    for letter in letters:
        if letter.tone is not None:
            return letter.tone
    return None


def _with_tone(letters: list[_Letter], syl: _Syllable, tone: str | None) -> list[_Letter]:
    """All tones cleared, then `tone` placed by the orthography rules."""
    out = [replace(letter, tone=None) if letter.tone else letter for letter in letters]
    pos = _tone_position(out, syl)
    if tone is not None and pos is not None:
        out[pos] = replace(out[pos], tone=tone)
    return out


def _normalise(letters: list[_Letter]) -> list[_Letter]:
    """Fix "uơ" once something follows it (huơ -> hươn) and move the tone into place."""
    syl = _parse(letters)
    if syl is None:
        return letters
    out = list(letters)
    vs = syl.vowels
    for a, b in zip(vs, vs[1:], strict=False):
        u, o = out[a], out[b]
        if u.base == "u" and o.base == "o" and o.mark == "horn" and u.mark is None:
            if b + 1 < len(out):
                out[a] = replace(u, mark="horn")
    tone = _current_tone(out)
    if tone is None:
        return out
    return _with_tone(out, syl, tone)


def _uo_pair(letters: list[_Letter], syl: _Syllable) -> tuple[int, int] | None:
    vs = syl.vowels
    for a, b in zip(vs, vs[1:], strict=False):
        if letters[a].base == "u" and letters[b].base == "o":
            return a, b
    return None


def _finish(prefix: str, letters: list[_Letter]) -> str:
    return unicodedata.normalize("NFC", prefix + _encode(_normalise(letters)))


# ------------------------------------------------------------------------ mark logic
# Each _mark_* returns the changed letters, "undo" when the mark is already there (so
# the key toggles it off), or None when the mark cannot go anywhere in this word.


def _valid(letters: list[_Letter], syl: _Syllable) -> bool:
    return _nucleus(letters, syl) in _NUCLEI


def _mark_vowel(letters: list[_Letter], syl: _Syllable, base: str, mark: str):
    """Put `mark` on the last vowel `base` of the cluster (aa, ee, oo, aw)."""
    targets = [k for k in syl.vowels if letters[k].base == base]
    if not targets:
        return None
    k = targets[-1]
    if letters[k].mark == mark:
        return "undo", k
    out = list(letters)
    out[k] = replace(out[k], mark=mark)
    if base == "o" and mark == "circumflex" and k > 0 and out[k - 1].base == "u":
        out[k - 1] = replace(out[k - 1], mark=None)  # ươ + o -> uô
    if not _valid(out, syl):
        return None
    return out, k


def _mark_horn(letters: list[_Letter], syl: _Syllable, breve_too: bool):
    """The w key and the horn button: ươ, ư, ơ (and ă for the w key)."""
    pair = _uo_pair(letters, syl)
    if pair is not None:
        a, b = pair
        if letters[b].mark == "horn":
            return "undo", b
        out = list(letters)
        out[b] = replace(out[b], mark="horn")
        # Open "uơ" exists (huơ, thuở); with anything after it, it is "ươ".
        if b + 1 < len(letters) or letters[a].mark == "horn":
            out[a] = replace(out[a], mark="horn")
        return out, b
    vs = syl.vowels
    bases = "".join(letters[k].base for k in vs)
    order: list[str] = []
    if breve_too and "oa" in bases:
        order.append("a")  # hoặc, xoăn
    order += ["u", "o"]
    if breve_too:
        order.append("a")
    for base in order:
        targets = [k for k in vs if letters[k].base == base]
        if not targets:
            continue
        k = targets[0]
        mark = "breve" if base == "a" else "horn"
        if letters[k].mark == mark:
            return "undo", k
        out = list(letters)
        out[k] = replace(out[k], mark=mark)
        if _valid(out, syl):
            return out, k
        return None
    return None


def _mark_stroke(letters: list[_Letter]):
    if not letters or letters[0].base != "d":
        return None
    if letters[0].mark == "stroke":
        return "undo", 0
    out = list(letters)
    out[0] = replace(out[0], mark="stroke")
    return out, 0


def _mark_any_circumflex(letters: list[_Letter], syl: _Syllable):
    """The touch button "^": the vowel of the cluster that can carry it (uô, iê, uâ)."""
    for k in reversed(syl.vowels):
        if letters[k].mark == "circumflex":
            return "undo", k
    for k in reversed(syl.vowels):
        if letters[k].base in "aeo":
            result = _mark_vowel(letters, syl, letters[k].base, "circumflex")
            if result is not None and result[0] != "undo":
                return result
    return None


def _undo(letters: list[_Letter], k: int) -> list[_Letter]:
    out = list(letters)
    out[k] = replace(out[k], mark=None)
    if out[k].base == "o" and k > 0 and out[k - 1].base == "u":
        out[k - 1] = replace(out[k - 1], mark=None)  # ươ -> uo
    return out


# ---------------------------------------------------------------------------- public


def apply_key(text: str, key: str) -> str:
    """The text after pressing `key` in Telex mode at its end."""
    text = unicodedata.normalize("NFC", text)
    key = unicodedata.normalize("NFC", key)
    typed = unicodedata.normalize("NFC", text + key)
    if len(key) != 1 or key.lower() not in _VOWELS | _CONSONANTS:
        return typed
    prefix, word = _split(text)
    letters = _decode(word)
    if letters is None:
        return typed
    k = key.lower()
    syl = _parse(letters)
    if syl is None:
        return typed
    plain = _Letter(k, upper=key.isupper())

    if k in _TONE_KEYS or k == "z":
        tone = _TONE_KEYS.get(k)
        current = _current_tone(letters)
        if not syl.vowels or (tone is None and current is None):
            return _finish(prefix, [*letters, plain])
        if tone is not None and tone == current:
            return _finish(prefix, [*_with_tone(letters, syl, None), plain])
        return _finish(prefix, _with_tone(letters, syl, tone))

    result = None
    if k in "aeo":
        mark = "circumflex"
        result = _mark_vowel(letters, syl, k, mark)
    elif k == "w":
        if not syl.vowels:
            # "w" alone is "ư": at word start or after an initial consonant.
            return _finish(prefix, [*letters, _Letter("u", "horn", upper=key.isupper())])
        result = _mark_horn(letters, syl, breve_too=True)
        if result is not None and result[0] == "undo" and _lone_final_u(letters, syl):
            # "w" typed "ư"; a second "w" gives the plain letter back, so "ww" -> "w".
            last = letters[-1]
            return _finish(prefix, [*letters[:-1], _Letter("w", upper=last.upper)])
    elif k == "d":
        result = _mark_stroke(letters)

    if result is None:
        return _finish(prefix, [*letters, plain])
    if result[0] == "undo":
        return _finish(prefix, [*_undo(letters, result[1]), plain])
    return _finish(prefix, result[0])


def _lone_final_u(letters: list[_Letter], syl: _Syllable) -> bool:
    last = len(letters) - 1
    return syl.vowels == (last,) and letters[last].base == "u"


def _edit_last_word(text: str, edit) -> str:
    text = unicodedata.normalize("NFC", text)
    prefix, word = _split(text)
    letters = _decode(word)
    if not letters:
        return text
    syl = _parse(letters)
    if syl is None:
        return text
    out = edit(letters, syl)
    if out is None:
        return text
    return _finish(prefix, out)


def apply_tone(text: str, tone: str) -> str:
    """Set the tone of the last word (a touch on a tone button); "none" removes it.

    Unlike the typed key, touching the same tone twice keeps it: a double tap by an
    unsure hand should not silently undo the tone. The text is unchanged when the
    last word cannot carry a tone.
    """
    if tone == "none":
        return strip_tone(text)
    if tone not in TONES:
        raise ValueError(f"unknown tone {tone!r}; expected one of {TONES} or 'none'")

    def edit(letters, syl):
        return _with_tone(letters, syl, tone) if syl.vowels else None

    return _edit_last_word(text, edit)


def strip_tone(text: str) -> str:
    """Remove the tone of the last word, keeping its marks ("người" -> "ngươi")."""

    def edit(letters, syl):
        return _with_tone(letters, syl, None)

    return _edit_last_word(text, edit)


def apply_mark(text: str, mark: str) -> str:
    """Toggle a mark on the last word (a touch on a mark button).

    circumflex: â ê ô; breve: ă; horn: ơ ư ươ; stroke: đ (first letter). Touching the
    button again removes the mark; the text is unchanged when the mark fits nowhere.
    """
    if mark not in MARKS:
        raise ValueError(f"unknown mark {mark!r}; expected one of {MARKS}")

    def edit(letters, syl):
        if mark == "stroke":
            result = _mark_stroke(letters)
        elif mark == "circumflex":
            result = _mark_any_circumflex(letters, syl)
        elif mark == "breve":
            result = _mark_vowel(letters, syl, "a", "breve")
        else:
            result = _mark_horn(letters, syl, breve_too=False)
        if result is None:
            return None
        if result[0] == "undo":
            return _undo(letters, result[1])
        return result[0]

    return _edit_last_word(text, edit)


def backspace(text: str) -> str:
    """The text without its last character, a whole letter with all its accents."""
    text = unicodedata.normalize("NFC", text)
    i = len(text)
    # A letter NFC cannot compose stays a base plus combining marks: drop them together.
    while i > 0 and unicodedata.combining(text[i - 1]):
        i -= 1
    if i > 0:
        i -= 1
    return text[:i]
