"""Real Rasa against the embedded model on feature intents (issue 20, item 5): both trained on the
same data (feature intents and out_of_scope, which holds the generic knowledge-base questions of
flows/faq/nlu.yml; no per-entry faq_* intents), asked the same slice of every held-out set; FAQ
and out-of-scope questions are negatives. Rasa must not be confidently wrong clearly more often
than the embedded model. Full figures: ``flurfunk nlu evaluate --backend both`` (benchmarks/RESULTS.md)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.config import Settings
from bot.evaluate import compare, comparison_table, heldout_cases
from nlu.evaluate import FeatureScores

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow
# Rasa's confident-wrong rate may exceed the embedded model's by at most this much (a third of
# the held-out questions, ~440, is the slice: one question is about 0.2 points).
MARGIN = 0.02
# What Rasa does today (benchmarks/RESULTS.md, session 25 round 2, all 1414 held-out questions):
# flurfunk's classifier with out_of_scope weighted 3 (C 3.0, bar 0.5, chosen on the dev split with
# the knowledge-base dev sets as negatives) 8.0 % confident wrong against the embedded model's
# 5.4 %, +2.5 points (session 25 round 1, no weighting: +4.2 on 1313; session 24, Rasa's balanced
# classifier: +6.5). On this test's slice (every third question, 472) the same model measured
# +4.7 points (2026-12-02): the slice is what the guard sees. The guard below keeps that gap from
# growing; the target test is expected to fail until it closes.
KNOWN_GAP = 0.047


@pytest.fixture(scope="module")
def side_by_side(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, FeatureScores], str]:
    var = tmp_path_factory.mktemp("rasa-quality-var")
    settings = Settings(var_dir=str(var), content_dir=str(ROOT / "content"))
    cases = heldout_cases(ROOT / "tests" / "data")[::3]
    assert {c.source for c in cases} == {"nlu_heldout", "kb_heldout", "kb_public"}
    figures = asyncio.run(compare(settings, ROOT / "tests" / "data", ["embedded", "rasa"], cases))
    by = {f.backend: f.by_set["all"] for f in figures}
    for s in by.values():
        assert s.n == len(cases) and s.feature_n > 40 and s.negative_n > 300
    return by, comparison_table(figures)


def _excess(by: dict[str, FeatureScores]) -> float:
    return by["rasa"].confident_wrong - by["embedded"].confident_wrong


def _explain(by: dict[str, FeatureScores], table: str) -> str:
    return (f"Rasa is confidently wrong {_excess(by):+.1%} more often than the embedded model:\n"
            f"{table}\n" + "\n".join(f"  {g} -> {p}: {t}" for t, g, p in by["rasa"].errors[:30]))


def test_both_engines_answer_feature_questions(side_by_side: tuple[dict[str, FeatureScores], str]) -> None:
    by, table = side_by_side
    for s in by.values():
        assert s.feature_accuracy >= 0.80, table


def test_rasa_confident_wrong_gap_does_not_grow(
    side_by_side: tuple[dict[str, FeatureScores], str]
) -> None:
    by, table = side_by_side
    assert _excess(by) <= KNOWN_GAP + MARGIN, _explain(by, table)


@pytest.mark.xfail(strict=True, reason="Rasa is confidently wrong more often than the embedded "
                   "model on feature intents (benchmarks/RESULTS.md); remove this mark once it is not")
def test_rasa_is_not_confidently_wrong_more_often_than_embedded(
    side_by_side: tuple[dict[str, FeatureScores], str]
) -> None:
    by, table = side_by_side
    assert _excess(by) <= MARGIN, _explain(by, table)
