"""The load generator of the Slack benchmark, run in processes of its own (neither in the bot's
nor in the stand-in's): signs and sends requests, times each ack.

Two clients for the burst: ``raw`` (the default) speaks HTTP/1.1 over asyncio streams on uvloop,
one keep-alive connection per sender, a few microseconds of our own work per request, as close to
what Slack's senders add as a Python client gets; ``httpx`` is the AsyncClient the first
measurements used (its connection pool adds milliseconds of CPU per request in this process,
and that time was counted as ack latency). Every request carries ``X-Bench-Seq`` (its index),
which the ack process's timing record (``FLURFUNK_TEST_ACK_TIMING``) keeps to match both sides.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from tests.slack.helpers import signed


@dataclass
class Acks:
    ms: list[float] = field(default_factory=list)  # one ack latency per request
    sent_at: list[float] = field(default_factory=list)  # time.monotonic() at sending (system-wide)
    errors: int = 0  # answers other than 200 (or no answer)


def _head(url: str, body: bytes, headers: dict[str, str]) -> bytes:
    parts = urlsplit(url)
    lines = [f"POST {parts.path or '/'} HTTP/1.1", f"Host: {parts.netloc}",
             f"Content-Length: {len(body)}", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _raw_burst(url: str, bodies: list[tuple[str, str]], connections: int,
                     indices: list[int], rate: float = 0) -> Acks:
    out = Acks(ms=[0.0] * len(bodies), sent_at=[0.0] * len(bodies))
    queue = indices[::-1]
    parts = urlsplit(url)
    start = time.monotonic()
    taken = 0

    async def connection() -> None:
        nonlocal taken
        reader = writer = None
        while queue:
            i = queue.pop()
            if rate:  # the k-th request of this process not before start + k / rate
                taken += 1
                await asyncio.sleep(max(0.0, start + taken / rate - time.monotonic()))
            body, kind = bodies[i]
            data = body.encode()
            request = _head(url, data, {**signed(body, content_type=kind), "X-Bench-Seq": str(i)}) + data
            out.sent_at[i] = time.monotonic()
            t0 = time.perf_counter()
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
                assert reader is not None
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                length, chunked = 0, False
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                    elif name.strip().lower() == b"transfer-encoding":
                        chunked = b"chunked" in value.lower()
                while chunked:  # chunk sizes in hex, a zero-size chunk ends the body
                    size = int((await reader.readuntil(b"\r\n")).strip(), 16)
                    await reader.readexactly(size + 2)
                    chunked = size > 0
                if length:
                    await reader.readexactly(length)
                out.errors += status != 200
            except (OSError, asyncio.IncompleteReadError, ValueError):
                out.errors += 1
                if writer is not None:
                    writer.close()
                reader = writer = None
            out.ms[i] = (time.perf_counter() - t0) * 1000
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    await asyncio.gather(*(connection() for _ in range(connections)))
    return out


async def _burst(url: str, bodies: list[tuple[str, str]], connections: int,
                 indices: list[int]) -> Acks:
    out = Acks(ms=[0.0] * len(bodies), sent_at=[0.0] * len(bodies))
    queue = indices[::-1]
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(trust_env=False, timeout=30, limits=limits) as http:

        async def connection() -> None:
            while queue:
                i = queue.pop()
                body, kind = bodies[i]
                headers = {**signed(body, content_type=kind), "X-Bench-Seq": str(i)}
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


def burst(url: str, bodies: list[tuple[str, str]], connections: int, client: str = "raw",
          part: tuple[int, int] = (0, 1), rate: float = 0) -> Acks:
    """Each of ``connections`` keep-alive connections sends the next body as soon as the last
    was acked (with ``rate``, raw client only: and not before its turn at ``rate`` requests per
    second from this process). ``part`` (k, n): this process sends only the bodies whose index
    is k modulo n (n load-generator processes share one burst); the others' entries stay 0."""
    indices = list(range(part[0], len(bodies), part[1]))
    if client == "httpx":
        return asyncio.run(_burst(url, bodies, connections, indices))
    try:
        import uvloop
        loop_factory = uvloop.new_event_loop
    except ImportError:
        loop_factory = None
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        return runner.run(_raw_burst(url, bodies, connections, indices, rate))


def paced(url: str, bodies: list[tuple[str, str]], interval: float) -> Acks:
    """One body every ``interval`` seconds, each on its own request, not waiting for the acks."""
    return asyncio.run(_paced(url, bodies, interval))


def warm(seconds: float) -> None:
    """Import everything and hold this worker for ``seconds`` (so that n calls start n workers)."""
    import uvloop  # noqa: F401

    time.sleep(seconds)
