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
from bot.i18n import Translations
from nlu.evaluate import FeatureScores

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow
# Rasa's confident-wrong rate may exceed the embedded model's by at most this much (a third of
# the held-out questions, ~470, is the slice: one question is about 0.2 points). Measured on all
# 1414 held-out questions (benchmarks/RESULTS.md, session 27: log-scaled, l2-normed features, C
# 300, bar 0.45, chosen on the dev split): Rasa 2.0 % against the embedded model's 3.8 %; before
# (session 25, raw counts) 8.0 % against 5.4 %.
MARGIN = 0.02


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
    return by, comparison_table(figures, Translations(default="en").for_locale("en"))


def _excess(by: dict[str, FeatureScores]) -> float:
    return by["rasa"].confident_wrong - by["embedded"].confident_wrong


def _explain(by: dict[str, FeatureScores], table: str) -> str:
    return (f"Rasa is confidently wrong {_excess(by):+.1%} more often than the embedded model:\n"
            f"{table}\n" + "\n".join(f"  {g} -> {p}: {t}" for t, g, p in by["rasa"].errors[:30]))


def test_both_engines_answer_feature_questions(side_by_side: tuple[dict[str, FeatureScores], str]) -> None:
    by, table = side_by_side
    for s in by.values():
        assert s.feature_accuracy >= 0.80, table


def test_rasa_is_not_confidently_wrong_more_often_than_embedded(
    side_by_side: tuple[dict[str, FeatureScores], str]
) -> None:
    by, table = side_by_side
    assert _excess(by) <= MARGIN, _explain(by, table)
