"""Slack benchmarks against the local stand-in, with ``flurfunk serve --slack http`` as a real
process.  Run: .venv/bin/python -m benchmarks.slack [POSTGRES_URL]

1. Burst: 1,000 signed DM events from 1,000 people over 20 concurrent connections; ack latency
   (p50/p99, all must be < 3 s) and every reply posted exactly once.
2. Commands during a drain: slash commands (ack p50/p99, each answered once through its
   response_url) while the same process drains 5,000 outbox DMs at the stand-in's 50/s; then
   SIGTERM in the middle of the drain (seconds to exit, claimed messages released).
3. Fan-out (``--fanout``): 5,000 reminder DMs through the outbox against a stand-in enforcing a
   rate limit on chat.postMessage; achieved rate as a share of the allowed one; the process is
   SIGKILLed mid-run and restarted; lost and duplicated messages are counted.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bot.adapters.slack.app import make_client
from bot.adapters.slack.identity import sync_directory
from bot.config import Settings
from bot.runtime import embedded_model
from flows import all_features
from nlu import training_data
from storage import db
from storage.uow import UnitOfWork
from tests.slack.helpers import FORM, command_body, dm, event_body, signed, until
from tests.slack.process import Serve
from tests.slack.standin import StandIn

ROOT = Path(__file__).resolve().parent.parent
ALLOWED_RATE = 50.0  # chat.postMessage per second the stand-in allows (Slack: ~1/s per channel,
# workspace limits by tier; 50/s is well above what a city workspace gets for one app)


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


async def prepare(url: str | None, tmp: Path, name: str) -> Settings:
    settings = Settings(database_url=url or f"sqlite+aiosqlite:///{tmp / f'{name}.db'}",
                        var_dir=str(tmp / "var"))
    settings.nlu.model_path = str(tmp / "model.pkl")
    engine = db.make_engine(settings.db_url)
    await db.upgrade(engine)
    if url:  # a shared PostgreSQL database: start from empty tables
        from sqlalchemy import text

        from storage.base import Base
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        async with engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await engine.dispose()
    embedded_model(settings, all_features(ROOT / "content"))
    return settings


def members(n: int) -> list[dict[str, Any]]:
    return [{"id": f"U{i:05d}", "name": f"user{i}", "locale": "de-DE",
             "profile": {"real_name": f"Person {i}", "email": f"person.{i}@stadt.example"}}
            for i in range(n)]


async def with_directory(url: str | None, tmp: Path, name: str, people: int) -> tuple[Settings, StandIn]:
    """A prepared database whose directory is synced from a started stand-in with ``people``."""
    settings = await prepare(url, tmp, name)
    standin = await StandIn(users=members(people)).start()
    settings.slack_api_url = standin.url
    engine = db.make_engine(settings.db_url)
    async with UnitOfWork(db.make_sessionmaker(engine)) as uow:
        await sync_directory(uow, make_client(settings, "x"), settings.slack, datetime.now(UTC))
        await uow.commit()
    await engine.dispose()
    return settings, standin


async def burst(url: str | None, tmp: Path) -> dict[str, Any]:
    settings, standin = await with_directory(url, tmp, "burst", 1000)
    texts = [e.text for e in training_data.load(sorted((ROOT / "tests/data").glob("nlu_heldout*.yml"))).examples]
    limits = httpx.Limits(max_connections=20, max_keepalive_connections=20)
    async with httpx.AsyncClient(trust_env=False, timeout=30, limits=limits) as http:
        serve = Serve(settings, standin, tmp)
        await serve.start(http)
        acks: list[float] = []
        sent_at: dict[str, float] = {}
        errors = 0
        queue: asyncio.Queue[int] = asyncio.Queue()
        for i in range(1000):
            queue.put_nowait(i)

        async def worker() -> None:
            nonlocal errors
            while not queue.empty():
                i = queue.get_nowait()
                user = f"U{i:05d}"
                body = event_body(dm(user, texts[i % len(texts)], ts=f"1700000000.{i:06d}"), f"EvB{i}")
                t0 = time.perf_counter()
                sent_at["D" + user[1:]] = time.monotonic()
                r = await http.post(f"{serve.url}/slack/events", content=body, headers=signed(body))
                acks.append((time.perf_counter() - t0) * 1000)
                errors += r.status_code != 200

        t_start = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(20)))
        send_s = time.monotonic() - t_start
        await until(lambda: len({c.params["channel"] for c in standin.calls
                                 if c.method == "chat.postMessage"}) >= 1000, within=300, every=0.5)
        await asyncio.sleep(2)  # let stragglers (and any duplicate) arrive
        all_s = time.monotonic() - t_start
        await serve.stop()
    posts = [c for c in standin.calls if c.method == "chat.postMessage"]
    first_post: dict[str, float] = {}
    for c in posts:
        first_post.setdefault(c.params["channel"], c.at)
    reply_ms = [(first_post[ch] - sent_at[ch]) * 1000 for ch in first_post if ch in sent_at]
    pairs = Counter((c.params["channel"], c.params["text"]) for c in posts)
    await standin.stop()
    return {"events": len(acks), "errors": errors, "ack_p50": pct(acks, 50), "ack_p99": pct(acks, 99),
            "ack_max": max(acks), "send_s": send_s, "all_s": all_s,
            "answered": len(first_post), "posts": len(posts),
            "duplicates": sum(n - 1 for n in pairs.values()),
            "reply_p50": pct(reply_ms, 50), "reply_p99": pct(reply_ms, 99)}


async def commands_during_drain(url: str | None, tmp: Path, total: int = 5000,
                                commands: int = 300) -> dict[str, Any]:
    settings, standin = await with_directory(url, tmp, "drain", 200)
    standin.rate, standin.burst = ALLOWED_RATE, 10
    now = datetime.now(UTC)
    engine = db.make_engine(settings.db_url)
    async with UnitOfWork(db.make_sessionmaker(engine)) as uow:
        for i in range(total):
            await uow.people.upsert(f"r{i}", now, name=f"R {i}", slack_id=f"UR{i:05d}")
        await uow.outbox.add_many([(f"reminder:{i}", [f"r{i}"], {"text": f"Erinnerung {i}", "choices": []})
                                   for i in range(total)], now)
        await uow.commit()
    env = {"FLURFUNK_OUTBOX__INTERVAL_SECONDS": "0.5",
           "FLURFUNK_SLACK__RATE_PER_SECOND": str(ALLOWED_RATE), "FLURFUNK_SLACK__BURST": "5"}
    acks: list[float] = []
    errors = 0

    def posts() -> int:
        return len(standin.called("chat.postMessage"))

    async with httpx.AsyncClient(trust_env=False, timeout=30) as http:
        serve = Serve(settings, standin, tmp, **env)
        await serve.start(http)
        await until(lambda: posts() >= 100, within=120, every=0.1)  # the drain is running
        posted_before = posts()

        async def one(i: int) -> None:
            nonlocal errors
            body = command_body(f"U{i % 200:05d}", "aufgaben", standin.response_url(f"c{i}"))
            t0 = time.perf_counter()
            r = await http.post(f"{serve.url}/slack/events", content=body, headers=signed(body, content_type=FORM))
            acks.append((time.perf_counter() - t0) * 1000)
            errors += r.status_code != 200

        started = time.monotonic()
        sending = []
        for i in range(commands):  # 20 commands/s, each on its own request
            sending.append(asyncio.ensure_future(one(i)))
            await asyncio.sleep(0.05)
        await asyncio.gather(*sending)
        await until(lambda: len({r["name"] for r in standin.responses}) >= commands, within=120)
        command_s = time.monotonic() - started
        posted_during = posts() - posted_before
        await asyncio.sleep(1)
        stop_started = time.monotonic()
        code = await serve.stop()
        stop_s = time.monotonic() - stop_started
    async with UnitOfWork(db.make_sessionmaker(engine)) as uow:
        counts = await uow.outbox.counts()
    await engine.dispose()
    names = Counter(r["name"] for r in standin.responses)
    await standin.stop()
    return {"commands": commands, "errors": errors, "ack_p50": pct(acks, 50), "ack_p99": pct(acks, 99),
            "ack_max": max(acks), "answered": len(names), "answered_twice": sum(n > 1 for n in names.values()),
            "command_s": command_s, "drain_posts_meanwhile": posted_during,
            "drain_rate": posted_during / command_s, "stop_exit_code": code, "stop_s": stop_s,
            "outbox_after_stop": counts}


async def fanout(url: str | None, tmp: Path, total: int = 5000) -> dict[str, Any]:
    settings = await prepare(url, tmp, "fanout")
    standin = await StandIn(users=members(total), rate=ALLOWED_RATE, burst=10).start()
    now = datetime.now(UTC)
    engine = db.make_engine(settings.db_url)
    async with UnitOfWork(db.make_sessionmaker(engine)) as uow:
        for i in range(total):
            await uow.people.upsert(f"p{i}", now, name=f"P {i}", slack_id=f"U{i:05d}")
            await uow.outbox.add(f"reminder:{i}", [f"p{i}"], {"text": f"Erinnerung {i}", "choices": []}, now)
        await uow.commit()

    def ids() -> Counter[int]:
        return Counter(m["metadata"]["event_payload"]["outbox_id"]
                       for msgs in standin.history.values() for m in msgs)

    env = {"FLURFUNK_OUTBOX__INTERVAL_SECONDS": "0.5", "FLURFUNK_OUTBOX__LEASE_SECONDS": "10",
           "FLURFUNK_SLACK__RATE_PER_SECOND": str(ALLOWED_RATE), "FLURFUNK_SLACK__BURST": "5"}
    async with httpx.AsyncClient(trust_env=False, timeout=30) as http:
        serve = Serve(settings, standin, tmp, **env)
        await serve.start(http)
        await until(lambda: len(standin.history) >= total // 2, within=600, every=0.2)
        await serve.stop(signal.SIGKILL)
        killed = time.monotonic()
        posted_at_kill = len(ids())
        serve = Serve(settings, standin, tmp, **env)
        await serve.start(http)
        restarted = time.monotonic()
        await until(lambda: len(standin.history) >= total, within=600, every=0.5)
        await asyncio.sleep(3)  # anything posted twice would arrive now
        await serve.stop()
    async with UnitOfWork(db.make_sessionmaker(engine)) as uow:
        counts = await uow.outbox.counts()
    await engine.dispose()
    accepted = [c.at for c in standin.calls if c.method == "chat.postMessage"]
    first, last = min(accepted), max(accepted)
    run1 = [t for t in accepted if t <= killed]
    run2 = [t for t in accepted if t >= restarted]
    got = ids()
    await standin.stop()

    def rate(times: list[float]) -> float:
        return (len(times) - 1) / (max(times) - min(times)) if len(times) > 1 else 0.0

    distinct = len(got)
    return {"total": total, "allowed": ALLOWED_RATE, "posted_at_kill": posted_at_kill,
            "rate_run1": rate(run1), "rate_run2": rate(run2), "overall_s": last - first,
            "restart_gap_s": restarted - killed, "rejected_429": standin.rejected,
            "lost": total - distinct, "duplicated": sum(got.values()) - distinct, "outbox": counts}


async def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    url = args[0] if args else None
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        os.environ.pop(var, None)
    with tempfile.TemporaryDirectory() as tmp:
        print("load before:", os.getloadavg(), flush=True)
        b = await burst(url, Path(tmp))
        print("burst:", b, flush=True)
        print("load:", os.getloadavg(), flush=True)
        c = await commands_during_drain(url, Path(tmp))
        print("commands during drain:", c, flush=True)
        print("load after:", os.getloadavg(), flush=True)
        if "--fanout" in sys.argv:
            f = await fanout(url, Path(tmp))
            print("fanout:", f, flush=True)


if __name__ == "__main__":
    asyncio.run(main())
