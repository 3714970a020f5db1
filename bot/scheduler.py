"""APScheduler's AsyncIOScheduler for ``flurfunk serve``: the feature jobs and the outbox sender."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.busy import Busy
from bot.jobs import trigger
from bot.outbox import Delivery, OutboxSender
from bot.runtime import Runtime

log = logging.getLogger(__name__)


class Running(Busy):
    """The jobs running now, so a stop waits for them instead of APScheduler cancelling them."""

    def guard(self, job_id: str, work: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
        """``work`` counted while it runs; cancelled only when a stop's grace ran out."""

        async def run() -> None:
            self.begin()
            try:
                await work()
            except asyncio.CancelledError:  # the grace ran out: its transaction is rolled back
                log.warning("job %s stopped by shutdown before it finished", job_id)
            finally:
                self.end()

        return run


def build_scheduler(rt: Runtime, delivery: Delivery | None = None, concurrency: int = 1, *,
                    sender: OutboxSender | None = None,
                    running: Running | None = None) -> AsyncIOScheduler:
    """One cron job per feature job (rebuilt from code and config at every start) + the sender.

    Each firing goes through ``JobRunner.run_if_due``, the same path as ``flurfunk tick``, so
    the database decides what is due and a restart neither repeats nor skips a slot. Every job
    is counted in ``running``, so a stop can wait for it.
    """
    tz = ZoneInfo(rt.settings.timezone)
    scheduler = AsyncIOScheduler(timezone=tz)
    running = running or Running()
    for feature, spec in rt.jobs.jobs:

        async def fire(feature=feature, spec=spec) -> None:  # type: ignore[no-untyped-def]
            await rt.jobs.run_if_due(feature, spec, datetime.now(UTC))

        scheduler.add_job(running.guard(spec.id, fire), trigger(rt.jobs.cron[spec.id], tz),
                          id=spec.id, coalesce=True, max_instances=1, misfire_grace_time=3600)
    sender = sender or rt.sender(delivery, concurrency)
    lock = asyncio.Lock()

    async def drain() -> None:
        if lock.locked():  # a long drain (a rate-limited fan-out) is still going: skip this tick
            return
        async with lock:
            await sender.drain(datetime.now(UTC), clock=lambda: datetime.now(UTC))

    # Two instances allowed so that a tick during a long drain returns at once instead of
    # APScheduler warning "maximum number of running instances reached" every interval.
    scheduler.add_job(running.guard("outbox.drain", drain),
                      IntervalTrigger(seconds=rt.settings.outbox.interval_seconds),
                      id="outbox.drain", coalesce=True, max_instances=2)
    return scheduler
