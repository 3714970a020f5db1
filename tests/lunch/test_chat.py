"""Chat: join with site and weekdays, status before and after a round, "passt diese Woche
nicht" telling the others, pause until a date, leave, a new person asked for the site.

The handlers get a fixed Parse (tests/chat.py), not the trained classifier: these tests do not
change when any feature's training data does (the phrases: tests/e2e/test_lunch_chat.py)."""

from __future__ import annotations

from datetime import date

from tests.chat import Chat, FixedParser, at
from tests.lunch.helpers import MONDAY, PEOPLE, join_all

BEFORE = at("2026-09-03", "10:00")  # Thursday before the round


async def directory(chat: Chat, people: dict[str, tuple[str, str, str]] = PEOPLE) -> None:
    await chat.people({pid: {"name": n, "department": d, "site": s, "locale": "de"}
                       for pid, (n, d, s) in people.items()}, at=BEFORE)


async def test_join_preferences_and_status_before_the_round(chat: Chat) -> None:
    await directory(chat)
    reply = (await chat.say("anna", "Ich mache mit", at=BEFORE, intent="lunch_join"))[0]
    assert reply.text.startswith("Willkommen beim Lunch-Roulette! Die Gruppen werden jeden "
                                 "Montagvormittag verschickt. Standort: Vegesack. Passende Tage: "
                                 "jeder Tag.")
    reply = (await chat.say("anna", "nur dienstags und donerstags", at=BEFORE,
                            intent="lunch_preferences"))[0]
    assert reply.text == "Notiert. Standort: Vegesack. Passende Tage: Dienstag, Donnerstag."
    reply = (await chat.say("anna", "Mit wem?", at=BEFORE, intent="lunch_status"))[0]
    assert reply.text.startswith("Sie sind noch in keiner Gruppe. Die nächsten Gruppen kommen am "
                                 "7. September 2026.")
    again = (await chat.say("anna", "Ich mache mit", at=BEFORE, intent="lunch_join"))[0]
    assert again.text.startswith("Sie sind beim Lunch-Roulette schon dabei.")
    async with chat.rt.uow() as uow:
        part = await uow.lunch.participant("anna")
        assert part is not None and part.weekdays == [1, 3] and part.active


async def test_the_handler_sees_the_given_parse_only(chat: Chat) -> None:
    """The same words with another intent go elsewhere: the classifier is out of the test."""
    await directory(chat)
    parser = chat.rt.parser
    assert isinstance(parser, FixedParser)
    reply = (await chat.say("anna", "Ich mache beim Lunch-Roulette mit", at=BEFORE,
                            intent="lunch_status"))[0]
    assert not reply.text.startswith("Willkommen")
    assert parser.texts[-1] == "Ich mache beim Lunch-Roulette mit"
    async with chat.rt.uow() as uow:
        assert await uow.lunch.participant("anna") is None  # the words alone joined nobody
    unknown = (await chat.say("anna", "Ich mache beim Lunch-Roulette mit", at=BEFORE))[0]
    assert not unknown.text.startswith("Willkommen")  # no intent given: nothing understood


async def test_new_person_without_site_is_asked_for_it(chat: Chat) -> None:
    await directory(chat)
    reply = (await chat.say("neu", "Sign me up", at=BEFORE, intent="lunch_join"))[0]
    assert reply.text.endswith("An welchem Standort arbeiten Sie meistens? (z. B. Rathaus)")
    reply = (await chat.say("neu", "vegesak", at=BEFORE))[0]  # the flow takes the answer
    assert reply.text == "Danke, ist notiert. Standort: Vegesack. Passende Tage: jeder Tag."


async def test_status_skip_tells_the_others_politely(chat: Chat) -> None:
    await directory(chat, {k: PEOPLE[k] for k in ("anna", "ben")})
    await join_all(chat.rt, BEFORE, ["anna", "ben"])
    await chat.tick(at=at(MONDAY, "09:00"))
    now = at(MONDAY, "11:00")
    status = (await chat.say("anna", "mit wem", at=now, intent="lunch_status"))[0]
    assert status.text.startswith("Diese Woche gehen Sie Mittag essen mit:\n• Ben Kaya "
                                  "(Sozialamt, Vegesack)\nVorgeschlagener Tag: ")
    skipped = (await chat.say("ben", "Passt nicht", at=now, intent="lunch_skip"))[0]
    assert skipped.text.startswith("In Ordnung, diese Woche setzen Sie aus")
    await chat.tick(at=now)
    notice = (await chat.inbox("anna"))[-1]["text"]
    assert notice == ("Lunch-Roulette: Ben Kaya kann diese Woche leider nicht und lässt herzlich "
                      "grüßen. Ihr Mittagessen fällt damit diesmal aus; in der nächsten Runde sind "
                      "Sie wieder dabei.")
    assert len(await chat.inbox("ben")) == 1  # ben got no notice about himself
    twice = (await chat.say("ben", "kann nicht", at=now, intent="lunch_skip"))[0]
    assert twice.text.startswith("Ihrer Gruppe habe ich schon Bescheid gegeben")
    status = (await chat.say("anna", "wer?", at=now, intent="lunch_status"))[0]
    assert "Ben Kaya (Sozialamt, Vegesack) (kann diese Woche nicht)" in status.text


async def test_skip_button_in_a_group_of_three(chat: Chat) -> None:
    await directory(chat)
    await join_all(chat.rt, BEFORE, ["anna", "ben", "cora"])
    await chat.tick(at=at(MONDAY, "09:00"))
    choice = (await chat.inbox("cora"))[0]["choices"][0]
    reply = (await chat.press("cora", choice, at=at(MONDAY, "12:00")))[0]
    assert reply.text.startswith("In Ordnung")
    await chat.tick(at=at(MONDAY, "12:00"))
    for other in ("anna", "ben"):
        assert (await chat.inbox(other))[-1]["text"].endswith(
            "Ihnen trotzdem ein schönes Mittagessen!")
    outsider = (await chat.press("emil", {"action": choice["action"]}, at=at(MONDAY, "12:00")))[0]
    assert outsider.text.startswith("Diese Woche sind Sie in keiner Mittagsgruppe.")


async def test_pause_until_a_date_and_leave(chat: Chat) -> None:
    await directory(chat)
    await join_all(chat.rt, BEFORE, ["anna", "ben", "cora"])
    reply = (await chat.say("cora", "bin bis 15.9. im Urlaub", at=BEFORE, intent="lunch_pause"))[0]
    assert reply.text == ("Pausiert bis 15. September 2026. Ab der Runde danach sind Sie "
                          "automatisch wieder dabei.")
    reply = (await chat.say("ben", "pausieren", at=BEFORE, intent="lunch_pause"))[0]
    assert reply.text.startswith("Bis wann soll Ihr Lunch-Roulette pausieren?")
    assert (await chat.say("ben", "abbrechen", at=BEFORE))[0].text == "In Ordnung, abgebrochen."
    await chat.tick(at=at(MONDAY, "09:00"))
    assert len(await chat.inbox("cora")) == 0
    assert "Cora" not in (await chat.inbox("anna"))[0]["text"]
    status = (await chat.say("cora", "mit wem?", at=at(MONDAY), intent="lunch_status"))[0]
    assert status.text.startswith("Ihr Lunch-Roulette ist bis 15. September 2026 pausiert.")
    await chat.tick(at=at("2026-09-14", "09:00"))  # still away on Tuesday 15.9.
    assert len(await chat.inbox("cora")) == 0
    await chat.tick(at=at("2026-09-21", "09:00"))
    assert len(await chat.inbox("cora")) == 1  # back in the round after the pause
    reply = (await chat.say("cora", "abmelden", at=at("2026-09-22"), intent="lunch_leave"))[0]
    assert reply.text.startswith("Sie haben sich vom Lunch-Roulette abgemeldet")
    async with chat.rt.uow() as uow:
        part = await uow.lunch.participant("cora")
        assert part is not None and not part.active and part.paused_until == date(2026, 9, 15)
    await chat.tick(at=at("2026-09-28", "09:00"))
    assert len(await chat.inbox("cora")) == 1


async def test_help_lists_lunch_roulette(chat: Chat) -> None:
    reply = (await chat.say("anna", "hilfe", at=BEFORE, intent="core_help"))[0]
    assert "• Lunch-Roulette: „Ich mache beim Lunch-Roulette mit“" in reply.text
