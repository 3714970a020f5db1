"""A logistic-regression intent classifier for Rasa 3.6 whose class weights are a setting.

Rasa 3.6's ``LogisticRegressionClassifier`` hard-codes ``class_weight="balanced"``: every intent
weighs as much in total as every other. flurfunk trains feature intents (~25 examples each) beside
one out_of_scope intent with ~240 examples, so balancing gives each out_of_scope example about a
seventh of a feature example's weight, and a borderline FAQ or off-topic question goes to a
feature intent. This component is that classifier with ``class_weight`` configurable: ``null``
(every example weighs 1, the default here), ``balanced`` (Rasa's behaviour) or a mapping from
intent to weight (unlisted intents weigh 1); ``C``, the inverse regularisation strength; and how
the sentence features are scaled before the classifier sees them: ``sublinear_tf`` (each count
``c`` becomes ``log(1 + c)``, as scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` does) and
``norm`` (``l2``: every message's feature vector has length 1, so a long rambling question does
not outweigh a short one; ``null``: Rasa's raw counts). Same features (Rasa's sparse and dense
sentence features), same persistence (skops).
Runs inside Rasa's venv only (see ``__init__.py``); keep it valid Python 3.10.
"""

from typing import Any

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

WEIGHTS = "class_weight"
SUBLINEAR = "sublinear_tf"
NORM = "norm"


def scaled(X: Any, sublinear: bool, norm: Any) -> csr_matrix:
    """``X`` with every value ``v`` as ``sign(v) * log(1 + |v|)`` (``sublinear``) and every row
    of length 1 (``norm`` ``l2``); an all-zero row stays zero."""
    X = csr_matrix(X, dtype=np.float64, copy=True)
    if sublinear:
        X.data = np.sign(X.data) * np.log1p(np.abs(X.data))
    if norm == "l2":
        X = normalize(X, norm="l2")
    return X


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class WeightedLogisticRegressionClassifier(LogisticRegressionClassifier):
    """Rasa's logistic regression with ``class_weight`` and ``C`` as settings."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), WEIGHTS: None, "C": 1.0,
                SUBLINEAR: False, NORM: None}

    def __init__(self, config: dict[str, Any], name: str, model_storage: ModelStorage,
                 resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.validate_config(self.config)
        self.clf = LogisticRegression(
            solver=self.config["solver"], max_iter=self.config["max_iter"],
            class_weight=self.config[WEIGHTS], C=float(self.config["C"]), tol=self.config["tol"],
            random_state=self.config["random_state"], dual=False, fit_intercept=True,
            intercept_scaling=1, multi_class="auto", verbose=0, warm_start=False, n_jobs=None, l1_ratio=None)

    def _create_X(self, messages: list[Message]) -> csr_matrix:
        """Rasa's sentence features, scaled as configured (used for training and parsing)."""
        return scaled(super()._create_X(messages), self.config[SUBLINEAR], self.config[NORM])

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        weights = config.get(WEIGHTS)
        if weights is None or weights == "balanced":
            pass
        elif not isinstance(weights, dict) or not all(
                isinstance(k, str) and isinstance(v, (int, float)) and v > 0
                for k, v in weights.items()):
            raise InvalidConfigException(
                f"{cls.__name__}: {WEIGHTS} must be null, 'balanced' or a mapping from intent to "
                f"a positive weight, not {weights!r}")
        if not isinstance(config.get("C", 1.0), (int, float)) or config.get("C", 1.0) <= 0:
            raise InvalidConfigException(f"{cls.__name__}: C must be a positive number")
        if not isinstance(config.get(SUBLINEAR, False), bool):
            raise InvalidConfigException(f"{cls.__name__}: {SUBLINEAR} must be true or false")
        if config.get(NORM) not in (None, "l2"):
            raise InvalidConfigException(f"{cls.__name__}: {NORM} must be null or 'l2'")
