"""Surveys through the real NLU: asking for open surveys, about anonymity, starting one by
name, and a greeting in the middle that leaves the survey (the handlers themselves, with fixed
parses: tests/survey/)."""

from __future__ import annotations

from pathlib import Path

from bot.runtime import Runtime
from tests.chat import Chat
from tests.survey.helpers import add_people, at, create, send, staff

START = at("2026-09-01", "10:00")


async def test_survey_phrases(runtime: Runtime, tmp_path: Path) -> None:
    chat = Chat(runtime)
    await add_people(runtime, staff({"Sozialamt": 6}), at("2026-08-20"))
    await create(runtime, tmp_path)
    reply = (await chat.say("sozialamt.1", "Welche Umfragen laufen gerade?", at=START))[0]
    assert reply.text == "Im Moment wartet keine Umfrage auf Sie."
    await send(runtime, "puls", START)
    listed = (await chat.say("sozialamt.1", "Gibt es gerade eine Befragung für mich?", at=START))[0]
    assert listed.text.startswith("Offene Umfragen für Sie:\n• „Pulsbefragung“, offen bis 08.09.26")
    anon = (await chat.say("sozialamt.1", "Ist die Umfrage wirklich anonym?", at=START))[0]
    assert anon.text.startswith("Umfragen sind anonym: Solange eine Umfrage läuft, werden Ihre "
                                "Antworten nur verschlüsselt gespeichert")
    assert "Frage 1 von 4" in (await chat.say("sozialamt.1", "Umfrage", at=START))[0].text
    assert (await chat.say("sozialamt.1", "5", at=START))[0].text.startswith("Frage 2 von 4")
    greeted = (await chat.say("sozialamt.1", "Hallo", at=START))[0]
    assert greeted.text.startswith("Hallo Sozialamt.1")  # answered, not taken for an answer
    assert "nicht als Antwort verstanden" not in greeted.text
