"""Exactly once against a real ``serve`` process: posts that succeed but answer 500, a post that
Slack keeps but answers too late (the sender times out) followed by a SIGKILL before its retry,
and a SIGKILL while a post is in flight (Slack has the message, the sender never hears back).

The weakened lookups that would post twice in these situations are shown in test_delivery
(``test_weakened_lookups_post_twice``)."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import httpx
import pytest
from sqlalchemy import select

from bot.config import Settings
from storage import db
from storage.models.core import OutboxMessage
from storage.uow import UnitOfWork
from tests.conftest import NOW
from tests.slack.helpers import until
from tests.slack.process import Serve, serving
from tests.slack.standin import StandIn

pytestmark = pytest.mark.slow
TOTAL = 200
T = TypeVar("T")
TIMEOUT = 2  # seconds the sender waits for Slack's answer (slack.timeout_seconds)


@pytest.fixture
async def serve(settings: Settings, standin: StandIn,
                tmp_path: Path) -> AsyncIterator[tuple[Serve, httpx.AsyncClient]]:
    async with serving(settings, standin, tmp_path, rate=20,
                       FLURFUNK_SLACK__TIMEOUT_SECONDS=str(TIMEOUT)) as running:
        yield running


def ids(standin: StandIn) -> Counter[int]:
    return Counter(m["metadata"]["event_payload"]["outbox_id"] for m in standin.posted()
                   if "metadata" in m)


async def test_500s_a_timeout_and_kills_mid_post_lose_and_repeat_nothing(
        serve: tuple[Serve, httpx.AsyncClient], standin: StandIn, settings: Settings) -> None:
    s, http = serve
    standin.users += [{"id": f"UX{n:04d}", "name": f"x{n}"} for n in range(TOTAL)]
    engine = db.make_engine(settings.db_url)
    uows = db.make_sessionmaker(engine)

    async def counts() -> dict[str, int]:
        async with UnitOfWork(uows) as uow:
            return await uow.outbox.counts()

    async def timed_out() -> list[int]:
        """Messages waiting for their retry after the sender gave up waiting for Slack."""
        async with UnitOfWork(uows) as uow:
            return list(await uow.session.scalars(select(OutboxMessage.id).where(
                OutboxMessage.status == "pending", OutboxMessage.last_error.contains("Timeout"))))

    try:
        async with UnitOfWork(uows) as uow:
            for n in range(TOTAL):
                await uow.people.upsert(f"x{n}", NOW, name=f"X {n}", slack_id=f"UX{n:04d}")
                await uow.outbox.add(f"reminder:{n}", [f"x{n}"],
                                     {"text": f"Erinnerung {n}", "choices": []}, NOW)
            await uow.commit()
        await s.start(http)
        await until(lambda: len(ids(standin)) >= 20, within=60)
        standin.fail_after("chat.postMessage", 500, times=3)  # kept by Slack, answer lost
        await until(lambda: not standin.faults["chat.postMessage"], within=30)

        # The retry's wait counts from the timeout (not from the batch's claim, which left no
        # wait at all for a message late in a batch): the window is there to be seen.
        standin.hang_after("chat.postMessage", 3 * TIMEOUT)  # kept by Slack, answered too late:
        await until(lambda: not standin.faults["chat.postMessage"], within=30)
        try:
            waiting = await _poll(timed_out, within=30)  # ... the sender timed out, will retry ...
        except AssertionError:
            raise AssertionError(s.log.read_text(encoding="utf-8")[-4000:]) from None
        assert await s.stop(signal.SIGKILL) == -signal.SIGKILL  # ... and is killed before that
        assert len(waiting) == 1 and ids(standin)[waiting[0]] == 1  # Slack has it already
        await s.start(http)

        standin.hang_after("chat.postMessage", 15)  # kept by Slack, the sender waits ...
        await until(lambda: not standin.faults["chat.postMessage"], within=30)
        assert await s.stop(signal.SIGKILL) == -signal.SIGKILL  # ... and is killed meanwhile
        killed_at = len(ids(standin))
        await s.start(http)
        try:
            await _poll(lambda: _all_delivered(counts), within=120, every=0.2)
        except AssertionError:
            raise AssertionError((await counts(), s.log.read_text(encoding="utf-8")[-3000:])) from None
        assert await s.stop(signal.SIGTERM) == 0
        final = await counts()
    finally:
        await engine.dispose()
    assert killed_at < TOTAL
    got = ids(standin)
    assert final == {"delivered": TOTAL}  # nothing lost
    assert len(got) == TOTAL and max(got.values()) == 1  # nothing posted twice
    assert len(standin.called("chat.postMessage")) == TOTAL  # the five unanswered ones were found
    assert len(standin.called("conversations.history")) >= 5  # ... by looking them up


async def _all_delivered(counts: Callable[[], Awaitable[dict[str, int]]]) -> bool:
    return (await counts()) == {"delivered": TOTAL}


async def _poll(check: Callable[[], Awaitable[T]], within: float, every: float = 0.05) -> T:
    """Like ``until``, for a check that needs the database."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        if value := await check():
            return value
        await asyncio.sleep(every)
    raise AssertionError("condition not met in time")
