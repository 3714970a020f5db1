"""``flurfunk kb evaluate``: knowledge-base figures on a held-out file, per answer path.

Paths: ``bot`` is what the running bot does (the feature classifier first; what it leaves,
``nlu_fallback``, goes to retrieval over the entries), ``retrieval`` asks the retriever alone.
``--kb`` evaluates another set of entries (e.g. tests/data/kb_public/entries.yml).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import Settings, feature_config
from bot.dispatch import RECONSIDER_BELOW
from bot.runtime import load_training_data
from flows import all_features
from flows.faq import quality
from flows.faq.config import FaqConfig
from flows.faq.entries import Entry, read_entries
from flows.faq.kb import KnowledgeBase
from flows.faq.retrieval import SEMANTIC_MODES, Retriever
from flows.types import Translator
from nlu import semantic
from nlu.embedded import EmbeddedModel
from nlu.types import FALLBACK


@dataclass
class PathFigures:
    """One answer path's scores on the held-out questions, with its answer time."""

    name: str
    scores: quality.KbScores
    p50_ms: float
    p99_ms: float

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.name, **self.scores.as_dict(), "p50_ms": round(self.p50_ms, 3),
                "p99_ms": round(self.p99_ms, 3)}


def load_entries(settings: Settings, kb: Path | None) -> list[Entry]:
    """The entries of ``kb`` (file or folder of .yml/.csv/.md), or the shipped ones."""
    if kb is None:
        return KnowledgeBase.load(settings.path(settings.content_dir) / "kb").entries
    if kb.is_dir() and any(kb.glob("*.yml")):
        return KnowledgeBase.load(kb).entries
    return read_entries(kb)


def retrieval_answerer(retriever: Retriever, model: EmbeddedModel | None) -> quality.Answerer:
    """With ``model``: the bot's path (bot.dispatch): a feature intent keeps the message unless
    it is unsure (below RECONSIDER_BELOW) and retrieval has a clear answer; without: retrieval."""

    def answer(text: str, locale: str) -> quality.Outcome:
        d = retriever.decide(text, locale)
        if model is not None:
            intent, confidence, _ = model.classify(text)
            if intent != FALLBACK and not (confidence < RECONSIDER_BELOW and d.kind == "answer"):
                return quality.Outcome("feature")
        if d.kind in ("answer", "refer"):
            return quality.Outcome(d.kind, d.entries[0], d.locale)
        return quality.Outcome(d.kind, suggested=d.entries)

    return answer


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(name: str, answer: quality.Answerer, questions: list[quality.Question],
            locale: str = "de") -> PathFigures:
    """Ask every question through ``answer`` as a user with ``locale``; score and time it
    (process CPU time per question: the machine is shared, wall time would measure the others)."""
    outcomes, times = [], []
    for q in questions:
        t0 = time.process_time()
        outcomes.append(answer(q.text, locale))
        times.append((time.process_time() - t0) * 1000)
    return PathFigures(name, quality.score(questions, outcomes), _percentile(times, 50),
                       _percentile(times, 99))


def build(settings: Settings, kb: Path | None = None,
          mode: str | None = None) -> tuple[Retriever, EmbeddedModel]:
    """The retriever (sentence embeddings as ``[features.faq] semantic`` says, unless ``mode``
    is given) and the feature classifier, as the bot builds them."""
    content = settings.path(settings.content_dir)
    if mode is None:
        mode = feature_config(settings, "faq", FaqConfig).semantic
    retriever = Retriever.build(load_entries(settings, kb), content / "synonyms.yml",
                                semantic=mode)
    model = EmbeddedModel.train(load_training_data(all_features(content)), settings.nlu.threshold)
    return retriever, model


def run(settings: Settings, heldout: Path, locale: str = "de",
        kb: Path | None = None) -> list[PathFigures]:
    """Figures for every answer path on the same questions, in one run: the bot's (with the
    configured ``semantic`` mode) and retrieval alone in each mode, side by side."""
    questions = quality.load_heldout(heldout)
    mode = feature_config(settings, "faq", FaqConfig).semantic
    retriever, model = build(settings, kb, mode)
    paths = [(f"bot ({mode})", retriever, model), (f"retrieval ({mode})", retriever, None)]
    if semantic.available():  # else every mode is the lexical one
        synonyms = settings.path(settings.content_dir) / "synonyms.yml"
        paths += [(f"retrieval ({other})", Retriever.build(retriever.kb.entries, synonyms,
                                                           semantic=other), None)
                  for other in SEMANTIC_MODES if other != mode]
    for _, r, _ in paths[1:]:
        for q in questions[:20]:  # warm the lemma and typo caches: the bot has them warm too
            r.decide(q.text, locale)
    return [measure(name, retrieval_answerer(r, m), questions, locale) for name, r, m in paths]


def table(figures: list[PathFigures], t: Translator) -> str:
    """A Markdown table, one row per answer path (for benchmarks/RESULTS.md), in ``t``'s language."""
    p, of = t.format_percent, t.gettext("{share} of {n}")
    lines = [t.gettext("| path | right | right or suggested | near-domain rejection | confident "
                       "wrong | (in scope / out of scope) | English in English | German in "
                       "English | p50 | p99 |"), "|---|---|---|---|---|---|---|---|---|---|"]
    for f in figures:
        s = f.scores
        lines.append(
            f"| {f.name} | {p(s.right)} | {p(s.right_or_suggested)} | {p(s.oos_rejection)} "
            f"| **{p(s.confident_wrong)}** | {p(s.confident_wrong_in)} / {p(s.confident_wrong_oos)} "
            f"| {of.format(share=p(s.english_in_english), n=s.english_n)} "
            f"| {of.format(share=p(s.german_in_english), n=s.german_n)} "
            f"| {t.format_decimal(f.p50_ms)} ms | {t.format_decimal(f.p99_ms)} ms |")
    return "\n".join(lines)
