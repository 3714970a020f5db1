"""Running the Slack app: Socket Mode, or HTTP (Starlette on uvicorn) with /healthz and /readyz."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from urllib.parse import parse_qs

import uvicorn
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.adapters.slack.app import Credentials, SlackBot
from bot.runtime import Runtime
from storage import db

log = logging.getLogger(__name__)
SHUTDOWN_GRACE = 8.0  # seconds for in-flight work after a stop signal (exit within 10 s)
SWITCH_INTERVAL = 0.0005  # seconds a thread waits for the interpreter lock (default 0.005)
HTTP_GRACE = 3  # seconds for open HTTP requests (acks: they take milliseconds)


def early_ack(body: str, content_type: str) -> bool:
    """Whether the ack of this request is always an empty 200 (events, slash commands, buttons):
    then it is sent before Bolt runs. URL verification, modal submissions (which may answer
    with errors) and anything else go through Bolt first."""
    try:
        if content_type.startswith("application/json"):
            return bool(json.loads(body).get("type") == "event_callback")
        form = parse_qs(body)
        if form.get("command"):
            return True
        payload = form.get("payload")
        return bool(payload and json.loads(payload[0]).get("type") == "block_actions")
    except (ValueError, AttributeError):
        return False


def asgi_app(bot: SlackBot) -> Starlette:
    """``POST /slack/events`` (events, commands, interactions), ``/healthz``, ``/readyz``.

    A signed event, command or button press is acked at once (signature check only); Bolt then
    dispatches it on the main loop in the worker pool, so the ack never waits for Bolt, the
    database or other work."""
    handler = AsyncSlackRequestHandler(bot.app)
    secret = bot.credentials.signing_secret
    verifier = SignatureVerifier(secret) if secret else None

    async def dispatch(req: AsyncBoltRequest) -> None:
        resp = await bot.app.async_dispatch(req)
        if resp.status >= 400:
            log.warning("slack: an acked request was refused by Bolt (%d)", resp.status)

    async def events(request: Request) -> Response:
        raw = await request.body()
        body = raw.decode("utf-8", "replace")
        if verifier is not None and early_ack(body, request.headers.get("content-type", "")) \
                and verifier.is_valid(body, request.headers.get("x-slack-request-timestamp", ""),
                                      request.headers.get("x-slack-signature", "")):
            req = AsyncBoltRequest(body=body, query=dict(request.query_params),
                                   headers=dict(request.headers))
            await bot.inflight.submit(lambda: dispatch(req))
            return Response(status_code=200)
        return await handler.handle(request)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        try:
            pending = await asyncio.wait_for(bot.inflight.on_main(db.pending_heads(bot.rt.engine)), 5)
        except Exception as exc:
            log.warning("readiness: database not reachable (%s)", type(exc).__name__)
            return JSONResponse({"status": "database unreachable"}, status_code=503)
        if pending:
            return JSONResponse({"status": "migrations pending", "pending": pending}, status_code=503)
        failed = await bot.inflight.on_main(failed_count(bot))
        return JSONResponse({"status": "ready", "outbox_failed": failed})

    return Starlette(routes=[
        Route("/slack/events", events, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
    ])


async def failed_count(bot: SlackBot) -> int:
    """Outbox messages refused for good (``flurfunk outbox failed``); they do not make the
    instance unready, but an operator should see them."""
    async with bot.rt.uow() as uow:
        return (await uow.outbox.counts()).get("failed", 0)


class _Server(uvicorn.Server):
    """uvicorn without its own signal handlers: ``flurfunk serve`` owns SIGTERM/SIGINT."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _fast_loop() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's event loop for the HTTP thread where installed (not on Windows)."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


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
        self.server: _Server | None = None
        self.thread: threading.Thread | None = None
        self.failure: BaseException | None = None
        self.socket: AsyncSocketModeHandler | None = None

    async def start(self) -> None:
        """Socket Mode on this loop; HTTP on its own loop in a thread, so acks never wait behind
        the work (NLU, database, posting) running here."""
        self.bot.inflight.bind(asyncio.get_running_loop())
        if self.mode == "socket":
            self.socket = AsyncSocketModeHandler(self.bot.app, self.credentials.app_token)
            await self.socket.connect_async()
            log.info("slack: socket mode connected")
            return
        config = uvicorn.Config(asgi_app(self.bot), host=self.host, port=self.port,
                                log_level="warning", lifespan="off", access_log=False,
                                http="httptools", timeout_graceful_shutdown=HTTP_GRACE)
        self.server = _Server(config)
        # The HTTP thread waits for the interpreter lock at every wake-up (a request arrived, a
        # response was written) while the main thread works; 5 ms per wait (Python's default)
        # adds up to tens of ms per ack under load, 0.5 ms keeps an ack in the low ms.
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.thread = threading.Thread(target=self._serve_http, name="slack-http", daemon=True)
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise self.failure or RuntimeError("uvicorn stopped during start")
            await asyncio.sleep(0.02)
        log.info("slack: http on %s:%d", self.host, self.port)

    def _serve_http(self) -> None:
        assert self.server is not None
        try:
            with asyncio.Runner(loop_factory=_fast_loop()) as runner:
                runner.run(self.server.serve())
        except BaseException as exc:  # a bind error: start() raises it
            self.failure = exc
        if not self.server.started and self.failure is None:  # uvicorn exits on bind errors
            self.failure = OSError(f"slack: could not listen on {self.host}:{self.port}")

    @property
    def bound_port(self) -> int:
        """The port actually bound (``--port 0`` picks a free one)."""
        if self.server is None or not self.server.servers:
            return self.port
        return int(self.server.servers[0].sockets[0].getsockname()[1])

    async def stop(self) -> None:
        """Stop taking requests, then let in-flight work finish (bounded by the grace period)."""
        started = asyncio.get_running_loop().time()
        if self.socket is not None:
            await self.socket.close_async()
        if self.server is not None and self.thread is not None:
            self.server.should_exit = True
            await asyncio.to_thread(self.thread.join, HTTP_GRACE + 2)
        await asyncio.sleep(0)  # work the HTTP thread handed over just now gets queued
        left = SHUTDOWN_GRACE - (asyncio.get_running_loop().time() - started)
        if not await self.bot.inflight.wait(max(0.5, left)):
            log.error("slack: %d listener(s) still running at shutdown", self.bot.inflight.count)
        await self.bot.inflight.close()

    async def purge(self) -> None:
        await self.bot.purge(datetime.now(UTC))
