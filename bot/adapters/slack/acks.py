"""Which Slack requests are always answered with an empty ack, so they can be acked before Bolt
runs (HTTP: in the ack process, ``front.py``; Socket Mode: before the dispatch).

Slack wants the ack within 3 seconds, else it shows the user an error (commands, buttons) or
redelivers the event: https://api.slack.com/apis/connections/events-api#responding,
https://api.slack.com/interactivity/handling#acknowledgment_response,
https://api.slack.com/apis/connections/socket#acknowledge . Kept free of Bolt and the runtime:
the ack process imports only this, the signature check and its HTTP stack.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs


def empty_ack(payload: dict[str, Any]) -> bool:
    """An event callback, a slash command or a button press: the ack is an empty 200 whatever
    the listener does. URL verification and modal submissions (which may answer with errors)
    are not: Bolt has to run before they are answered."""
    return bool(payload.get("type") in ("event_callback", "block_actions") or payload.get("command"))


def early_ack(body: str, content_type: str) -> bool:
    """``empty_ack`` for the body of an HTTP request (JSON events, form-encoded commands and
    interaction payloads); anything unreadable goes through Bolt (which refuses it)."""
    try:
        if content_type.startswith("application/json"):
            data = json.loads(body)
            return isinstance(data, dict) and data.get("type") == "event_callback"
        form = parse_qs(body)
        if form.get("command"):
            return True
        payload = form.get("payload")
        if not payload:
            return False
        data = json.loads(payload[0])
        return isinstance(data, dict) and data.get("type") == "block_actions"
    except (ValueError, AttributeError):
        return False
