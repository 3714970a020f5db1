"""The posting pace: the budget holds over any window for any arrival pattern, per channel and
across instances on PostgreSQL; closing the limiter releases waiting posts at once."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapters.slack.ratelimit import DatabasePace, LocalPace, RateLimiter
from bot.outbox import Stopped
from bot.runtime import Runtime
from storage import db
from storage.uow import UnitOfWork


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, s: float) -> None:
        self.now += s


def violations(posts: list[tuple[float, str]], rate: float, burst: int, window: float,
               channel_interval: float) -> list[str]:
    times = sorted(t for t, _ in posts)
    out = []
    for i, t in enumerate(times):
        n = sum(1 for u in times[i:] if u < t + window - 1e-9)
        if n > rate * window + burst:
            out.append(f"{n} posts in {window} s from {t}")
    by_channel: dict[str, list[float]] = defaultdict(list)
    for t, c in posts:
        by_channel[c].append(t)
    for c, ts in by_channel.items():
        ts.sort()
        out += [f"{c}: {b - a:.3f} s apart" for a, b in pairwise(ts)
                if b - a < channel_interval - 1e-9]
    return out


@settings(max_examples=60, deadline=None)
@given(rate=st.sampled_from([1.0, 5.0, 10.0, 50.0]), burst=st.integers(1, 10),
       requests=st.lists(st.tuples(st.floats(0, 0.5), st.sampled_from("ABCDE")), min_size=1,
                         max_size=120))
def test_any_arrivals_stay_within_budget_and_channel_interval(
        rate: float, burst: int, requests: list[tuple[float, str]]) -> None:
    clock = Clock()
    limiter = RateLimiter(rate, burst, 1.0, clock=clock, sleep=clock.sleep)
    posts: list[tuple[float, str]] = []

    async def run() -> None:
        for gap, channel in requests:
            clock.now += gap
            await limiter.acquire(channel)
            posts.append((clock.now, channel))

    asyncio.run(run())
    assert violations(posts, rate, burst, 10.0, 1.0) == []
    assert violations(posts, rate, burst, 1.0, 1.0) == []


def test_a_busy_channel_does_not_hold_back_the_others() -> None:
    clock = Clock()
    pace = LocalPace(0.1, 0.0, 1.0, clock=clock)

    async def run() -> list[tuple[float, bool]]:
        return [await pace.reserve(c, 0.0) for c in ("A", "A", "B", "C")]

    waits = asyncio.run(run())
    assert waits[1] == (pytest.approx(1.0), False)  # A is busy: nothing taken, ask again
    assert [w for w, _ in (waits[2], waits[3])] == [pytest.approx(0.1), pytest.approx(0.2)]


async def test_close_releases_a_waiting_post() -> None:
    limiter = RateLimiter(rate=1, burst=1)
    await limiter.acquire("C1")
    waiting = asyncio.create_task(limiter.acquire("C2"))  # its slot is a second away
    await asyncio.sleep(0.05)
    started = time.monotonic()
    limiter.close()
    with pytest.raises(Stopped):
        await waiting
    assert time.monotonic() - started < 0.5
    with pytest.raises(Stopped):
        await limiter.acquire("C3")


async def test_instances_share_the_budget_on_postgresql(runtime: Runtime) -> None:
    """Three "instances" (own engines, own limiters) reserve concurrently; the granted slots,
    on the database clock, keep the budget together. The same with LocalPace breaks it."""
    if runtime.engine.dialect.name != "postgresql":
        pytest.skip("the shared budget lives in PostgreSQL")
    engines = [db.make_engine(runtime.settings.db_url) for _ in range(3)]
    rate, burst = 10.0, 1

    async def instance(shared: bool, engine_no: int, out: list[tuple[float, str]]) -> None:
        sessions = db.make_sessionmaker(engines[engine_no])
        limiter = RateLimiter(rate, burst, 1.0)
        if shared:
            limiter.pace = DatabasePace(lambda: UnitOfWork(sessions), *limiter.budget())
        for n in range(20):
            channel = f"D{n}"  # each channel gets one post from every instance
            await limiter.acquire(channel)
            out.append((time.monotonic(), channel))

    try:
        for shared in (True, False):
            posts: list[tuple[float, str]] = []
            await asyncio.gather(*(instance(shared, i, posts) for i in range(3)))
            found = violations(posts, rate, burst + 1, 1.0, 1.0)  # +1: timer jitter
            assert (found == []) is shared, found
    finally:
        for e in engines:
            await e.dispose()


def test_a_post_that_wakes_too_late_takes_a_fresh_slot() -> None:
    """A stalled event loop (a CPU-heavy thread, a GC pause) wakes a post long after its slot:
    it gives that slot up and reserves again, so it cannot land in a bunch with the posts of
    other instances that kept their slots. Two limiters share one pace, as instances share the
    database's; the first one's sleeps overshoot by 0.9 s once."""
    clock = Clock()
    pace = LocalPace(0.1, 0.0, 1.0, clock=clock)
    stalls = [0.9]

    async def stalled_sleep(s: float) -> None:
        clock.now += s + (stalls.pop() if stalls else 0.0)

    slow = RateLimiter(10, 1, 1.0, clock=clock, sleep=stalled_sleep, pace=pace)
    other = RateLimiter(10, 1, 1.0, clock=clock, sleep=clock.sleep, pace=pace)
    posts: list[tuple[float, str]] = []

    async def run() -> None:
        await other.acquire("A")  # slot 0.0
        posts.append((clock.now, "A"))
        await slow.acquire("B")  # slot 0.1, woken at 1.0: given up; B stays held until 1.1
        posts.append((clock.now, "B"))

    asyncio.run(run())
    assert slow.missed == 1
    assert posts == [(0.0, "A"), (pytest.approx(1.1), "B")]
    assert pace.workspace == pytest.approx(1.2)  # the missed slot stays spent: nobody gains it
