"""The ack process of ``serve --slack http``: answers Slack at once, hands the work to the bot.

It listens where Slack sends its requests. A correctly signed event, slash command or button
press is answered 200 right after the signature check and then handed over to the bot process
through our stdout, a pipe (length-prefixed JSON frames, in arrival order), which dedupes and
answers it in its worker pool.
Everything else (URL verification, modal submissions, ``/healthz``, ``/readyz``) is passed through
to the bot process and its answer returned. Being its own OS process, the ack waits neither for
the bot's interpreter lock, nor its event loop, nor the database: Slack wants it within 3 s
(https://api.slack.com/apis/connections/events-api#responding,
https://api.slack.com/interactivity/handling#acknowledgment_response).

Acked requests not yet handed over are bounded (``BACKLOG``): the bot stops reading the pipe
while its pool is full, the pipe fills, and beyond the backlog Slack gets 503 and retries later;
so a slow bot can delay answers but never starves acks nor loses an acked request while it runs.
SIGTERM: stop listening, hand over what was acked, exit. The bot process going
away (its end of our stdin closes, e.g. after a SIGKILL) ends this process at once.

Run by ``bot.adapters.slack.server`` only: ``python -m bot.adapters.slack.front --port P
--backend URL`` with ``SLACK_SIGNING_SECRET`` set; prints ``listening PORT`` when it is, then
only frames (``read_frame`` reads them).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import logging
import os
import signal
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx
import uvicorn
from slack_sdk.signature import SignatureVerifier

from bot import logs
from bot.adapters.slack.acks import early_ack

log = logging.getLogger(__name__)
BACKLOG = 5_000  # acked requests not handed over yet; beyond that: 503, Slack retries
HANDOVER_GRACE = 2.0  # seconds at a stop to hand over what was acked
HTTP_GRACE = 1  # seconds for open requests at a stop (acks take milliseconds)
FRAME_MAX = 16 * 1024 * 1024  # bytes: far above any Slack request
HOP_BY_HOP = {"host", "content-length", "connection", "keep-alive", "transfer-encoding"}
Send = Callable[[dict[str, Any]], Awaitable[None]]
TIMING_ENV = "FLURFUNK_TEST_ACK_TIMING"  # benchmarks only: a file for the timing record below


class Timing:
    """Benchmarks only (``FLURFUNK_TEST_ACK_TIMING=FILE``): when each ack started and ended in
    this process (``time.monotonic``, system-wide, so comparable with the load generator's clock),
    the benchmark's sequence header if any, how long the hand-over waited for the pipe, and the
    garbage collector's pauses; written as JSON to FILE at the stop. No request contents."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.acks: list[tuple[float, float, str]] = []  # (start, response sent, x-bench-seq)
        self.pipe_waits: list[float] = []  # seconds one frame waited in drain(), when > 0.5 ms
        self.gc: list[tuple[int, float, float]] = []  # (generation, seconds, ended at)
        self._gc_start = 0.0
        gc.callbacks.append(self._on_gc)

    def _on_gc(self, phase: str, details: dict[str, int]) -> None:
        if phase == "start":
            self._gc_start = time.perf_counter()
        else:
            self.gc.append((details["generation"], time.perf_counter() - self._gc_start,
                            time.monotonic()))

    def write(self) -> None:
        with open(self.path, "w", encoding="utf-8") as f:
            json.dump({"acks": self.acks, "pipe_waits": self.pipe_waits, "gc": self.gc}, f)


class QuietServer(uvicorn.Server):
    """uvicorn without its own signal handlers: the process owning it handles SIGTERM/SIGINT."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def fast_loop() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's event loop where installed (not on Windows)."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


async def _body(receive: Callable[[], Awaitable[dict[str, Any]]]) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _answer(send: Send, status: int, body: bytes = b"",
                  headers: list[tuple[bytes, bytes]] | None = None) -> None:
    # with its length given, uvicorn writes no chunked encoding (one write, no terminating chunk)
    headers = [*(headers or []), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Front:
    """The ASGI app of the ack process, and the hand-over to the bot at ``backend``."""

    def __init__(self, secret: str, backend: str) -> None:
        self.verifier = SignatureVerifier(secret)
        self.backend = httpx.AsyncClient(base_url=backend, trust_env=False, timeout=30)
        self.handover: asyncio.Queue[tuple[bytes, dict[str, str]]] = asyncio.Queue(BACKLOG)
        self.gone = False  # the bot process went away: nothing can be handed over any more
        path = os.environ.get(TIMING_ENV)
        self.timing = Timing(path) if path else None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Send) -> None:
        if scope["type"] != "http":
            return
        if self.timing is None:
            await self.serve(scope, receive, send)
            return
        start = time.monotonic()
        await self.serve(scope, receive, send)
        seq = next((v.decode() for k, v in scope["headers"] if k == b"x-bench-seq"), "")
        self.timing.acks.append((start, time.monotonic(), seq))

    async def serve(self, scope: dict[str, Any], receive: Any, send: Send) -> None:
        body = await _body(receive)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]
                   if k.decode("latin-1").lower() not in HOP_BY_HOP}
        if scope["method"] == "POST" and scope["path"] == "/slack/events":
            status = self.take(body, headers)
            if status:
                await _answer(send, status)
                return
        await self.pass_through(scope, headers, body, send)

    def take(self, body: bytes, headers: dict[str, str]) -> int:
        """200 when the request is acked here (queued for the bot), 503 when the backlog is
        full, 0 when it is not ours to ack (the bot answers it, and refuses a bad signature)."""
        text = body.decode("utf-8", "replace")
        if not early_ack(text, headers.get("content-type", "")) or not self.verifier.is_valid(
                text, headers.get("x-slack-request-timestamp", ""), headers.get("x-slack-signature", "")):
            return 0
        try:
            self.handover.put_nowait((body, headers))
        except asyncio.QueueFull:
            log.warning("slack: %d acked requests wait for the bot; answering 503 (Slack retries)",
                        self.handover.qsize())
            return 503
        return 200

    async def pass_through(self, scope: dict[str, Any], headers: dict[str, str], body: bytes,
                           send: Send) -> None:
        query = scope.get("query_string", b"").decode("latin-1")
        url = scope["path"] + (f"?{query}" if query else "")
        try:
            r = await self.backend.request(scope["method"], url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            log.warning("slack: bot process not reachable (%s)", type(exc).__name__)
            await _answer(send, 503)
            return
        kind = r.headers.get("content-type")
        await _answer(send, r.status_code, r.content,
                      [(b"content-type", kind.encode("latin-1"))] if kind else [])

    async def hand_over(self, pipe: asyncio.StreamWriter) -> None:
        """Forever: write the next acked request into ``pipe``; waits while the pipe is full
        (the bot reads no more while its pool is full), so the backlog stays bounded here."""
        while True:
            body, headers = await self.handover.get()
            try:
                frame = json.dumps({"body": body.decode("utf-8", "replace"), "headers": headers})
                data = frame.encode()
                pipe.write(len(data).to_bytes(4, "big") + data)
                t0 = time.perf_counter()
                await pipe.drain()
                if self.timing is not None and (waited := time.perf_counter() - t0) > 0.0005:
                    self.timing.pipe_waits.append(waited)
            except (BrokenPipeError, ConnectionResetError):
                self.gone = True
                return
            finally:
                self.handover.task_done()


async def read_frame(pipe: asyncio.StreamReader) -> tuple[str, dict[str, str]] | None:
    """The next acked request (body, headers) from the ack process; None at its end."""
    try:
        size = int.from_bytes(await pipe.readexactly(4), "big")
        if size > FRAME_MAX:
            raise ValueError(f"ack process: frame of {size} bytes")
        frame = json.loads(await pipe.readexactly(size))
    except asyncio.IncompleteReadError:
        return None
    return str(frame["body"]), {str(k): str(v) for k, v in frame["headers"].items()}


async def _stdout_writer() -> asyncio.StreamWriter:
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.connect_write_pipe(asyncio.streams.FlowControlMixin,
                                                        sys.stdout.buffer)
    return asyncio.StreamWriter(transport, protocol, None, loop)


async def _watch_parent(front: Front, server: QuietServer) -> None:
    """Our stdin is a pipe from the bot process: end of file means it is gone."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    await reader.read()
    front.gone = True
    server.should_exit = True


async def run(host: str, port: int, backend: str) -> int:
    front = Front(os.environ.get("SLACK_SIGNING_SECRET", ""), backend)
    server = QuietServer(uvicorn.Config(
        front, host=host, port=port, log_level="warning", lifespan="off", access_log=False,
        http="httptools", timeout_graceful_shutdown=HTTP_GRACE))
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, lambda: setattr(server, "should_exit", True))
    tasks = [asyncio.create_task(_watch_parent(front, server))]
    serving = asyncio.create_task(server.serve())
    while not server.started:
        if serving.done():  # could not bind
            break
        await asyncio.sleep(0.01)
    if server.started:
        # what the start created lives as long as the process: out of the collector's sight, so
        # a full collection scans only what requests left (it took up to 30 ms on its own, every
        # few thousand requests, and showed as ack latency)
        gc.collect()
        gc.freeze()
        port = server.servers[0].sockets[0].getsockname()[1]
        sys.stdout.write(f"listening {port}\n")  # the handshake line the bot reads, not a message
        sys.stdout.flush()
        tasks.append(asyncio.create_task(front.hand_over(await _stdout_writer())))
    await serving
    if not front.gone:
        try:
            await asyncio.wait_for(front.handover.join(), HANDOVER_GRACE)
        except TimeoutError:
            log.error("slack: %d acked requests not handed over at the stop", front.handover.qsize())
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await front.backend.aclose()
    if front.timing is not None:
        front.timing.write()
    return 0 if server.started else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.adapters.slack.front")
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument("--backend", required=True)
    parser.add_argument("--log-level", type=int, default=logging.WARNING)
    parser.add_argument("--log-json", action="store_true")
    parser.add_argument("--log-locale", default=None)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the bot, which stops us
    logs.setup(args.log_level, args.log_json, args.log_locale)  # the bot's format, into the bot's stderr
    with asyncio.Runner(loop_factory=fast_loop()) as runner:
        return runner.run(run(args.host, args.port, args.backend))


if __name__ == "__main__":
    sys.exit(main())
