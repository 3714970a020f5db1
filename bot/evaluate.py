"""``flurfunk nlu evaluate``: cross-validation and held-out figures for the embedded model."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.runtime import load_training_data
from flows import all_features
from flows.faq import quality
from flows.types import Translator
from nlu import evaluate, training_data
from nlu.embedded import EmbeddedModel
from nlu.training_data import TrainingData
from nlu.types import OUT_OF_SCOPE

QUALITY_ACCURACY = 0.90
QUALITY_OOS = 0.90


@dataclass
class Report:
    cv: evaluate.Scores
    heldout: evaluate.Scores

    def passes(self) -> bool:
        return (self.heldout.in_scope_accuracy >= QUALITY_ACCURACY
                and self.heldout.oos_rejection >= QUALITY_OOS)

    def as_dict(self) -> dict[str, Any]:
        return {"cross_validation": evaluate.as_dict(self.cv),
                "heldout": evaluate.as_dict(self.heldout), "passes": self.passes()}

    def text(self, t: Translator) -> str:
        """The report in ``t``'s language."""
        verdict = t.gettext("PASS") if self.passes() else t.gettext("BELOW THE BAR")
        return "\n\n".join([
            scores_text(t.gettext("cross-validation"), self.cv, t),
            scores_text(t.gettext("held-out set"), self.heldout, t),
            t.gettext("quality bar (at least {accuracy} accuracy, at least {rejection} "
                      "out-of-scope rejection): {verdict}").format(
                accuracy=t.format_percent(QUALITY_ACCURACY),
                rejection=t.format_percent(QUALITY_OOS), verdict=verdict),
        ])


def scores_text(title: str, s: evaluate.Scores, t: Translator) -> str:
    """Accuracy, rejection and the per-intent table of one evaluation."""
    p = t.format_percent
    head = (t.gettext("intent"), t.gettext("precision"), t.gettext("recall"), "F1", "n")
    lines = [
        t.gettext("== {title} ({n} examples)").format(title=title, n=s.n),
        t.gettext("intent accuracy (in scope): {accuracy}   overall: {overall}   macro-F1: "
                  "{f1}").format(accuracy=p(s.in_scope_accuracy), overall=p(s.accuracy),
                                 f1=t.format_decimal(s.macro_f1, 3)),
        t.gettext("out-of-scope rejection: {share} of {n}").format(share=p(s.oos_rejection),
                                                                   n=s.oos_n),
        f"{head[0]:32} {head[1]:>10} {head[2]:>10} {head[3]:>6} {head[4]:>4}",
    ]
    for intent, d in s.per_intent.items():
        numbers = " ".join(f"{t.format_decimal(d[k]):>{w}}"
                           for k, w in (("precision", 10), ("recall", 10), ("f1", 6)))
        lines.append(f"{intent:32} {numbers} {int(d['support']):4d}")
    if s.confused:
        lines.append(t.gettext("confused (gold -> predicted):"))
        lines += [f"  {g} -> {p}: {n}" for g, p, n in s.confused]
    return "\n".join(lines)


def heldout_examples(path: Path) -> list[Any]:
    """A held-out file, or every ``nlu_heldout*.yml`` in a folder. Questions labelled with an
    old per-entry FAQ intent (``faq_*``) count as out_of_scope: the classifier has no FAQ
    intents any more, such a question is right when it reaches the FAQ (nlu_fallback), and a
    feature intent taking it is what the out-of-scope rejection counts."""
    files = sorted(path.glob("nlu_heldout*.yml")) if path.is_dir() else [path]
    return [replace(e, intent=OUT_OF_SCOPE) if e.intent.startswith("faq_") else e
            for e in training_data.load(files).examples]


def run_evaluation(settings: Settings, heldout_path: Path, folds: int = 5) -> Report:
    data = load_training_data(all_features(settings.path(settings.content_dir)))
    heldout = heldout_examples(heldout_path)
    cv = evaluate.cross_validate(data, folds, settings.nlu.threshold)
    model = EmbeddedModel.train(data, settings.nlu.threshold)
    return Report(cv, evaluate.evaluate_heldout(lambda text: model.classify(text)[0], heldout))


@dataclass(frozen=True)
class Case:
    """One held-out question: its gold intent (``faq_<entry id>`` for a knowledge-base question,
    ``out_of_scope``) and the set it comes from."""

    text: str
    gold: str
    source: str


def heldout_cases(path: Path) -> list[Case]:
    """The ``nlu_heldout*.yml`` questions; for a folder also the knowledge-base held-out sets
    (``kb_heldout.yml``, ``kb_public/heldout.yml``), whose FAQ and out-of-scope questions are
    negatives for every feature intent."""
    cases = [Case(e.text, e.intent, "nlu_heldout") for e in heldout_examples(path)]
    if path.is_dir():
        for source, file in (("kb_heldout", path / "kb_heldout.yml"),
                             ("kb_public", path / "kb_public" / "heldout.yml")):
            if file.exists():
                cases += [Case(q.text, q.gold if q.gold == OUT_OF_SCOPE else f"faq_{q.gold}", source)
                          for q in quality.load_heldout(file)]
    return cases


@dataclass
class BackendFigures:
    backend: str
    by_set: dict[str, evaluate.FeatureScores]  # per held-out set, and "all"
    p50_ms: float
    p99_ms: float
    rss_mb: float

    def as_dict(self) -> dict[str, Any]:
        return {"backend": self.backend, "p50_ms": round(self.p50_ms, 2), "p99_ms": round(self.p99_ms, 2),
                "rss_mb": round(self.rss_mb), "sets": {k: evaluate.feature_dict(v)
                                                        for k, v in self.by_set.items()}}


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _score_sets(cases: list[Case], predictions: list[str]) -> dict[str, evaluate.FeatureScores]:
    out = {}
    for source in [*dict.fromkeys(c.source for c in cases), "all"]:
        idx = [i for i, c in enumerate(cases) if source in ("all", c.source)]
        out[source] = evaluate.feature_score([cases[i].gold for i in idx],
                                             [predictions[i] for i in idx], [cases[i].text for i in idx])
    return out


async def parse_all(parser: Any, cases: list[Case]) -> tuple[list[Any], list[float]]:
    """Every case's parse through ``parser`` and its wall time in ms."""
    parses, times = [], []
    for case in cases:
        t0 = time.perf_counter()
        parses.append(await parser.parse(case.text, "de"))
        times.append((time.perf_counter() - t0) * 1000)
    return parses, times


def backend_figures(name: str, cases: list[Case], predictions: list[str], times: list[float],
            rss_mb: float) -> BackendFigures:
    return BackendFigures(name, _score_sets(cases, predictions), _percentile(times, 50),
                          _percentile(times, 99), rss_mb)


@asynccontextmanager
async def served_rasa(settings: Settings, data: TrainingData) -> AsyncIterator[tuple[Any, Any]]:
    """A Rasa server trained on ``data`` (cached by data and config) on a free port: its client
    and psutil process; stopped (the whole process group) on leaving."""
    import psutil

    from bot import rasa_manager, rasa_process
    from nlu.rasa import RasaClient

    features = all_features(settings.path(settings.content_dir))
    rasa_model, _ = await asyncio.to_thread(rasa_manager.train, settings, features, data)
    port = _free_port()
    proc = rasa_manager.start_server(settings, rasa_model, port)
    url = f"http://127.0.0.1:{port}"
    try:
        await asyncio.to_thread(rasa_manager.wait_ready, settings, url, rasa_manager.token(settings),
                                proc, 300)
        client = RasaClient(url, rasa_manager.token(settings), timeout=10,
                            threshold=settings.nlu.rasa_threshold)
        try:
            yield client, psutil.Process(proc.pid)
        finally:
            await client.aclose()
    finally:
        await asyncio.to_thread(rasa_process.stop_group, proc)


async def compare(settings: Settings, heldout_path: Path, backends: list[str],
                  cases: list[Case] | None = None) -> list[BackendFigures]:
    """Feature-intent figures per backend on the same questions, both trained on the same data
    (feature intents and out_of_scope; FAQ questions go to entry retrieval, so there are no
    per-entry intents); Rasa is trained (unless cached) and served on a free port."""
    import psutil

    data = load_training_data(all_features(settings.path(settings.content_dir)))
    cases = heldout_cases(heldout_path) if cases is None else cases
    results = []
    if "embedded" in backends:
        model = EmbeddedModel.train(data, settings.nlu.threshold)
        parses, times = await parse_all(model, cases)
        results.append(backend_figures("embedded", cases, [p.intent for p in parses], times,
                                       psutil.Process().memory_info().rss / 2**20))
    if "rasa" in backends:
        async with served_rasa(settings, data) as (client, server):
            parses, times = await parse_all(client, cases)
            results.append(backend_figures("rasa", cases, [p.intent for p in parses], times,
                                           _tree_rss(server) / 2**20))
    return results


def _tree_rss(proc: Any) -> float:
    return float(proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True)))


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def comparison_table(figures: list[BackendFigures], t: Translator) -> str:
    """A Markdown table, one row per backend and held-out set (for benchmarks/RESULTS.md), in
    ``t``'s language."""
    p, ms = t.format_percent, t.format_decimal
    lines = [t.gettext("| backend | set | questions (feature / FAQ+OOS) | feature-intent accuracy "
                       "| confident wrong | (on feature / on FAQ+OOS questions) | FAQ+OOS to "
                       "fallback | fallback rate | parse p50 | parse p99 | resident memory |"),
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for f in figures:
        for source, s in f.by_set.items():
            lines.append(
                f"| {f.backend} | {source} | {s.n} ({s.feature_n} / {s.negative_n}) "
                f"| {p(s.feature_accuracy) if s.feature_n else '–'} | **{p(s.confident_wrong)}** "
                f"| {p(s.confident_wrong_features)} / {p(s.confident_wrong_negatives)} "
                f"| {p(s.negative_rejection)} | {p(s.fallback_rate)} "
                f"| {ms(f.p50_ms)} ms | {ms(f.p99_ms)} ms | {f.rss_mb:.0f} MB |")
    return "\n".join(lines)


def confident_wrong_excess(figures: list[BackendFigures]) -> float | None:
    """Rasa's confident-wrong rate minus the embedded model's, on all questions (None: not both)."""
    by = {f.backend: f.by_set["all"].confident_wrong for f in figures}
    return by["rasa"] - by["embedded"] if {"rasa", "embedded"} <= by.keys() else None
