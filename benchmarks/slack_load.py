"""The load generator of the Slack benchmark, run in a process of its own (neither in the bot's
nor in the stand-in's): signs and sends requests, times each ack."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import httpx

from tests.slack.helpers import signed


@dataclass
class Acks:
    ms: list[float] = field(default_factory=list)  # one ack latency per request
    sent_at: list[float] = field(default_factory=list)  # time.monotonic() at sending (system-wide)
    errors: int = 0  # answers other than 200 (or no answer)


async def _burst(url: str, bodies: list[tuple[str, str]], connections: int) -> Acks:
    out = Acks(ms=[0.0] * len(bodies), sent_at=[0.0] * len(bodies))
    queue = list(range(len(bodies)))[::-1]
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(trust_env=False, timeout=30, limits=limits) as http:

        async def connection() -> None:
            while queue:
                i = queue.pop()
                body, kind = bodies[i]
                headers = signed(body, content_type=kind)
                out.sent_at[i] = time.monotonic()
                t0 = time.perf_counter()
                try:
                    r = await http.post(url, content=body, headers=headers)
                    out.errors += r.status_code != 200
                except httpx.HTTPError:
                    out.errors += 1
                out.ms[i] = (time.perf_counter() - t0) * 1000

        await asyncio.gather(*(connection() for _ in range(connections)))
    return out


async def _paced(url: str, bodies: list[tuple[str, str]], interval: float) -> Acks:
    out = Acks(ms=[0.0] * len(bodies), sent_at=[0.0] * len(bodies))
    async with httpx.AsyncClient(trust_env=False, timeout=30) as http:

        async def one(i: int) -> None:
            body, kind = bodies[i]
            out.sent_at[i] = time.monotonic()
            t0 = time.perf_counter()
            try:
                r = await http.post(url, content=body, headers=signed(body, content_type=kind))
                out.errors += r.status_code != 200
            except httpx.HTTPError:
                out.errors += 1
            out.ms[i] = (time.perf_counter() - t0) * 1000

        tasks = []
        start = time.monotonic()
        for i in range(len(bodies)):
            tasks.append(asyncio.create_task(one(i)))
            await asyncio.sleep(max(0.0, start + (i + 1) * interval - time.monotonic()))
        await asyncio.gather(*tasks)
    return out


def burst(url: str, bodies: list[tuple[str, str]], connections: int) -> Acks:
    """Each of ``connections`` keep-alive connections sends the next body as soon as the last
    was acked."""
    return asyncio.run(_burst(url, bodies, connections))


def paced(url: str, bodies: list[tuple[str, str]], interval: float) -> Acks:
    """One body every ``interval`` seconds, each on its own request, not waiting for the acks."""
    return asyncio.run(_paced(url, bodies, interval))
