"""Lunch roulette through the real NLU: the phrases of the help text and of the training data
reach the right handlers (the handlers themselves: tests/lunch/test_chat.py, with fixed parses)."""

from __future__ import annotations

from bot.runtime import Runtime
from tests.chat import Chat
from tests.lunch.helpers import MONDAY, at, directory, join_all

BEFORE = at("2026-09-03", "10:00")  # Thursday before the round


async def test_join_preferences_and_status_before_the_round(runtime: Runtime) -> None:
    chat = Chat(runtime)
    await directory(runtime, BEFORE)
    reply = (await chat.say("anna", "Ich mache beim Lunch-Roulette mit", at=BEFORE))[0]
    assert reply.text.startswith("Willkommen beim Lunch-Roulette! Die Gruppen werden jeden "
                                 "Montagvormittag verschickt. Standort: Vegesack. Passende Tage: "
                                 "jeder Tag.")
    reply = (await chat.say("anna", "ich kann fürs lunch roulette nur dienstags und donerstags",
                       at=BEFORE))[0]
    assert reply.text == "Notiert. Standort: Vegesack. Passende Tage: Dienstag, Donnerstag."
    reply = (await chat.say("anna", "Mit wem gehe ich diese Woche essen?", at=BEFORE))[0]
    assert reply.text.startswith("Sie sind noch in keiner Gruppe. Die nächsten Gruppen kommen am "
                                 "7. September 2026.")
    again = (await chat.say("anna", "Ich mache beim Lunch-Roulette mit", at=BEFORE))[0]
    assert again.text.startswith("Sie sind beim Lunch-Roulette schon dabei.")
    async with runtime.uow() as uow:
        part = await uow.lunch.participant("anna")
        assert part is not None and part.weekdays == [1, 3] and part.active


async def test_new_person_without_site_is_asked_for_it(runtime: Runtime) -> None:
    chat = Chat(runtime)
    await directory(runtime, BEFORE)
    reply = (await chat.say("neu", "Sign me up for lunch roulette", at=BEFORE))[0]
    assert reply.text.endswith("An welchem Standort arbeiten Sie meistens? (z. B. Rathaus)")
    reply = (await chat.say("neu", "vegesak", at=BEFORE))[0]
    assert reply.text == "Danke, ist notiert. Standort: Vegesack. Passende Tage: jeder Tag."


async def test_status_skip_pause_and_leave_phrases(runtime: Runtime) -> None:
    chat = Chat(runtime)
    await directory(runtime, BEFORE)
    await join_all(runtime, BEFORE, ["anna", "ben"])
    await chat.tick(at=at(MONDAY, "09:00"))
    now = at(MONDAY, "11:00")
    status = (await chat.say("anna", "mit wem esse ich diese woche", at=now))[0]
    assert status.text.startswith("Diese Woche gehen Sie Mittag essen mit:\n• Ben Kaya")
    skipped = (await chat.say("ben", "Passt diese Woche nicht", at=now))[0]
    assert skipped.text.startswith("In Ordnung, diese Woche setzen Sie aus")
    twice = (await chat.say("ben", "diese woche kann ich leider nicht zum lunch", at=now))[0]
    assert twice.text.startswith("Ihrer Gruppe habe ich schon Bescheid gegeben")
    reply = (await chat.say("anna", "bin bis 15.9. im Urlaub", at=now))[0]
    assert reply.text.startswith("Pausiert bis 15. September 2026.")
    reply = (await chat.say("anna", "Lunch-Roulette pausieren", at=now))[0]
    assert reply.text.startswith("Bis wann soll Ihr Lunch-Roulette pausieren?")
    assert (await chat.say("anna", "abbrechen", at=now))[0].text == "In Ordnung, abgebrochen."
    reply = (await chat.say("anna", "lunch roulette abmelden", at=now))[0]
    assert reply.text.startswith("Sie haben sich vom Lunch-Roulette abgemeldet")


async def test_help_lists_lunch_roulette(runtime: Runtime) -> None:
    chat = Chat(runtime)
    reply = (await chat.say("anna", "hilfe", at=BEFORE))[0]
    assert "• Lunch-Roulette: „Ich mache beim Lunch-Roulette mit“" in reply.text
