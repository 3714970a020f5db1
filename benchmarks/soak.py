"""Soak: a simulated month of every scheduled job for a city of 15,000 people, ticked every 30
minutes like ``flurfunk tick`` from cron, with a restart half-way. Checks that nothing is lost
(every outbox message delivered to every recipient), nothing is duplicated (replaying every job at
earlier moments adds no message) and that memory stays flat.
Run: .venv/bin/python -m benchmarks.soak [DATABASE_URL]   (default: a temporary SQLite file)"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
import time
from collections import Counter
from contextlib import AsyncExitStack
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psutil
from sqlalchemy import func, select

from bot.config import Settings
from bot.runtime import Runtime
from flows.commitments import service
from flows.commitments.protocol import Row
from flows.survey.definition import parse_survey
from flows.types import JobContext
from storage.models.core import InboxMessage, OutboxMessage, Person

ROOT = Path(__file__).resolve().parent.parent
PEOPLE, SITES, DEPARTMENTS, NEW_HIRES, COMMITMENTS, LUNCH = 15_000, 30, 60, 120, 1_000, 4_000
START = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)  # a Monday
DAYS, STEP = 31, timedelta(minutes=30)


def person_rows(rng: random.Random) -> list[Person]:
    hires = set(rng.sample(range(DEPARTMENTS, PEOPLE), NEW_HIRES))
    out = []
    for n in range(PEOPLE):
        dept = n % DEPARTMENTS
        start = (START.date() + timedelta(days=rng.randrange(DAYS))) if n in hires else None
        out.append(Person(id=f"p{n:05d}", name=f"Person {n}", department=f"Amt {dept}",
                          site=f"Standort {n % SITES}", lead_id=None if n < DEPARTMENTS else f"p{dept:05d}",
                          locale="de" if n % 5 else "en", start_date=start, roles=[] if n >= DEPARTMENTS
                          else ["lead"], source="directory", created_at=START))
    return out


def commitment_rows(rng: random.Random) -> list[Row]:
    out = []
    for n in range(COMMITMENTS):
        ws = n % 50
        owners = tuple(dict.fromkeys(f"p{rng.randrange(DEPARTMENTS, PEOPLE):05d}"
                                     for _ in range(rng.randint(1, 3))))
        out.append(Row(f"Workshop {ws}", date(2026, 11, 20), "Feld", f"Schritt {n}", owners,
                       START.date() + timedelta(days=rng.randint(-5, 40)), None, f"p{ws:05d}", "", n + 1))
    return out


async def seed(rt: Runtime) -> None:
    rng = random.Random(11)
    async with rt.uow() as uow:
        uow.session.add_all(person_rows(rng))
        await uow.commit()
    async with rt.uow() as uow:
        await service.import_rows(uow, commitment_rows(rng), START, "soak")
        await uow.commit()
    sdef = parse_survey(ROOT / "content" / "surveys" / "mobiles-arbeiten.yml")  # monthly, everyone
    async with rt.uow() as uow:
        await uow.survey.save(sdef.id, sdef.to_dict(), "p00000", START)
        for n in rng.sample(range(PEOPLE), LUNCH):
            await uow.lunch.join(f"p{n:05d}", START)
        await uow.commit()


async def counts(rt: Runtime) -> tuple[int, int, int, int]:
    async with rt.uow() as uow:
        s = uow.session
        messages = await s.scalar(select(func.count()).select_from(OutboxMessage)) or 0
        pending = await s.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.status != "delivered")) or 0
        wanted = sum(len(r) for r in await s.scalars(select(OutboxMessage.recipients)))
        delivered = await s.scalar(select(func.count()).select_from(InboxMessage)) or 0
    return messages, pending, wanted, delivered


async def replay(rt: Runtime, moments: list[datetime]) -> int:
    """Run every job again at earlier moments, bypassing the job_run record: a job that is not
    idempotent by itself would write new messages here."""
    before = (await counts(rt))[0]
    for now in moments:
        for feature, spec in rt.jobs.jobs:
            async with rt.uow() as uow:
                await spec.func(JobContext(uow, rt.translations, rt.jobs.feature_config(feature),
                                           resources=feature.resources), now)
                await uow.commit()
    return (await counts(rt))[0] - before


async def soak(url: str) -> None:
    settings = Settings(database_url=url)
    async with AsyncExitStack() as stack:
        await _soak(settings, stack, await stack.enter_async_context(Runtime(settings, nlu=False)))


async def _soak(settings: Settings, stack: AsyncExitStack, rt: Runtime) -> None:
    t0 = time.perf_counter()
    await seed(rt)
    print(f"seeded {PEOPLE} people, {COMMITMENTS} commitments, {LUNCH} lunch participants, "
          f"a monthly survey to everyone "
          f"in {time.perf_counter() - t0:.1f} s")
    proc, rss, per_job, ticks = psutil.Process(), [], Counter[str](), 0
    tick_s: list[float] = []
    now = START
    while now < START + timedelta(days=DAYS):
        if now == START + timedelta(days=DAYS // 2):  # a restart half-way: a new process state
            await stack.aclose()
            rt = await stack.enter_async_context(Runtime(settings, nlu=False))
        t0 = time.perf_counter()
        for r in await rt.jobs.run_due(now):
            per_job[r.job_id] += r.count
        await rt.sender().drain(now)
        tick_s.append(time.perf_counter() - t0)
        ticks += 1
        if now.hour == 0 and now.minute == 0:
            rss.append(proc.memory_info().rss / 2**20)
            print(f"{now.date()}: {sum(tick_s):.0f} s so far, RSS {rss[-1]:.0f} MiB, {dict(per_job)}",
                  flush=True)
        now += STEP
    await rt.sender().drain(now)
    messages, pending, wanted, delivered = await counts(rt)
    rng = random.Random(5)
    moments = sorted(START + timedelta(minutes=30 * rng.randrange(ticks)) for _ in range(12))
    added = await replay(rt, moments)
    tick_s.sort()
    print(f"{ticks} ticks over {DAYS} days: {sum(tick_s):.0f} s in all, tick p50 "
          f"{tick_s[len(tick_s) // 2] * 1000:.0f} ms, max {tick_s[-1] * 1000:.0f} ms")
    print("items per job:", dict(sorted(per_job.items())))
    print(f"outbox: {messages} messages, {pending} not delivered; recipients {wanted}, "
          f"inbox deliveries {delivered} (lost {wanted - delivered})")
    print(f"replaying every job at {len(moments)} earlier moments added {added} messages")
    week1, week4 = rss[1:8], rss[-7:]
    print(f"RSS MiB: day 1 {rss[0]:.0f}, week 1 mean {sum(week1) / len(week1):.0f}, "
          f"last week mean {sum(week4) / len(week4):.0f}, max {max(rss):.0f}")


def main() -> None:
    if len(sys.argv) > 1:
        asyncio.run(soak(sys.argv[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(soak(f"sqlite+aiosqlite:///{Path(tmp) / 'soak.db'}"))


if __name__ == "__main__":
    main()
