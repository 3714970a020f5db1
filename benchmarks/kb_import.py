"""Knowledge-base import benchmark (issue 16: import of 150 entries <= 5 s): the 171 entries of
tests/data/kb_public/entries.yml read and validated (flows.faq.entries), then written in one
transaction (flows.faq.store.import_entries, what ``flurfunk kb import`` does after starting
the runtime), then imported again unchanged (the idempotent path), on SQLite and PostgreSQL.
Wall and CPU time (time.process_time: this process only, robust on a shared machine), median
of 5 runs on a fresh database each. Also the whole command ``flurfunk kb import`` once as a
subprocess (wall time: interpreter start, settings, migrations of an empty database).

Run: .venv/bin/python -m benchmarks.kb_import [POSTGRES_URL_OF_AN_EMPTY_DATABASE]"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from bot.config import Settings
from bot.runtime import Runtime
from flows.faq import store
from flows.faq.entries import read_entries

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = ROOT / "tests" / "data" / "kb_public" / "entries.yml"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
RUNS = 5


async def once(url: str) -> dict[str, float]:
    out: dict[str, float] = {}
    w, c = time.perf_counter(), time.process_time()
    entries = read_entries(PUBLIC)
    out["read_wall"], out["read_cpu"] = time.perf_counter() - w, time.process_time() - c
    async with Runtime(Settings(database_url=url, content_dir=str(ROOT / "content")),
                       nlu=False) as rt:
        async with rt.uow() as uow:  # a fresh table
            for table in ("faq_entry", "faq_kb_version"):
                await uow.session.execute(text(f"DELETE FROM {table}"))
            await uow.commit()
        for label in ("first", "again"):
            w, c = time.perf_counter(), time.process_time()
            async with rt.uow() as uow:
                result = await store.import_entries(uow, entries, "bench", NOW)
                await uow.commit()
            out[f"{label}_wall"] = time.perf_counter() - w
            out[f"{label}_cpu"] = time.process_time() - c
            expected = len(entries) if label == "first" else 0
            assert len(result.added) == expected, result
    out["entries"] = len(entries)
    return out


def cli_once(url: str) -> float:
    env = {**os.environ, "FLURFUNK_DATABASE_URL": url, "FLURFUNK_CONFIG": "/nonexistent.toml"}
    env.pop("FLURFUNK_ACTOR", None)
    w = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bot", "kb", "import", str(PUBLIC), "--replace"],
                   check=True, env=env, capture_output=True, cwd=ROOT)
    return time.perf_counter() - w


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        urls = [("SQLite", f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}")]
        if len(sys.argv) > 1:
            urls.append(("PostgreSQL", sys.argv[1]))
        for label, url in urls:
            runs = [await once(url) for _ in range(RUNS)]
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            print(f"{label}: {int(med['entries'])} entries; median of {RUNS}")
            print(f"  read+validate   wall {med['read_wall'] * 1000:7.1f} ms  "
                  f"cpu {med['read_cpu'] * 1000:7.1f} ms")
            print(f"  import (new)    wall {med['first_wall'] * 1000:7.1f} ms  "
                  f"cpu {med['first_cpu'] * 1000:7.1f} ms")
            print(f"  import (same)   wall {med['again_wall'] * 1000:7.1f} ms  "
                  f"cpu {med['again_cpu'] * 1000:7.1f} ms")
            print(f"  flurfunk kb import (whole command, wall) {cli_once(url):.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
