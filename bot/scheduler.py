"""``flurfunk serve``: APScheduler's AsyncIOScheduler runs the feature jobs and the outbox sender."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.busy import Busy
from bot.config import Settings
from bot.jobs import trigger
from bot.outbox import Delivery, OutboxSender
from bot.runtime import Runtime

if TYPE_CHECKING:
    from bot.adapters.matrix.service import MatrixService

log = logging.getLogger(__name__)


GRACE = 8.0  # seconds a stop waits for running jobs (the whole stop stays within 10 s)


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


async def serve(settings: Settings, args: argparse.Namespace) -> int:
    """Jobs and outbox, plus Slack with ``--slack socket|http``. SIGTERM stops gracefully within
    10 s: no new requests or jobs, in-flight replies and posts finish, claimed messages not yet
    posted are released at once for other instances, running jobs finish (within the grace)."""
    rt = await Runtime.start(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    slack = None
    running = Running()
    matrix: MatrixService | None = None
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
        sender = rt.sender(delivery, settings.slack.concurrency if slack else 1)
        scheduler = build_scheduler(rt, sender=sender, running=running)
        if slack is not None:
            scheduler.add_job(running.guard("slack.purge", slack.purge), IntervalTrigger(hours=1),
                              id="slack.purge", coalesce=True, max_instances=1)
            await slack.start()
        scheduler.start()
        log.info("serving: %d jobs scheduled", len(scheduler.get_jobs()))
        await stop.wait()
        log.info("stopping")
        scheduler.pause()  # nothing new starts
        sender.stop()
        if slack is not None:
            slack.bot.stop_outbox()  # posts waiting for their slot give up now (released)
        finished, *_ = await asyncio.gather(running.wait(GRACE),
                                            *([slack.stop()] if slack is not None else []),
                                            *([matrix.stop()] if matrix is not None else []))
        if not finished:
            log.warning("stopping: %d job(s) still running after %.0f s", running.count, GRACE)
        scheduler.shutdown(wait=False)  # cancels only what outlived the grace
        await asyncio.sleep(0)
    finally:
        if matrix is not None and matrix.task is not None and not matrix.task.done():
            await matrix.stop(grace=0)
        await rt.stop()
    return 0
