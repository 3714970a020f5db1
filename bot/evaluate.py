"""``flurfunk nlu evaluate``: cross-validation and held-out figures for the embedded model."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.runtime import load_training_data
from flows import all_features
from nlu import evaluate, training_data
from nlu.embedded import EmbeddedModel

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


def run_evaluation(settings: Settings, heldout_path: Path, folds: int = 5) -> Report:
    data = load_training_data(all_features(settings.path(settings.content_dir)))
    files = sorted(heldout_path.glob("nlu_heldout*.yml")) if heldout_path.is_dir() else [heldout_path]
    heldout = training_data.load(files).examples
    cv = evaluate.cross_validate(data, folds, settings.nlu.threshold)
    model = EmbeddedModel.train(data, settings.nlu.threshold)
    return Report(cv, evaluate.evaluate_heldout(lambda text: model.classify(text)[0], heldout))
