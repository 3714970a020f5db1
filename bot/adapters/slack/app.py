"""The Bolt ``AsyncApp`` wired to the dispatcher: clients, credentials, in-flight work."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from slack_bolt.async_app import AsyncApp
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_delay,
    wait_exponential,
    wait_random,
)

from bot.adapters.slack import listeners
from bot.adapters.slack.delivery import SlackDelivery
from bot.adapters.slack.home import Home
from bot.adapters.slack.identity import Directory
from bot.adapters.slack.ratelimit import RateLimiter, make_limiter
from bot.busy import Busy
from bot.config import ConfigError, Settings
from bot.runtime import Runtime
from flows.types import N_
from storage import db

log = logging.getLogger(__name__)
T = TypeVar("T")


class _TokenNotice(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and warns at every start that it goes unused: we give
    it our own client (Web API URL, retry policy), so the warning tells operators nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


TOKEN_NOTICE = _TokenNotice()


@dataclass(frozen=True)
class Credentials:
    bot_token: str
    app_token: str
    signing_secret: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Credentials:
        env = os.environ if env is None else env
        return cls(env.get("SLACK_BOT_TOKEN", ""), env.get("SLACK_APP_TOKEN", ""),
                   env.get("SLACK_SIGNING_SECRET", ""))

    def require(self, mode: str) -> None:
        """Say which variable is missing for ``mode`` (socket, http, or sync: token only)."""
        needed = {"SLACK_BOT_TOKEN": self.bot_token}
        if mode == "socket":
            needed["SLACK_APP_TOKEN"] = self.app_token
        elif mode == "http":
            needed["SLACK_SIGNING_SECRET"] = self.signing_secret
        missing = [k for k, v in needed.items() if not v]
        if missing:
            raise ConfigError(f"Slack ({mode})", N_("set {names} (see README, Slack)"),
                              names=", ".join(missing))


def api_url(settings: Settings) -> str:
    """The Web API base URL (``FLURFUNK_SLACK_API_URL``, else Slack's own)."""
    url = settings.slack_api_url or "https://slack.com/api/"
    return url if url.endswith("/") else url + "/"


def make_client(settings: Settings, token: str, *, retries: bool = True) -> AsyncWebClient:
    """A Web API client; ``retries`` lets interactive replies ride out a short 429. The outbox
    client has none: the outbox decides about retries and must not post anything twice."""
    handlers: list[AsyncRetryHandler] = (
        [AsyncRateLimitErrorRetryHandler(max_retry_count=2)] if retries else [])
    return AsyncWebClient(token=token, base_url=api_url(settings),
                          timeout=max(1, settings.slack.timeout_seconds),
                          retry_handlers=handlers)


class Workers(Busy):
    """Listener work after its ack, taken in arrival order by at most ``size`` worker tasks (a
    burst queues here rather than at the database pool); ``count`` is what is queued or running,
    so a shutdown can wait for it. The ack never waits for any of it: ``submit`` only queues."""

    def __init__(self, size: int = 8, queue: int = 10_000) -> None:
        super().__init__()
        self.size = size
        self.queue: asyncio.Queue[Callable[[], Awaitable[None]]] = asyncio.Queue(queue)
        self.tasks: list[asyncio.Task[None]] = []
        self.taken = asyncio.Event()  # set whenever a worker took work from the queue

    @property
    def full(self) -> bool:
        return self.queue.full()

    async def room(self) -> None:
        """Wait until there is room for more work (the ack process's pipe waits meanwhile)."""
        while self.full:
            self.taken.clear()
            await self.taken.wait()

    async def submit(self, work: Callable[[], Awaitable[None]]) -> None:
        """Queue ``work``; returns at once."""
        if not self.tasks:
            self.tasks = [asyncio.create_task(self._work()) for _ in range(self.size)]
        try:
            self.queue.put_nowait(work)
        except asyncio.QueueFull:
            log.error("slack: %d requests waiting already; one was acked but dropped",
                      self.queue.qsize())
            return
        self.begin()

    async def _work(self) -> None:
        while True:
            work = await self.queue.get()
            self.taken.set()
            try:
                await work()
            except Exception:
                log.exception("slack: handling a request failed after its ack")
            finally:
                self.end()

    async def close(self) -> None:
        """Stop the idle workers (after ``wait``)."""
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        self.tasks = []


def _log_retry(state: RetryCallState) -> None:
    exc = state.outcome.exception() if state.outcome else None
    wait = state.next_action.sleep if state.next_action else 0.0
    log.info("slack: database busy after an ack (%s, attempt %d); trying again in %.1f s",
             type(exc).__name__, state.attempt_number, wait)


def bolt_logger() -> logging.Logger:
    logger = logging.getLogger("bot.adapters.slack.bolt")
    logger.addFilter(TOKEN_NOTICE)  # once: the same filter object is not added twice
    return logger


class SlackBot:
    """The Bolt app and everything its listeners use."""

    def __init__(self, rt: Runtime, credentials: Credentials, mode: str) -> None:
        self.rt, self.mode = rt, mode
        self.credentials = credentials
        self.client = make_client(rt.settings, credentials.bot_token)
        self.app = AsyncApp(
            client=self.client, signing_secret=credentials.signing_secret or None,
            # Listeners only ack and queue their work (``Workers``), so Bolt may run them before
            # it answers: the ack then needs no extra task and no polling for ack().
            request_verification_enabled=(mode == "http"), process_before_response=True,
            name="flurfunk", logger=bolt_logger())
        self.directory = Directory(rt.uow, self.client, rt.settings.slack)
        self.home = Home(rt.features, rt.uow, rt.translations, lambda f: rt.configs.get(f.name))
        self.inflight = Workers(rt.settings.slack.workers)
        self.limiters: list[RateLimiter] = []

        listeners.register(self)

    def delivery(self) -> SlackDelivery:
        """The outbox delivery (its own client, without automatic retries)."""
        cfg = self.rt.settings.slack
        limiter = make_limiter(self.rt.uow, self.rt.engine.dialect.name, cfg.rate_per_second,
                               cfg.burst, cfg.channel_interval, cfg.shared_rate_limit)
        self.limiters.append(limiter)
        return SlackDelivery(make_client(self.rt.settings, self.credentials.bot_token, retries=False),
                             limiter, self.rt.translations)

    def stop_outbox(self) -> None:
        """Shutdown: posts still waiting for their slot raise ``Stopped`` (and are released)."""
        for limiter in self.limiters:
            limiter.close()

    async def durably(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run the database part of work after an ack, again on transient database errors
        (no pooled connection in time, "database is locked", serialization failures, a lost
        connection): Slack has its ack and will not deliver the request again, so giving up
        loses the answer. Exponential backoff with jitter, for at most ``slack.retry_seconds``
        (then the error is raised and logged); tenacity rather than a hand-written loop. Each
        retry is logged at info with the error's type and the wait, never with contents."""
        retrying = AsyncRetrying(
            retry=retry_if_exception(db.transient),
            stop=stop_after_delay(max(0.0, self.rt.settings.slack.retry_seconds)),
            wait=wait_exponential(multiplier=0.2, max=5.0) + wait_random(0, 0.2),
            before_sleep=_log_retry, reraise=True)

        async def attempt() -> T:  # a coroutine function: tenacity would not await a lambda's result
            return await work()

        return await retrying(attempt)

    async def first_time(self, body: dict[str, Any], claim: str | None = None) -> bool:
        """False for a redelivered event (same ``event_id``, ``X-Slack-Retry-Num`` >= 1): it is
        acked like any other but never yields a second answer. Checked after the ack, so the
        database never delays it. ``claim`` names this delivery: its own retry is let through."""
        event_id = body.get("event_id")
        if not event_id:
            return True
        async with self.rt.uow() as uow:
            first = await uow.slack.first_sighting(str(event_id), datetime.now(UTC), claim)
            await uow.commit()
        if not first:
            log.info("redelivered event %s ignored", event_id)
        return first

    async def purge(self, now: datetime) -> int:
        """Forget event ids and send journal rows past their retention."""
        cfg = self.rt.settings.slack
        async with self.rt.uow() as uow:
            n = await uow.slack.purge_events(now - timedelta(hours=cfg.event_retention_hours))
            n += await uow.slack.purge_sends(now - timedelta(days=cfg.send_retention_days))
            if self.rt.engine.dialect.name == "postgresql":
                n += await uow.pace.purge((now - timedelta(minutes=5)).timestamp())
            await uow.commit()
        return n
