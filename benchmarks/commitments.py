"""Commitments benchmark: the nudge and digest jobs over a city-sized set of agreements
(50 workshops, 1,000 commitments, 300 owners), first run (sends) and repeat run (sends nothing),
on SQLite and PostgreSQL. Run: .venv/bin/python -m benchmarks.commitments [POSTGRES_URL]"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.config import Settings
from bot.runtime import Runtime
from flows.commitments import jobs, service
from flows.commitments.protocol import Row
from flows.types import JobContext

WORKSHOPS, ITEMS, OWNERS = 50, 1000, 300


def rows(rng: random.Random) -> list[Row]:
    out = []
    for n in range(ITEMS):
        ws = n % WORKSHOPS
        owners = tuple(f"p{rng.randrange(OWNERS):03d}" for _ in range(rng.randint(1, 3)))
        out.append(Row(f"Workshop {ws}", date(2026, 9, 1), "Feld", f"Schritt {n}",
                       tuple(dict.fromkeys(owners)), date(2026, 9, 1) + timedelta(days=rng.randint(0, 60)),
                       None, f"lead{ws}", "", n + 1))
    return out


async def measure(url: str) -> dict[str, float]:
    settings = Settings(database_url=url)
    async with Runtime(settings, nlu=False) as rt:
        config = rt.configs["commitments"]
        async with rt.uow() as uow:
            t0 = time.perf_counter()
            await service.import_rows(uow, rows(random.Random(7)), datetime(2026, 8, 31, tzinfo=UTC), "b")
            await uow.commit()
            import_s = time.perf_counter() - t0
        figures = {"import_s": import_s}
        day = datetime(2026, 9, 21, 7, 0, tzinfo=UTC)  # Monday 09:00 Berlin
        for name, job in (("nudge", jobs.nudge), ("digest", jobs.digest)):
            for run in ("first", "repeat"):
                async with rt.uow() as uow:
                    t0 = time.perf_counter()
                    count = await job(JobContext(uow, rt.translations, config), day)
                    await uow.commit()
                    figures[f"{name}_{run}_s"] = time.perf_counter() - t0
                    figures[f"{name}_{run}_n"] = count
    return figures


async def main() -> None:
    urls = []
    with tempfile.TemporaryDirectory() as tmp:
        urls.append(("SQLite", f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"))
        if len(sys.argv) > 1:
            urls.append(("PostgreSQL", sys.argv[1]))
        for label, url in urls:
            f = await measure(url)
            print(f"{label}: import {ITEMS} in {f['import_s']:.2f} s; "
                  f"nudge first {f['nudge_first_s'] * 1000:.0f} ms ({f['nudge_first_n']:.0f} messages), "
                  f"repeat {f['nudge_repeat_s'] * 1000:.0f} ms ({f['nudge_repeat_n']:.0f}); "
                  f"digest first {f['digest_first_s'] * 1000:.0f} ms ({f['digest_first_n']:.0f}), "
                  f"repeat {f['digest_repeat_s'] * 1000:.0f} ms ({f['digest_repeat_n']:.0f})")


if __name__ == "__main__":
    asyncio.run(main())
