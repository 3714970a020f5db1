"""Scheduled jobs: which cron slot is due, and running each (job, slot) exactly once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger

from bot.i18n import Translations
from flows.cron import Cron
from flows.settings import default_config
from flows.types import Feature, JobContext, JobSpec
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)
LOOKBACK = timedelta(days=35)


@dataclass(frozen=True)
class JobResult:
    job_id: str
    slot: datetime
    count: int


class CronSlots(BaseTrigger):
    """An APScheduler trigger firing on the slots of a flows.cron expression, so that the
    scheduler, ``tick`` and the settings check read cron the same way."""

    def __init__(self, cron: str, tz: ZoneInfo) -> None:
        self.cron, self.timezone = Cron(cron), tz

    def get_next_fire_time(self, previous_fire_time: datetime | None,
                           now: datetime) -> datetime | None:
        after = previous_fire_time if previous_fire_time is not None else now - timedelta(seconds=1)
        nxt = self.cron.next_after(max(after, now - timedelta(seconds=1)), self.timezone)
        return nxt.astimezone(self.timezone)

    def __str__(self) -> str:
        return f"cron[{self.cron.expr}]"


def trigger(cron: str, tz: ZoneInfo) -> CronSlots:
    return CronSlots(cron, tz)


def latest_slot(cron: str, tz: ZoneInfo, now: datetime, since: datetime | None) -> datetime | None:
    """The last slot of ``cron`` at or before ``now`` (and after ``since``, if given)."""
    slot = Cron(cron).latest(now, tz, LOOKBACK)
    return slot if slot is not None and (since is None or slot > since) else None


async def run_after_commit(ctx: JobContext) -> None:
    """The job's follow-ups that need its transaction committed; each failure is logged."""
    for step in ctx.after_commit:
        try:
            await step()
        except Exception:
            log.exception("a follow-up step of a job failed; the job itself is done")
    ctx.after_commit.clear()


class JobRunner:
    """Runs due jobs; the ``job_run`` table, not memory, says what ran (restart-safe)."""

    def __init__(
        self,
        jobs: list[tuple[Feature, JobSpec]],
        uow_factory: Callable[[], UnitOfWork],
        translations: Translations,
        tz: ZoneInfo,
        cron_overrides: dict[str, str] | None = None,
        feature_config: Callable[[Feature], Any] = default_config,
    ) -> None:
        self.jobs = jobs
        self.uow_factory = uow_factory
        self.translations = translations
        self.tz = tz
        self.cron = {spec.id: (cron_overrides or {}).get(spec.id, spec.cron) for _, spec in jobs}
        self.feature_config = feature_config

    async def run_due(self, now: datetime) -> list[JobResult]:
        """Run every job whose latest slot up to ``now`` has not run yet."""
        results = []
        for feature, spec in self.jobs:
            result = await self.run_if_due(feature, spec, now)
            if result is not None:
                results.append(result)
        return results

    async def run_if_due(self, feature: Feature, spec: JobSpec, now: datetime) -> JobResult | None:
        async with self.uow_factory() as uow:
            last = await uow.jobs.last_slot(spec.id)
        slot = latest_slot(self.cron[spec.id], self.tz, now, last)
        if slot is None or (last is not None and slot <= last):
            return None
        return await self.run(feature, spec, slot, now)

    async def run(self, feature: Feature, spec: JobSpec, slot: datetime, now: datetime) -> JobResult | None:
        """Claim (job, slot) and run it in one transaction; nothing is kept if it fails."""
        async with self.uow_factory() as uow:
            run = await uow.jobs.claim(spec.id, slot, now)
            if run is None:
                return None
            ctx = JobContext(uow=uow, translations=self.translations,
                             config=self.feature_config(feature), resources=feature.resources)
            try:
                count = await spec.func(ctx, now)
            except Exception:
                log.exception("job %s failed for slot %s; it will be retried", spec.id, slot)
                await uow.rollback()
                return None
            await uow.jobs.finish(run.id, now, "ok")
            await uow.commit()
            await run_after_commit(ctx)
        log.info("job %s ran for slot %s (%d items)", spec.id, slot.isoformat(), count)
        return JobResult(spec.id, slot, count)
