"""Signed Slack requests for the tests and the benchmark."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

SECRET = "test-signing-secret"


def signed(body: str, secret: str = SECRET, timestamp: int | None = None,
           content_type: str = "application/json") -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    sig = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig, "Content-Type": content_type}


def event_body(event: dict[str, Any], event_id: str) -> str:
    return json.dumps({"token": "x", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
                       "event_id": event_id, "event_time": int(time.time()), "event": event,
                       "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}]})


def dm(user: str, text: str, ts: str = "1700000000.000100", **extra: Any) -> dict[str, Any]:
    return {"type": "message", "channel_type": "im", "channel": "D" + user[1:], "user": user,
            "text": text, "ts": ts, **extra}


def command_body(user: str, text: str, response_url: str, channel: str = "C1") -> str:
    return urlencode({"token": "x", "team_id": "T1", "command": "/flurfunk", "text": text,
                      "user_id": user, "channel_id": channel, "response_url": response_url,
                      "trigger_id": "trig.1", "api_app_id": "A1"})


def interaction_body(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})


def button_payload(user: str, action_id: str, value: str, channel: str | None,
                   response_url: str = "", container: dict[str, Any] | None = None,
                   trigger_id: str = "trig.2") -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": "block_actions", "team": {"id": "T1"}, "user": {"id": user}, "api_app_id": "A1",
        "trigger_id": trigger_id, "token": "x",
        "container": container or {"type": "message", "channel_id": channel, "message_ts": "1.1"},
        "actions": [{"type": "button", "action_id": action_id, "value": value, "block_id": "b1",
                     "action_ts": "1.2"}],
    }
    if channel:
        payload["channel"] = {"id": channel}
    if response_url:
        payload["response_url"] = response_url
    return payload


FORM = "application/x-www-form-urlencoded"


async def until(check: Callable[[], Any], within: float = 15.0, every: float = 0.05) -> Any:
    """Poll ``check`` every ``every`` seconds until it returns something truthy (and return that)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        await asyncio.sleep(every)
    raise AssertionError("condition not met in time")
