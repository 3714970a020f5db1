"""The embedded classifier: confident on known intents, rejects gibberish, caches the model."""

from __future__ import annotations

from pathlib import Path

from nlu.embedded import EmbeddedModel, load_or_train
from nlu.training_data import Example, TrainingData
from nlu.types import FALLBACK

DATA = TrainingData([
    *(Example(t, "faq_vpn") for t in ["vpn zuhause", "wie komme ich ins netz", "vpn einrichten"]),
    *(Example(t, "core_greet") for t in ["hallo", "guten morgen", "servus"]),
    *(Example(t, "out_of_scope") for t in ["wetter", "pizza bestellen", "fussball"]),
])


async def test_classifies_and_extracts_dates(model: EmbeddedModel) -> None:
    parse = await model.parse("Ich möchte ab dem 3. März beim Lunch-Roulette mitmachen", "de")
    assert parse.intent == "lunch_join" and parse.confidence > 0.35
    assert parse.entity("date") is not None
    assert parse.source == "embedded"


def test_gibberish_and_punctuation_fall_back(model: EmbeddedModel) -> None:
    for text in ["", "???", "1234", "😀😀"]:
        assert model.classify(text)[0] == FALLBACK


def test_mostly_unknown_words_are_not_guessed(model: EmbeddedModel) -> None:
    text = "xqzv plonk max.muster@stadt.example 0711123456"
    intent = model.classify(text)[0]
    assert intent == FALLBACK  # most of these words never occur in the training data
    assert model.classify("beim lunch roulette mitmachen plonk")[0] == "lunch_join"


def test_load_or_train_caches_by_fingerprint(tmp_path: Path) -> None:
    path = tmp_path / "m.pkl"
    _, trained = load_or_train(DATA, path)
    _, again = load_or_train(DATA, path)
    assert (trained, again) == (True, False)
    more = TrainingData([*DATA.examples, Example("servus beinand", "core_greet")])
    _, retrained = load_or_train(more, path)
    assert retrained is True


def test_corrupt_model_file_is_retrained(tmp_path: Path) -> None:
    path = tmp_path / "m.pkl"
    path.write_bytes(b"not a pickle")
    model, trained = load_or_train(DATA, path)
    assert trained and model.classify("hallo")[0] == "core_greet"


def test_compiled_model_matches_scikit_learn() -> None:
    from nlu.compiled import LinearTextModel
    from nlu.embedded import build_pipeline
    from nlu.text import normalize

    texts, labels = DATA.texts_and_labels()
    pipeline = build_pipeline().fit([normalize(t) for t in texts], labels)
    compiled = LinearTextModel.from_pipeline(pipeline)
    probes = [*texts, "vpn von zuhause einrichten bitte", "Pizza und Wetter", "x", "übermorgen"]
    for text in probes:
        expected = pipeline.predict_proba([normalize(text)])[0]
        assert list(compiled.classes) == list(pipeline.classes_)
        assert abs(compiled.predict_proba(normalize(text)) - expected).max() < 1e-9, text
