"""``flurfunk nlu evaluate``: cross-validation and held-out figures for the embedded model."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.runtime import load_training_data
from flows import all_features
from nlu import evaluate, training_data
from nlu.embedded import EmbeddedModel
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

    def text(self) -> str:
        verdict = "PASS" if self.passes() else "BELOW THE BAR"
        return "\n\n".join([
            evaluate.as_text("cross-validation", self.cv),
            evaluate.as_text("held-out set", self.heldout),
            f"quality bar (>= {QUALITY_ACCURACY:.0%} accuracy, >= {QUALITY_OOS:.0%} "
            f"out-of-scope rejection): {verdict}",
        ])


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


@dataclass
class BackendFigures:
    backend: str
    scores: evaluate.Scores
    p50_ms: float
    p99_ms: float
    rss_mb: float


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def _measure(
    name: str, parser: Any, examples: list[Any], rss_mb: Callable[[], float]
) -> BackendFigures:
    predictions, times = [], []
    for ex in examples:
        t0 = time.perf_counter()
        parse = await parser.parse(ex.text, "de")
        times.append((time.perf_counter() - t0) * 1000)
        predictions.append(parse.intent)
    scores = evaluate.score([e.intent for e in examples], predictions, [e.text for e in examples])
    return BackendFigures(name, scores, _percentile(times, 50), _percentile(times, 99), rss_mb())


async def compare(settings: Settings, heldout_path: Path, backends: list[str]) -> list[BackendFigures]:
    """Held-out figures per backend on the same examples; Rasa is trained and served if needed."""
    import psutil

    from bot import rasa_manager, rasa_process
    from nlu.rasa import RasaClient

    features = all_features(settings.path(settings.content_dir))
    examples = heldout_examples(heldout_path)
    results = []
    if "embedded" in backends:
        model = EmbeddedModel.train(load_training_data(features), settings.nlu.threshold)
        own = psutil.Process()
        results.append(await _measure("embedded", model, examples, lambda: own.memory_info().rss / 2**20))
    if "rasa" in backends:
        rasa_model, _ = await asyncio.to_thread(rasa_manager.train, settings, features)
        port = _free_port()
        proc = rasa_manager.start_server(settings, rasa_model, port)
        url = f"http://127.0.0.1:{port}"
        try:
            await asyncio.to_thread(rasa_manager.wait_ready, settings, url, rasa_manager.token(settings),
                                    proc)
            client = RasaClient(url, rasa_manager.token(settings), timeout=10,
                                threshold=settings.nlu.rasa_threshold)
            server = psutil.Process(proc.pid)
            try:
                results.append(await _measure("rasa", client, examples,
                                              lambda: _tree_rss(server) / 2**20))
            finally:
                await client.aclose()
        finally:
            await asyncio.to_thread(rasa_process.stop_group, proc)
    return results


def _tree_rss(proc: Any) -> float:
    return float(proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True)))


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def comparison_table(figures: list[BackendFigures]) -> str:
    lines = ["| backend | accuracy (in scope) | macro-F1 | out-of-scope rejection | parse p50 | parse p99 "
             "| resident memory |", "|---|---|---|---|---|---|---|"]
    for f in figures:
        s = f.scores
        lines.append(f"| {f.backend} | {s.in_scope_accuracy:.1%} | {s.macro_f1:.3f} | {s.oos_rejection:.1%} "
                     f"| {f.p50_ms:.2f} ms | {f.p99_ms:.2f} ms | {f.rss_mb:.0f} MB |")
    return "\n".join(lines)
