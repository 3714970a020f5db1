"""A trained TF-IDF + logistic-regression model reduced to plain arrays: fast to load and to run,
no scikit-learn import at start (``flurfunk say`` starts in well under a second)."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def word_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """The same n-grams as scikit-learn's word analyzer (default token pattern, lower-cased)."""
    tokens = _TOKEN.findall(text.lower())
    grams: list[str] = []
    for n in range(lo, hi + 1):
        grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return grams


def char_wb_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """The same n-grams as scikit-learn's ``char_wb`` analyzer."""
    grams: list[str] = []
    for word in text.lower().split():
        w = f" {word} "
        for n in range(lo, hi + 1):
            offset = 0
            grams.append(w[offset : offset + n])
            while offset + n < len(w):
                offset += 1
                grams.append(w[offset : offset + n])
            if offset == 0:
                break
    return grams


@dataclass
class Vectorizer:
    analyzer: str  # "word" | "char_wb"
    ngram: tuple[int, int]
    vocabulary: dict[str, int]
    idf: np.ndarray
    offset: int  # column offset in the stacked feature space

    def features(self, text: str) -> dict[int, float]:
        grams = (word_ngrams if self.analyzer == "word" else char_wb_ngrams)(text, *self.ngram)
        counts = Counter(g for g in grams if g in self.vocabulary)
        weights = {self.vocabulary[g]: (1.0 + math.log(c)) * float(self.idf[self.vocabulary[g]])
                   for g, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        return {self.offset + i: v / norm for i, v in weights.items()}


@dataclass
class LinearTextModel:
    vectorizers: list[Vectorizer]
    coef: np.ndarray  # classes x features
    intercept: np.ndarray
    classes: list[str]

    def predict_proba(self, text: str) -> np.ndarray:
        feats: dict[int, float] = {}
        for v in self.vectorizers:
            feats.update(v.features(text))
        scores = self.intercept.copy()
        if feats:
            idx = np.fromiter(feats.keys(), dtype=np.int64)
            vals = np.fromiter(feats.values(), dtype=np.float64)
            scores += self.coef[:, idx] @ vals
        scores -= scores.max()
        exp = np.exp(scores)
        return exp / exp.sum()

    def known_share(self, text: str) -> float:
        """Share of the words in ``text`` that occur in the training data (0.0 with no words)."""
        vocab = next((v.vocabulary for v in self.vectorizers if v.analyzer == "word"), {})
        words = _TOKEN.findall(text.lower())
        return sum(w in vocab for w in words) / len(words) if words else 0.0

    @classmethod
    def from_pipeline(cls, pipeline: Any) -> LinearTextModel:
        """Reduce a fitted Pipeline(FeatureUnion(TfidfVectorizer...), LogisticRegression)."""
        vectorizers, offset = [], 0
        for _name, vec in pipeline.named_steps["features"].transformer_list:
            if not vec.sublinear_tf or vec.norm != "l2" or vec.analyzer not in {"word", "char_wb"}:
                raise ValueError("only sublinear, l2-normalised word/char_wb TF-IDF can be compiled")
            vocab = {str(k): int(v) for k, v in vec.vocabulary_.items()}
            vectorizers.append(Vectorizer(vec.analyzer, tuple(vec.ngram_range), vocab,
                                          np.asarray(vec.idf_, dtype=np.float64), offset))
            offset += len(vocab)
        clf = pipeline.named_steps["clf"]
        coef = np.asarray(clf.coef_, dtype=np.float64)
        intercept = np.asarray(clf.intercept_, dtype=np.float64)
        if coef.shape[0] == 1:  # binary: scikit-learn keeps one row; make it two-class softmax
            coef = np.vstack([-coef / 2, coef / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
        return cls(vectorizers, coef, intercept, [str(c) for c in clf.classes_])
