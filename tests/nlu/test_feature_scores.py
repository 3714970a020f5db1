"""Feature-intent figures (``nlu evaluate --backend both``): FAQ and out-of-scope questions are
negatives; a feature intent given to anything else is confident wrong, the fallback never is."""

from __future__ import annotations

from pathlib import Path

from bot.evaluate import heldout_cases
from bot.runtime import load_training_data
from flows import all_features
from nlu.evaluate import feature_score, is_feature_intent

ROOT = Path(__file__).resolve().parents[2]


def test_confident_wrong_counts_feature_intents_given_to_the_wrong_question() -> None:
    gold = ["lunch_join", "lunch_join", "survey_list", "faq_mobile-work-vpn", "out_of_scope",
            "faq_pate", "out_of_scope", "core_help"]
    pred = ["lunch_join", "nlu_fallback", "lunch_status", "onboarding_progress", "nlu_fallback",
            "faq_pate", "core_help", "core_help"]
    s = feature_score(gold, pred, [f"q{i}" for i in range(len(gold))])
    assert (s.n, s.feature_n, s.negative_n) == (8, 4, 4)
    assert s.feature_accuracy == 2 / 4  # lunch_join and core_help right
    assert s.confident_wrong == 3 / 8  # survey->lunch, faq->onboarding, oos->help
    assert s.confident_wrong_features == 1 / 4 and s.confident_wrong_negatives == 2 / 4
    assert s.negative_rejection == 2 / 4  # a faq_* prediction is no feature intent: not wrong
    assert s.fallback_rate == 3 / 8
    assert [g for _, g, _ in s.errors] == ["survey_list", "faq_mobile-work-vpn", "out_of_scope"]
    assert not is_feature_intent("nlu_fallback") and is_feature_intent("privacy_show")


def test_heldout_cases_take_every_set_and_keep_kb_questions_negative() -> None:
    cases = heldout_cases(ROOT / "tests" / "data")
    by_source = {c.source for c in cases}
    assert by_source == {"nlu_heldout", "kb_heldout", "kb_public"}
    kb = [c for c in cases if c.source != "nlu_heldout"]
    assert len(kb) > 800 and not any(is_feature_intent(c.gold) for c in kb)
    assert any(c.gold == "out_of_scope" for c in kb) and any(c.gold.startswith("faq_") for c in kb)
    single = heldout_cases(ROOT / "tests" / "data" / "nlu_heldout_lunch.yml")
    assert single and {c.source for c in single} == {"nlu_heldout"}


def test_training_data_has_no_faq_intents_and_teaches_kb_questions_as_out_of_scope() -> None:
    """Both engines train on load_training_data as it is: feature intents and out_of_scope, which
    includes flows/faq/nlu.yml's generic knowledge-base questions; no per-entry faq_* intents."""
    data = load_training_data(all_features(ROOT / "content"))
    assert data.examples and not any(i.startswith("faq_") for i in data.intents)
    oos = {e.text for e in data.examples if e.intent == "out_of_scope"}
    assert "Wie beantrage ich Sonderurlaub?" in oos
