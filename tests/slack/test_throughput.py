"""Two real ``serve`` instances on one PostgreSQL share one Slack budget: together they stay
within the configured rate over the busiest 10 s and never post into a channel twice within
1 s; with per-process limiters (the weakened setup) the same run breaks both rules."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter, defaultdict
from pathlib import Path

import httpx
import pytest

from bot.config import Settings
from storage import db
from storage.uow import UnitOfWork
from tests.conftest import NOW
from tests.slack.helpers import until
from tests.slack.process import Serve
from tests.slack.standin import StandIn

pytestmark = pytest.mark.slow
RATE, BURST, WINDOW = 10, 1, 10.0
MESSAGES, BATCH = 160, 10
JITTER = 1  # one post of tolerance for the time from a slot to the request reaching Slack


def person_of(i: int) -> int:
    """Two neighbouring batches go to the same ten people, so both instances post into the same
    channels at the same time (the per-channel rule is tested across instances)."""
    return i % 10 + 10 * ((i // (2 * BATCH)) % 3)


def busiest(times: list[float], window: float) -> int:
    """The most posts in any ``window`` seconds."""
    times = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def closest_in_channel(posts: list[tuple[str, float]]) -> float:
    by_channel: dict[str, list[float]] = defaultdict(list)
    for channel, at in posts:
        by_channel[channel].append(at)
    gaps = [b - a for ts in by_channel.values() for a, b in zip(sorted(ts), sorted(ts)[1:], strict=False)]
    return min(gaps)


async def run_two(settings: Settings, standin: StandIn, tmp: Path, shared: bool) -> dict[str, object]:
    engine = db.make_engine(settings.db_url)
    try:
        async with UnitOfWork(db.make_sessionmaker(engine)) as uow:
            for p in range(30):
                await uow.people.upsert(f"p{p}", NOW, name=f"P {p}", slack_id=f"UP{p:04d}")
                standin.users.append({"id": f"UP{p:04d}", "name": f"p{p}"})  # Slack knows them
            for i in range(MESSAGES):
                await uow.outbox.add(f"reminder:{i}", [f"p{person_of(i)}"],
                                     {"text": f"Erinnerung {i}", "choices": []}, NOW)
            await uow.commit()
        env = {"FLURFUNK_OUTBOX__INTERVAL_SECONDS": "0.3", "FLURFUNK_OUTBOX__BATCH": str(BATCH),
               "FLURFUNK_SLACK__RATE_PER_SECOND": str(RATE), "FLURFUNK_SLACK__BURST": str(BURST),
               "FLURFUNK_SLACK__SHARED_RATE_LIMIT": "true" if shared else "false"}
        a, b = Serve(settings, standin, tmp, **env), Serve(settings, standin, tmp, **env)
        async with httpx.AsyncClient(trust_env=False, timeout=10) as http:
            try:
                await asyncio.gather(a.start(http), b.start(http))

                def ids() -> Counter[int]:
                    return Counter(m["metadata"]["event_payload"]["outbox_id"]
                                   for msgs in standin.history.values() for m in msgs)

                await until(lambda: len(ids()) >= MESSAGES, within=120, every=0.2)
                await asyncio.sleep(1)
                assert await a.stop(signal.SIGTERM) == 0
                assert await b.stop(signal.SIGTERM) == 0
            finally:
                await a.kill()
                await b.kill()
        async with UnitOfWork(db.make_sessionmaker(engine)) as uow:
            counts = await uow.outbox.counts()
    finally:
        await engine.dispose()
    posts = [(str(c.params["channel"]), c.at) for c in standin.calls if c.method == "chat.postMessage"]
    got = ids()
    return {"busiest": busiest([at for _, at in posts], WINDOW), "closest": closest_in_channel(posts),
            "duplicated": sum(got.values()) - len(got), "counts": counts,
            "logs": a.log.read_text(encoding="utf-8") + b.log.read_text(encoding="utf-8")}


@pytest.fixture
def pg_settings(settings: Settings) -> Settings:
    if not settings.db_url.startswith("postgresql"):
        pytest.skip("instances share a budget only on PostgreSQL")
    return settings


async def test_two_instances_share_one_budget(pg_settings: Settings, standin: StandIn,
                                              tmp_path: Path) -> None:
    r = await run_two(pg_settings, standin, tmp_path, shared=True)
    print("shared:", {k: v for k, v in r.items() if k != "logs"})  # the figures, with -s
    assert r["counts"] == {"delivered": MESSAGES} and r["duplicated"] == 0
    assert r["busiest"] <= RATE * WINDOW + BURST + JITTER, r["busiest"]
    assert r["closest"] >= 1.0, r["closest"]
    assert "Traceback" not in str(r["logs"])


async def test_per_process_limiters_exceed_the_budget(pg_settings: Settings, standin: StandIn,
                                                      tmp_path: Path) -> None:
    """The weakened setup: each instance keeps its own budget (the old limiter)."""
    r = await run_two(pg_settings, standin, tmp_path, shared=False)
    print("per process:", {k: v for k, v in r.items() if k != "logs"})
    assert r["counts"] == {"delivered": MESSAGES}
    assert r["busiest"] > RATE * WINDOW + BURST + JITTER, r["busiest"]
    assert r["closest"] < 1.0, r["closest"]
