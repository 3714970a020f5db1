"""``flurfunk serve``: APScheduler's AsyncIOScheduler runs the feature jobs and the outbox sender."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.config import Settings
from bot.jobs import trigger
from bot.outbox import Delivery
from bot.runtime import Runtime

log = logging.getLogger(__name__)


def build_scheduler(rt: Runtime, delivery: Delivery | None = None) -> AsyncIOScheduler:
    """One cron job per feature job (rebuilt from code and config at every start) + the sender.

    Each firing goes through ``JobRunner.run_if_due``, the same path as ``flurfunk tick``, so
    the database decides what is due and a restart neither repeats nor skips a slot.
    """
    tz = ZoneInfo(rt.settings.timezone)
    scheduler = AsyncIOScheduler(timezone=tz)
    for feature, spec in rt.jobs.jobs:

        async def fire(feature=feature, spec=spec) -> None:  # type: ignore[no-untyped-def]
            await rt.jobs.run_if_due(feature, spec, datetime.now(UTC))

        scheduler.add_job(fire, trigger(rt.jobs.cron[spec.id], tz), id=spec.id,
                          coalesce=True, max_instances=1, misfire_grace_time=3600)
    sender = rt.sender(delivery)

    async def drain() -> None:
        await sender.drain(datetime.now(UTC))

    scheduler.add_job(drain, IntervalTrigger(seconds=rt.settings.outbox.interval_seconds),
                      id="outbox.drain", coalesce=True, max_instances=1)
    return scheduler


async def serve(settings: Settings, args: argparse.Namespace) -> int:
    rt = await Runtime.start(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await rt.jobs.run_due(datetime.now(UTC))  # catch up on what was due while down
        scheduler = build_scheduler(rt)
        scheduler.start()
        log.info("serving: %d jobs scheduled", len(scheduler.get_jobs()))
        await stop.wait()
        scheduler.shutdown(wait=True)
    finally:
        await rt.stop()
    return 0
