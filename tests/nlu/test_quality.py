"""The quality bar on the held-out set (paraphrases not in the training data)."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings
from bot.evaluate import QUALITY_ACCURACY, QUALITY_OOS, run_evaluation

ROOT = Path(__file__).resolve().parents[2]


def test_heldout_meets_the_quality_bar(tmp_path: Path) -> None:
    settings = Settings(content_dir=str(ROOT / "content"), var_dir=str(tmp_path))
    report = run_evaluation(settings, ROOT / "tests" / "data", folds=3)
    held = report.heldout
    errors = "\n".join(f"{t!r}: {g} -> {p}" for t, g, p in held.errors)
    assert held.n >= 100
    assert held.in_scope_accuracy >= QUALITY_ACCURACY, errors
    assert held.oos_rejection >= QUALITY_OOS, errors
    assert held.oos_n >= 30


def test_no_heldout_sentence_is_in_the_training_data(tmp_path: Path) -> None:
    from bot.runtime import load_training_data
    from flows import all_features
    from nlu import training_data
    from nlu.text import normalize

    train = {normalize(e.text) for e in load_training_data(all_features(ROOT / "content")).examples}
    held = training_data.load(sorted((ROOT / "tests" / "data").glob("nlu_heldout*.yml"))).examples
    leaked = [e.text for e in held if normalize(e.text) in train]
    assert leaked == []
