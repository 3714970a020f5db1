"""Commitments through the real NLU: the phrases for taking one on (with and without a date) and
for the personal list reach the right handlers (the handlers themselves, with fixed parses:
tests/commitments/test_chat.py)."""

from __future__ import annotations

from bot.runtime import Runtime
from tests.chat import Chat
from tests.commitments.helpers import add_people, at

NOW = at("2012-05-23", "09:00")


async def test_take_with_and_without_a_date_and_the_list(runtime: Runtime) -> None:
    chat = Chat(runtime)
    await add_people(runtime, NOW)
    reply = (await chat.say("schoenig", "Ich übernehme das Konzept für die Infoveranstaltung bis "
                            "1.9.", at=NOW))[0]
    assert reply.text == ("Ich notiere: „Konzept für die Infoveranstaltung“, fällig am Samstag, "
                          "1. September 2012. Stimmt das?")
    assert (await chat.say("schoenig", "1", at=NOW))[0].text.startswith(
        "Notiert: „Konzept für die Infoveranstaltung“")
    listed = (await chat.say("schoenig", "Was steht bei mir an?", at=NOW))[0]
    assert listed.text == ("Ihre offenen Vereinbarungen:\n1. Konzept für die Infoveranstaltung: "
                           "fällig am Samstag, 1. September 2012 (offen)")
    reply = (await chat.say("fuchs", "Ich übernehme die Raumbuchung für den Folgeworkshop",
                            at=NOW))[0]
    assert "Bis wann erledigen Sie „Raumbuchung für den Folgeworkshop“?" in reply.text
    reply = (await chat.say("fuchs", "bis 12.10.", at=NOW))[0]
    assert "fällig am Freitag, 12. Oktober 2012" in reply.text
