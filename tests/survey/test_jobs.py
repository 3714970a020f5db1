"""Jobs: scheduled runs (once and monthly by cron), idempotent; the trend against the earlier run;
"Meine Daten" shows participation only, erasing keeps the anonymous answers; retention; chat
intents for the list of open surveys and the anonymity question."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from bot.runtime import Runtime
from flows.survey import service
from flows.survey.results import TrendPoint
from flows.types import Action, Incoming
from storage.models.core import OutboxMessage
from tests.chat import Chat
from tests.survey.helpers import (
    EXAMPLE,
    ROOT,
    SURVEY,
    add_people,
    answer_all,
    at,
    create,
    say,
    send,
    staff,
)

MONTHLY = SURVEY.replace("schedule: {once: 2026-09-01T09:00}", 'schedule: {cron: "0 9 1 * *"}')


async def _runs(rt: Runtime) -> list[tuple[int, str]]:
    async with rt.uow() as uow:
        return [(r.id, r.status) for r in await uow.survey.runs("puls")]


async def test_once_schedule_sends_once(runtime: Runtime, tmp_path: Path) -> None:
    await add_people(runtime, staff({"Sozialamt": 5}), at("2026-08-20"))
    await create(runtime, tmp_path)
    await runtime.jobs.run_due(at("2026-09-01", "08:55"))
    assert await _runs(runtime) == []
    await runtime.jobs.run_due(at("2026-09-01", "09:05"))
    await runtime.jobs.run_due(at("2026-09-01", "09:20"))
    assert await _runs(runtime) == [(1, "open")]
    await runtime.jobs.run_due(at("2026-09-08", "09:15"))
    await runtime.jobs.run_due(at("2026-09-09", "09:15"))
    assert await _runs(runtime) == [(1, "closed")]


async def test_monthly_runs_and_the_trend_against_the_earlier_run(runtime: Runtime,
                                                                  tmp_path: Path) -> None:
    people = staff({"Sozialamt": 6})
    await add_people(runtime, people, at("2026-08-20"))
    await create(runtime, tmp_path, MONTHLY)
    for month, technik in (("09", 2), ("10", 4)):
        await runtime.jobs.run_due(at(f"2026-{month}-01", "09:05"))
        run_id = (await _runs(runtime))[-1][0]
        for pid, _ in people:
            await answer_all(runtime, pid, run_id, {"technik": technik, "empfehlung": 9,
                                                    "mobil": 1, "anmerkung": None},
                             at(f"2026-{month}-02"))
        await runtime.jobs.run_due(at(f"2026-{month}-08", "09:15"))
    assert await _runs(runtime) == [(1, "closed"), (2, "closed")]
    async with runtime.uow() as uow:
        survey = await uow.survey.get("puls")
        run = await uow.survey.run(2)
        assert survey is not None and run is not None
        result = await service.run_result(uow, survey, run, "de")
    technik = result.questions[0]
    assert technik.figures is not None and technik.figures.mean == 4
    assert technik.trend == (TrendPoint(run=1, opened="2026-09-01", n=6, value=2.0),)
    assert (result.questions[1].trend or ())[0].value == 100  # eNPS of the first run
    async with runtime.uow() as uow:
        report = await uow.session.scalar(select(OutboxMessage).where(
            OutboxMessage.dedupe_key == "survey:results:2"))
    assert report is not None
    assert "• Die Technik reicht aus.: Mittelwert 4.0 (n = 6) (zuvor: 2.0)" in report.payload["text"]
    assert "• Möchten Sie weiter mobil arbeiten?: 100 % ja (n = 6) (zuvor: 100.0)" in report.payload["text"]


async def test_my_data_shows_participation_only_and_erase_removes_sealed_answers(
        runtime: Runtime, tmp_path: Path) -> None:
    await add_people(runtime, staff({"Sozialamt": 5}), at("2026-08-20"))
    await create(runtime, tmp_path)
    await runtime.jobs.run_due(at("2026-09-01", "09:05"))
    await answer_all(runtime, "sozialamt.1", 1, {"technik": 2, "empfehlung": 3, "mobil": 0,
                                                 "anmerkung": "Geheimer Hinweis"}, at("2026-09-01"))
    [shown] = await Chat(runtime).say("sozialamt.1", "Meine Daten", at=at("2026-09-02"),
                                      intent="privacy_show")
    assert "Umfrage „Pulsbefragung“ vom Dienstag, 1. September 2026: beantwortet" in shown.text
    assert "Geheimer Hinweis" not in shown.text
    await runtime.dispatcher.handle(Incoming("sozialamt.1", action=Action("privacy:erase", "yes")),
                                    at("2026-09-02"))
    async with runtime.uow() as uow:
        assert await uow.survey.participations_of("sozialamt.1") == []
        # the record is filed under a pseudonym only the key can compute: the close job finds
        # it at its next run (within a quarter of an hour) and deletes it
        assert len(await uow.survey.sealed_rows(1)) == 1
    await runtime.jobs.run_due(at("2026-09-02", "10:00"))
    async with runtime.uow() as uow:
        assert await uow.survey.sealed_rows(1) == []


async def test_retention_purges_participation_of_closed_runs(runtime: Runtime, tmp_path: Path) -> None:
    await add_people(runtime, staff({"Sozialamt": 5}), at("2026-08-20"))
    await create(runtime, tmp_path)
    await runtime.jobs.run_due(at("2026-09-01", "09:05"))
    await runtime.jobs.run_due(at("2026-09-08", "09:15"))
    async with runtime.uow() as uow:
        assert await uow.survey.purge_participation(at("2026-09-08", "09:00")) == 0
        assert await uow.survey.purge_participation(at("2027-03-08")) == 6
        await uow.commit()


async def test_chat_lists_open_surveys_and_explains_anonymity(runtime: Runtime, tmp_path: Path) -> None:
    await add_people(runtime, staff({"Sozialamt": 5}), at("2026-08-20"))
    await create(runtime, tmp_path)
    now = at("2026-09-01", "10:00")
    assert (await say(runtime, "sozialamt.2", "Welche Umfragen laufen gerade?", now,
                      intent="survey_list")).text == (
        "Im Moment wartet keine Umfrage auf Sie.")
    await runtime.jobs.run_due(at("2026-09-01", "09:05"))
    listed = await say(runtime, "sozialamt.2", "Gibt es gerade eine Befragung für mich?", now,
                       intent="survey_list")
    assert listed.text.startswith("Offene Umfragen für Sie:\n• „Pulsbefragung“, offen bis 08.09.26")
    anon = await say(runtime, "sozialamt.2", "Ist die Umfrage wirklich anonym?", now,
                     intent="survey_anonymity")
    assert anon.text.startswith("Umfragen sind anonym: Solange eine Umfrage läuft, werden Ihre "
                                "Antworten nur verschlüsselt gespeichert")


async def test_audiences_by_department_site_and_list(runtime: Runtime, tmp_path: Path) -> None:
    await add_people(runtime, staff({"Sozialamt": 3, "Jobcenter": 2}), at("2026-08-20"))
    async with runtime.uow() as uow:
        await uow.people.upsert("jobcenter.2", at("2026-08-20"), site="Außenstelle Nord")
        await uow.commit()
    cases = {"{departments: [Jobcenter]}": ["jobcenter.1", "jobcenter.2"],
             "{sites: [Außenstelle Nord]}": ["jobcenter.2"],
             "{people: [sozialamt.1, jobcenter.1]}": ["jobcenter.1", "sozialamt.1"]}
    for n, (audience, expected) in enumerate(cases.items()):
        text = SURVEY.replace("id: puls", f"id: puls{n}").replace("audience: everyone",
                                                                  f"audience: {audience}")
        sdef = await create(runtime, tmp_path, text)
        async with runtime.uow() as uow:
            assert [p.id for p in await service.recipients(uow, sdef, date(2026, 9, 1))] == expected


async def test_stuttgart_mobile_work_example(runtime: Runtime, tmp_path: Path) -> None:
    """The example survey: 50 of 62 answer; 7 of them (14 %) do not want to work mobile."""
    people = staff({"Sozialamt": 30, "Jobcenter": 30})
    await add_people(runtime, people, at("2026-09-20"))
    async with runtime.uow() as uow:
        await uow.people.upsert("sarah.miller", at("2026-09-20"), name="Sarah Miller", roles=["hr"])
        await uow.commit()
    await create(runtime, tmp_path, EXAMPLE.read_text(encoding="utf-8"))
    await runtime.jobs.run_due(at("2026-10-01", "09:05"))
    for i, (pid, _) in enumerate(people[:50]):
        await answer_all(runtime, pid, 1, {
            "technik": 4, "erreichbarkeit": 4, "fuehrung": 3, "kuenftig": 4 if i < 7 else 2,
            "empfehlung": 8, "anmerkung": None}, at("2026-10-02"))
    await runtime.jobs.run_due(at("2026-10-08", "09:15"))
    async with runtime.uow() as uow:
        survey = await uow.survey.get("mobiles-arbeiten")
        run = await uow.survey.run(1)
        assert survey is not None and run is not None
        result = await service.run_result(uow, survey, run, "de")
    future = result.question("kuenftig")
    assert result.respondents == 50 and result.invited == 62
    assert future.figures is not None
    assert [(d.label, d.share) for d in future.figures.distribution][-1] == ("Nicht mobil", 0.14)
    assert [s.segment for s in future.segments or ()] == ["Jobcenter", "Sozialamt"]


async def test_reminders_and_later_wait_for_working_time(runtime: Runtime, tmp_path: Path) -> None:
    await add_people(runtime, staff({"Sozialamt": 5}), at("2026-08-20"))
    await create(runtime, tmp_path, SURVEY.replace("reminder_after_days: 3", "reminder_after_days: 1"))
    friday = at("2026-09-04", "09:00")
    run = await send(runtime, "puls", friday)
    await say(runtime, "sozialamt.1", "Umfrage", friday, intent="survey_start")
    later = await say(runtime, "sozialamt.1", "später", friday)
    assert "am 07.09.26, 09:00 noch einmal" in later.text  # Monday, not Saturday
    await runtime.jobs.run_due(at("2026-09-05", "10:00"))  # Saturday: nothing yet
    async with runtime.uow() as uow:
        assert (await uow.survey.run(run.id)).reminded is False  # type: ignore[union-attr]
    await runtime.jobs.run_due(at("2026-09-07", "09:05"))  # Monday
    async with runtime.uow() as uow:
        assert (await uow.survey.run(run.id)).reminded is True  # type: ignore[union-attr]
        part = await uow.survey.participation(run.id, "sozialamt.1")
        assert part is not None and part.postponed_until is None


async def test_onboarding_feedback_goes_to_a_cohort_of_new_colleagues(runtime: Runtime,
                                                                      tmp_path: Path) -> None:
    """The example 'einarbeitung' survey: quarterly, to everyone who started 3 to 6 months ago."""
    starts = {"neu.jan": date(2026, 1, 2), "neu.mai": date(2026, 5, 4), "neu.jun": date(2026, 6, 30),
              "neu.jul": date(2026, 7, 1), "neu.sep": date(2026, 9, 1), "alt": None}
    async with runtime.uow() as uow:
        for pid, start in starts.items():
            await uow.people.upsert(pid, at("2026-09-20"), name=pid, department="Sozialamt",
                                    start_date=start, source="directory")
        await uow.people.upsert("sarah.miller", at("2026-09-20"), name="Sarah Miller", roles=["hr"],
                                source="directory")
        await uow.commit()
    sdef = await create(runtime, tmp_path, (ROOT / "content/surveys/einarbeitung.yml").read_text())
    async with runtime.uow() as uow:  # 1 October: started after 1 April, on or before 1 July
        invited = [p.id for p in await service.recipients(uow, sdef, date(2026, 10, 1))]
    assert invited == ["neu.jul", "neu.jun", "neu.mai"]
    await runtime.jobs.run_due(at("2026-10-01", "09:05"))
    async with runtime.uow() as uow:
        keys = sorted(k for k in await uow.session.scalars(select(OutboxMessage.dedupe_key))
                      if k.startswith("survey:invite:"))
    assert [k.rsplit(":", 1)[1] for k in keys] == ["neu.jul", "neu.jun", "neu.mai"]
