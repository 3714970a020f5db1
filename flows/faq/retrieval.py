"""FAQ retrieval that would rather say "I don't know": answer, "Meinten Sie …?", or fall back.

Entries are matched on question, alternative phrasings, answer and keywords (nlu.retrieval),
combined with the classifier's ranking (the character n-gram model). An entry is answered only
when it covers the question's distinctive words and leads the next one clearly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from flows.faq.kb import ContentError, KnowledgeBase
from flows.files import read_yaml
from flows.schema import Strict, bounded, validate
from flows.types import N_
from nlu.retrieval import Analyzer, LexicalIndex
from nlu.types import Parse

CLASSIFIER_SHARE = 0.8  # weight of the classifier probability in the combined score
COVER_MIN = 0.45  # the best entry covers at least this share of the distinctive weight
LEAD_MIN = 0.2  # and its combined score leads the next entry by this much
SUGGEST_SCORE = 0.3  # an entry worth offering as "did you mean"
SUGGEST_MAX = 3
LANG_CONFIDENCE = 0.7  # the detector's confidence before the answer language follows the question


@dataclass(frozen=True)
class Decision:
    kind: Literal["answer", "suggest", "fallback"]
    entries: tuple[str, ...] = ()  # entry ids: the answer, or the suggestions, best first
    locale: str = "de"


Word = Annotated[str, StringConstraints(min_length=1), bounded(max_length=200)]


class SynonymsIn(Strict):
    """content/synonyms.yml: groups of words that mean the same, and filler words to ignore."""

    groups: list[Annotated[list[Word], Field(min_length=1)]]
    ignore: list[Word] = []


def load_synonyms(path: Path) -> tuple[list[list[str]], list[str]]:
    """Synonym groups and filler words ("groups:", "ignore:"); a broken file is a ContentError."""
    doc = read_yaml(path, error=ContentError)  # the one safe reader (flows/files.py)
    if not isinstance(doc.data, dict):
        raise ContentError(path, N_("expected groups: (synonym groups, e.g. [homeoffice, remote]) "
                                    "and ignore: (words)"), doc.line())
    syn = validate(SynonymsIn, doc.data, doc, path, error=ContentError)
    return syn.groups, syn.ignore


def stopwords() -> set[str]:
    """German (stop-words package) and English (scikit-learn) function words."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    from stop_words import get_stop_words

    return set(get_stop_words("de")) | set(ENGLISH_STOP_WORDS)


class LanguageGuess:
    """de or en for a question (lingua, restricted to the two); None when unsure."""

    def __init__(self) -> None:
        from lingua import Language, LanguageDetectorBuilder

        self._en, self._de = Language.ENGLISH, Language.GERMAN
        self._detector = LanguageDetectorBuilder.from_languages(self._en, self._de).build()

    def __call__(self, text: str) -> str | None:
        for value in self._detector.compute_language_confidence_values(text):
            if value.value >= LANG_CONFIDENCE:
                return "en" if value.language == self._en else "de"
        return None


class Retriever:
    """Decides what the FAQ does with a question, given the classifier's parse."""

    def __init__(self, kb: KnowledgeBase, alternatives: Mapping[str, Sequence[str]],
                 synonyms: Sequence[Sequence[str]], language: Any = None,
                 ignore: Iterable[str] = ()) -> None:
        self.kb = kb
        self.intent_to_id = {e.intent: e.id for e in kb.entries}
        docs: dict[str, list[str]] = {}
        for e in kb.entries:
            docs.setdefault(e.id, []).extend([e.title, e.answer, *alternatives.get(e.intent, ())])
        self.index = LexicalIndex(docs, Analyzer(synonyms, set(ignore)))
        self.language = language

    def decide(self, text: str, parse: Parse, locale: str) -> Decision:
        """Answer, suggest (up to three entries) or fall back, and in which language."""
        probs = {self.intent_to_id[i]: p for i, p in parse.ranking if i in self.intent_to_id}
        matches = self.index.match(text)
        scored = sorted(
            ((CLASSIFIER_SHARE * probs.get(m.doc, 0.0) + (1 - CLASSIFIER_SHARE) * m.coverage,
              m) for m in matches),
            key=lambda sm: -sm[0],
        )
        lang = self._answer_locale(text, locale)
        (best_score, best), (next_score, _) = scored[0], scored[1]
        if best.coverage >= COVER_MIN and best_score - next_score >= LEAD_MIN:
            return Decision("answer", (best.doc,), lang)
        offered = tuple(m.doc for s, m in scored[:SUGGEST_MAX] if s >= SUGGEST_SCORE)
        if offered:
            return Decision("suggest", offered, lang)
        return Decision("fallback", (), lang)

    def _answer_locale(self, text: str, locale: str) -> str:
        guess = self.language(text) if self.language is not None else None
        return guess or locale


def from_content(kb: KnowledgeBase, content_dir: Path, training_file: Path) -> Retriever:
    """The retriever over the shipped entries: their phrasings in ``training_file`` serve as
    alternatives, synonyms from ``content_dir/synonyms.yml``, lingua for the language."""
    from nlu import training_data

    alternatives: dict[str, list[str]] = {}
    for ex in training_data.load([training_file]).examples:
        alternatives.setdefault(ex.intent, []).append(ex.text)
    groups, ignore = load_synonyms(content_dir / "synonyms.yml")
    return Retriever(kb, alternatives, groups, LanguageGuess(), stopwords() | set(ignore))
