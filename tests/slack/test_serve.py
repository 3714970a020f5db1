"""``flurfunk serve --slack http`` as a real process: health, readiness, graceful stop, and the
outbox surviving a kill (nothing lost, nothing posted twice)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.config import Settings
from nlu.embedded import EmbeddedModel
from storage import db
from storage.uow import UnitOfWork
from tests.conftest import NOW, ROOT
from tests.slack.helpers import SECRET, dm, event_body, signed, until
from tests.slack.standin import StandIn

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Serve:
    def __init__(self, settings: Settings, standin: StandIn, tmp: Path) -> None:
        self.port = free_port()
        self.env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        self.env.update(
            SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=SECRET,
            FLURFUNK_SLACK_API_URL=standin.url, FLURFUNK_DATABASE_URL=settings.db_url,
            FLURFUNK_CONFIG=str(tmp / "none.toml"), FLURFUNK_VAR_DIR=str(tmp / "var"),
            FLURFUNK_NLU__MODEL_PATH=settings.nlu.model_path,
            FLURFUNK_OUTBOX__INTERVAL_SECONDS="0.3", FLURFUNK_OUTBOX__LEASE_SECONDS="2",
            FLURFUNK_SLACK__RATE_PER_SECOND="90", FLURFUNK_SLACK__BURST="5")
        self.proc: asyncio.subprocess.Process | None = None
        self.url = f"http://127.0.0.1:{self.port}"

    async def start(self, http: httpx.AsyncClient) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "serve", "--slack", "http", "--host", "127.0.0.1",
            "--port", str(self.port), cwd=ROOT, env=self.env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)

        async def healthy() -> bool:
            try:
                return (await http.get(f"{self.url}/healthz")).status_code == 200
            except httpx.TransportError:
                return False

        for _ in range(600):
            if self.proc.returncode is not None:
                raise AssertionError((await self.proc.stderr.read()).decode())  # type: ignore[union-attr]
            if await healthy():
                return
            await asyncio.sleep(0.1)
        raise AssertionError("serve did not come up")

    async def stop(self, sig: int) -> int:
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(sig)
        return await asyncio.wait_for(self.proc.wait(), 60)


@pytest.fixture
async def serve(settings: Settings, standin: StandIn, tmp_path: Path,
                model: EmbeddedModel) -> AsyncIterator[tuple[Serve, httpx.AsyncClient]]:
    s = Serve(settings, standin, tmp_path)
    async with httpx.AsyncClient(trust_env=False, timeout=10) as http:
        try:
            yield s, http
        finally:
            if s.proc and s.proc.returncode is None:
                s.proc.kill()
                await s.proc.wait()


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
