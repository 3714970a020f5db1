"""``flurfunk kb evaluate``: knowledge-base figures on tests/data/kb_heldout.yml, per answer path."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.runtime import load_training_data
from flows import all_features
from flows.faq import quality
from flows.faq.kb import KnowledgeBase
from nlu.embedded import EmbeddedModel
from nlu.types import FALLBACK, Parse


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


def embedded_answerer(settings: Settings) -> quality.Answerer:
    """The current path: the embedded classifier over every feature's training data."""
    content = settings.path(settings.content_dir)
    kb = KnowledgeBase.load(content / "kb")
    model = EmbeddedModel.train(load_training_data(all_features(content)), settings.nlu.threshold)

    def answer(text: str, locale: str) -> quality.Outcome:
        intent, confidence, ranking = model.classify(text)
        return quality.classifier_outcome(kb, Parse(intent, confidence, (), "embedded", ranking),
                                          locale)

    return answer


def retrieval_answerer(settings: Settings) -> quality.Answerer:
    """The new path: feature intents keep the classifier; FAQ questions go to the retriever."""
    from flows.faq import HERE
    from flows.faq.retrieval import from_content

    content = settings.path(settings.content_dir)
    kb = KnowledgeBase.load(content / "kb")
    model = EmbeddedModel.train(load_training_data(all_features(content)), settings.nlu.threshold)
    retriever = from_content(kb, content, HERE / "nlu.yml")

    def answer(text: str, locale: str) -> quality.Outcome:
        intent, confidence, ranking = model.classify(text)
        if not (intent.startswith("faq_") or intent == FALLBACK):
            return quality.Outcome("feature")
        d = retriever.decide(text, Parse(intent, confidence, (), "embedded", ranking), locale)
        if d.kind == "answer":
            entry = kb.by_id(d.entries[0], d.locale)
            assert entry is not None
            return quality.Outcome("answer", entry.id, entry.locale)
        return quality.Outcome(d.kind, suggested=d.entries)

    return answer


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(name: str, answer: quality.Answerer, questions: list[quality.Question],
            locale: str = "de") -> PathFigures:
    """Ask every question through ``answer`` as a user with ``locale``; score and time it."""
    outcomes, times = [], []
    for q in questions:
        t0 = time.perf_counter()
        outcomes.append(answer(q.text, locale))
        times.append((time.perf_counter() - t0) * 1000)
    return PathFigures(name, quality.score(questions, outcomes), _percentile(times, 50),
                       _percentile(times, 99))


def run(settings: Settings, heldout: Path, locale: str = "de") -> list[PathFigures]:
    """Figures for every answer path on the same questions, in one run."""
    questions = quality.load_heldout(heldout)
    return [measure("embedded", embedded_answerer(settings), questions, locale),
            measure("retrieval", retrieval_answerer(settings), questions, locale)]


def table(figures: list[PathFigures]) -> str:
    """A Markdown table, one row per answer path (for benchmarks/RESULTS.md)."""
    lines = ["| path | right | right or suggested | near-domain rejection | confident wrong "
             "| (in scope / out of scope) | English in English | p50 | p99 |",
             "|---|---|---|---|---|---|---|---|---|"]
    for f in figures:
        s = f.scores
        lines.append(
            f"| {f.name} | {s.right:.1%} | {s.right_or_suggested:.1%} | {s.oos_rejection:.1%} "
            f"| **{s.confident_wrong:.1%}** | {s.confident_wrong_in:.1%} / {s.confident_wrong_oos:.1%} "
            f"| {s.english_in_english:.1%} of {s.english_n} | {f.p50_ms:.2f} ms | {f.p99_ms:.2f} ms |")
    return "\n".join(lines)
