"""``flurfunk serve --slack http`` as a real process: health, readiness, graceful stop, and the
outbox surviving a kill (nothing lost, nothing posted twice)."""

from __future__ import annotations

import signal
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.config import Settings
from storage import db
from storage.uow import UnitOfWork
from tests.conftest import NOW
from tests.slack.helpers import dm, event_body, signed, until
from tests.slack.process import Serve, serving
from tests.slack.standin import StandIn

pytestmark = pytest.mark.slow


@pytest.fixture
async def serve(settings: Settings, standin: StandIn,
                tmp_path: Path) -> AsyncIterator[tuple[Serve, httpx.AsyncClient]]:
    async with serving(settings, standin, tmp_path, rate=90,
                       intents={"Hallo": "core_greet"}) as running:
        yield running


async def test_health_ready_and_graceful_stop(serve: tuple[Serve, httpx.AsyncClient],
                                              standin: StandIn) -> None:
    s, http = serve
    await s.start(http)
    r = await http.get(f"{s.url}/readyz")
    assert r.status_code == 200 and r.json()["status"] == "ready"
    standin.delay["chat.postMessage"] = 1.5  # the reply is still on its way at SIGTERM
    body = event_body(dm("UANNA", "Hallo"), "EvG1")
    r = await http.post(f"{s.url}/slack/events", content=body, headers=signed(body))
    assert r.status_code == 200
    await until(lambda: standin.called("users.info"))
    assert await s.stop(signal.SIGTERM) == 0
    assert len(standin.called("chat.postMessage")) == 1  # the in-flight reply was finished


async def test_outbox_survives_a_kill(serve: tuple[Serve, httpx.AsyncClient], standin: StandIn,
                                      settings: Settings) -> None:
    s, http = serve
    standin.rate, standin.burst = 100.0, 5
    standin.users += [{"id": f"UP{n:04d}", "name": f"p{n}"} for n in range(300)]
    engine = db.make_engine(settings.db_url)
    try:
        async with UnitOfWork(db.make_sessionmaker(engine)) as uow:
            for n in range(300):
                await uow.people.upsert(f"p{n}", NOW, name=f"P {n}", slack_id=f"UP{n:04d}")
                await uow.outbox.add(f"reminder:{n}", [f"p{n}"],
                                     {"text": f"Erinnerung {n}", "choices": []}, NOW)
            await uow.commit()
        await s.start(http)
        await until(lambda: len(standin.called("chat.postMessage")) >= 80, within=60)
        assert await s.stop(signal.SIGKILL) == -signal.SIGKILL
        killed_at = len(standin.called("chat.postMessage"))
        await s.start(http)

        def ids() -> Counter[int]:
            return Counter(m["metadata"]["event_payload"]["outbox_id"]
                           for msgs in standin.history.values() for m in msgs)

        await until(lambda: len(ids()) == 300, within=90)
        assert await s.stop(signal.SIGTERM) == 0
        async with UnitOfWork(db.make_sessionmaker(engine)) as uow:
            counts = await uow.outbox.counts()
    finally:
        await engine.dispose()
    assert killed_at < 300
    assert max(ids().values()) == 1  # nothing posted twice
    assert counts == {"delivered": 300}  # nothing lost
