"""Drip messages in simulated time: right step on the right working day, once; catch-up."""

from __future__ import annotations

from datetime import date

from bot.runtime import Runtime
from tests.onboarding.helpers import at, directory, inbox, step, tick


def steps(messages: list[dict]) -> list[str]:  # type: ignore[type-arg]
    return [step(m) for m in messages]


async def test_steps_arrive_on_their_working_day_once(runtime: Runtime) -> None:
    # start Monday 2026-09-07: day -3 is Friday 09-04
    await directory(runtime, at("2026-08-20"), lena={"start_date": date(2026, 9, 7)})
    await tick(runtime, at("2026-08-20", "10:00"))  # enrolled; nothing due yet
    assert await inbox(runtime, "lena") == []
    await tick(runtime, at("2026-09-04", "08:30"))
    assert await inbox(runtime, "lena") == []  # steps go out at 09:00
    await tick(runtime, at("2026-09-04", "09:00"))
    welcome = await inbox(runtime, "lena")
    assert steps(welcome) == ["welcome"]
    assert "Lena Neu" in welcome[0]["text"] and "7. September 2026" in welcome[0]["text"]
    assert steps(await inbox(runtime, "bernd")) == ["lead-prepare"]
    await tick(runtime, at("2026-09-04", "09:30"))  # running again sends nothing new
    assert len(await inbox(runtime, "lena")) == 1
    await tick(runtime, at("2026-09-07", "09:00"))
    first = (await inbox(runtime, "lena"))[-1]
    assert step(first) == "first-day"
    assert "Dienstausweis" in first["text"] and "Bernd Leiter" in first["text"]
    await tick(runtime, at("2026-09-08", "09:00"))
    checklist = (await inbox(runtime, "lena"))[-1]
    assert step(checklist) == "checklist"
    assert [c["action"] for c in checklist["choices"]][:2] == [
        "onboarding:done:dienstausweis", "onboarding:done:zugangsdaten"]


async def test_step_due_on_a_holiday_moves_to_the_next_working_day(runtime: Runtime) -> None:
    # start Wed 2026-05-13: day 2 is Ascension Day (Thu 05-14), a holiday in Baden-Württemberg
    await directory(runtime, at("2026-05-01"), lena={"start_date": date(2026, 5, 13)})
    await tick(runtime, at("2026-05-01", "10:00"))
    await tick(runtime, at("2026-05-13", "09:00"))
    await tick(runtime, at("2026-05-14", "16:30"))
    assert "checklist" not in steps(await inbox(runtime, "lena"))
    await tick(runtime, at("2026-05-15", "09:00"))  # with day 3 (meet the Pate/Patin)
    assert steps(await inbox(runtime, "lena"))[-2:] == ["checklist", "meet-pate"]


async def test_step_due_on_a_saturday_moves_to_monday(runtime: Runtime) -> None:
    # start Fri 2026-10-09: day 2 is Saturday 10-10
    await directory(runtime, at("2026-10-01"), lena={"start_date": date(2026, 10, 9)})
    await tick(runtime, at("2026-10-01", "10:00"))
    await tick(runtime, at("2026-10-09", "09:00"))
    await tick(runtime, at("2026-10-10", "12:00"))  # Saturday: the job does not even run
    assert "checklist" not in steps(await inbox(runtime, "lena"))
    await tick(runtime, at("2026-10-12", "09:00"))
    assert steps(await inbox(runtime, "lena"))[-2:] == ["checklist", "meet-pate"]


async def test_late_enrolment_gets_one_catch_up_not_a_flood(runtime: Runtime) -> None:
    # started Tue 2026-09-01 but entered in the directory only on 09-10
    await directory(runtime, at("2026-09-10", "10:00"), lena={"start_date": date(2026, 9, 1)})
    await tick(runtime, at("2026-09-10", "10:00"))
    got = await inbox(runtime, "lena")
    assert steps(got) == ["catch-up"]
    text = got[0]["text"]
    # the first day is past: a welcome in the past tense instead of "Am ... ist Ihr erster
    # Arbeitstag" and "Heute ist Ihr erster Arbeitstag"
    assert text.startswith("Herzlich willkommen, Lena Neu! Ihr erster Arbeitstag war der "
                           "1. September 2026.")
    for title in ("Checkliste für die ersten Tage", "Ihre Patin oder Ihr Pate"):
        assert title in text
    assert "*Willkommen*" not in text and "Heute ist Ihr erster Arbeitstag" not in text
    assert "Mobiles Arbeiten" not in text  # week 2 is still ahead
    assert len(got[0]["choices"]) == 6  # the checklist items so far
    # the lead's only missed step was the preparation for a day that is past
    assert steps(await inbox(runtime, "bernd")) == []
    await tick(runtime, at("2026-09-10", "14:00"))
    assert len(await inbox(runtime, "lena")) == 1
    await tick(runtime, at("2026-09-15", "09:00"))  # week 2 arrives as a normal step
    assert steps(await inbox(runtime, "lena")) == ["catch-up", "mobile-work"]


async def test_old_start_dates_are_not_enrolled(runtime: Runtime) -> None:
    await directory(runtime, at("2026-09-10"))  # clara, dirk ... started years ago
    await tick(runtime, at("2026-09-10", "10:00"))
    async with runtime.uow() as uow:
        assert await uow.onboarding.all() == []
