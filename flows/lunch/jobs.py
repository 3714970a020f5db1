"""Lunch roulette's jobs: the weekly round, and the "did it work out?" follow-up."""

from __future__ import annotations

from datetime import datetime

from flows.lunch import service
from flows.lunch.config import LunchConfig, LunchResources
from flows.types import JobContext, JobSpec


async def round_job(ctx: JobContext, now: datetime) -> int:
    """Group this week's participants once (on round weeks only) and queue the messages."""
    config: LunchConfig = ctx.config
    res: LunchResources = ctx.resources
    _, monday = service.week_of(now, config)
    if not service.is_round_week(monday, config):
        return 0
    outcome = await service.run_round(ctx.uow, ctx.translations, config, res.icebreakers, now)
    return len(outcome.grouping.groups) + len(outcome.grouping.alone) if outcome.created else 0


async def followup_job(ctx: JobContext, now: datetime) -> int:
    config: LunchConfig = ctx.config
    if not config.followup:
        return 0
    return await service.send_followups(ctx.uow, ctx.translations, config, now)


JOBS = (JobSpec("lunch.run_round", "0 9 * * mon", round_job),
        JobSpec("lunch.followup", "0 14 * * mon-fri", followup_job))
