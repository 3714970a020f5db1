"""Running the Slack app: Socket Mode, or HTTP (an ack process in front of Bolt) with /healthz
and /readyz.

HTTP: Slack talks to the ack process (``front.py``, its own OS process), which acks events,
commands and button presses itself and hands them over through a pipe; requests Bolt must answer
itself are passed through to this process's loopback-only Starlette app on uvicorn.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import partial

import uvicorn
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncBoltRequest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.adapters.slack.app import Credentials, SlackBot
from bot.adapters.slack.front import HANDOVER_GRACE, QuietServer, read_frame
from bot.adapters.slack.front import HTTP_GRACE as FRONT_HTTP_GRACE
from bot.adapters.slack.socket import AckFirstSocketModeHandler
from bot.runtime import Runtime
from storage import db

log = logging.getLogger(__name__)
SHUTDOWN_GRACE = 8.0  # seconds for in-flight work after a stop signal (exit within 10 s)
HTTP_GRACE = 1  # seconds for open requests to the bot's own server at a stop
FRONT_START = 60.0  # seconds for the ack process to import and listen (a loaded machine)
FRONT_STOP = FRONT_HTTP_GRACE + HANDOVER_GRACE + 1  # seconds for it to hand over and exit


def asgi_app(bot: SlackBot) -> Starlette:
    """The bot's side, on loopback, for what the ack process passes through: ``POST
    /slack/events`` (URL verification, modal submissions, bad signatures: answered by Bolt),
    ``/healthz``, ``/readyz``."""
    handler = AsyncSlackRequestHandler(bot.app)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        try:
            pending = await asyncio.wait_for(db.pending_heads(bot.rt.engine), 5)
        except Exception as exc:
            log.warning("readiness: database not reachable (%s)", type(exc).__name__)
            return JSONResponse({"status": "database unreachable"}, status_code=503)
        if pending:
            return JSONResponse({"status": "migrations pending", "pending": pending}, status_code=503)
        return JSONResponse({"status": "ready", "outbox_failed": await failed_count(bot)})

    return Starlette(routes=[
        Route("/slack/events", events, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
    ])


async def receive(bot: SlackBot, pipe: asyncio.StreamReader) -> None:
    """Requests the ack process acked, into the worker pool until the pipe ends; while the pool
    is full nothing more is read, so the ack process's bounded backlog takes the rest. Bolt checks
    each signature again."""

    async def dispatch(req: AsyncBoltRequest) -> None:
        resp = await bot.app.async_dispatch(req)
        if resp.status >= 400:
            log.warning("slack: an acked request was refused by Bolt (%d)", resp.status)

    while (frame := await read_frame(pipe)) is not None:
        headers: dict[str, str | Sequence[str]] = dict(frame[1])
        req = AsyncBoltRequest(body=frame[0], headers=headers)
        await bot.inflight.submit(partial(dispatch, req))
        await bot.inflight.room()


async def failed_count(bot: SlackBot) -> int:
    """Outbox messages refused for good (``flurfunk outbox failed``); they do not make the
    instance unready, but an operator should see them."""
    async with bot.rt.uow() as uow:
        return (await uow.outbox.counts()).get("failed", 0)


class SlackService:
    """Starts the app in ``mode`` (socket or http) and stops it gracefully."""

    def __init__(self, rt: Runtime, mode: str, host: str = "0.0.0.0", port: int = 3000,
                 credentials: Credentials | None = None) -> None:
        if mode not in ("socket", "http"):
            raise ValueError(f"--slack: socket or http, not {mode!r}")
        self.credentials = credentials or Credentials.from_env()
        self.credentials.require(mode)
        self.mode, self.host, self.port = mode, host, port
        self.bot = SlackBot(rt, self.credentials, mode)
        self.server: QuietServer | None = None
        self.serving: asyncio.Task[None] | None = None
        self.front: asyncio.subprocess.Process | None = None
        self.watch: asyncio.Task[None] | None = None
        self.receiving: asyncio.Task[None] | None = None
        self.stopping = False
        self.socket: AckFirstSocketModeHandler | None = None

    async def start(self) -> None:
        """Socket Mode: connect. HTTP: the bot's server on loopback, then the ack process."""
        if self.mode == "socket":
            self.socket = AckFirstSocketModeHandler(self.bot, self.credentials.app_token)
            await self.socket.connect_async()
            log.info("slack: socket mode connected")
            return
        config = uvicorn.Config(asgi_app(self.bot), host="127.0.0.1", port=0, log_level="warning",
                                lifespan="off", access_log=False, http="httptools",
                                timeout_graceful_shutdown=HTTP_GRACE)
        self.server = QuietServer(config)
        self.serving = asyncio.create_task(self.server.serve())
        while not self.server.started:
            if self.serving.done():
                raise OSError("slack: the bot's loopback server did not start")
            await asyncio.sleep(0.01)
        await self._start_front(self.port)
        self.watch = asyncio.create_task(self._watch_front())
        log.info("slack: http on %s:%d", self.host, self.port)

    def lower_priority(self) -> None:
        """The ack process answers Slack within its 3 s; the bot's own work (dispatch, outbox)
        can wait. Once the ack process runs, ``serve`` (which owns the process) lowers its own CPU priority by
        ``slack.worker_nice`` (``os.nice``, needs no privilege), so on a busy machine the
        scheduler runs the ack process first. An ack process restarted later inherits the
        lowered priority (raising it back needs privileges): it is still ahead of nothing else."""
        step = self.bot.rt.settings.slack.worker_nice
        if step <= 0 or not hasattr(os, "nice"):
            return
        try:
            now = os.nice(step)
        except OSError as exc:
            log.warning("slack: CPU priority not lowered (%s)", type(exc).__name__)
            return
        log.info("slack: bot runs at nice %d, its ack process at %d", now, now - step)

    async def _start_front(self, port: int) -> None:
        assert self.server is not None
        backend = self.server.servers[0].sockets[0].getsockname()[1]
        args = [sys.executable, "-m", "bot.adapters.slack.front", "--host", self.host,
                "--port", str(port), "--backend", f"http://127.0.0.1:{backend}",
                "--log-level", str(logging.getLogger().getEffectiveLevel()),
                "--log-locale", self.bot.rt.settings.default_locale]
        if self.bot.rt.settings.log_json:
            args.append("--log-json")
        self.front = await asyncio.create_subprocess_exec(
            *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "SLACK_SIGNING_SECRET": self.credentials.signing_secret})
        assert self.front.stdout is not None
        try:
            line = await asyncio.wait_for(self.front.stdout.readline(), FRONT_START)
        except TimeoutError:
            line = b""
        if not line.startswith(b"listening "):
            await self._end_front(kill=True)
            raise OSError(f"slack: could not listen on {self.host}:{port}")
        self.port = int(line.split()[1])  # ``--port 0``: the one picked, kept for a restart
        self.receiving = asyncio.create_task(receive(self.bot, self.front.stdout))

    async def _watch_front(self) -> None:
        """An ack process that died is started again (on the same port)."""
        while self.front is not None:
            code = await self.front.wait()
            if self.stopping:
                return
            log.error("slack: the ack process stopped (exit code %s); starting it again", code)
            await self._end_front()
            await asyncio.sleep(1)
            try:
                await self._start_front(self.port)
            except OSError as exc:
                log.error("%s", exc)

    async def _end_front(self, kill: bool = False) -> None:
        """Stop the ack process (SIGTERM: it hands over what it acked; ``kill``: at once)."""
        front = self.front
        if front is None:
            return
        if front.returncode is None:
            front.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            await asyncio.wait_for(front.wait(), FRONT_STOP)
        except TimeoutError:
            log.error("slack: the ack process did not stop in time; killed")
            front.kill()
            await front.wait()
        if front.stdin is not None:
            front.stdin.close()
        if self.receiving is not None:  # the rest of what was acked, up to the pipe's end
            await asyncio.wait({self.receiving}, timeout=1)

    @property
    def bound_port(self) -> int:
        """The port Slack's requests arrive at (``--port 0`` picks a free one)."""
        return self.port

    async def stop(self, deadline: float | None = None) -> None:
        """Stop taking requests, hand over what was acked, then let in-flight work finish until
        ``deadline`` (loop time; the stop's one deadline, else the grace period from now)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SHUTDOWN_GRACE if deadline is None else deadline
        self.stopping = True
        if self.socket is not None:
            await self.socket.close_async()
        if self.watch is not None:
            self.watch.cancel()
        await self._end_front()
        if self.server is not None and self.serving is not None:
            self.server.should_exit = True
            await asyncio.wait({self.serving}, timeout=HTTP_GRACE + 1)
        if not await self.bot.inflight.wait(max(0.1, deadline - loop.time())):
            log.error("slack: %d listener(s) still running at shutdown", self.bot.inflight.count)
        await self.bot.inflight.close()

    async def purge(self) -> None:
        await self.bot.purge(datetime.now(UTC))
