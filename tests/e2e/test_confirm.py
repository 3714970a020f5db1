"""Asking before doing (bot/confirm.py), through the real NLU: a question about lunch roulette
that the classifier takes for "leave" does not unsubscribe; "Ja" does it, "Nein" gives the
question to the knowledge base; a sure instruction still runs at once."""

from __future__ import annotations

from bot.confirm import QUESTION
from bot.runtime import Runtime
from tests.chat import Chat
from tests.lunch.helpers import at, directory

BEFORE = at("2026-09-03", "10:00")


async def _active(runtime: Runtime, who: str) -> bool:
    async with runtime.uow() as uow:
        part = await uow.lunch.participant(who)
        return part is not None and part.active


async def test_a_question_taken_for_leave_asks_first(runtime: Runtime) -> None:
    chat = Chat(runtime)
    await directory(runtime, BEFORE)
    await chat.say("anna", "Ich mache beim Lunch-Roulette mit", at=BEFORE)
    assert await _active(runtime, "anna")
    asked = (await chat.say("anna", "was ist der sinn vom lunch roulette", at=BEFORE))[0]
    assert asked.text.startswith("Soll ich Sie vom Lunch-Roulette abmelden?")
    assert [c.label for c in asked.choices] == ["Ja", "Nein"]
    assert await _active(runtime, "anna")  # nothing changed by asking
    no = (await chat.say("anna", "nein", at=BEFORE))[0]
    assert await _active(runtime, "anna") and "abgemeldet" not in no.text
    assert no.kind in ("faq", "fallback", "text")  # the knowledge base answered the question
    again = (await chat.say("anna", "was ist der sinn vom lunch roulette", at=BEFORE))[0]
    assert again.text.startswith("Soll ich Sie vom Lunch-Roulette abmelden?")
    yes = (await chat.say("anna", "ja", at=BEFORE))[0]
    assert yes.text.startswith("Sie haben sich vom Lunch-Roulette abgemeldet")
    assert not await _active(runtime, "anna")


async def test_a_sure_instruction_runs_at_once_and_an_old_button_expires(runtime: Runtime) -> None:
    chat = Chat(runtime)
    await directory(runtime, BEFORE)
    await chat.say("anna", "Ich mache beim Lunch-Roulette mit", at=BEFORE)
    left = (await chat.say("anna", "melde mich vom lunch roulette ab", at=BEFORE))[0]
    assert left.text.startswith("Sie haben sich vom Lunch-Roulette abgemeldet")
    stale = (await chat.press("anna", {"action": "core:confirm", "value": "yes"}, at=BEFORE))[0]
    assert stale.text.startswith("Diese Schaltfläche ist nicht mehr gültig")


def test_what_counts_as_a_question() -> None:
    for text in ("was ist der sinn vom lunch roulette", "Kann ich mitmachen?", "Bis wann muss ich?",
                 "why does the city run a lunch roulette"):
        assert QUESTION.search(text), text
    for text in ("Ich mache beim Lunch-Roulette mit", "melde mich ab", "Dienstausweis erledigt",
                 "Waschraum erledigt"):
        assert not QUESTION.search(text), text
