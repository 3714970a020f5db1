"""Posting pace for Slack: a workspace-wide budget and at most one message per second per channel,
shared by every instance through the database on PostgreSQL, plus a pause after a 429.

Both rules are reservations (GCRA, the "virtual scheduling" form of a token bucket): a post into
a channel that is free reserves the workspace's next slot (and the channel until one interval
after it) and sleeps until it; a post into a busy channel waits and asks again. So any window of
W seconds holds at most ``rate * W + burst`` posts and no channel gets two within
``channel_interval``. One pure function (``schedule``) computes a slot; a
``Pace`` keeps the state: in memory (SQLite, one instance) or in locked rows (PostgreSQL).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from bot.outbox import Stopped
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)
EPSILON = 1e-6  # below this, a wait is rounding noise
# Across instances, posts into one channel are spaced a little more than the interval: the time
# from the slot to the request reaching Slack (journal commit, a busy event loop) differs between
# processes. (In one process a channel's posts come from one task, one after the other.)
CHANNEL_MARGIN = 0.2
# A post that wakes this much after its slot gives the slot up and reserves again: a stalled
# event loop (a CPU-heavy thread, a GC pause) must not send late posts in a bunch with on-time
# ones, which would break the budget of the window they land in.
LATE = 0.15


@dataclass(frozen=True)
class Slot:
    send_at: float  # when the post may go out (or, unreserved, when to ask again)
    workspace: float  # the workspace's next theoretical slot (GCRA's TAT)
    channel: float  # the earliest time of the channel's next post
    reserved: bool  # False: the channel is busy or posts are paused; nothing was taken


def schedule(now: float, workspace: float, channel: float, not_before: float,
             interval: float, tau: float, channel_interval: float) -> Slot:
    """The slot of one post into a channel that is free now, within the workspace budget (one
    post per ``interval``, ``tau`` seconds of burst). A busy channel or a pause (``not_before``)
    takes nothing, so other channels keep the workspace's slots meanwhile."""
    if not_before > now:  # a pause holds back every instance
        workspace = max(workspace, not_before + tau)
    if max(channel, not_before) > now + EPSILON:  # (a rounding-noise wait would spin forever)
        return Slot(max(channel, not_before), workspace, channel, False)
    send_at = max(now, workspace - tau)
    return Slot(send_at, max(workspace, send_at) + interval, send_at + channel_interval, True)


class Pace(Protocol):
    """Where the reservations live; ``reserve`` says how long to wait, and whether a slot was
    taken (else ask again after the wait)."""

    async def reserve(self, channel: str, pause_for: float) -> tuple[float, bool]: ...


class LocalPace:
    """Reservations in this process (SQLite: one instance at a time)."""

    def __init__(self, interval: float, tau: float, channel_interval: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.interval, self.tau, self.channel_interval, self.clock = interval, tau, channel_interval, clock
        self.workspace = float("-inf")
        self.channels: dict[str, float] = {}

    async def reserve(self, channel: str, pause_for: float) -> tuple[float, bool]:
        now = self.clock()
        slot = schedule(now, self.workspace, self.channels.get(channel, float("-inf")),
                        now + pause_for, self.interval, self.tau, self.channel_interval)
        self.workspace, self.channels[channel] = slot.workspace, slot.channel
        if len(self.channels) > 10_000:
            self.channels = {c: t for c, t in self.channels.items() if t > now}
        return slot.send_at - now, slot.reserved


class DatabasePace:
    """Reservations in ``slack_pace`` rows, locked for the few milliseconds of one reservation,
    on the database's clock: every instance on the same PostgreSQL shares one budget."""

    def __init__(self, uow: Callable[[], UnitOfWork], interval: float, tau: float,
                 channel_interval: float) -> None:
        self.uow, self.interval, self.tau = uow, interval, tau
        self.channel_interval = channel_interval + CHANNEL_MARGIN

    async def reserve(self, channel: str, pause_for: float) -> tuple[float, bool]:
        async with self.uow() as uow:
            workspace, last, now = await uow.pace.lock(channel)
            slot = schedule(now, workspace, last, now + pause_for, self.interval, self.tau,
                            self.channel_interval)
            if (slot.workspace, slot.channel) != (workspace, last):
                await uow.pace.store(channel, slot.workspace, slot.channel)
            await uow.commit()
        return slot.send_at - now, slot.reserved


class RateLimiter:
    """``await limiter.acquire(channel)`` before each post; ``limiter.pause(s)`` after a 429;
    ``limiter.close()`` at shutdown makes waiting posts raise ``Stopped`` at once."""

    def __init__(self, rate: float, burst: int, channel_interval: float = 1.0,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] | None = None,
                 pace: Pace | None = None) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate, self.burst, self.channel_interval = rate, burst, channel_interval
        self.clock, self.sleep = clock, sleep
        self.pace = pace or LocalPace(*self.budget(), clock=clock)
        self.paused_until = 0.0
        self.waited = 0.0
        self.missed = 0  # slots given up because the post woke too late for them
        self.closed = asyncio.Event()

    def budget(self) -> tuple[float, float, float]:
        """(interval, tau, channel interval) for a ``Pace``."""
        interval = 1.0 / self.rate
        return interval, (self.burst - 1) * interval, self.channel_interval

    async def acquire(self, channel: str) -> None:
        """Wait for the next slot for a post into ``channel``."""
        while True:
            if self.closed.is_set():
                raise Stopped()
            wait, reserved = await self.pace.reserve(
                channel, max(0.0, self.paused_until - self.clock()))
            due = self.clock() + wait
            if wait > EPSILON:
                await self._wait(wait)
            if reserved and self.clock() - due <= LATE:
                return
            if reserved:  # woke too late: that slot has passed, take a fresh one
                self.missed += 1

    async def _wait(self, seconds: float) -> None:
        self.waited += seconds
        if self.sleep is not None:  # tests: a simulated clock
            await self.sleep(seconds)
            return
        try:
            await asyncio.wait_for(self.closed.wait(), seconds)
        except TimeoutError:
            return
        raise Stopped()

    def pause(self, seconds: float) -> None:
        """Slack said 429: nobody posts for ``seconds`` (other instances from this instance's
        next reservation on)."""
        log.info("slack: rate limited (429), posts paused for %.1f s", seconds)
        self.paused_until = max(self.paused_until, self.clock() + seconds)

    def close(self) -> None:
        self.closed.set()


def make_limiter(uow: Callable[[], UnitOfWork], dialect: str, rate: float, burst: int,
                 channel_interval: float, shared: bool = True) -> RateLimiter:
    """The limiter for the outbox: one budget in the database on PostgreSQL (``shared``), else
    in this process."""
    limiter = RateLimiter(rate, burst, channel_interval)
    if shared and dialect == "postgresql":
        limiter.pace = DatabasePace(uow, *limiter.budget())
    return limiter
