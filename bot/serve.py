"""``flurfunk serve``: the long-running process. It owns the signals, the scheduler and the
messengers (Slack with ``--slack socket|http``, Matrix with ``--matrix``), started in order
inside one ``Runtime`` and stopped in reverse."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import threading
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from apscheduler.triggers.interval import IntervalTrigger

from bot.config import Settings
from bot.outbox import Delivery
from bot.runtime import Runtime
from bot.scheduler import Running, build_scheduler

if TYPE_CHECKING:
    from bot.adapters.matrix.service import MatrixService

log = logging.getLogger(__name__)
# One deadline for the whole stop, from SIGTERM: in-flight work gets until GRACE, then what is
# still waiting for Slack is cancelled and released (ABORT more for that), leaving the rest of
# the 10 s for closing the database and the interpreter's exit. No wait of its own adds to it.
STOP = 9.5  # then the process exits whatever still runs (a backstop for an overloaded machine)
GRACE = 7.0
WARM = 60.0  # seconds the start waits for the models built at start before sending
ABORT = 1.0
KERNEL_STOP = 9.8  # seconds: then the kernel ends the process (SIGALRM) if even that did not run
FORCED_EXIT = 3  # exit code when the backstop ended the stop (docs/operations.md); 0 otherwise


def _backstop() -> None:
    """The stop's last resort, on a timer thread (it needs no event loop time, so it also ends a
    stop whose event loop is blocked): what still runs was released or is journalled, so ending
    here is no worse than a crash, and rarer. Exits with ``FORCED_EXIT`` so that the operator
    sees the stop was not graceful; messages still claimed wait for their lease."""
    log.error("stopping: not done %.1f s after the signal; exiting now with code %d "
              "(messages still claimed are sent after their lease)", STOP, FORCED_EXIT)
    logging.shutdown()
    os._exit(FORCED_EXIT)


class Backstop:
    """The ``_backstop`` timer, started by the stop signal itself: a Python signal handler runs in
    the main thread as soon as the interpreter gets to it, even while the event loop is busy with
    other work, so the 9.5 s count from the signal and not from when the loop noticed it."""

    def __init__(self) -> None:
        self.timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self.timer is None:
                self.timer = threading.Timer(STOP, _backstop)
                self.timer.daemon = True
                self.timer.start()
                if hasattr(signal, "setitimer"):  # not on Windows
                    # the kernel's own last word, for when not even the timer thread gets to run
                    # (the interpreter's exit under way, an extension holding the interpreter
                    # lock): SIGALRM's default action ends the process
                    signal.signal(signal.SIGALRM, signal.SIG_DFL)
                    signal.setitimer(signal.ITIMER_REAL, KERNEL_STOP)


async def serve(settings: Settings, args: argparse.Namespace) -> int:
    """Jobs and outbox, plus Slack with ``--slack socket|http``. SIGTERM stops gracefully within
    10 s: no new requests or jobs, in-flight replies and posts finish, claimed messages not yet
    posted are released at once for other instances, running jobs finish (within the grace)."""
    async with Runtime(settings) as rt:
        return await _serve(rt, args)


async def _serve(rt: Runtime, args: argparse.Namespace) -> int:
    settings = rt.settings
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    backstop = Backstop()

    def on_signal(signum: int, frame: object) -> None:
        backstop.start()
        loop.call_soon_threadsafe(stop.set)

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
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
            if args.slack == "http":
                slack.lower_priority()  # the ack process stays ahead on a busy machine
        # the outbox starts once the models built at start are ready (or WARM s have passed, or
        # a stop came): their CPU-heavy build would stall the event loop, and a paced post woken
        # late could land close to another instance's post into the same channel
        warmed = asyncio.ensure_future(rt.warmed(WARM))
        stopped = asyncio.ensure_future(stop.wait())
        await asyncio.wait({warmed, stopped}, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        scheduler.start()
        log.info("serving: %d jobs scheduled", len(scheduler.get_jobs()))
        await stop.wait()
        deadline = loop.time() + GRACE
        backstop.start()  # already running when a signal stopped us
        log.info("stopping")
        scheduler.pause()  # nothing new starts
        sender.stop()
        if slack is not None:
            slack.bot.stop_outbox()  # posts waiting for their slot give up now (released)
        finished, *_ = await asyncio.gather(
            running.wait(GRACE), *([slack.stop(deadline)] if slack is not None else []),
            *([matrix.stop(grace=GRACE)] if matrix is not None else []))
        if not finished and (cancelled := sender.abort()):
            log.warning("stopping: %d post(s) still waiting for Slack after %.0f s; released "
                        "(looked up in Slack before they are posted again)", cancelled, GRACE)
            finished = await running.wait(ABORT)
        if not finished:
            log.warning("stopping: %d job(s) still running after %.0f s", running.count, GRACE)
        scheduler.shutdown(wait=False)  # cancels only what outlived the grace
        await asyncio.sleep(0)
    finally:
        if matrix is not None and matrix.task is not None and not matrix.task.done():
            await matrix.stop(grace=0)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0
