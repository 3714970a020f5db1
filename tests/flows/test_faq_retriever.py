"""The entry-based retriever (issue 16, items 2 and 3): decisions from entries alone, the answer
language, and a retriever built when the runtime starts, not on the first question."""

from __future__ import annotations

import asyncio
import threading
from datetime import date
from pathlib import Path

import pytest

from bot.config import Settings
from bot.runtime import Runtime
from flows.faq import config
from flows.faq.config import RetrieverHandle
from flows.faq.entries import Entry
from flows.faq.kb import KnowledgeBase
from flows.faq.retrieval import Decision, Retriever
from flows.types import Incoming
from tests.chat import FixedParser
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[2]
SYNONYMS = ROOT / "content" / "synonyms.yml"


def _entry(entry_id: str, locale: str, question: str, answer: str, *alts: str) -> Entry:
    return Entry(id=entry_id, locale=locale, question=question, alternatives=list(alts),
                 answer=answer, source="Quelle", owner="Amt", reviewed=date(2026, 1, 1))


ENTRIES = [
    _entry("bike", "de", "Kann ich ein Dienstrad leasen?", "Ja, über die Entgeltumwandlung.",
           "Fahrrad leasen über die Stadt", "Jobrad Leasing"),
    _entry("bike", "en", "Can I lease a bike?", "Yes, through salary conversion.",
           "bike leasing through work"),
    _entry("pass", "de", "Ich habe mein Passwort vergessen", "Rufen Sie den Service-Desk an.",
           "Kennwort zurücksetzen", "Passwort vergessen was tun"),
    _entry("desk", "de", "Wer bezahlt den Schreibtisch fürs Homeoffice?",
           "Die Stadt stellt keine Möbel.", "Bürostuhl Homeoffice Kosten"),
]


@pytest.fixture(scope="module")
def small() -> Retriever:
    return Retriever.build(ENTRIES, SYNONYMS)


@pytest.fixture(scope="module")
def shipped() -> Retriever:
    return Retriever.build(KnowledgeBase.load(ROOT / "content" / "kb").entries, SYNONYMS)


def test_a_clear_question_is_answered_from_its_entry(small: Retriever) -> None:
    assert small.decide("Kann ich über die Stadt ein Fahrrad leasen?", "de") == Decision(
        "answer", ("bike",), "de")


def test_an_english_question_is_answered_in_english_when_the_entry_has_it(small: Retriever) -> None:
    assert small.decide("can I lease a bike through work", "de") == Decision("answer", ("bike",), "en")


def test_the_answer_is_in_the_questions_language_not_the_askers_locale(small: Retriever) -> None:
    """An English-speaking user asking in German gets the German entry (the only one there is)."""
    assert small.decide("Kennwort zurücksetzen", "en") == Decision("answer", ("pass",), "de")


def test_a_question_no_entry_covers_falls_back(small: Retriever) -> None:
    assert small.decide("Wann ist die nächste Personalversammlung?", "de").kind != "answer"
    assert small.decide("Wie wird das Wetter morgen?", "de").kind == "fallback"
    assert small.decide("   ", "de").kind == "fallback"


def test_a_question_between_entries_is_a_suggestion_not_an_answer(shipped: Retriever) -> None:
    """The issue's examples: they must never get an answer that looks authoritative; a referral
    (whom to ask, content/kb/referrals-de.yml) is no answer."""
    for text in ("wie beantrage ich urlaub", "Wer zahlt meinen Bürostuhl fürs Homeoffice?",
                 "Wie viele Plusstunden darf ich auf dem Gleitzeitkonto haben?",
                 "Darf ich im Homeoffice arbeiten wenn ich krankgeschrieben bin?"):
        d = shipped.decide(text, "de")
        assert d.kind in ("refer", "suggest", "fallback"), text
        assert len(d.entries) <= 3
        assert d.kind != "suggest" or not any(e.startswith("refer-") for e in d.entries), text
    assert shipped.decide("wie beantrage ich urlaub", "de").entries == ("refer-leave",)


def test_a_year_the_entry_does_not_name_makes_a_suggestion_not_an_answer() -> None:
    """A figure for 2020 is no answer to a question about 2025: offered, not stated."""
    entries = [*ENTRIES, _entry("laptops", "de", "Wie viele Notebooks hat die Stadt gekauft?",
                                "2020 hat die Stadt 6.000 Notebooks gekauft.",
                                "Notebooks Anschaffung Stadt")]
    r = Retriever.build(entries, SYNONYMS, semantic="off")
    assert r.decide("wie viele notebooks hat die stadt gekauft", "de") == Decision(
        "answer", ("laptops",), "de")
    assert r.decide("wie viele notebooks hat die stadt 2020 gekauft", "de").kind == "answer"
    offered = r.decide("wie viele notebooks hat die stadt 2025 gekauft", "de")
    assert (offered.kind, offered.entries[0]) == ("suggest", "laptops")


def test_no_entries_no_answer() -> None:
    assert Retriever.build([], SYNONYMS).decide("vpn", "de").kind == "fallback"


def test_a_new_entry_is_answered_without_any_classifier_training(small: Retriever) -> None:
    """Built from the entries alone: a topic no training data knows is answered at once."""
    more = [*ENTRIES, _entry("fish", "de", "Darf ich ein Aquarium ins Büro stellen?",
                             "Nur mit Zustimmung der Hausverwaltung.", "Aquarium im Büro")]
    asked = "darf ich ein aquarium ins büro stellen"
    assert small.decide(asked, "de").kind != "answer"
    d = Retriever.build(more, SYNONYMS).decide(asked, "de")
    assert d == Decision("answer", ("fish",), "de")


# --- built at start ----------------------------------------------------------------------------

async def test_a_question_waits_for_a_retriever_still_being_built(small: Retriever) -> None:
    release = threading.Event()

    def slow_build(semantic: bool) -> Retriever:
        release.wait(5)
        return small

    handle = RetrieverHandle(slow_build)
    handle.start()
    assert handle.started and not handle.done() and handle.current() is None
    waiter = asyncio.create_task(handle.ready(5))
    await asyncio.sleep(0.05)
    assert not waiter.done()  # the question waits (without blocking the event loop) ...
    release.set()
    assert await waiter is small  # ... and is answered once the build is done
    assert handle.current() is small


async def test_the_wait_is_bounded(small: Retriever) -> None:
    release = threading.Event()
    handle = RetrieverHandle(lambda semantic: (release.wait(5), small)[1])
    assert await handle.ready(0.05) is None
    release.set()
    assert handle.get(5) is small


async def test_runtime_start_builds_the_retriever_but_tick_does_not(
        settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = Retriever.build

    def counting(*args: object, **kw: object) -> Retriever:
        calls.append("build")
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Retriever, "build", staticmethod(counting))
    monkeypatch.setattr(config, "_BUILDS", {})
    async with Runtime(settings, nlu=False) as rt:  # tick and the admin commands
        faq = next(f for f in rt.features if f.name == "faq")
        assert not faq.resources.retriever.started
    assert calls == []
    async with Runtime(settings, parser=FixedParser()) as rt:  # a runtime that answers messages
        faq = next(f for f in rt.features if f.name == "faq")
        assert faq.resources.retriever.started  # before any question
        await asyncio.wait_for(faq.resources.retriever.ready(60), 65)
        assert calls == ["build"]
        [reply] = await rt.dispatcher.handle(Incoming("anna", "Wie viel Homeoffice ist erlaubt?"), NOW)
        assert reply.kind == "faq" and "40 Prozent" in reply.text
    assert calls == ["build"]  # the question used the retriever built at start
