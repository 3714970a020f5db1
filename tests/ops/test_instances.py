"""Several instances on one database: every job slot and every outbox message is claimed once."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.config import Settings
from bot.jobs import JobRunner
from bot.runtime import Runtime
from flows.types import Feature, JobContext, JobSpec, Outgoing, Reply
from storage.models.core import InboxMessage, OutboxMessage

ROOT = Path(__file__).resolve().parents[2]
BERLIN = ZoneInfo("Europe/Berlin")


async def test_concurrent_runners_run_a_slot_once(runtime: Runtime) -> None:
    calls: list[str] = []

    async def weekly(ctx: JobContext, now: datetime) -> int:
        calls.append("run")
        await asyncio.sleep(0.05)  # widen the race window
        await ctx.send(Outgoing("test:weekly", ["anna"], Reply("Hallo")), now)
        return 1

    spec = JobSpec("test.weekly", "0 9 * * mon", weekly)
    feature = Feature(name="test", jobs=(spec,))
    runners = [JobRunner([(feature, spec)], runtime.uow, runtime.translations, BERLIN) for _ in range(4)]
    monday = datetime(2026, 8, 31, 9, 5, tzinfo=BERLIN)
    results = await asyncio.gather(*(r.run_due(monday) for r in runners))
    assert sum(len(r) for r in results) == 1
    async with runtime.uow() as uow:
        assert await uow.outbox.counts() == {"pending": 1}


@pytest.mark.slow
async def test_two_serve_processes_deliver_each_message_once(settings: Settings) -> None:
    if not settings.db_url.startswith("postgresql"):
        pytest.skip("several instances need PostgreSQL (SQLite is the single-process quick start)")
    async with Runtime(settings, nlu=False) as rt:
        now = datetime.now(UTC)
        async with rt.uow() as uow:
            for i in range(300):
                await uow.outbox.add(f"load:{i}", [f"p{i % 30}"], {"text": f"Nachricht {i}"}, now)
            await uow.commit()
        env = {k: v for k, v in os.environ.items() if not k.startswith("FLURFUNK_")}
        env |= {"FLURFUNK_DATABASE_URL": settings.db_url,
                "FLURFUNK_OUTBOX__INTERVAL_SECONDS": "0.1", "FLURFUNK_OUTBOX__BATCH": "5"}
        # serve with a fixed parser (tests/fixed_serve.py): the claims are the point, not the model
        procs = [await asyncio.create_subprocess_exec(sys.executable, "-m", "tests.fixed_serve", "serve",
                                                      env=env, cwd=ROOT, stderr=asyncio.subprocess.PIPE)
                 for _ in range(2)]
        try:
            for _ in range(300):
                async with rt.uow() as uow:
                    counts = await uow.outbox.counts()
                if counts.get("delivered") == 300:
                    break
                await asyncio.sleep(0.2)
        finally:
            for p in procs:
                p.send_signal(signal.SIGTERM)
            outputs = [await asyncio.wait_for(p.communicate(), 30) for p in procs]
        async with rt.uow() as uow:
            attempts = await uow.session.scalar(select(func.max(OutboxMessage.attempts)))
            inbox = await uow.session.scalar(select(func.count()).select_from(InboxMessage))
            assert await uow.outbox.counts() == {"delivered": 300}
    assert attempts == 1  # no message was claimed twice
    assert inbox == 300
    assert all(p.returncode == 0 for p in procs), [o[1].decode()[-500:] for o in outputs]
