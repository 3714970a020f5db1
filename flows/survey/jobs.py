"""Scheduled jobs: start due runs (once or recurring), remind those who have not answered (and
re-ask those who said "später"), close windows and send the owner the results with a chart."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from flows.survey import messages, service
from flows.survey.chart import render_png
from flows.survey.config import SurveyConfig
from flows.survey.results import RunResult
from flows.types import File, JobContext, JobSpec, Outgoing, Reply
from storage.models.survey import SurveyParticipation, SurveyRun

log = logging.getLogger(__name__)


async def send(ctx: JobContext, now: datetime) -> int:
    """Open a run for every survey whose schedule is due (one open run per survey)."""
    config: SurveyConfig = ctx.config
    started = 0
    open_ids = {r.survey_id for r in await ctx.uow.survey.runs(status="open")}
    for survey in await ctx.uow.survey.all():
        if survey.id in open_ids:
            continue
        runs = await ctx.uow.survey.runs(survey.id)
        slot = service.due_slot(service.definition(survey), runs[-1].slot if runs else None,
                                bool(runs), now, config.tz)
        if slot is not None and all(r.slot != slot for r in runs):
            run = await service.start_run(ctx.uow, ctx.translations, config.keys, survey, slot,
                                          now)
            log.info("survey %s: run %s opened for %d people", survey.id, run.id, run.invited)
            started += 1
    return started


async def remind(ctx: JobContext, now: datetime) -> int:
    """One reminder per run to everyone not done; a re-ask for each "später" that is due.
    Only in working time (a reminder due at the weekend goes out on Monday morning)."""
    config: SurveyConfig = ctx.config
    if not config.calendar.is_working_time(now):
        return 0
    sent = 0
    for run in await ctx.uow.survey.runs(status="open"):
        if run.closes_at <= now:
            continue
        survey = await ctx.uow.survey.get(run.survey_id)
        assert survey is not None
        sdef = service.definition(survey)
        if run.remind_at is not None and run.remind_at <= now and not run.reminded:
            people = await ctx.uow.people.get_many(await ctx.uow.survey.not_responded(run.id, now))
            for pid, person in sorted(people.items()):
                reply = messages.invitation(ctx.translations.for_locale(person.locale), sdef, run.id,
                                          run.closes_at, reminder=True)
                sent += await ctx.send(Outgoing(f"survey:remind:{run.id}:{pid}", [pid], reply), now)
            run.reminded = True
    for part in await ctx.uow.survey.postponed_due(now):
        sent += await _ask_again(ctx, part, now)
    await ctx.uow.flush()
    return sent


async def _ask_again(ctx: JobContext, part: SurveyParticipation, now: datetime) -> int:
    """Re-ask someone who said "später", once their time has come."""
    later_run = await ctx.uow.survey.run(part.run_id)
    survey = await ctx.uow.survey.get(later_run.survey_id) if later_run else None
    person = await ctx.uow.people.get(part.person_id)
    if later_run is None or survey is None or person is None or part.postponed_until is None:
        return 0
    key = f"survey:later:{later_run.id}:{person.id}:{part.postponed_until.isoformat()}"
    reply = messages.invitation(ctx.translations.for_locale(person.locale),
                              service.definition(survey), later_run.id, later_run.closes_at,
                              reminder=True)
    part.postponed_until = None
    return int(await ctx.send(Outgoing(key, [person.id], reply), now))


async def close(ctx: JobContext, now: datetime) -> int:
    """Close every run whose window has ended; the owner gets the result and the chart. Keys
    left over from an interrupted close or a failed send are destroyed first, and sealed
    records of erased participants deleted."""
    config: SurveyConfig = ctx.config
    await service.sweep_keys(ctx.uow, config.keys)
    await service.drop_orphans(ctx.uow, config.keys)
    closed = 0
    for run in await ctx.uow.survey.runs(status="open"):
        if run.closes_at <= now:
            try:
                await finish_run(ctx, run, now)
            except service.RunClosedError:
                continue  # another instance closed it meanwhile
            closed += 1
    return closed


async def finish_run(ctx: JobContext, run: SurveyRun, now: datetime) -> RunResult:
    """Close one run and send its owner the summary with the chart (a ``File`` attachment); once
    committed, the run's key is destroyed and the database scrubbed (``ctx.after_commit``)."""
    config: SurveyConfig = ctx.config
    survey = await ctx.uow.survey.get(run.survey_id)
    assert survey is not None
    sdef = service.definition(survey)
    await service.close_run(ctx.uow, config.keys, run, sdef, now, config.tz)

    async def shred() -> None:
        await service.after_close(ctx.uow, config.keys, run)

    ctx.after_commit.append(shred)
    owner = await ctx.uow.people.get(survey.owner)
    t = ctx.translations.for_locale(owner.locale if owner else None)
    result = await service.run_result(ctx.uow, survey, run, t.locale)
    chart: tuple[File, ...] = ()
    png = render_png(sdef.text("title", t.locale), result)
    if png is not None:
        path = Path(config.chart_dir) / f"survey-{survey.id}-run-{run.id}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
        chart = (File(str(path), path.name, "image/png"),)
    await ctx.send(Outgoing(f"survey:results:{run.id}", [survey.owner],
                            Reply(messages.summary(t, sdef, result), attachments=chart)), now)
    return result


JOBS = (
    JobSpec("survey.send", "*/5 6-21 * * *", send),  # daytime: no one is asked
    JobSpec("survey.remind", "*/15 7-19 * * *", remind),  # at night
    JobSpec("survey.close", "*/15 6-21 * * *", close),
)
