"""Posting pace for Slack: at most one message per second per channel, a workspace-wide token
bucket, and a pause for everyone after a 429 (``Retry-After``)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

EPSILON = 1e-6  # below this, a wait is rounding noise (and sleeping it could loop forever)


class RateLimiter:
    """``await limiter.acquire(channel)`` before each post; ``limiter.pause(s)`` after a 429."""

    def __init__(self, rate: float, burst: int, channel_interval: float = 1.0,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate, self.burst, self.channel_interval = rate, float(burst), channel_interval
        self.clock, self.sleep = clock, sleep
        self.tokens = float(burst)
        self.updated = clock()
        self.paused_until = 0.0
        self.next_in_channel: dict[str, float] = {}
        self.waited = 0.0

    def _refill(self, now: float) -> None:
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def wait_time(self, channel: str) -> float:
        """Seconds until a post into ``channel`` is allowed (0 when it is allowed now)."""
        now = self.clock()
        self._refill(now)
        bucket = 0.0 if self.tokens >= 1 - EPSILON else (1 - self.tokens) / self.rate
        wait = max(0.0, self.paused_until - now, self.next_in_channel.get(channel, 0.0) - now, bucket)
        return wait if wait > EPSILON else 0.0

    async def acquire(self, channel: str) -> None:
        while (wait := self.wait_time(channel)) > 0:
            self.waited += wait
            await self.sleep(wait)
        now = self.clock()
        self.tokens -= 1
        self.next_in_channel[channel] = now + self.channel_interval
        if len(self.next_in_channel) > 10_000:
            self.next_in_channel = {c: t for c, t in self.next_in_channel.items() if t > now}

    def pause(self, seconds: float) -> None:
        """Slack said 429: nobody posts for ``seconds``."""
        self.paused_until = max(self.paused_until, self.clock() + seconds)
