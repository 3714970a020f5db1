"""Chat: join with site and weekdays, status before and after a round, "passt diese Woche
nicht" telling the others, pause until a date, leave, a new person asked for the site."""

from __future__ import annotations

from datetime import date

from bot.runtime import Runtime
from flows.types import Action
from tests.lunch.helpers import MONDAY, at, directory, inbox, join_all, press, say, tick

BEFORE = at("2026-09-03", "10:00")  # Thursday before the round


async def test_join_preferences_and_status_before_the_round(runtime: Runtime) -> None:
    await directory(runtime, BEFORE)
    reply = (await say(runtime, "anna", "Ich mache beim Lunch-Roulette mit", BEFORE))[0]
    assert reply.text.startswith("Willkommen beim Lunch-Roulette! Die Gruppen werden jeden "
                                 "Montagvormittag verschickt. Standort: Vegesack. Passende Tage: "
                                 "jeder Tag.")
    reply = (await say(runtime, "anna", "ich kann fürs lunch roulette nur dienstags und donerstags",
                       BEFORE))[0]
    assert reply.text == "Notiert. Standort: Vegesack. Passende Tage: Dienstag, Donnerstag."
    reply = (await say(runtime, "anna", "Mit wem gehe ich diese Woche essen?", BEFORE))[0]
    assert reply.text.startswith("Sie sind noch in keiner Gruppe. Die nächsten Gruppen kommen am "
                                 "7. September 2026.")
    again = (await say(runtime, "anna", "Ich mache beim Lunch-Roulette mit", BEFORE))[0]
    assert again.text.startswith("Sie sind beim Lunch-Roulette schon dabei.")
    async with runtime.uow() as uow:
        part = await uow.lunch.participant("anna")
        assert part is not None and part.weekdays == [1, 3] and part.active


async def test_new_person_without_site_is_asked_for_it(runtime: Runtime) -> None:
    await directory(runtime, BEFORE)
    reply = (await say(runtime, "neu", "Sign me up for lunch roulette", BEFORE))[0]
    assert reply.text.endswith("An welchem Standort arbeiten Sie meistens? (z. B. Rathaus)")
    reply = (await say(runtime, "neu", "vegesak", BEFORE))[0]
    assert reply.text == "Danke, ist notiert. Standort: Vegesack. Passende Tage: jeder Tag."


async def test_status_skip_tells_the_others_politely(runtime: Runtime) -> None:
    await directory(runtime, BEFORE, {k: v for k, v in
                                      [("anna", ("Anna Berger", "Jugendamt", "Vegesack")),
                                       ("ben", ("Ben Kaya", "Sozialamt", "Vegesack"))]})
    await join_all(runtime, BEFORE, ["anna", "ben"])
    await tick(runtime, at(MONDAY, "09:00"))
    now = at(MONDAY, "11:00")
    status = (await say(runtime, "anna", "mit wem esse ich diese woche", now))[0]
    assert status.text.startswith("Diese Woche gehen Sie Mittag essen mit:\n• Ben Kaya "
                                  "(Sozialamt, Vegesack)\nVorgeschlagener Tag: ")
    skipped = (await say(runtime, "ben", "Passt diese Woche nicht", now))[0]
    assert skipped.text.startswith("In Ordnung, diese Woche setzen Sie aus")
    await runtime.sender().drain(now)
    notice = (await inbox(runtime, "anna"))[-1]["text"]
    assert notice == ("Lunch-Roulette: Ben Kaya kann diese Woche leider nicht und lässt herzlich "
                      "grüßen. Ihr Mittagessen fällt damit diesmal aus; in der nächsten Runde sind "
                      "Sie wieder dabei.")
    assert len(await inbox(runtime, "ben")) == 1  # ben got no notice about himself
    twice = (await say(runtime, "ben", "diese woche kann ich leider nicht zum lunch", now))[0]
    assert twice.text.startswith("Ihrer Gruppe habe ich schon Bescheid gegeben")
    status = (await say(runtime, "anna", "Wer ist diese Woche in meiner Lunch-Gruppe?", now))[0]
    assert "Ben Kaya (Sozialamt, Vegesack) (kann diese Woche nicht)" in status.text


async def test_skip_button_in_a_group_of_three(runtime: Runtime) -> None:
    await directory(runtime, BEFORE)
    await join_all(runtime, BEFORE, ["anna", "ben", "cora"])
    await tick(runtime, at(MONDAY, "09:00"))
    choice = (await inbox(runtime, "cora"))[0]["choices"][0]
    reply = (await press(runtime, "cora", Action(choice["action"], choice["value"]),
                         at(MONDAY, "12:00")))[0]
    assert reply.text.startswith("In Ordnung")
    await runtime.sender().drain(at(MONDAY, "12:00"))
    for other in ("anna", "ben"):
        assert (await inbox(runtime, other))[-1]["text"].endswith(
            "Ihnen trotzdem ein schönes Mittagessen!")
    outsider = (await press(runtime, "emil", Action(choice["action"]), at(MONDAY, "12:00")))[0]
    assert outsider.text.startswith("Diese Woche sind Sie in keiner Mittagsgruppe.")


async def test_pause_until_a_date_and_leave(runtime: Runtime) -> None:
    await directory(runtime, BEFORE)
    await join_all(runtime, BEFORE, ["anna", "ben", "cora"])
    reply = (await say(runtime, "cora", "bin bis 15.9. im Urlaub", BEFORE))[0]
    assert reply.text == ("Pausiert bis 15. September 2026. Ab der Runde danach sind Sie "
                          "automatisch wieder dabei.")
    reply = (await say(runtime, "ben", "Lunch-Roulette pausieren", BEFORE))[0]
    assert reply.text.startswith("Bis wann soll Ihr Lunch-Roulette pausieren?")
    assert (await say(runtime, "ben", "abbrechen", BEFORE))[0].text == "In Ordnung, abgebrochen."
    await tick(runtime, at(MONDAY, "09:00"))
    assert len(await inbox(runtime, "cora")) == 0
    assert "Cora" not in (await inbox(runtime, "anna"))[0]["text"]
    status = (await say(runtime, "cora", "Mit wem gehe ich diese Woche essen?", at(MONDAY)))[0]
    assert status.text.startswith("Ihr Lunch-Roulette ist bis 15. September 2026 pausiert.")
    await tick(runtime, at("2026-09-14", "09:00"))  # still away on Tuesday 15.9.
    assert len(await inbox(runtime, "cora")) == 0
    await tick(runtime, at("2026-09-21", "09:00"))
    assert len(await inbox(runtime, "cora")) == 1  # back in the round after the pause
    reply = (await say(runtime, "cora", "lunch roulette abmelden", at("2026-09-22")))[0]
    assert reply.text.startswith("Sie haben sich vom Lunch-Roulette abgemeldet")
    async with runtime.uow() as uow:
        part = await uow.lunch.participant("cora")
        assert part is not None and not part.active and part.paused_until == date(2026, 9, 15)
    await tick(runtime, at("2026-09-28", "09:00"))
    assert len(await inbox(runtime, "cora")) == 1


async def test_help_lists_lunch_roulette(runtime: Runtime) -> None:
    reply = (await say(runtime, "anna", "hilfe", BEFORE))[0]
    assert "• Lunch-Roulette: „Ich mache beim Lunch-Roulette mit“" in reply.text
