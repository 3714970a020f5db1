"""Evaluation: stratified cross-validation and the held-out set, with per-intent figures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sklearn.model_selection import StratifiedKFold

from nlu.embedded import EmbeddedModel
from nlu.training_data import Example, TrainingData
from nlu.types import FALLBACK, OUT_OF_SCOPE

Classify = Callable[[str], str]


@dataclass
class Scores:
    """Per-intent precision, recall and F1, accuracy, out-of-scope rejection, confusions."""

    n: int = 0
    accuracy: float = 0.0
    in_scope_accuracy: float = 0.0
    oos_rejection: float = 0.0
    oos_n: int = 0
    per_intent: dict[str, dict[str, float]] = field(default_factory=dict)
    confused: list[tuple[str, str, int]] = field(default_factory=list)
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # text, gold, predicted

    @property
    def macro_f1(self) -> float:
        vals = [v["f1"] for k, v in self.per_intent.items() if k != OUT_OF_SCOPE]
        return sum(vals) / len(vals) if vals else 0.0


def score(gold: Sequence[str], pred: Sequence[str], texts: Sequence[str]) -> Scores:
    """Compare gold intents with predictions; out_of_scope is correct when rejected."""
    norm_pred = [OUT_OF_SCOPE if p == FALLBACK else p for p in pred]
    pairs = list(zip(gold, norm_pred, strict=True))
    s = Scores(n=len(pairs))
    s.accuracy = sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0
    inscope = [(g, p) for g, p in pairs if g != OUT_OF_SCOPE]
    s.in_scope_accuracy = sum(g == p for g, p in inscope) / len(inscope) if inscope else 0.0
    oos = [(g, p) for g, p in pairs if g == OUT_OF_SCOPE]
    s.oos_n = len(oos)
    s.oos_rejection = sum(p == OUT_OF_SCOPE for _, p in oos) / len(oos) if oos else 1.0
    for intent in sorted(set(gold) | set(norm_pred)):
        tp = sum(g == intent and p == intent for g, p in pairs)
        fp = sum(g != intent and p == intent for g, p in pairs)
        fn = sum(g == intent and p != intent for g, p in pairs)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        s.per_intent[intent] = {"precision": prec, "recall": rec, "f1": f1,
                                "support": float(tp + fn)}
    counts = Counter((g, p) for g, p in pairs if g != p)
    s.confused = [(g, p, n) for (g, p), n in counts.most_common(10)]
    s.errors = [(t, g, p) for t, (g, p) in zip(texts, pairs, strict=True) if g != p]
    return s


def cross_validate(data: TrainingData, folds: int, threshold: float, seed: int = 13) -> Scores:
    """Stratified k-fold cross-validation of the embedded model on its own training data."""
    texts, labels = data.texts_and_labels()
    kfold = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    gold: list[str] = []
    pred: list[str] = []
    order: list[str] = []
    for train_idx, test_idx in kfold.split(texts, labels):
        fold = TrainingData([data.examples[i] for i in train_idx])
        model = EmbeddedModel.train(fold, threshold)
        for i in test_idx:
            gold.append(labels[i])
            pred.append(model.classify(texts[i])[0])
            order.append(texts[i])
    return score(gold, pred, order)


def evaluate_heldout(classify: Classify, examples: Sequence[Example]) -> Scores:
    return score([e.intent for e in examples], [classify(e.text) for e in examples],
                 [e.text for e in examples])


def as_dict(s: Scores) -> dict[str, Any]:
    return {
        "n": s.n, "accuracy": round(s.accuracy, 4), "in_scope_accuracy": round(s.in_scope_accuracy, 4),
        "macro_f1": round(s.macro_f1, 4), "oos_rejection": round(s.oos_rejection, 4),
        "oos_n": s.oos_n,
        "per_intent": {k: {m: round(v, 3) for m, v in d.items()} for k, d in s.per_intent.items()},
        "confused": [{"gold": g, "predicted": p, "count": n} for g, p, n in s.confused],
        "errors": [{"text": t, "gold": g, "predicted": p} for t, g, p in s.errors],
    }


def is_feature_intent(intent: str) -> bool:
    """A feature intent (lunch, surveys, help, ...): not a FAQ entry, not out of scope, not fallback."""
    return not intent.startswith("faq_") and intent not in (OUT_OF_SCOPE, FALLBACK)


@dataclass
class FeatureScores:
    """Feature-intent figures when FAQ questions are answered elsewhere (entry retrieval).

    A *negative* is a question that is no feature intent (a FAQ question, out of scope): its right
    outcome is the fallback (retrieval then answers it). *Confident wrong* is a feature intent above
    the engine's threshold given to a question that is not that intent."""

    n: int = 0
    feature_n: int = 0
    negative_n: int = 0
    feature_accuracy: float = 0.0
    negative_rejection: float = 1.0
    confident_wrong: float = 0.0
    confident_wrong_features: float = 0.0
    confident_wrong_negatives: float = 0.0
    fallback_rate: float = 0.0
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # text, gold, predicted


def _share(hits: int, total: int, empty: float = 0.0) -> float:
    return hits / total if total else empty


def feature_score(gold: Sequence[str], pred: Sequence[str], texts: Sequence[str]) -> FeatureScores:
    """Score feature-intent routing; any prediction that is no feature intent counts as fallback."""
    pairs = list(zip(gold, pred, strict=True))
    wrong = [is_feature_intent(p) and p != g for g, p in pairs]
    feat = [i for i, (g, _) in enumerate(pairs) if is_feature_intent(g)]
    neg = [i for i, (g, _) in enumerate(pairs) if not is_feature_intent(g)]
    return FeatureScores(
        n=len(pairs), feature_n=len(feat), negative_n=len(neg),
        feature_accuracy=_share(sum(pairs[i][0] == pairs[i][1] for i in feat), len(feat)),
        negative_rejection=_share(sum(not is_feature_intent(pairs[i][1]) for i in neg), len(neg), 1.0),
        confident_wrong=_share(sum(wrong), len(pairs)),
        confident_wrong_features=_share(sum(wrong[i] for i in feat), len(feat)),
        confident_wrong_negatives=_share(sum(wrong[i] for i in neg), len(neg)),
        fallback_rate=_share(sum(not is_feature_intent(p) for _, p in pairs), len(pairs)),
        errors=[(t, g, p) for t, (g, p), w in zip(texts, pairs, wrong, strict=True) if w],
    )


def feature_dict(s: FeatureScores) -> dict[str, Any]:
    return {"n": s.n, "feature_n": s.feature_n, "negative_n": s.negative_n,
            **{k: round(getattr(s, k), 4) for k in (
                "feature_accuracy", "negative_rejection", "confident_wrong",
                "confident_wrong_features", "confident_wrong_negatives", "fallback_rate")},
            "confident_wrong_examples": [{"text": t, "gold": g, "predicted": p} for t, g, p in s.errors]}
