"""``serve`` schedules every feature job on a Berlin-time cron trigger, plus the outbox sender."""

from __future__ import annotations

from datetime import datetime

from bot.runtime import Runtime
from bot.scheduler import build_scheduler
from flows.types import Feature, JobContext, JobSpec


async def _noop(ctx: JobContext, now: datetime) -> int:
    return 0


async def test_jobs_are_scheduled_in_berlin_time(runtime: Runtime) -> None:
    spec = JobSpec("test.weekly", "0 9 * * mon", _noop)
    runtime.jobs.jobs.append((Feature(name="test", jobs=(spec,)), spec))
    runtime.jobs.cron[spec.id] = spec.cron
    scheduler = build_scheduler(runtime)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert "outbox.drain" in jobs
    trigger = jobs["test.weekly"].trigger
    assert str(trigger.timezone) == "Europe/Berlin"
    first = trigger.get_next_fire_time(None, datetime.fromisoformat("2026-09-02T12:00:00+02:00"))
    assert first.isoformat() == "2026-09-07T09:00:00+02:00"
