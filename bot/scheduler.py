"""``flurfunk serve``: APScheduler's AsyncIOScheduler runs the feature jobs and the outbox sender."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.config import Settings
from bot.jobs import trigger
from bot.outbox import Delivery
from bot.runtime import Runtime

if TYPE_CHECKING:
    from bot.adapters.matrix.service import MatrixService

log = logging.getLogger(__name__)


def build_scheduler(rt: Runtime, delivery: Delivery | None = None,
                    busy: asyncio.Lock | None = None, concurrency: int = 1) -> AsyncIOScheduler:
    """One cron job per feature job (rebuilt from code and config at every start) + the sender.

    Each firing goes through ``JobRunner.run_if_due``, the same path as ``flurfunk tick``, so
    the database decides what is due and a restart neither repeats nor skips a slot.
    ``busy`` is held while the outbox drains, so a shutdown can wait for a drain in progress.
    """
    tz = ZoneInfo(rt.settings.timezone)
    scheduler = AsyncIOScheduler(timezone=tz)
    for feature, spec in rt.jobs.jobs:

        async def fire(feature=feature, spec=spec) -> None:  # type: ignore[no-untyped-def]
            await rt.jobs.run_if_due(feature, spec, datetime.now(UTC))

        scheduler.add_job(fire, trigger(rt.jobs.cron[spec.id], tz), id=spec.id,
                          coalesce=True, max_instances=1, misfire_grace_time=3600)
    sender = rt.sender(delivery, concurrency)
    lock = busy or asyncio.Lock()

    async def drain() -> None:
        if lock.locked():  # a long drain (a rate-limited fan-out) is still going: skip this tick
            return
        async with lock:
            await sender.drain(datetime.now(UTC), clock=lambda: datetime.now(UTC))

    # Two instances allowed so that a tick during a long drain returns at once instead of
    # APScheduler warning "maximum number of running instances reached" every interval.
    scheduler.add_job(drain, IntervalTrigger(seconds=rt.settings.outbox.interval_seconds),
                      id="outbox.drain", coalesce=True, max_instances=2)
    return scheduler


async def serve(settings: Settings, args: argparse.Namespace) -> int:
    """Jobs and outbox, plus Slack with ``--slack socket|http``; SIGTERM stops gracefully:
    no new requests, in-flight replies finish, a running outbox drain completes."""
    rt = await Runtime.start(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    slack = None
    matrix: MatrixService | None = None
    busy = asyncio.Lock()
    try:
        await rt.jobs.run_due(datetime.now(UTC))  # catch up on what was due while down
        if getattr(args, "slack", None):
            from bot.adapters.slack.server import SlackService

            slack = SlackService(rt, args.slack, args.host, args.port)
        delivery: Delivery | None = slack.bot.delivery() if slack else None
        if getattr(args, "matrix", False):  # Matrix first: people with a matrix_id, the rest Slack
            from bot.adapters.matrix.service import MatrixService

            matrix = MatrixService(rt)
            await matrix.start()
            delivery = matrix.delivery(delivery)
        scheduler = build_scheduler(rt, delivery, busy,
                                    settings.slack.concurrency if slack else 1)
        if slack is not None:
            scheduler.add_job(slack.purge, IntervalTrigger(hours=1), id="slack.purge",
                              coalesce=True, max_instances=1)
            await slack.start()
        scheduler.start()
        log.info("serving: %d jobs scheduled", len(scheduler.get_jobs()))
        await stop.wait()
        log.info("stopping")
        if slack is not None:
            await slack.stop()
        if matrix is not None:
            await matrix.stop()
        scheduler.shutdown(wait=False)
        async with busy:  # a drain in progress finishes; the next one never starts
            pass
    finally:
        if matrix is not None and matrix.task is not None and not matrix.task.done():
            await matrix.stop(grace=0)
        await rt.stop()
    return 0
