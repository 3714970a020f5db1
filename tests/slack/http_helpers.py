"""Sending signed events to the live app and waiting for its work (shared by the HTTP tests)."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.slack.conftest import Live
from tests.slack.helpers import event_body, signed


async def send_event(live: Live, event: dict[str, Any], event_id: str, **headers: str) -> int:
    body = event_body(event, event_id)
    r = await live.http.post(f"{live.url}/slack/events", content=body,
                             headers={**signed(body), **headers})
    return r.status_code


async def settle(live: Live) -> None:
    await asyncio.sleep(0.3)
    assert await live.service.bot.inflight.wait(15)
