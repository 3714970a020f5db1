"""Survey operations on storage: create, start a run (invitations through the outbox), record
answers, postpone, close (the one shuffled write of anonymous responses) and compute results."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flows.calendar import WorkCalendar, add_months
from flows.survey import render
from flows.survey.anonymity import coarsen_segments
from flows.survey.cron import Cron
from flows.survey.definition import Question, SurveyDef
from flows.survey.results import aggregate, headline
from flows.types import Translations
from storage.models.core import Person
from storage.models.survey import Survey, SurveyRun
from storage.uow import UnitOfWork

CRON_LOOKBACK = timedelta(days=2)


def definition(survey: Survey) -> SurveyDef:
    return SurveyDef.from_dict(survey.definition)


def next_question(sdef: SurveyDef, answers: dict[str, Any]) -> Question | None:
    """The first question not answered (a skipped optional question counts as answered)."""
    return next((q for q in sdef.questions if q.id not in answers), None)


def due_slot(sdef: SurveyDef, last_slot: datetime | None, has_runs: bool, now: datetime,
             tz: ZoneInfo) -> datetime | None:
    """The start a scheduled survey is due for at ``now`` and has not had yet, else None."""
    if "once" in sdef.schedule:
        at = datetime.fromisoformat(sdef.schedule["once"])
        if has_runs or not at <= now < at + timedelta(days=sdef.window_days):
            return None
        return at
    slot = Cron(sdef.schedule["cron"]).latest(now, tz, CRON_LOOKBACK)
    if slot is None or (last_slot is not None and slot <= last_slot):
        return None
    return slot


async def recipients(uow: UnitOfWork, sdef: SurveyDef, today: date) -> list[Person]:
    """Who is invited; ``started_months_ago: [3, 6]`` means a start date at least 3 and less than
    6 months before ``today`` (the onboarding feedback, asked of a cohort, never of one hire)."""
    a = sdef.audience
    started = None
    if "started_months_ago" in a:
        recent, early = (int(m) for m in a["started_months_ago"])
        started = (add_months(today, -early), add_months(today, -recent))
    return await uow.survey.audience(a.get("departments"), a.get("sites"), a.get("people"), started)


async def start_run(uow: UnitOfWork, translations: Translations, survey: Survey, slot: datetime,
                    now: datetime) -> SurveyRun:
    """Open a run: participation markers and one invitation per person, in one transaction."""
    sdef = definition(survey)
    people = await recipients(uow, sdef, slot.date())  # month granularity: the UTC date will do
    closes = now + timedelta(days=sdef.window_days)
    remind = now + timedelta(days=sdef.reminder_after_days) if sdef.reminder_after_days else None
    run = await uow.survey.add_run(SurveyRun(
        survey_id=survey.id, slot=slot, opened_at=now, remind_at=remind, closes_at=closes,
        reminded=False, invited=len(people), status="open"))
    await uow.survey.add_participants(run.id, (p.id for p in people))
    payloads = {loc: render.invitation(translations.for_locale(loc), sdef, run.id, closes).to_dict()
                for loc in {p.locale for p in people}}
    await uow.survey.enqueue([(f"survey:invite:{run.id}:{p.id}", [p.id], payloads[p.locale])
                              for p in people], now)
    return run


def segment_of(sdef: SurveyDef, person: Person | None) -> str | None:
    if person is None or sdef.segment_by is None:
        return None
    return getattr(person, sdef.segment_by) or None


async def answer(uow: UnitOfWork, run: SurveyRun, sdef: SurveyDef, person: Person, qid: str,
                 value: Any) -> Question | None:
    """Keep one answer; returns the next question, or None when the person is done (then the
    answers move to the anonymous pool)."""
    draft = await uow.survey.draft(run.id, person.id)
    answers = dict(draft.answers) if draft else {}
    answers[qid] = value
    nxt = next_question(sdef, answers)
    if nxt is None:
        await uow.survey.finish(run.id, person.id, segment_of(sdef, person), answers)
    else:
        await uow.survey.save_draft(run.id, person.id, answers)
    return nxt


def ask_again_at(now: datetime, calendar: WorkCalendar) -> datetime:
    """The next working day (no weekend, no public holiday) at the calendar's send time."""
    return calendar.send_at(calendar.today(now) + timedelta(days=1))


async def postpone(uow: UnitOfWork, run: SurveyRun, person_id: str, when: datetime
                   ) -> datetime | None:
    """"später": ask again at ``when`` if that is before the window closes."""
    part = await uow.survey.participation(run.id, person_id)
    if part is None or when >= run.closes_at:
        return None
    part.postponed_until = when
    await uow.session.flush()
    return when


async def close_run(uow: UnitOfWork, run: SurveyRun, sdef: SurveyDef, now: datetime,
                    tz: ZoneInfo) -> int:
    """Close the window: finished answers (pool) and partial ones (drafts) become anonymous
    responses, written in one batch in random order with fresh random ids, dated with the close
    day; segment values of groups below the threshold are blanked. Returns the count."""
    rows: list[tuple[str | None, dict[str, Any]]] = [
        (p.segment, dict(p.answers)) for p in await uow.survey.pool(run.id)]
    drafts = [d for d in await uow.survey.drafts(run.id) if d.answers]
    people = await uow.people.get_many(d.person_id for d in drafts)
    rows += [(segment_of(sdef, people.get(d.person_id)), dict(d.answers)) for d in drafts]
    segments = coarsen_segments((s for s, _ in rows), sdef.threshold)
    rows = [(seg, answers) for seg, (_, answers) in zip(segments, rows, strict=True)]
    secrets.SystemRandom().shuffle(rows)
    count = await uow.survey.write_responses(run.id, now.astimezone(tz).date(), rows)
    run.status, run.closed_at = "closed", now
    await uow.session.flush()
    return count


async def run_result(uow: UnitOfWork, survey: Survey, run: SurveyRun, locale: str
                     ) -> dict[str, Any]:
    """The result of a run, with the trend against earlier closed runs of the same survey."""
    sdef = definition(survey)
    head = {"survey": survey.id, "run": run.id, "opened": run.opened_at.isoformat(),
            "closes": run.closes_at.isoformat(), "status": run.status}
    if run.status != "closed":
        return {**head, "withheld": True, "respondents": None, "invited": run.invited,
                "reason": "the answer window is still open; results are computed once, after "
                          "it closes (so that no one can compare results before and after a "
                          "single answer)", "questions": []}
    result = {**head, **aggregate(sdef, await uow.survey.responses(run.id), run.invited, locale)}
    earlier = [r for r in await uow.survey.runs(survey.id, "closed") if r.slot < run.slot]
    if earlier and not result["withheld"]:
        past = []
        for r in earlier:
            old = aggregate(sdef, await uow.survey.responses(r.id), r.invited, locale)
            past.append((r, {q["id"]: q for q in old.get("questions", [])}))
        for q in result["questions"]:
            q["trend"] = [{"run": r.id, "opened": r.opened_at.date().isoformat(),
                           "n": qs[q["id"]]["n"], "value": headline(qs[q["id"]])}
                          for r, qs in past if q["id"] in qs and headline(qs[q["id"]]) is not None]
    return result
