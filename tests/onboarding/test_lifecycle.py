"""A journey ends after its last step; its data goes 90 days later; erasure; the handover journey."""

from __future__ import annotations

from datetime import date

from bot.runtime import Runtime
from flows.types import Action, Incoming
from tests.chat import Chat
from tests.onboarding.helpers import at, directory, inbox, step, tick


async def test_journey_data_is_deleted_90_days_after_the_end(runtime: Runtime) -> None:
    await directory(runtime, at("2026-08-20"), lena={"start_date": date(2026, 9, 7)})
    await tick(runtime, at("2026-08-20", "10:00"))
    await Chat(runtime).say("lena", "Dienstausweis abgeholt",
                            at=at("2026-09-08"), intent="onboarding_checklist_done")
    await tick(runtime, at("2027-03-05", "09:00"))  # month 6 would be Sunday 03-07
    async with runtime.uow() as uow:
        (e,) = await uow.onboarding.all()
        assert e.status == "active"
    await tick(runtime, at("2027-03-08", "09:00"))
    assert [step(m) for m in await inbox(runtime, "lena")][-1] == "close"
    async with runtime.uow() as uow:
        (e,) = await uow.onboarding.all()
        assert e.status == "ended" and e.ended_at == at("2027-03-08", "09:00")
    await tick(runtime, at("2027-06-05", "09:00"))  # 89 days later: still there
    async with runtime.uow() as uow:
        assert len(await uow.onboarding.all()) == 1
    await tick(runtime, at("2027-06-07", "09:00"))  # 91 days: the nightly retention job ran
    async with runtime.uow() as uow:
        assert await uow.onboarding.all() == []
        assert await uow.onboarding.enrolled_ids("onboarding") == set()
    await tick(runtime, at("2027-06-08", "09:00"))  # and the start date is too old to re-enrol
    async with runtime.uow() as uow:
        assert await uow.onboarding.all() == []


async def test_meine_daten_loeschen_erases_the_journey(runtime: Runtime) -> None:
    now = at("2026-09-08", "10:00")
    await directory(runtime, at("2026-08-20"), lena={"start_date": date(2026, 9, 7)})
    await tick(runtime, now)
    await Chat(runtime).say("lena", "Dienstausweis abgeholt",
                            at=now, intent="onboarding_checklist_done")
    await runtime.dispatcher.handle(Incoming("lena", action=Action("privacy:erase", "yes")), now)
    async with runtime.uow() as uow:
        assert await uow.onboarding.of_person("lena") == []


async def test_handover_reaches_leaver_successor_and_lead(runtime: Runtime) -> None:
    now = at("2026-09-01", "10:00")
    await directory(runtime, now)
    async with runtime.uow() as uow:
        # clara retires; her last working day is Wednesday 2026-12-16
        await uow.onboarding.enrol("clara", "handover", date(2026, 12, 16), now,
                                   lead_id="bernd", successor_id="dirk")
        await uow.commit()
    await tick(runtime, now)
    assert await inbox(runtime, "clara") == []
    await tick(runtime, at("2026-10-21", "09:00"))  # the weekday of the last day, 8 weeks before
    assert await inbox(runtime, "clara") == []
    await tick(runtime, at("2026-10-26", "09:00"))  # week -8: Monday, 8 weeks before the last week
    assert [step(m) for m in await inbox(runtime, "clara")] == ["announce"]
    assert "Dirk Mittel" in (await inbox(runtime, "clara"))[0]["text"]
    assert [step(m) for m in await inbox(runtime, "dirk")] == ["successor-intro"]
    assert [step(m) for m in await inbox(runtime, "bernd")] == ["lead-plan"]
    await tick(runtime, at("2026-11-23", "09:00"))  # week -4 (Monday): both get the shadowing prompt
    assert step((await inbox(runtime, "dirk"))[-1]) == "shadowing"
    shadow = (await inbox(runtime, "clara"))[-1]
    assert step(shadow) == "shadowing" and shadow["choices"]
    assert not (await inbox(runtime, "dirk"))[-1]["choices"]  # the checklist is the leaver's
    replies = await Chat(runtime).say("clara", "Ansprechpartner notiert",
                                      at=at("2026-11-23", "10:00"), intent="onboarding_checklist_done")
    assert "1 von 5 erledigt" in replies[0].text  # the two items of the last week are to come
    await tick(runtime, at("2026-12-30", "09:00"))  # week 2 after: the successor follow-up
    assert step((await inbox(runtime, "dirk"))[-1]) == "successor-follow-up"
    async with runtime.uow() as uow:
        (e,) = await uow.onboarding.all()
        assert e.status == "ended" and e.pate_id is None  # no Pate on a handover
    others = [*await inbox(runtime, "dirk"), *await inbox(runtime, "emil")]
    assert not any("Pate" in m["text"] for m in others)
