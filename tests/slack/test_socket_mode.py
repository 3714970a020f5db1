"""Socket Mode through a local WebSocket stand-in answering apps.connections.open."""

from __future__ import annotations

import json

from bot.adapters.slack.app import Credentials
from bot.adapters.slack.server import SlackService
from bot.runtime import Runtime
from tests.chat import understood
from tests.slack.helpers import dm, event_body, until
from tests.slack.standin import StandIn


async def test_socket_mode_events_and_commands(runtime: Runtime, standin: StandIn) -> None:
    runtime.settings.slack_api_url = standin.url
    service = SlackService(runtime, "socket", credentials=Credentials("xoxb-t", "xapp-t", ""))
    await service.start()
    try:
        assert standin.called("apps.connections.open")
        understood(runtime, "core_greet")  # "Hallo"
        payload = json.loads(event_body(dm("UANNA", "Hallo"), "EvS1"))
        await standin.push({"envelope_id": "env-1", "type": "events_api", "payload": payload,
                            "accepts_response_payload": False, "retry_attempt": 0})
        await until(lambda: [a for a in standin.acks if a.get("envelope_id") == "env-1"])
        posts = await until(lambda: standin.called("chat.postMessage"))
        assert posts[0]["channel"] == "DANNA" and posts[0]["text"].startswith("Hallo")

        # the same event again (a redelivery) is acked but not answered twice
        await standin.push({"envelope_id": "env-2", "type": "events_api", "payload": payload,
                            "accepts_response_payload": False, "retry_attempt": 1})
        await until(lambda: [a for a in standin.acks if a.get("envelope_id") == "env-2"])

        command = {"command": "/flurfunk", "text": "aufgaben", "user_id": "UANNA",
                   "channel_id": "C1", "response_url": standin.response_url("s"),
                   "team_id": "T1", "api_app_id": "A1", "trigger_id": "t"}
        await standin.push({"envelope_id": "env-3", "type": "slash_commands", "payload": command,
                            "accepts_response_payload": True})
        await until(lambda: [a for a in standin.acks if a.get("envelope_id") == "env-3"])
        responses = await until(lambda: standin.responses)
        assert "Vereinbarungen" in responses[0]["text"]
    finally:
        await service.stop()
    assert len(standin.called("chat.postMessage")) == 1
