"""The language of a FAQ question, de or en, so the answer can be in it (issue 16, item 3).

Questions to a city administration are full of German names and terms ("what is FührDiV",
"is there a Dienstvereinbarung on mobile work"), and German ones of English loan words
("Feedback zum Workshop", "Homeoffice mit Laptop"). lingua, asked about the whole text, gives a
long German compound more weight than four English words around it. So the guess weighs the
question word by word:
- each word's evidence is lingua's confidence (restricted to de/en) as log-odds, capped at
  WORD_CAP, so one long name counts like one word, not like a sentence;
- a function word of one language only (the German list of the stop-words package, scikit-learn's
  English one) adds FUNCTION_WORD to its side;
- the knowledge base's names and loan words are no evidence at all: a word the entries use in
  both languages (Personalrat, Homeoffice, workSTUgether, Stuttgart, Laptop, Feedback ...).
The sum decides when it reaches DECIDE; English also needs one English function word ("what",
"is", "my", ...), so a fragment of loan words ("home office", "Meeting") keeps the asker's locale.
Constants chosen on development sets only (tests/data/lang_dev.yml and the English questions of
tests/data/kb_dev.yml and kb_public/dev.yml); figures in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable

from flows.faq.entries import Entry

WORD_CAP = 2.0  # a word's evidence: lingua's log-odds for English, capped to -2..2 (88 % / 12 %)
FUNCTION_WORD = 1.0  # a function word of only one language adds this to its side
DECIDE = 1.5  # the summed evidence that decides (en >= 1.5, de <= -1.5); between: None
MAX_WORDS = 50  # the first 50 words are evidence enough; later ones cost time, not accuracy
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # letters, with inner hyphens: LHS-Netz, Kick-off


def words(text: str) -> list[str]:
    """The question's words, lower-cased (no digits, no punctuation; hyphenated words whole)."""
    return _WORD.findall(text.lower())


@functools.cache  # two fixed lists: read once, not on every rebuild of the retriever
def stop_lists() -> tuple[frozenset[str], frozenset[str]]:
    """The German (stop-words package) and English (scikit-learn) function-word lists."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    from stop_words import get_stop_words

    return frozenset(get_stop_words("de")), frozenset(ENGLISH_STOP_WORDS)


@functools.cache
def function_words() -> tuple[frozenset[str], frozenset[str]]:
    """German-only and English-only function words ("ist", "wie" / "is", "how"); words in both
    lists ("in", "was", "will", ...) are neither."""
    german, english = stop_lists()
    return german - english, english - german


def names(entries: Iterable[Entry]) -> frozenset[str]:
    """Words the entries use in both languages: names and terms (Personalrat, FührDiV,
    Stuttgart, LHS-Netz), loan words (Laptop, Feedback, Meeting) and function words of both
    ("in", "was"); a function word of one language only ("ist", "the") stays evidence."""
    used: dict[str, set[str]] = {"de": set(), "en": set()}
    for e in entries:
        for text in (*e.phrasings, e.answer, *e.keywords):
            used[e.locale].update(words(text))
    german, english = function_words()
    return frozenset((used["de"] & used["en"]) - german - english)


class LanguageGuess:
    """de or en for a question (lingua per word, restricted to the two); None when unsure.
    ``entries``: the knowledge base, whose names and loan words are no evidence either way."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        from lingua import Language, LanguageDetectorBuilder

        # preloaded: the models load here (the retriever is built at start, in a worker thread),
        # not on the first question (~0.4 s)
        detector = (LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.GERMAN)
                    .with_preloaded_language_models().build())
        self.names = names(entries)
        self._german, self._english = function_words()

        @functools.lru_cache(maxsize=8192)
        def english(word: str) -> float:
            return detector.compute_language_confidence(word, Language.ENGLISH)

        self._confidence = english

    def evidence(self, word: str) -> float:
        """How much ``word`` says English (> 0) or German (< 0)."""
        if word in self.names:
            return 0.0
        p = min(max(self._confidence(word), 1e-6), 1 - 1e-6)
        lingua = max(-WORD_CAP, min(WORD_CAP, math.log(p / (1 - p))))
        return lingua + FUNCTION_WORD * ((word in self._english) - (word in self._german))

    def __call__(self, text: str) -> str | None:
        found = words(text)[:MAX_WORDS]
        total = sum(self.evidence(w) for w in found)
        if total >= DECIDE and any(w in self._english for w in found):
            return "en"
        if total <= -DECIDE:
            return "de"
        return None
