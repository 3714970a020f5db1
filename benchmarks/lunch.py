"""Lunch roulette benchmark: 15,000 participants over 30 sites and 60 departments with 52 past
weekly rounds. Measures one round (time, peak memory) of the pure grouping and of the whole
round on a database (eligible people, 12 weeks of pairing history, storing groups and queueing
the messages), and compares repeats and cross-department share with a random shuffle within
each site on the same data.
Run: .venv/bin/python -m benchmarks.lunch [POSTGRES_URL]"""

from __future__ import annotations

import asyncio
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bot.config import Settings
from bot.runtime import Runtime
from flows.lunch import service
from flows.lunch.grouping import Grouping, Member, make_groups, plan_sizes
from flows.lunch.icebreakers import load_icebreakers
from flows.lunch.stats import pair_figures
from storage.models.core import Person
from storage.models.lunch import LunchParticipant

PEOPLE, SITES, DEPTS, ROUNDS, WINDOW = 15_000, 30, 60, 52, 12
FIRST_MONDAY = date(2025, 9, 1)
ROOT = Path(__file__).resolve().parent.parent
Groups = list[list[str]]


def directory(rng: random.Random) -> list[Member]:
    """Departments live at one to three home sites (as in a real city); sites differ in size;
    a third of the people have set two or three weekdays."""
    weights = [rng.uniform(0.3, 3.0) for _ in range(SITES)]
    homes = {d: rng.choices(range(SITES), weights, k=rng.randint(1, 3)) for d in range(DEPTS)}
    dept_weights = [rng.uniform(0.2, 3.0) for _ in range(DEPTS)]
    out = []
    for i in range(PEOPLE):
        d = rng.choices(range(DEPTS), dept_weights)[0]
        site = rng.choice(homes[d]) if rng.random() < 0.85 else rng.randrange(SITES)
        days = frozenset(rng.sample(range(5), rng.randint(2, 3))) if rng.random() < 0.33 else frozenset()
        out.append(Member(f"p{i:05d}", f"Standort {site:02d}", f"Amt {d:02d}", days))
    return out


def shuffle_groups(members: Sequence[Member], recent: object, size: int, seed: int) -> Grouping:
    """Baseline: shuffle each site and cut it into groups of the planned sizes (weekdays and
    history ignored)."""
    from flows.lunch.grouping import Group

    rng = random.Random(seed)
    by_site: dict[str, list[str]] = defaultdict(list)
    for m in sorted(members, key=lambda m: m.id):
        by_site[m.site].append(m.id)
    out = Grouping()
    for site in sorted(by_site):
        ids = by_site[site]
        rng.shuffle(ids)
        start = 0
        for s in plan_sizes(len(ids), size):
            out.groups.append(Group(site, tuple(ids[start:start + s]), None))
            start += s
        out.alone.extend(ids[start:])
    return out


def recent_from(history: list[tuple[date, Groups]], monday: date) -> dict[str, set[str]]:
    """The in-memory twin of LunchRepository.recent_partners."""
    since = monday - timedelta(weeks=WINDOW)
    partners: dict[str, set[str]] = defaultdict(set)
    for week, groups in history:
        if week >= since:
            for g in groups:
                for p in g:
                    partners[p].update(q for q in g if q != p)
    return partners


def simulate(people: list[Member], grouper: Callable[..., Grouping], weeks: int,
             seed: int) -> list[tuple[date, Groups]]:
    """``weeks`` rounds, each with about 85 % of the people (holidays, sick leave, skipping)."""
    rng = random.Random(seed)
    history: list[tuple[date, Groups]] = []
    for w in range(weeks):
        monday = FIRST_MONDAY + timedelta(weeks=w)
        present = [m for m in people if rng.random() < 0.85]
        g = grouper(present, recent_from(history, monday), 2, seed + w)
        history.append((monday, [list(x.members) for x in g.groups]))
    return history


def measure_pure(people: list[Member]) -> dict[str, Any]:
    ours = simulate(people, make_groups, ROUNDS, 1)
    base = simulate(people, shuffle_groups, ROUNDS, 1)
    dept = {m.id: m.department for m in people}
    monday = FIRST_MONDAY + timedelta(weeks=ROUNDS)
    present = people  # everyone this week
    figures: dict[str, Any] = {}
    for name, grouper, history in (("ours", make_groups, ours), ("shuffle", shuffle_groups, base)):
        t0 = time.perf_counter()
        result = grouper(present, recent_from(history, monday), 2, 53)
        elapsed = time.perf_counter() - t0
        tracemalloc.start()  # a second, traced run for the peak (tracing slows it down)
        grouper(present, recent_from(history, monday), 2, 53)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rnd = pair_figures([*history[-WINDOW:], (monday, [list(g.members) for g in result.groups])],
                           dept, WINDOW)
        before = pair_figures(history[-WINDOW:], dept, WINDOW)
        all_rounds = pair_figures(history, dept, WINDOW)
        figures[name] = {
            "round_s": elapsed, "peak_mb": peak / 2**20,
            "groups": len(result.groups), "alone": len(result.alone),
            "round_repeats": rnd.repeats - before.repeats,
            "round_cross": (rnd.cross_department - before.cross_department)
            / (rnd.pairs - before.pairs),
            "52_repeats": all_rounds.repeats, "52_pairs": all_rounds.pairs,
            "52_cross": all_rounds.cross_share,
            "relaxed": sorted({r.constraint for r in result.relaxed}),
        }
    figures["history"] = ours
    return figures


async def measure_db(url: str, people: list[Member], history: list[tuple[date, Groups]]
                     ) -> dict[str, float]:
    """The whole round on a database holding the directory and 52 rounds of history."""
    settings = Settings(database_url=url)
    async with Runtime(settings, nlu=False) as rt:
        now = datetime(2025, 8, 25, tzinfo=UTC)
        async with rt.uow() as uow:
            s = uow.session
            await s.execute(insert(Person), [
                {"id": m.id, "name": f"Person {m.id}", "department": m.department, "site": m.site,
                 "locale": "de", "roles": [], "source": "directory", "created_at": now}
                for m in people])
            await s.execute(insert(LunchParticipant), [
                {"person_id": m.id, "active": True, "weekdays": sorted(m.weekdays),
                 "joined_at": now, "updated_at": now} for m in people])
            for r, (week, groups) in enumerate(history, start=1):
                rnd = await uow.lunch.add_round(f"hist-{r}", week, r, now, [])
                await uow.lunch.add_groups(rnd.id, [("x", 0, g) for g in groups])
            await uow.commit()
        config = rt.configs["lunch"]
        icebreakers = load_icebreakers(ROOT / "content" / "lunch")
        monday = FIRST_MONDAY + timedelta(weeks=ROUNDS)
        when = datetime(monday.year, monday.month, monday.day, 7, 0, tzinfo=UTC)
        figures: dict[str, float] = {}
        async with rt.uow() as uow:
            t0 = time.perf_counter()
            await service.eligible(uow, monday)
            figures["eligible_s"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            await uow.lunch.recent_partners(monday - timedelta(weeks=WINDOW))
            figures["history_s"] = time.perf_counter() - t0
        async with rt.uow() as uow:
            t0 = time.perf_counter()
            p = await service.plan(uow, config, when)
            figures["plan_s"] = time.perf_counter() - t0
            figures["groups"] = len(p.grouping.groups)
        async with rt.uow() as uow:
            t0 = time.perf_counter()
            out = await service.run_round(uow, rt.translations, config, icebreakers, when)
            await uow.commit()
            figures["run_s"] = time.perf_counter() - t0
            figures["run_groups"] = len(out.grouping.groups)
        async with rt.uow() as uow:
            t0 = time.perf_counter()
            again = await service.run_round(uow, rt.translations, config, icebreakers, when)
            figures["rerun_s"] = time.perf_counter() - t0
            assert not again.created
            figures["outbox"] = sum((await uow.outbox.counts()).values())
    figures["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


async def _admin(url: str, sql: str) -> None:
    from sqlalchemy import text

    from storage import db

    engine = db.make_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


def main() -> None:
    people = directory(random.Random(2026))
    pure = measure_pure(people)
    for name in ("ours", "shuffle"):
        f = pure[name]
        print(name, {k: round(v, 3) if isinstance(v, float) else v for k, v in f.items()})
    history = pure["history"]
    with tempfile.TemporaryDirectory() as tmp:
        print("sqlite", asyncio.run(measure_db(f"sqlite+aiosqlite:///{tmp}/bench.db", people,
                                               history)))
    if len(sys.argv) > 1:  # a server URL: the benchmark uses a private database and drops it
        from sqlalchemy.engine import make_url

        name = f"flurfunk_bench_lunch_{os.getpid()}"
        asyncio.run(_admin(sys.argv[1], f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(sys.argv[1]).set(database=name).render_as_string(hide_password=False)
            print("postgresql", asyncio.run(measure_db(url, people, history)))
        finally:
            asyncio.run(_admin(sys.argv[1], f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
