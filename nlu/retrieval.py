"""Lexical matching made for German questions: lemmas, compound parts, folding, typos, synonyms.

A question is turned into *terms*; each term is a small set of forms (the folded word, its
simplemma lemmas as noun and as verb, synonym canonicals), so "Laptops", "laptop" and "Notebook"
meet. A word the vocabulary does not know is first corrected (rapidfuzz, for typos), then split
into compound parts (compound-split: "Gleitzeitkonto" -> Gleitzeit, Konto). Documents (here:
knowledge-base entries) are scored by how much of the question's *distinctive* weight they cover,
with weights from document frequency, so "ich", "wie" and "Stadt" count little and a word no
document knows ("Urlaub" in a knowledge base about mobile work) counts most.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from nlu.text import clean, normalize

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*%?")
FUZZY_MIN_LEN = 5
FUZZY_CUTOFF = 84.0
COMPOUND_MIN_SCORE = 0.0
Term = frozenset[str]


@lru_cache(maxsize=50_000)
def _forms(word: str) -> frozenset[str]:
    """The folded word and its lemmas (German first, then English; as typed and capitalised)."""
    import simplemma  # imported on first use: its tables cost every command at start

    lower = word.lower()
    out = {normalize(lower)}
    for candidate in (lower, lower.capitalize()):
        out.add(normalize(simplemma.lemmatize(candidate, lang=("de", "en"))))
    return frozenset(f for f in out if f)


@lru_cache(maxsize=20_000)
def _compound_parts(word: str) -> tuple[str, ...]:
    """The best two-part split of a German compound, or () when there is no good one."""
    if len(word) < 8 or not word.isalpha():
        return ()
    from compound_split import char_split  # loads its n-gram table (a few seconds) on first use

    splits = char_split.split_compound(word.capitalize())
    if not splits or splits[0][0] <= COMPOUND_MIN_SCORE:
        return ()
    _, head, tail = splits[0]
    return (head, tail) if min(len(head), len(tail)) >= 4 else ()


def _shortest(term: Term) -> str:
    return min(sorted(term), key=len)


def _longest(term: Term) -> str:
    return max(sorted(term), key=len)


class Analyzer:
    """Text -> terms, with synonyms (canonical form per group) and a known vocabulary."""

    def __init__(self, synonyms: Sequence[Sequence[str]] = (), stopwords: Iterable[str] = ()) -> None:
        self.single: dict[str, str] = {}
        self.phrases: list[tuple[tuple[frozenset[str], ...], str]] = []
        for group in synonyms:
            canonical = normalize(group[0]).replace(" ", "_")
            for variant in group:
                words = _WORD.findall(clean(variant))
                if len(words) == 1:
                    for form in _forms(words[0]):
                        self.single.setdefault(form, canonical)
                elif words:
                    self.phrases.append((tuple(_forms(w) for w in words), canonical))
        self.phrases.sort(key=lambda p: -len(p[0]))
        self._first: dict[str, list[int]] = {}  # form -> the phrases that can start with it
        for k, (pattern, _) in enumerate(self.phrases):
            for form in pattern[0]:
                self._first.setdefault(form, []).append(k)
        self.vocabulary: set[str] = set()
        self._sorted: list[str] = []
        meaningful = set(self.single) | {f for pattern, _ in self.phrases for t in pattern for f in t}
        self.stopwords = {normalize(w) for w in stopwords} - meaningful

    def is_stopword(self, term: Term) -> bool:
        """A function word ("ich", "fürs", "the"), unless the synonym list gives it meaning."""
        return bool(term & self.stopwords) and not term & set(self.single.values())

    def _synonym(self, forms: frozenset[str]) -> frozenset[str]:
        extra = {self.single[f] for f in forms if f in self.single}
        return forms | extra

    def _join_phrases(self, seq: list[frozenset[str]]) -> list[frozenset[str]]:
        out: list[frozenset[str]] = []
        i = 0
        while i < len(seq):
            starts = sorted({k for f in seq[i] for k in self._first.get(f, ())})
            for pattern, canonical in (self.phrases[k] for k in starts):  # longest first
                n = len(pattern)
                if i + n <= len(seq) and all(seq[i + k] & pattern[k] for k in range(n)):
                    out.append(frozenset({canonical}))
                    i += n
                    break
            else:
                out.append(seq[i])
                i += 1
        return out

    def terms(self, text: str, learn: bool = False) -> list[Term]:
        """The question's terms; ``learn`` adds a document's forms to the vocabulary instead of
        correcting unknown words against it."""
        seq: list[frozenset[str]] = []
        for word in _WORD.findall(clean(text)):
            parts = [p for p in word.split("-") if p]
            if len(parts) > 1:
                seq.append(_forms(word.replace("-", "")))
                seq.extend(_forms(p) for p in parts)
            else:
                seq.append(_forms(word))
        terms = [self._synonym(t) for t in self._join_phrases(seq)]
        if learn:
            terms = [self._with_parts(t) for t in terms]
            for t in terms:
                self.vocabulary |= t
            return terms
        return [k for t in terms for k in self._known(t)]

    def _with_parts(self, term: Term) -> Term:
        parts = _compound_parts(_longest(term))
        return term.union(*(self._synonym(_forms(p)) for p in parts)) if parts else term

    def _known(self, term: Term) -> list[Term]:
        """Correct a typo or split a compound when no form of ``term`` is in the vocabulary.

        A split compound becomes one term per part: its first part is what distinguishes it
        ("Eltern|zeit", "Minus|stunden", "Hunde|steuer"), so a document that knows only the
        head ("Zeit", "Stunden", "Steuer") covers only the head's share of the weight."""
        if term & self.vocabulary or not self.vocabulary:
            return [term]
        word = _shortest(term)
        if len(word) >= FUZZY_MIN_LEN:
            from rapidfuzz import fuzz, process  # on first use, as simplemma

            if len(self._sorted) != len(self.vocabulary):
                self._sorted = sorted(self.vocabulary)  # a fixed order: ties resolve the same way
            hit = process.extractOne(word, self._sorted, scorer=fuzz.ratio,
                                     score_cutoff=FUZZY_CUTOFF)
            if hit is not None:
                return [self._synonym(term | {hit[0]})]
        parts = [self._synonym(_forms(p)) for p in _compound_parts(_longest(term))]
        if any(p & self.vocabulary for p in parts):  # a known part ("Homeoffice|anteil")
            return parts
        return [term]


@dataclass(frozen=True)
class Match:
    doc: str
    coverage: float  # share of the question's distinctive weight this document covers
    uncovered: tuple[str, ...]  # the distinctive words it does not cover


class LexicalIndex:
    """Documents (id -> texts) as form sets, with document-frequency weights for question terms."""

    def __init__(self, docs: Mapping[str, Iterable[str]], analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.forms: dict[str, set[str]] = {}
        for doc_id, texts in docs.items():
            forms: set[str] = set()
            for text in texts:
                for term in analyzer.terms(text, learn=True):
                    forms |= term
            self.forms[doc_id] = forms
        self.n = len(self.forms)
        self.df: dict[str, int] = {}
        for forms in self.forms.values():
            for f in forms:
                self.df[f] = self.df.get(f, 0) + 1

    def weight(self, term: Term) -> float:
        """log-scaled rarity in [0, 1]: 1 for a word no document knows, ~0 for one in all."""
        if self.analyzer.is_stopword(term):
            return 0.0
        known = [self.df[f] for f in term if f in self.df]
        df = max(known) if known else 0
        return math.log((self.n + 1) / (df + 1)) / math.log(self.n + 1)

    def match(self, text: str) -> list[Match]:
        """Every document with its coverage of ``text``, best first."""
        terms = self.analyzer.terms(text)
        weights = [self.weight(t) for t in terms]
        total = sum(weights)
        out = []
        for doc_id, forms in self.forms.items():
            covered = sum(w for t, w in zip(terms, weights, strict=True) if t & forms)
            missing = tuple(sorted(_shortest(t) for t, w in zip(terms, weights, strict=True)
                                   if w >= 0.5 and not t & forms))
            out.append(Match(doc_id, covered / total if total else 0.0, missing))
        out.sort(key=lambda m: -m.coverage)
        return out
