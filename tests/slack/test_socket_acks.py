"""Socket Mode acks do not wait for the work: with Bolt's dispatch slowed down (middleware,
listeners, the database), envelopes are still acked at once and answered once afterwards. Bolt's
own handler, which acks after the dispatch, is caught by the same test."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.adapters.slack import server
from bot.adapters.slack.app import Credentials, SlackBot
from bot.adapters.slack.server import SlackService
from bot.runtime import Runtime
from tests.slack.helpers import dm, event_body, until
from tests.slack.standin import StandIn

SLOW = 3.0  # seconds each dispatch takes: beyond Slack's ack deadline


def stock(bot: SlackBot, app_token: str) -> AsyncSocketModeHandler:
    """Bolt's own handler: dispatch first, ack after."""
    return AsyncSocketModeHandler(bot.app, app_token)


@pytest.mark.parametrize("weakened", [False, True], ids=["ack-first", "bolt-handler"])
async def test_a_slow_dispatch_does_not_delay_the_ack(
        runtime: Runtime, standin: StandIn, monkeypatch: pytest.MonkeyPatch, weakened: bool) -> None:
    if weakened:
        monkeypatch.setattr(server, "AckFirstSocketModeHandler", stock)
    runtime.settings.slack_api_url = standin.url
    service = SlackService(runtime, "socket", credentials=Credentials("xoxb-t", "xapp-t", ""))
    dispatch = service.bot.app.async_dispatch

    async def slow_dispatch(*a: Any, **k: Any) -> Any:
        await asyncio.sleep(SLOW)
        return await dispatch(*a, **k)

    monkeypatch.setattr(service.bot.app, "async_dispatch", slow_dispatch)
    await service.start()
    try:
        envelopes = []
        for n in range(3):
            payload = json.loads(event_body(dm("UANNA", "Hallo"), f"EvSlow{n}"))
            envelopes.append(f"env-slow-{n}")
            await standin.push({"envelope_id": envelopes[-1], "type": "events_api", "payload": payload,
                                "accepts_response_payload": False, "retry_attempt": 0})
        started = time.monotonic()
        await until(lambda: {a.get("envelope_id") for a in standin.acks} >= set(envelopes),
                    within=2 * SLOW + 5, every=0.01)
        acked_after = time.monotonic() - started
        if not weakened:
            await until(lambda: len(standin.called("chat.postMessage")) >= 3, within=30)
            assert await service.bot.inflight.wait(15)
    finally:
        await service.stop()
    if weakened:
        assert acked_after >= SLOW - 0.5  # the ack waited for the dispatch
        return
    assert acked_after < 1.0  # Slack's deadline is 3 s; these took milliseconds
    posts = standin.called("chat.postMessage")
    assert len(posts) == 3 and {p["channel"] for p in posts} == {"DANNA"}  # each answered once
