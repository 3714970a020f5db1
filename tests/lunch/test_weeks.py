"""Lunch roulette over the weeks after Pfingsten 2027: "nächste Woche nicht" means next week.

The handlers get a fixed Parse (tests/chat.py); the phrases through the real NLU:
tests/e2e/test_lunch_chat.py."""

from __future__ import annotations

import pytest

from flows.lunch.prefs import says_next_week
from tests.chat import Chat
from tests.lunch.helpers import at, directory, join_all


@pytest.mark.parametrize(("text", "expected"), [
    ("nächste Woche nicht", True), ("Nächste Woche kann ich nicht zum Lunch", True),
    ("kommende Woche passt es mir nicht", True), ("I can't make it next week", True),
    ("naechste woche nicht", True), ("Passt diese Woche nicht", False),
    ("bin bis 15.9. im Urlaub", False), ("ich bin die nächsten drei Wochen nicht da", False),
])
def test_next_week_is_recognised(text: str, expected: bool) -> None:
    assert says_next_week(text) is expected


@pytest.mark.parametrize("text", ["nächste Woche nicht", "nächste Woche kann ich nicht zum Lunch"])
async def test_next_week_not_skips_next_week_and_leaves_this_weeks_group_alone(
        chat: Chat, text: str) -> None:
    before = at("2027-05-20", "10:00")
    await directory(chat.rt, before)
    await join_all(chat.rt, before, ["anna", "ben"])
    await chat.tick(at=at("2027-05-24", "09:00"))  # Monday after Pfingsten week: a round
    assert "Ben Kaya" in (await chat.inbox("anna"))[-1]["text"]
    reply = (await chat.say("ben", text, at=at("2027-05-25", "11:00"), intent="lunch_skip"))[0]
    assert reply.text == ("In Ordnung: In der Runde am 31. Mai 2027 sind Sie nicht dabei, danach "
                          "wieder. Ihre Gruppe dieser Woche bleibt, wie sie ist.")
    await chat.rt.sender().drain(at("2027-05-25", "11:00"))
    assert len(await chat.inbox("anna")) == 1  # nobody was told about this week
    status = await chat.say("ben", "mit wem esse ich diese woche", at=at("2027-05-25", "11:05"),
                            intent="lunch_status")
    assert status[0].text.startswith("Diese Woche gehen Sie Mittag essen mit:\n• Anna Berger")
    await chat.tick(at=at("2027-05-31", "09:00"))
    assert len(await chat.inbox("ben")) == 1  # not in the round of 31 May
    await chat.tick(at=at("2027-06-07", "09:00"))
    assert len(await chat.inbox("ben")) == 2  # back the week after


async def test_a_skip_in_the_evening_reaches_the_group_next_morning(chat: Chat) -> None:
    before = at("2027-05-20", "10:00")
    await directory(chat.rt, before)
    await join_all(chat.rt, before, ["anna", "ben"])
    await chat.tick(at=at("2027-05-24", "09:00"))
    evening = at("2027-05-24", "19:30")
    assert (await chat.say("ben", "Passt diese Woche nicht", at=evening))[0].text.startswith(
        "In Ordnung, diese Woche setzen Sie aus")
    await chat.rt.sender().drain(at("2027-05-24", "19:35"))
    assert len(await chat.inbox("anna")) == 1  # not in the evening
    await chat.rt.sender().drain(at("2027-05-25", "08:00"))
    assert (await chat.inbox("anna"))[-1]["text"].startswith("Lunch-Roulette: Ben Kaya kann")
