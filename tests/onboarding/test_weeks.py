"""Journeys lived over real weeks around Easter, Pfingsten and Fronleichnam 2027 (Baden-Württemberg,
clock change on 28 March): exact messages per person and day."""

from __future__ import annotations

from datetime import date

import pytest

from bot.runtime import Runtime
from flows.calendar import WorkCalendar
from flows.onboarding.journeys import Journeys
from flows.onboarding.plan import step_day
from flows.types import Action, Incoming
from tests.conftest import ROOT
from tests.onboarding.helpers import at, directory, inbox, step, tick

JOURNEYS = Journeys.load(ROOT / "content" / "onboarding")
BW = WorkCalendar()


def steps(messages: list[dict]) -> list[str]:  # type: ignore[type-arg]
    return [step(m) for m in messages if step(m)]


def texts(messages: list[dict]) -> list[str]:  # type: ignore[type-arg]
    return [m["text"] for m in messages]


async def test_steps_before_a_start_after_easter_come_on_the_last_working_day_before(
        runtime: Runtime) -> None:
    # start Tuesday 30 March 2027: day -3 is Saturday 27, Friday 26 is Good Friday, Monday 29
    # Easter Monday, so welcome and preparation belong on Thursday 25 March (before the clock change)
    await directory(runtime, at("2027-03-01"), lena={"start_date": date(2027, 3, 30)})
    await tick(runtime, at("2027-03-01", "10:00"))
    await tick(runtime, at("2027-03-25", "08:59"))
    assert steps(await inbox(runtime, "lena")) == []
    await tick(runtime, at("2027-03-25", "09:00"))
    welcome = await inbox(runtime, "lena")
    assert steps(welcome) == ["welcome"]
    assert "Am 30. März 2027 ist Ihr erster Arbeitstag" in welcome[0]["text"]
    assert steps(await inbox(runtime, "bernd")) == ["lead-prepare"]
    await tick(runtime, at("2027-03-29", "09:00"))  # Easter Monday: nothing
    assert steps(await inbox(runtime, "lena")) == ["welcome"]
    await tick(runtime, at("2027-03-30", "09:00"))  # summer time now: 07:00 UTC
    assert steps(await inbox(runtime, "lena")) == ["welcome", "first-day"]
    assert steps(await inbox(runtime, "bernd")) == ["lead-prepare"]


@pytest.mark.parametrize(("start", "expected"), [
    # start Tuesday after Easter: day -3 (Saturday) -> Thursday before Good Friday
    (date(2027, 3, 30), {"welcome": date(2027, 3, 25), "lead-prepare": date(2027, 3, 25),
                         "first-day": date(2027, 3, 30), "checklist": date(2027, 3, 31)}),
    # start Thursday 20 May: day -3 is Pfingstmontag (17 May) -> Friday 14 May
    (date(2027, 5, 20), {"welcome": date(2027, 5, 14), "first-day": date(2027, 5, 20),
                         "checklist": date(2027, 5, 21), "meet-pate": date(2027, 5, 24)}),
    # start Friday 28 May, the day after Fronleichnam: day -3 is Tuesday 25 May itself
    (date(2027, 5, 28), {"welcome": date(2027, 5, 25), "checklist": date(2027, 5, 31)}),
])
def test_onboarding_step_days(start: date, expected: dict[str, date]) -> None:
    j = JOURNEYS.get("onboarding")
    assert j is not None
    got = {s.id: step_day(j, s, start, BW) for s in j.steps}
    assert {k: got[k] for k in expected} == expected
    assert all(got[s.id] < start for s in j.steps if s.due_date(start) < start)


def test_handover_weeks_begin_on_monday_or_the_next_working_day_of_that_week() -> None:
    # last working day Wednesday 19 May 2027; Monday 17 May is Pfingstmontag, Monday 29 March
    # Easter Monday
    j = JOURNEYS.get("handover")
    assert j is not None
    got = {s.id: step_day(j, s, date(2027, 5, 19), BW) for s in j.steps}
    assert got == {
        "announce": date(2027, 3, 30), "successor-intro": date(2027, 3, 30),
        "lead-plan": date(2027, 3, 30), "document": date(2027, 4, 12),
        "shadowing": date(2027, 4, 26), "final-week": date(2027, 5, 18),
        "farewell": date(2027, 5, 19), "successor-follow-up": date(2027, 6, 2),
    }
    # a last day on a Monday: the "last week" starts the Monday before, not with the farewell
    monday = {s.id: step_day(j, s, date(2027, 6, 7), BW) for s in j.steps}
    assert monday["final-week"] == date(2027, 5, 31) and monday["farewell"] == date(2027, 6, 7)


async def test_a_changed_start_date_moves_the_journey_and_rewords_it(runtime: Runtime) -> None:
    await directory(runtime, at("2027-05-03"), lena={"start_date": date(2027, 5, 25)})
    await tick(runtime, at("2027-05-03", "10:00"))
    await tick(runtime, at("2027-05-21", "09:00"))
    assert steps(await inbox(runtime, "lena")) == ["welcome"]
    # HR re-imports the directory: Lena starts a week later, on Tuesday 1 June
    await directory(runtime, at("2027-05-21", "13:00"), lena={"start_date": date(2027, 6, 1)})
    await tick(runtime, at("2027-05-21", "13:00"))
    notice = (await inbox(runtime, "lena"))[-1]["text"]
    assert "Ihr erster Arbeitstag hat sich geändert" in notice
    assert "Dienstag, 1. Juni 2027" in notice and "25. Mai 2027" in notice
    lead_notice = (await inbox(runtime, "bernd"))[-1]["text"]
    assert "Lena Neu" in lead_notice and "Dienstag, 1. Juni 2027" in lead_notice
    await tick(runtime, at("2027-05-25", "09:00"))  # the old first day: nothing
    assert steps(await inbox(runtime, "lena")) == ["welcome"]
    await tick(runtime, at("2027-05-28", "09:00"))  # Friday before the new start (Sat 29 May)
    got = await inbox(runtime, "lena")
    assert steps(got) == ["welcome", "welcome"]
    assert "1. Juni 2027" in got[-1]["text"]
    await tick(runtime, at("2027-06-01", "09:00"))
    assert steps(await inbox(runtime, "lena"))[-1] == "first-day"
    async with runtime.uow() as uow:
        (e,) = await uow.onboarding.all()
        assert e.start_date == date(2027, 6, 1)


async def test_an_earlier_start_date_sends_what_moved_into_the_past(runtime: Runtime) -> None:
    await directory(runtime, at("2027-04-01"), lena={"start_date": date(2027, 6, 1)})
    await tick(runtime, at("2027-04-01", "10:00"))
    # moved forward to Tuesday 25 May: welcome (Friday 21 May) is now due before "now" (24 May)
    await directory(runtime, at("2027-05-24", "10:00"), lena={"start_date": date(2027, 5, 25)})
    await tick(runtime, at("2027-05-24", "10:00"))
    assert steps(await inbox(runtime, "lena")) == ["welcome"]
    await tick(runtime, at("2027-05-25", "09:00"))
    assert steps(await inbox(runtime, "lena")) == ["welcome", "first-day"]


async def test_nobody_found_is_said_once_even_after_retention(runtime: Runtime) -> None:
    await directory(runtime, at("2027-03-01"), lena={"start_date": date(2027, 4, 6)},
                    clara={"department": "Ordnungsamt"}, dirk={"department": "Ordnungsamt"})
    await tick(runtime, at("2027-03-01", "10:00"))
    told = [x for x in texts(await inbox(runtime, "bernd")) if "niemanden gefunden" in x]
    assert len(told) == 1
    for day in ("2027-06-01", "2027-06-02", "2027-06-03", "2027-06-04"):  # outbox purged by now
        await tick(runtime, at(day, "10:00"))
    again = [x for x in texts(await inbox(runtime, "bernd")) if "niemanden gefunden" in x]
    assert again == []
    async with runtime.uow() as uow:
        (e,) = await uow.onboarding.all()
        assert e.status == "active" and e.no_pate_told_at is not None


async def press(rt: Runtime, user: str, choice: dict, now) -> str:  # type: ignore[no-untyped-def,type-arg]
    replies = await rt.dispatcher.handle(
        Incoming(user, action=Action(choice["action"], choice["value"])), now)
    return replies[0].text


async def say(rt: Runtime, user: str, text: str, now) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(r.text for r in await rt.dispatcher.handle(Incoming(user, text), now))


async def test_the_lead_names_a_pate_in_chat_when_nobody_is_found(runtime: Runtime) -> None:
    now = at("2027-03-01", "10:00")
    await directory(runtime, now, lena={"start_date": date(2027, 4, 6)},
                    clara={"department": "Ordnungsamt"}, dirk={"department": "Ordnungsamt"})
    await tick(runtime, now)
    (told,) = await inbox(runtime, "bernd")
    assert [c["label"] for c in told["choices"]] == ["Patin oder Pate benennen"]
    # only the lead (or HR) may use the button
    assert "nicht mehr offen" in await press(runtime, "clara", told["choices"][0], now)
    asked = await press(runtime, "bernd", told["choices"][0], now)
    assert asked.startswith("Wer soll Patin oder Pate von Lena Neu werden?")
    assert "nicht im Verzeichnis" in await say(runtime, "bernd", "Zacharias", now)
    assert await say(runtime, "bernd", "Emil", now) == (
        "Emil Anders ist jetzt Patin bzw. Pate von Lena Neu. Ich habe die beiden in einer "
        "gemeinsamen Nachricht miteinander bekannt gemacht.")
    await tick(runtime, at("2027-03-01", "11:00"))
    intro = [m for m in await inbox(runtime, "lena") if "Darf ich vorstellen" in m["text"]]
    assert len(intro) == 1 and "Emil Anders begleitet Lena Neu" in intro[0]["text"]
    async with runtime.uow() as uow:
        (e,) = await uow.onboarding.all()
        assert e.pate_id == "emil"
        audit = [(a.actor, a.action, a.target) for a in await uow.audit.recent()]
    assert ("bernd", "onboarding.pate", "lena:emil") in audit
    await tick(runtime, at("2027-04-08", "09:00"))  # day 3: the Pate is named, not "in Kürze"
    meet = [m for m in await inbox(runtime, "lena") if step(m) == "meet-pate"]
    assert "Emil Anders" in meet[0]["text"] and "in Kürze" not in meet[0]["text"]


async def test_a_late_hire_hears_the_past_tense_and_the_group_intro_in_both_languages(
        runtime: Runtime) -> None:
    # Lena started on Tuesday 18 May 2027 (after Pfingstmontag) and is entered ten days later;
    # Clara, asked to be her Patin, reads English
    now = at("2027-05-28", "10:00")
    await directory(runtime, now, lena={"start_date": date(2027, 5, 18)},
                    clara={"locale": "en"})
    await tick(runtime, now)
    (ask,) = await inbox(runtime, "clara")
    assert ask["text"].startswith("Lena Neu started in your department on May 18, 2027 and has "
                                  "no Pate/Patin yet.")
    assert await press(runtime, "clara", ask["choices"][0], now)
    await tick(runtime, at("2027-05-28", "11:00"))
    intro = [m for m in await inbox(runtime, "lena") if "Darf ich vorstellen" in m["text"]]
    assert len(intro) == 1
    german, english = intro[0]["text"].split("\n\n")
    assert "Lena Neu hat am 18. Mai 2027 begonnen" in german
    assert english.startswith("May I introduce you? Clara Alt is the Pate/Patin of Lena Neu, "
                              "who started on May 18, 2027.")
    assert (await inbox(runtime, "clara"))[-1]["text"] == intro[0]["text"]


async def test_month_three_and_six_say_what_happens_and_speak_to_the_hire(
        runtime: Runtime) -> None:
    # start Monday 1 March 2027: month 3 is Tuesday 1 June, month 6 Wednesday 1 September
    await directory(runtime, at("2027-02-15"), lena={"start_date": date(2027, 3, 1)})
    await tick(runtime, at("2027-02-15", "10:00"))
    await tick(runtime, at("2027-06-01", "09:00"))
    feedback = (await inbox(runtime, "lena"))[-1]
    assert step(feedback) == "feedback"
    assert "Wenn der Personalservice eine anonyme Befragung zur Einarbeitung startet" in \
        feedback["text"]
    assert "Mit der nächsten vierteljährlichen Runde" not in feedback["text"]
    await tick(runtime, at("2027-09-01", "09:00"))
    close = (await inbox(runtime, "lena"))[-1]
    assert step(close) == "close"
    assert "Ihre Einarbeitung ist abgeschlossen" in close["text"] and "Lena Neu" not in close["text"]
    lead = (await inbox(runtime, "bernd"))[-1]
    assert step(lead) == "lead-close"
    assert "Die Einarbeitung von Lena Neu ist abgeschlossen" in lead["text"]


async def test_meeting_the_pate_is_proposed_in_the_first_week(runtime: Runtime) -> None:
    # start Wednesday 26 May 2027: day 2 (the checklist) is Fronleichnam, so it comes with day 3
    # on Friday 28 May, still in the first week
    await directory(runtime, at("2027-05-10"), lena={"start_date": date(2027, 5, 26)})
    await tick(runtime, at("2027-05-10", "10:00"))
    await tick(runtime, at("2027-05-28", "09:00"))
    meet = (await inbox(runtime, "lena"))[-1]
    assert step(meet) == "meet-pate"
    assert "in den nächsten Tagen" in meet["text"] and "diese Woche" not in meet["text"]
