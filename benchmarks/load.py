"""Load: 200 simulated employees chatting for 60 s with ``flurfunk serve --slack http`` (a real
process) on PostgreSQL, through signed Events API requests, with the local Slack stand-in.
Each employee sends a question, waits for the answer to arrive at the stand-in, thinks 1-5 s and
asks again. Reply latency = request sent until chat.postMessage reaches the stand-in.
Run: .venv/bin/python -m benchmarks.load [DATABASE_URL]   (default: flurfunk_bench on the local
PostgreSQL server, created when missing)"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

from benchmarks.slack import pct, with_directory
from nlu import training_data
from tests.slack.helpers import dm, event_body, signed
from tests.slack.process import Serve
from tests.slack.standin import StandIn

ROOT = Path(__file__).resolve().parent.parent
USERS, SECONDS, THINK = 200, 60.0, (1.0, 5.0)
SERVER = "postgresql+asyncpg://postgres@127.0.0.1:5432"
DEFAULT_URL = f"{SERVER}/flurfunk_bench"


async def ensure_database(url: str) -> None:
    """Create the benchmark's own database on the server when it is missing."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    server, name = url.rsplit("/", 1)
    engine = create_async_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        if not await conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await engine.dispose()


class Replies:
    """Watches the stand-in's calls and wakes the employee whose DM channel got a post."""

    def __init__(self, standin: StandIn) -> None:
        self.standin, self.seen = standin, 0
        self.waiting: dict[str, asyncio.Future[float]] = {}
        self.extra: dict[str, int] = defaultdict(int)

    async def watch(self) -> None:
        while True:
            calls = self.standin.calls
            for call in calls[self.seen:]:
                if call.method != "chat.postMessage":
                    continue
                fut = self.waiting.pop(call.params.get("channel", ""), None)
                if fut is not None and not fut.done():
                    fut.set_result(call.at)
                else:
                    self.extra[call.params.get("channel", "")] += 1
            self.seen = len(calls)
            await asyncio.sleep(0.002)

    def expect(self, channel: str) -> asyncio.Future[float]:
        fut: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting[channel] = fut
        return fut


async def run(url: str, tmp: Path) -> dict[str, float]:
    settings, standin = await with_directory(url, tmp, "load", USERS)
    texts = [e.text for e in training_data.load(sorted((ROOT / "tests/data").glob("nlu_heldout*.yml"))).examples
             if e.intent != "out_of_scope" and not e.intent.startswith("privacy_delete")]
    replies = Replies(standin)
    latencies: list[float] = []
    errors = {"http": 0, "timeout": 0}
    limits = httpx.Limits(max_connections=USERS, max_keepalive_connections=USERS)
    async with httpx.AsyncClient(trust_env=False, timeout=30, limits=limits) as http:
        serve = Serve(settings, standin, tmp, module="bot")
        await serve.start(http)
        watcher = asyncio.create_task(replies.watch())
        end = time.monotonic() + SECONDS

        async def employee(i: int) -> None:
            rng, n = random.Random(i), 0
            user = f"U{i:05d}"
            await asyncio.sleep(rng.uniform(0, THINK[1]))  # employees do not all start at once
            while time.monotonic() < end:
                n += 1
                body = event_body(dm(user, rng.choice(texts), ts=f"1700000000.{n:06d}"), f"EvL{i}-{n}")
                got = replies.expect("D" + user[1:])
                t0 = time.monotonic()
                r = await http.post(f"{serve.url}/slack/events", content=body, headers=signed(body))
                if r.status_code != 200:
                    errors["http"] += 1
                    continue
                try:
                    at = await asyncio.wait_for(got, 10)
                except TimeoutError:
                    errors["timeout"] += 1
                    continue
                latencies.append((at - t0) * 1000)
                await asyncio.sleep(rng.uniform(*THINK))

        await asyncio.gather(*(employee(i) for i in range(USERS)))
        await asyncio.sleep(2)
        watcher.cancel()
        await serve.stop()
    await standin.stop()
    return {"messages": len(latencies), "per_s": len(latencies) / SECONDS,
            "p50": pct(latencies, 50), "p99": pct(latencies, 99), "max": max(latencies),
            "http_errors": errors["http"], "timeouts": errors["timeout"],
            "unexpected_posts": sum(replies.extra.values())}


async def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_URL
    if url == DEFAULT_URL:
        await ensure_database(url)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        os.environ.pop(var, None)
    with tempfile.TemporaryDirectory() as tmp:
        f = await run(url, Path(tmp))
    print(f"{USERS} employees, {SECONDS:.0f} s: {f['messages']} replies ({f['per_s']:.1f}/s); "
          f"reply latency p50 {f['p50']:.0f} ms, p99 {f['p99']:.0f} ms, max {f['max']:.0f} ms; "
          f"HTTP errors {f['http_errors']}, timeouts {f['timeouts']}, "
          f"unexpected posts {f['unexpected_posts']}")


if __name__ == "__main__":
    asyncio.run(main())
