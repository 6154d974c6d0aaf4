"""Search over the procedure catalog: pure Python, in memory, fast enough per keystroke.

How it works, in short:

* Text is folded (no diacritics, no case, đ -> d) and split into terms; a final "y"
  after a consonant is also an "i" (ký/kí). Vietnamese has only a few thousand distinct
  folded syllables, so the vocabulary stays small even for a large catalog.
* Documents get ids in a static rank order (shorter names first). A common term's
  postings are a Python int used as a bitset over those ids (rare terms keep a tuple of
  ids), so AND/OR across words, filters and facet counts are a handful of big-int
  operations, and "the best N of a set" is its N lowest set bits.
* The last query word is a prefix while typing (unless a space follows it): the
  vocabulary is sorted, so the terms it starts are one id range found with bisect.
* One typo per word (Damerau: substitution, insertion, deletion, adjacent transposition)
  comes from a symmetric-delete index: every term and its one-deletion variants point
  back to the term; a query word looks up itself and its own one-deletion variants.
  Typos are only looked for when exact and prefix matching find (almost) nothing.
* All words must match; if no procedure has them all, those matching the most words.
* Ranking: each query word scores by how it matched (name or code exact > name prefix >
  field exact > name typo > field prefix > field typo; typed diacritics matching exactly
  slightly above a folded match). The best few hundred candidates by (score, static
  rank) are then ordered by query words found next to each other in the name. The
  order is deterministic.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = [
    "TERMS_VERSION",
    "DocTerms",
    "Hit",
    "SearchDoc",
    "SearchIndex",
    "SearchResult",
    "doc_terms",
    "fold",
    "tokenize",
]

# Bump whenever fold/tokenize/doc_terms change: terms persisted by the catalog cache
# carry this number and are re-derived when it differs.
TERMS_VERSION = 1

# Bounds that keep any input (pasted text, a stuck key) cheap.
_MAX_QUERY_CHARS = 256
_MAX_QUERY_TOKENS = 12
_MAX_TOKEN_CHARS = 40

# Detailed scoring looks at about this many candidates, taken best tier first.
_CANDIDATE_BUDGET = 300
# Typo matches are only looked for when exact and prefix matching find fewer than this:
# otherwise one-edit neighbours of short words ("thue" -> "thu") flood the results.
_TYPO_THRESHOLD = 5
# Safety bound on tiers visited for pathological many-word queries.
_MAX_TIERS = 4000
# Below this many (matches x words), weigh every match directly instead of by tiers.
_DIRECT_MAX = 4_000
_CACHE_MAX = 512

# Per-word match weights. Integers, so the phrase bonus (< 1) only breaks ties.
_W_NAME_ACCENT = 101  # typed diacritics match the name's word exactly
_W_NAME_EXACT = 100
_W_NAME_PREFIX = 60
_W_FIELD_EXACT = 50
_W_NAME_TYPO = 30
_W_FIELD_PREFIX = 25
_W_FIELD_TYPO = 12
_W_MISSING = -1000  # only when falling back to partial matches


# --------------------------------------------------------------------------- folding


class _FoldTable(dict):
    """str.translate table built lazily: drops combining marks, maps đ/ð to d."""

    def __missing__(self, cp: int) -> int | None:
        ch = chr(cp)
        if unicodedata.category(ch).startswith("M"):
            value: int | None = None
        elif ch in "đð":  # ð: look-alike of đ left by legacy Vietnamese encodings
            value = ord("d")
        else:
            value = cp
        if len(self) < 20_000:  # arbitrary input must not grow it without bound
            self[cp] = value
        return value


_FOLD_TABLE = _FoldTable()


def _fold_once(text: str) -> str:
    if text.isascii():
        return text.lower()
    # casefold, unlike lower, has no context rules (final sigma), so folding a word
    # alone gives the same as folding it inside a sentence.
    return unicodedata.normalize("NFD", text.casefold()).translate(_FOLD_TABLE)


def fold(text: str) -> str:
    """Diacritics and case removed: "Đăng KÝ" -> "dang ky". Idempotent."""
    out = _fold_once(text)
    if out.isascii():
        return out
    # A few exotic characters need a second round to reach a fixed point.
    for _ in range(3):
        again = _fold_once(out)
        if again == out:
            break
        out = again
    return out


# A dotted number (procedure code "1.001193") is one token, and its parts too.
_TOKEN_RE = re.compile(r"\d+(?:\.\d+)+|[^\W_]+")
_HAS_DIGIT = re.compile(r"\d")


def tokenize(text: str) -> list[str]:
    """Folded words (letters/digits); a dotted code yields itself, then its parts."""
    toks = _TOKEN_RE.findall(fold(text))
    if not any("." in t for t in toks):
        return toks
    out: list[str] = []
    for tok in toks:
        out.append(tok)
        if "." in tok:
            out.extend(tok.split("."))
    return out


# Vietnamese writes a final "y" after a consonant also as "i" (ký/kí, lý/lí, quý/quí,
# công ty/công ti): both spellings are correct, so they are one term.
_Y_FINAL = re.compile(r"(?:b|c|ch|d|g|gh|h|k|kh|l|m|n|ng|ngh|nh|p|ph|qu|r|s|t|th|tr|v|x)y")


def _variant(term: str) -> str:
    if term.endswith("y") and _Y_FINAL.fullmatch(term):
        return term[:-1] + "i"
    return term


def _raw_words(text: str) -> list[str]:
    """Lowercased words with their diacritics (NFC), in the same pipeline for both sides."""
    return _TOKEN_RE.findall(unicodedata.normalize("NFC", text.casefold()))


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True, slots=True)
class SearchDoc:
    key: str
    name: str
    field: str
    levels: tuple[str, ...]
    code: str
    online_level: str | None = None


@dataclass(frozen=True, slots=True)
class DocTerms:
    """What the index needs of a document, derived once (and persisted by the cache)."""

    name: tuple[str, ...]  # terms of the name, in order
    code: tuple[str, ...]
    field: tuple[str, ...]
    accents: tuple[str, ...]  # distinct name words that carry diacritics, lowercased

    def to_row(self) -> dict[str, str]:
        # Terms never contain spaces, so a space-joined string round-trips.
        return {
            "name_terms": " ".join(self.name),
            "code_terms": " ".join(self.code),
            "field_terms": " ".join(self.field),
            "accents": " ".join(self.accents),
        }

    @classmethod
    def from_row(cls, name_terms: str, code_terms: str, field_terms: str, accents: str) -> DocTerms:
        """The inverse of to_row, from its four values in that order."""
        return cls(
            tuple(name_terms.split()),
            tuple(code_terms.split()),
            tuple(field_terms.split()),
            tuple(accents.split()),
        )


def _terms(text: str) -> tuple[str, ...]:
    # Interned: a large catalog repeats the same few thousand words millions of times.
    return tuple(sys.intern(_variant(t)) for t in tokenize(text))


_field_terms = functools.lru_cache(maxsize=4096)(_terms)  # fields repeat across documents


@functools.lru_cache(maxsize=65536)
def _is_accented(word: str) -> bool:
    return not word.isascii() and "." not in word and fold(word) != word


def doc_terms(doc: SearchDoc) -> DocTerms:
    accents = dict.fromkeys(sys.intern(w) for w in _raw_words(doc.name) if _is_accented(w))
    return DocTerms(
        name=_terms(doc.name),
        code=_terms(doc.code),
        field=_field_terms(doc.field),
        accents=tuple(accents),
    )


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Hit:
    key: str
    score: float  # higher is better; comparable within one result only
    name: str
    field: str
    levels: tuple[str, ...]
    code: str
    online_level: str | None


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: list[Hit]
    total: int  # all matches, not only the hits returned
    # Facets (only with facets=True): matches per field ignoring the field filter, and
    # per level ignoring the level filter, so a screen can show what each choice gives.
    field_counts: dict[str, int] = field(default_factory=dict)
    level_counts: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- helpers


def _bits(ids: Iterable[int]) -> int:
    """Bitset from ids."""
    ids = ids if isinstance(ids, list | tuple) else list(ids)
    if not ids:
        return 0
    buf = bytearray((max(ids) >> 3) + 1)
    for i in ids:
        buf[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buf, "little")


# A posting is a bitset (int) for common terms and a tuple of ids for rare ones: a
# bitset costs (highest id)/8 bytes whatever its count, which for the many terms seen
# in a handful of documents (codes, numbers, place names) would be most of the memory.
Posting = int | tuple[int, ...]


def _posting(ids: list[int], n_docs: int) -> Posting:
    return _bits(ids) if len(ids) * 64 > n_docs else tuple(ids)


def _as_bits(p: Posting) -> int:
    return p if isinstance(p, int) else _bits(p)


def _union(posts: Iterable[Posting]) -> int:
    dense = 0
    sparse: list[int] = []
    for p in posts:
        if isinstance(p, int):
            dense |= p
        else:
            sparse.extend(p)
    return dense | _bits(sparse) if sparse else dense


_NONZERO = re.compile(rb"[^\x00]")
_BYTE_BITS = tuple(tuple(b for b in range(8) if v >> b & 1) for v in range(256))


def _lowest(x: int, k: int) -> list[int]:
    """The k lowest set bits of x, ascending: the k best-ranked documents of a set."""
    if k <= 0 or not x:
        return []
    data = x.to_bytes((x.bit_length() + 7) >> 3, "little")
    out: list[int] = []
    for m in _NONZERO.finditer(data):
        pos = m.start()
        base = pos << 3
        out.extend(base + b for b in _BYTE_BITS[data[pos]])
        if len(out) >= k:
            return out[:k]
    return out


def _within_one(a: str, b: str) -> bool:
    """Optimal-string-alignment distance of a and b is at most 1."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    m = min(la, lb)
    while i < m and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    if la > lb:
        return a[i + 1 :] == b[i:]
    return a[i:] == b[i + 1 :]


def _deletions(term: str) -> set[str]:
    return {term[:i] + term[i + 1 :] for i in range(len(term))}


@dataclass(slots=True)
class _QTok:
    term: str  # folded, spelling variant applied: matched exactly
    raw: str  # folded as typed: matched as a prefix
    accent: str | None  # the word as typed when it carries diacritics


def _parse(query: str) -> tuple[list[_QTok], bool]:
    """Query words, and whether the last one is still being typed (a prefix)."""
    text = unicodedata.normalize("NFC", query[:_MAX_QUERY_CHARS].casefold())
    toks: list[_QTok] = []
    last_end = -1
    for m in _TOKEN_RE.finditer(text):
        word = m.group()
        last_end = m.end()
        if "." in word:  # a code is matched whole, never split into its parts
            f = fold(word)
            toks.append(_QTok(f, f, None))
            continue
        parts = _TOKEN_RE.findall(fold(word))
        for p in parts:
            p = p[:_MAX_TOKEN_CHARS]
            accent = word if len(parts) == 1 and word != p else None
            toks.append(_QTok(_variant(p), p, accent))
    prefix_last = bool(toks) and last_end == len(text)
    return toks[:_MAX_QUERY_TOKENS], prefix_last and len(toks) <= _MAX_QUERY_TOKENS


@dataclass(slots=True)
class _Match:
    """How one query word matches: bitsets per match class, and the matching term ids."""

    name_exact: int = 0
    name_accent: int = 0
    field_exact: int = 0
    name_prefix: int = 0
    field_prefix: int = 0
    name_typo: int = 0
    field_typo: int = 0
    exact_tid: int = -1
    lo: int = 0  # prefix term ids are the range [lo, hi)
    hi: int = 0
    typo_tids: frozenset[int] = frozenset()

    def strict(self) -> int:
        return self.name_exact | self.field_exact | self.name_prefix | self.field_prefix

    def loose(self) -> int:
        return self.strict() | self.name_typo | self.field_typo

    def has_term(self, tid: int) -> bool:
        return tid == self.exact_tid or self.lo <= tid < self.hi or tid in self.typo_tids


# --------------------------------------------------------------------------- the index


class SearchIndex:
    """Immutable once built; safe to search from several threads."""

    def __init__(
        self,
        docs: list[SearchDoc],
        seqs: list[tuple[int, ...]],
        vocab: list[str],
        name_post: list[Posting],
        field_post: list[int],
        accent_post: dict[str, Posting],
        field_bits: dict[str, int],
        level_bits: dict[str, int],
    ) -> None:
        self._docs = docs
        self._seqs = seqs
        self._vocab = vocab
        self._tid = {t: i for i, t in enumerate(vocab)}
        self._name_post = name_post
        self._field_post = field_post
        self._accent_post = accent_post
        self._field_bits = field_bits
        self._level_bits = level_bits
        self._all = (1 << len(docs)) - 1
        dels: dict[str, list[int]] = {}
        for tid, term in enumerate(vocab):
            if len(term) >= 2 and not _HAS_DIGIT.search(term):
                for key in _deletions(term) | {term}:
                    dels.setdefault(key, []).append(tid)
        self._dels = dels
        # Per-keystroke work repeats the earlier words: remember them. Plain dicts,
        # cleared when full, so concurrent searches never race on eviction.
        self._range_cache: dict[str, tuple[int, int, int, int]] = {}
        self._match_cache: dict[tuple[str, str, str | None, bool, bool], _Match] = {}

    # ------------------------------------------------------------------ building

    @classmethod
    def build(cls, docs: Iterable[SearchDoc]) -> SearchIndex:
        return cls.from_terms((d, doc_terms(d)) for d in docs)

    @classmethod
    def from_terms(cls, items: Iterable[tuple[SearchDoc, DocTerms]]) -> SearchIndex:
        """Build from terms derived earlier (the cache's persisted rows)."""
        by_key: dict[str, tuple[SearchDoc, DocTerms]] = {}
        for doc, terms in items:
            by_key[doc.key] = (doc, terms)  # a repeated key: the last one wins
        # Static rank: shorter names first (the general procedure before its special
        # cases), then by name and key so the order never depends on input order.
        ordered = sorted(
            by_key.values(),
            key=lambda dt: (len(dt[1].name), len(dt[0].name), dt[1].name, dt[0].key),
        )
        name_ids: defaultdict[str, list[int]] = defaultdict(list)
        accent_ids: defaultdict[str, list[int]] = defaultdict(list)
        field_ids: defaultdict[str, list[int]] = defaultdict(list)
        field_terms: dict[str, tuple[str, ...]] = {}
        level_ids: defaultdict[str, list[int]] = defaultdict(list)
        for i, (doc, terms) in enumerate(ordered):
            for t in set(terms.name + terms.code):
                name_ids[t].append(i)
            for a in terms.accents:  # already distinct
                accent_ids[a].append(i)
            field_ids[doc.field].append(i)
            field_terms.setdefault(doc.field, terms.field)
            for lv in set(doc.levels):
                level_ids[lv].append(i)
        field_bits = {f: _bits(ids) for f, ids in field_ids.items()}
        level_bits = {lv: _bits(ids) for lv, ids in level_ids.items()}
        # All documents of one field share its terms: OR whole field bitsets.
        field_term_bits: dict[str, int] = {}
        for f, terms_ in field_terms.items():
            for t in set(terms_):
                field_term_bits[t] = field_term_bits.get(t, 0) | field_bits[f]
        vocab = sorted(set(name_ids) | set(field_term_bits))
        tid = {t: i for i, t in enumerate(vocab)}
        n = len(ordered)
        name_post = [_posting(name_ids.get(t, []), n) for t in vocab]
        field_post = [field_term_bits.get(t, 0) for t in vocab]
        seqs = [tuple(tid[t] for t in terms.name) for _, terms in ordered]
        return cls(
            docs=[d for d, _ in ordered],
            seqs=seqs,
            vocab=vocab,
            name_post=name_post,
            field_post=field_post,
            accent_post={a: _posting(ids, n) for a, ids in accent_ids.items()},
            field_bits=field_bits,
            level_bits=level_bits,
        )

    # ------------------------------------------------------------------ facts

    def __len__(self) -> int:
        return len(self._docs)

    def field_names(self) -> list[str]:
        return sorted(self._field_bits, key=lambda f: (fold(f), f))

    def level_names(self) -> list[str]:
        return sorted(self._level_bits, key=lambda v: (fold(v), v))

    def clear_caches(self) -> None:
        """Forget remembered word matches (benchmarks measure the cold case with it)."""
        self._range_cache.clear()
        self._match_cache.clear()

    @property
    def vocabulary(self) -> tuple[str, ...]:
        return tuple(self._vocab)

    # ------------------------------------------------------------------ matching

    def _prefix(self, raw: str) -> tuple[int, int, int, int]:
        cached = self._range_cache.get(raw)
        if cached is not None:
            return cached
        lo = bisect.bisect_left(self._vocab, raw)
        hi = bisect.bisect_left(self._vocab, raw + "\U0010ffff", lo)
        field_ = 0
        for tid in range(lo, hi):
            field_ |= self._field_post[tid]
        value = (lo, hi, _union(self._name_post[lo:hi]), field_)
        if len(self._range_cache) >= _CACHE_MAX:
            self._range_cache.clear()
        self._range_cache[raw] = value
        return value

    def _typo_tids(self, tok: _QTok) -> set[int]:
        word = tok.raw
        if len(word) < 2 or _HAS_DIGIT.search(word):
            return set()
        found: set[int] = set()
        for key in _deletions(word) | {word}:
            for tid in self._dels.get(key, ()):
                if tid not in found and _within_one(word, self._vocab[tid]):
                    found.add(tid)
        return found

    def _match(self, tok: _QTok, prefix: bool, typos: bool) -> _Match:
        ckey = (tok.term, tok.raw, tok.accent, prefix, typos)
        cached = self._match_cache.get(ckey)
        if cached is not None:
            return cached
        m = _Match()
        tid = self._tid.get(tok.term)
        if tid is not None:
            m.exact_tid = tid
            m.name_exact = _as_bits(self._name_post[tid])
            m.field_exact = self._field_post[tid]
            if tok.accent is not None:
                m.name_accent = _as_bits(self._accent_post.get(tok.accent, 0)) & m.name_exact
        # A number or code is only expanded as a prefix from 4 characters on: "1" or "1."
        # would otherwise stand for every code in the catalog.
        if prefix and (len(tok.raw) >= 4 or not _HAS_DIGIT.search(tok.raw)):
            m.lo, m.hi, m.name_prefix, m.field_prefix = self._prefix(tok.raw)
        if typos:
            tids = {t for t in self._typo_tids(tok) if t != tid and not m.lo <= t < m.hi}
            m.typo_tids = frozenset(tids)
            m.name_typo = _union(self._name_post[t] for t in tids)
            for t in tids:
                m.field_typo |= self._field_post[t]
        if len(self._match_cache) >= _CACHE_MAX:
            self._match_cache.clear()
        self._match_cache[ckey] = m
        return m

    # ------------------------------------------------------------------ searching

    def search(
        self,
        query: str,
        *,
        field: str | None = None,
        level: str | None = None,
        limit: int = 50,
        facets: bool = False,
    ) -> SearchResult:
        """Best matches first. Never raises for a str query; a non-str is a TypeError."""
        if not isinstance(query, str):
            raise TypeError("query must be a str")
        limit = max(0, int(limit))
        filt = self._all
        if field is not None:
            filt &= self._field_bits.get(field, 0)
        if level is not None:
            filt &= self._level_bits.get(level, 0)
        toks, prefix_last = _parse(query)
        if not toks:
            return self._browse(filt, field, level, limit, facets)

        n = len(toks)
        last = n - 1

        def matches(typos: bool) -> list[_Match]:
            return [self._match(t, prefix_last and i == last, typos) for i, t in enumerate(toks)]

        ms = matches(False)
        sets = [m.strict() for m in ms]
        found = filt
        for s in sets:
            found &= s
            if not found:
                break
        partial = False
        if found.bit_count() < _TYPO_THRESHOLD:
            ms = matches(True)
            sets = [m.loose() for m in ms]
            found = filt
            for s in sets:
                found &= s
                if not found:
                    break
            if not found:
                partial = True
                at_least = self._at_least(sets)
                k = next((k for k in range(n, 0, -1) if at_least[k] & filt), 0)
                if k == 0:
                    return SearchResult(hits=[], total=0)
                found = at_least[k] & filt

        hits = self._rank(found, ms, sets, partial, limit)
        if not facets:
            return SearchResult(hits=hits, total=found.bit_count())
        if partial:
            unfiltered = at_least[k]
        else:
            unfiltered = self._all
            for s in sets:
                unfiltered &= s
        return SearchResult(hits, found.bit_count(), *self._facets(unfiltered, field, level))

    def _at_least(self, sets: list[int]) -> list[int]:
        """at_least[k]: documents matching at least k of the words."""
        n = len(sets)
        at = [self._all] + [0] * n
        for i, s in enumerate(sets):
            for k in range(i + 1, 0, -1):
                at[k] |= at[k - 1] & s
        return at

    def _browse(
        self, filt: int, field: str | None, level: str | None, limit: int, facets: bool
    ) -> SearchResult:
        # An empty query lists what the filters select, in static rank order.
        hits = [self._hit(i, 0.0) for i in _lowest(filt, limit)]
        if not facets:
            return SearchResult(hits=hits, total=filt.bit_count())
        return SearchResult(hits, filt.bit_count(), *self._facets(self._all, field, level))

    def _facets(
        self, found: int, field: str | None, level: str | None
    ) -> tuple[dict[str, int], dict[str, int]]:
        by_field = found
        if level is not None:
            by_field &= self._level_bits.get(level, 0)
        by_level = found
        if field is not None:
            by_level &= self._field_bits.get(field, 0)
        fc = [(f, (b & by_field).bit_count()) for f, b in self._field_bits.items()]
        lc = [(v, (b & by_level).bit_count()) for v, b in self._level_bits.items()]
        # Largest first, then by name: a stable order for the screen.
        return (
            {f: c for f, c in sorted(fc, key=lambda x: (-x[1], x[0])) if c},
            {v: c for v, c in sorted(lc, key=lambda x: (-x[1], x[0])) if c},
        )

    def _rank(
        self,
        found: int,
        ms: list[_Match],
        sets: list[int],
        partial: bool,
        limit: int,
    ) -> list[Hit]:
        if limit == 0:
            return []
        # Disjoint match classes per word, best first, restricted to the matches.
        classes: list[list[tuple[int, int]]] = []
        for m, s in zip(ms, sets, strict=True):
            seen = 0
            cls_: list[tuple[int, int]] = []
            order = (
                (_W_NAME_ACCENT, m.name_accent),
                (_W_NAME_EXACT, m.name_exact),
                (_W_NAME_PREFIX, m.name_prefix),
                (_W_FIELD_EXACT, m.field_exact),
                (_W_NAME_TYPO, m.name_typo),
                (_W_FIELD_PREFIX, m.field_prefix),
                (_W_FIELD_TYPO, m.field_typo),
            )
            for w, bits in order:
                bits &= found
                if bits:
                    bits &= ~seen
                    if bits:
                        cls_.append((w, bits))
                        seen |= bits
            if partial:
                missing = found & ~s
                if missing:
                    cls_.append((_W_MISSING, missing))
            classes.append(cls_)

        # Candidates: the best `budget` documents by (weight, static rank). A document's
        # weight is the sum over words of its match class's weight.
        budget = max(_CANDIDATE_BUDGET, limit)
        total = found.bit_count()
        if total * len(classes) <= _DIRECT_MAX:
            cands = self._weigh_each(classes, total, budget)
        else:
            cands = self._weigh_tiers(found, classes, total, budget)

        # Detail: consecutive query words found next to each other in the name.
        scored = []
        memo: dict[int, tuple[int, ...]] = {}
        n = len(ms)
        for weight, i in cands:
            pairs = 0
            if n > 1:
                found_pairs: set[int] = set()
                prev: tuple[int, ...] = ()
                for tid in self._seqs[i]:
                    cur = memo.get(tid)
                    if cur is None:
                        cur = memo[tid] = tuple(q for q in range(n) if ms[q].has_term(tid))
                    if prev and cur:
                        for q in prev:
                            if q + 1 in cur:
                                found_pairs.add(q)
                    prev = cur
                pairs = len(found_pairs)
            scored.append((-weight, -pairs, i))
        scored.sort()
        return [self._hit(i, -negw + -negp / 16) for negw, negp, i in scored[:limit]]

    @staticmethod
    def _weigh_each(
        classes: list[list[tuple[int, int]]], total: int, budget: int
    ) -> list[tuple[int, int]]:
        # Few matches: add up each one's class weights directly.
        weight: defaultdict[int, int] = defaultdict(int)
        for cls_ in classes:
            for w, bits in cls_:
                for i in _lowest(bits, total):
                    weight[i] += w
        best = sorted(weight.items(), key=lambda iw: (-iw[1], iw[0]))[:budget]
        return [(w, i) for i, w in best]

    @staticmethod
    def _weigh_tiers(
        found: int, classes: list[list[tuple[int, int]]], total: int, budget: int
    ) -> list[tuple[int, int]]:
        # Many matches: visit tiers (one class per word) best-first with a heap; the
        # classes of a word are disjoint, so each document is in exactly one tier and
        # a tier's documents are the AND of its classes. Tiers of equal weight are
        # merged so that ties go by static rank across them.
        start = (0,) * len(classes)
        heap = [(-sum(c[0][0] for c in classes), start)]
        visited = {start}
        cands: list[tuple[int, int]] = []
        remaining = total
        tiers = 0
        while heap and remaining and len(cands) < budget and tiers < _MAX_TIERS:
            weight = -heap[0][0]
            group = 0
            while heap and -heap[0][0] == weight:
                _, state = heapq.heappop(heap)
                tiers += 1
                bits = found
                for c, j in zip(classes, state, strict=True):
                    bits &= c[j][1]
                    if not bits:
                        break
                group |= bits
                for k, c in enumerate(classes):
                    j = state[k] + 1
                    if j < len(c):
                        nxt = state[:k] + (j,) + state[k + 1 :]
                        if nxt not in visited:
                            visited.add(nxt)
                            heapq.heappush(heap, (-(weight - c[j - 1][0] + c[j][0]), nxt))
            if group:
                remaining -= group.bit_count()
                cands.extend((weight, i) for i in _lowest(group, budget - len(cands)))
        return cands

    def _hit(self, i: int, score: float) -> Hit:
        d = self._docs[i]
        return Hit(
            key=d.key,
            score=score,
            name=d.name,
            field=d.field,
            levels=d.levels,
            code=d.code,
            online_level=d.online_level,
        )
