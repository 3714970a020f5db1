"""Choose Rasa's fallback threshold for feature intents on a development split of the TRAINING data
(never on the held-out sets): both engines trained on 80 % of the feature and out-of-scope examples;
dev = the other 20 % plus, as negatives, the training data's per-entry faq_* questions (no engine
is trained on those since FAQ questions go to entry retrieval). Rasa's confident-wrong rate is
swept over client thresholds >= the pipeline's 0.3; the embedded model keeps its own threshold.
--faq-negatives: the variant where the FAQ phrasings are trained as out_of_scope (then split 80/20
as well). Run: .venv/bin/python -m benchmarks.rasa_dev_split [VAR_DIR] [--faq-negatives]
(Rasa's venv must exist: flurfunk rasa setup)."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import replace
from pathlib import Path

from sklearn.model_selection import train_test_split

from bot.config import Settings
from bot.evaluate import Case, feature_training_data, parse_all, served_rasa
from bot.runtime import load_training_data
from flows import all_features
from nlu import evaluate
from nlu.embedded import EmbeddedModel
from nlu.training_data import TrainingData
from nlu.types import FALLBACK, OUT_OF_SCOPE

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8]


def split(settings: Settings, faq_negatives: bool) -> tuple[TrainingData, list[Case]]:
    """80/20 of the feature and out-of-scope examples; the faq_* questions all in dev, or (with
    ``faq_negatives``) 80/20 too, the training part labelled out_of_scope."""
    features = all_features(settings.path(settings.content_dir))
    data = feature_training_data(features)
    labels = [e.intent for e in data.examples]
    train, dev = train_test_split(data.examples, test_size=0.2, stratify=labels, random_state=13)
    faq = [e for e in load_training_data(features).examples if e.intent.startswith("faq_")]
    if faq_negatives:
        faq_train, faq = train_test_split(faq, test_size=0.2, stratify=[e.intent for e in faq],
                                          random_state=13)
        train += [replace(e, intent=OUT_OF_SCOPE, entities=(), markup=e.text) for e in faq_train]
    cases = [Case(e.text, e.intent, "dev") for e in dev] + [Case(e.text, e.intent, "dev_faq") for e in faq]
    return replace(data, examples=list(train)), cases


def row(name: str, s: evaluate.FeatureScores) -> str:
    return (f"| {name} | {s.feature_accuracy:.1%} | **{s.confident_wrong:.1%}** "
            f"| {s.confident_wrong_features:.1%} / {s.confident_wrong_negatives:.1%} "
            f"| {s.negative_rejection:.1%} |")


async def main(var_dir: str, faq_negatives: bool) -> None:
    settings = Settings(var_dir=var_dir, content_dir=str(ROOT / "content"))
    train, cases = split(settings, faq_negatives)
    gold, texts = [c.gold for c in cases], [c.text for c in cases]
    print(f"train {len(train.examples)}, dev {sum(c.source == 'dev' for c in cases)} feature/OOS "
          f"+ {sum(c.source == 'dev_faq' for c in cases)} faq_* questions")
    print("| engine (threshold) | feature-intent accuracy | confident wrong | (feature / FAQ+OOS) "
          "| FAQ+OOS to fallback |\n|---|---|---|---|---|")
    model = EmbeddedModel.train(train, settings.nlu.threshold)
    parses, _ = await parse_all(model, cases)
    embedded = evaluate.feature_score(gold, [p.intent for p in parses], texts)
    print(row(f"embedded ({settings.nlu.threshold})", embedded))
    async with served_rasa(settings, train) as (client, _):
        parses, _ = await parse_all(client, cases)
    chosen = None
    for t in THRESHOLDS:
        pred = [p.intent if p.intent != FALLBACK and p.confidence >= t else FALLBACK for p in parses]
        s = evaluate.feature_score(gold, pred, texts)
        print(row(f"rasa ({t})", s))
        if chosen is None and s.confident_wrong <= embedded.confident_wrong:
            chosen = t
    print(f"lowest Rasa threshold with confident wrong <= the embedded model's on dev: {chosen}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--faq-negatives"]
    asyncio.run(main(args[0] if args else str(ROOT / "var"), "--faq-negatives" in sys.argv))
