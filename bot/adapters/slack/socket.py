"""Socket Mode with the ack first: events, slash commands and button presses are acked as they
arrive, before Bolt runs; Bolt then dispatches them in the worker pool, like the HTTP path.

Slack wants the ack of every envelope within 3 s, else it retries the envelope or shows the user
an error (https://api.slack.com/apis/connections/socket#acknowledge,
https://api.slack.com/interactivity/handling#acknowledgment_response). Bolt's own handler sends
the ack only after ``async_dispatch`` (middleware, authorization, listeners) has run on this loop.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.socket_mode.async_internals import run_async_bolt_app, send_async_response
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.adapters.slack.acks import empty_ack

if TYPE_CHECKING:
    from bot.adapters.slack.app import SlackBot

log = logging.getLogger(__name__)


class AckFirstSocketModeHandler(AsyncSocketModeHandler):
    """Bolt's Socket Mode handler, acking what always gets an empty ack before dispatching it."""

    def __init__(self, bot: SlackBot, app_token: str) -> None:
        super().__init__(bot.app, app_token)
        self.bot = bot

    async def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        if not empty_ack(req.payload):  # a modal submission may answer with errors: Bolt first
            await send_async_response(client, req, await run_async_bolt_app(self.app, req), 0.0)
            return
        await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))

        async def dispatch() -> None:
            resp = await run_async_bolt_app(self.app, req)
            if resp.status >= 400:
                log.warning("slack: an acked envelope was refused by Bolt (%d)", resp.status)

        await self.bot.inflight.submit(dispatch)
