"""The embedded classifier: word and character n-gram TF-IDF with a logistic regression."""

from __future__ import annotations

import hashlib
import logging
import pickle
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from nlu.compiled import LinearTextModel
from nlu.dates import extract_dates
from nlu.text import normalize
from nlu.training_data import TrainingData
from nlu.types import FALLBACK, OUT_OF_SCOPE, THRESHOLD, Entity, Parse

log = logging.getLogger(__name__)
MODEL_VERSION = 2
# Below this confidence, a message whose words are mostly unknown to the training data is rejected
# ("xqzv plonk max@stadt.example" must not land on some topic); see benchmarks/RESULTS.md.
UNKNOWN_WORDS_CONFIDENCE = 0.4
UNKNOWN_WORDS_SHARE = 0.34


def build_pipeline() -> Any:
    """The scikit-learn pipeline (imported here only: training is the one place that needs it)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
            (
                "chars",
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
            ),
        ]
    )
    clf = LogisticRegression(C=20.0, max_iter=2000, class_weight="balanced")
    return Pipeline([("features", features), ("clf", clf)])


def fingerprint(data: TrainingData) -> str:
    h = hashlib.sha256(str(MODEL_VERSION).encode())
    for ex in sorted(data.examples, key=lambda e: (e.intent, e.text)):
        h.update(f"{ex.intent}\t{ex.text}\n".encode())
    return h.hexdigest()[:16]


@dataclass
class EmbeddedModel:
    model: LinearTextModel
    fingerprint: str
    threshold: float = THRESHOLD

    @classmethod
    def train(cls, data: TrainingData, threshold: float = THRESHOLD) -> EmbeddedModel:
        texts, labels = data.texts_and_labels()
        if len(set(labels)) < 2:
            raise ValueError("training data needs at least two intents")
        pipeline = build_pipeline()
        pipeline.fit([normalize(t) for t in texts], labels)
        return cls(LinearTextModel.from_pipeline(pipeline), fingerprint(data), threshold)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps({"model": self.model, "fingerprint": self.fingerprint}))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path, threshold: float = THRESHOLD) -> EmbeddedModel:
        blob = pickle.loads(path.read_bytes())
        return cls(blob["model"], blob["fingerprint"], threshold)

    def classify(self, text: str) -> tuple[str, float, tuple[tuple[str, float], ...]]:
        """Intent, confidence and top-5 ranking for ``text``; below threshold: nlu_fallback."""
        norm = normalize(text)
        if not norm or not any(ch.isalpha() for ch in norm):
            return FALLBACK, 0.0, ()
        probs = self.model.predict_proba(norm)
        classes = self.model.classes
        order = np.argsort(probs)[::-1][:5]
        ranking = tuple((str(classes[i]), float(probs[i])) for i in order)
        intent, confidence = ranking[0]
        if intent == OUT_OF_SCOPE or confidence < self.threshold:
            return FALLBACK, confidence, ranking
        if confidence < UNKNOWN_WORDS_CONFIDENCE and self.model.known_share(norm) < UNKNOWN_WORDS_SHARE:
            return FALLBACK, confidence, ranking  # mostly words never seen: a guess, not an answer
        return intent, confidence, ranking

    async def parse(self, text: str, locale: str = "de", today: date | None = None) -> Parse:
        intent, confidence, ranking = self.classify(text)
        entities = tuple(
            Entity("date", d.value, d.start, d.end, "rule")
            for d in extract_dates(text, locale, today)
        )
        return Parse(intent, confidence, entities, "embedded", ranking)


def load_or_train(
    data: TrainingData, path: Path, threshold: float = THRESHOLD
) -> tuple[EmbeddedModel, bool]:
    """Load the model at ``path`` if it matches ``data``; otherwise train and save it."""
    want = fingerprint(data)
    if path.exists():
        try:
            model = EmbeddedModel.load(path, threshold)
            if model.fingerprint == want:
                return model, False
        except Exception:  # a stale or foreign pickle is simply retrained
            log.warning("embedded model at %s unreadable; retraining", path)
    model = EmbeddedModel.train(data, threshold)
    model.save(path)
    return model, True
