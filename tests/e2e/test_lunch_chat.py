"""Lunch roulette through the real NLU: the phrases of the help text and of the training data
reach the right handlers (the handlers themselves: tests/lunch/test_chat.py, with fixed parses)."""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize("text", ["nächste Woche nicht", "nächste Woche kann ich nicht zum Lunch"])
async def test_next_week_not_phrases(runtime: Runtime, text: str) -> None:
    chat = Chat(runtime)
    before = at("2027-05-20", "10:00")
    await directory(runtime, before)
    await join_all(runtime, before, ["anna", "ben"])
    await chat.tick(at=at("2027-05-24", "09:00"))  # Monday after Pfingsten week: a round
    reply = (await chat.say("ben", text, at=at("2027-05-25", "11:00")))[0]
    assert reply.text == ("In Ordnung: In der Runde am 31. Mai 2027 sind Sie nicht dabei, danach "
                          "wieder. Ihre Gruppe dieser Woche bleibt, wie sie ist.")


async def test_my_data_phrases_show_and_erase_lunch_data(runtime: Runtime) -> None:
    chat = Chat(runtime)
    await directory(runtime, at("2026-09-01"))
    await join_all(runtime, at("2026-09-01"), ["anna", "ben"])
    reply = (await chat.say("anna", "bin bis 2.9. im Urlaub", at=at("2026-09-01")))[0]
    assert reply.text.startswith("Pausiert bis 2. September 2026.")
    [shown] = await chat.say("anna", "Was speicherst du über mich?", at=at(MONDAY, "12:00"))
    assert ("Lunch-Roulette: dabei; Standort Vegesack; Tage jeder Tag; pausiert bis "
            "2. September 2026") in shown.text
    await chat.say("anna", "Meine Daten löschen", at=at(MONDAY, "12:00"))
    await chat.say("anna", "1", at=at(MONDAY, "12:00"))
    async with runtime.uow() as uow:
        assert await uow.lunch.participant("anna") is None
