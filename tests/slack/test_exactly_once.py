"""Exactly once against a real ``serve`` process: posts that succeed but answer 500, and a SIGKILL
while a post is in flight (Slack has the message, the sender never hears back).

The weakened lookups that would post twice in these situations are shown in test_delivery
(``test_weakened_lookups_post_twice``)."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.config import Settings
from nlu.embedded import EmbeddedModel
from storage import db
from storage.uow import UnitOfWork
from tests.conftest import NOW
from tests.slack.helpers import until
from tests.slack.process import Serve, serving
from tests.slack.standin import StandIn

pytestmark = pytest.mark.slow
TOTAL = 120


@pytest.fixture
async def serve(settings: Settings, standin: StandIn, tmp_path: Path,
                model: EmbeddedModel) -> AsyncIterator[tuple[Serve, httpx.AsyncClient]]:
    async with serving(settings, standin, tmp_path, rate=40) as running:
        yield running


def ids(standin: StandIn) -> Counter[int]:
    return Counter(m["metadata"]["event_payload"]["outbox_id"] for m in standin.posted()
                   if "metadata" in m)


async def test_500s_and_a_kill_mid_post_lose_and_repeat_nothing(
        serve: tuple[Serve, httpx.AsyncClient], standin: StandIn, settings: Settings) -> None:
    s, http = serve
    standin.users += [{"id": f"UX{n:04d}", "name": f"x{n}"} for n in range(TOTAL)]
    engine = db.make_engine(settings.db_url)
    try:
        async with UnitOfWork(db.make_sessionmaker(engine)) as uow:
            for n in range(TOTAL):
                await uow.people.upsert(f"x{n}", NOW, name=f"X {n}", slack_id=f"UX{n:04d}")
                await uow.outbox.add(f"reminder:{n}", [f"x{n}"],
                                     {"text": f"Erinnerung {n}", "choices": []}, NOW)
            await uow.commit()
        await s.start(http)
        await until(lambda: len(ids(standin)) >= 20, within=60)
        standin.fail_after("chat.postMessage", 500, times=3)  # kept by Slack, answer lost
        await until(lambda: not standin.faults["chat.postMessage"], within=30)
        standin.hang_after("chat.postMessage", 15)  # kept by Slack, the sender waits ...
        await until(lambda: not standin.faults["chat.postMessage"], within=30)
        assert await s.stop(signal.SIGKILL) == -signal.SIGKILL  # ... and is killed meanwhile
        killed_at = len(ids(standin))
        await s.start(http)

        async def counts() -> dict[str, int]:
            async with UnitOfWork(db.make_sessionmaker(engine)) as uow:
                return await uow.outbox.counts()

        for _ in range(600):
            if await counts() == {"delivered": TOTAL}:
                break
            await asyncio.sleep(0.2)
        assert await s.stop(signal.SIGTERM) == 0
        final = await counts()
    finally:
        await engine.dispose()
    assert killed_at < TOTAL
    got = ids(standin)
    assert final == {"delivered": TOTAL}  # nothing lost
    assert len(got) == TOTAL and max(got.values()) == 1  # nothing posted twice
    assert len(standin.called("chat.postMessage")) == TOTAL  # the four unanswered ones were found
    assert len(standin.called("conversations.history")) >= 4  # ... by looking them up
