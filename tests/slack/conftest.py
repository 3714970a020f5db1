"""Fixtures: the Slack stand-in, and the real Bolt app over HTTP on 127.0.0.1 against it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from bot.adapters.slack.app import Credentials
from bot.adapters.slack.server import SlackService
from bot.runtime import Runtime
from tests.slack.helpers import SECRET
from tests.slack.standin import BOT_USER, StandIn

USERS = [
    {"id": "UANNA", "name": "anna", "locale": "de-DE",
     "profile": {"real_name": "Anna Berger", "email": "anna.berger@stadt.example", "title": "Amt 10"}},
    {"id": "UJOHN", "name": "john", "locale": "en-US",
     "profile": {"real_name": "John Miller", "email": "john.miller@stadt.example"}},
]


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """slack_sdk's aiohttp clients take HTTP(S)_PROXY and ignore NO_PROXY."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
async def standin() -> AsyncIterator[StandIn]:
    members = {BOT_USER, *(u["id"] for u in USERS)}
    s = await StandIn(users=[dict(u) for u in USERS],
                      channels={"C1": set(members), "C42": set(members)}).start()
    try:
        yield s
    finally:
        await s.stop()


@dataclass
class Live:
    rt: Runtime
    service: SlackService
    standin: StandIn
    http: httpx.AsyncClient

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.service.bound_port}"


@pytest.fixture
async def live(runtime: Runtime, standin: StandIn) -> AsyncIterator[Live]:
    runtime.settings.slack_api_url = standin.url
    creds = Credentials("xoxb-test", "xapp-test", SECRET)
    service = SlackService(runtime, "http", "127.0.0.1", 0, creds)
    await service.start()
    async with httpx.AsyncClient(trust_env=False, timeout=10) as http:
        try:
            yield Live(runtime, service, standin, http)
        finally:
            await service.stop()


