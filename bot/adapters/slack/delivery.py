"""The Slack delivery of the outbox: DMs and group DMs, paced, each message posted once.

Exactly once across crashes: before each post a journal row (``slack_send``) is committed;
the post carries the outbox id as message metadata; after Slack confirms, the row gets the
message ``ts`` in the same transaction that marks the outbox message delivered. A retry that
finds a journal row without ``ts`` (the process died mid-call, or Slack answered 5xx) first
looks for the message in the conversation's history and posts only when it is not there.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.convert import render
from bot.adapters.slack.ratelimit import RateLimiter
from bot.i18n import Translations
from bot.outbox import TransientError
from flows.types import Reply
from storage.models.core import OutboxMessage
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)
GROUP_MAX = 8  # conversations.open takes at most 8 users for a group DM
EVENT_TYPE = "flurfunk_outbox"
FILE_SUFFIX = "#file"  # the journal key of a message's attachment
NETWORK_ERRORS = (aiohttp.ClientError, asyncio.TimeoutError, TimeoutError, ConnectionError)


def parts_of(slack_ids: list[str]) -> list[list[str]]:
    """One DM for one person, one group DM for up to 8, separate DMs beyond that."""
    if 1 < len(slack_ids) <= GROUP_MAX:
        return [slack_ids]
    return [[s] for s in slack_ids]


class SlackDelivery:
    """A ``bot.outbox.Delivery`` posting to Slack through ``client``, paced by ``limiter``."""

    def __init__(self, client: AsyncWebClient, limiter: RateLimiter, translations: Translations) -> None:
        self.client = client
        self.limiter = limiter
        self.translations = translations

    async def deliver(self, uow: UnitOfWork, message: OutboxMessage, now: datetime) -> None:
        people = await uow.people.get_many(message.recipients)
        slack_ids = [people[r].slack_id for r in message.recipients
                     if r in people and people[r].slack_id]
        for r in message.recipients:  # no Slack account: the local inbox (``flurfunk inbox``)
            if not (r in people and people[r].slack_id):
                await uow.inbox.deliver(message.id, r, message.payload, now)
        first = people.get(message.recipients[0]) if message.recipients else None
        t = self.translations.for_locale(first.locale if first else None)
        reply = Reply.from_dict(message.payload)
        body = render(reply, t.gettext("Source"))
        journal = await uow.slack.sends(message.id)
        await uow.commit()  # no transaction stays open while waiting for the rate limit
        for part in parts_of([s for s in slack_ids if s]):
            key = ",".join(part)
            row = journal.get(key)
            if row is not None and row.ts:
                channel = row.channel or part[0]
            elif row is not None and await self._posted_before(part, message.id, row.started_at):
                channel = row.channel or part[0]
                await uow.slack.finish_send(message.id, key, channel, "found")
            else:
                channel = await self._post(uow, message.id, key, part, body, now)
            file_row = journal.get(key + FILE_SUFFIX)
            if reply.meta.get("file") and not (file_row is not None and file_row.ts):
                await self._attach(uow, message.id, key + FILE_SUFFIX, channel, reply.meta, now)

    async def _attach(self, uow: UnitOfWork, outbox_id: int, key: str, channel: str,
                      meta: dict[str, Any], now: datetime) -> None:
        """Upload the file a message carries (a survey chart) into the same conversation, after
        the message. A crash mid-upload may repeat the file once; it never loses it."""
        path = Path(str(meta["file"]))
        if not await asyncio.to_thread(path.is_file):
            log.warning("outbox %s: attachment %s is gone; message sent without it", outbox_id, path.name)
            return
        if channel.startswith("U"):  # a DM journalled by user id: files need the conversation id
            channel = await self._open([channel])
        await uow.slack.start_send(outbox_id, key, channel, now)
        await uow.commit()
        try:
            resp = await self.client.files_upload_v2(
                channel=channel, file=str(path), filename=str(meta.get("file_name") or path.name),
                title=str(meta.get("file_name") or path.name))
        except SlackApiError as exc:
            raise await self._failure(uow, outbox_id, key, exc) from exc
        except NETWORK_ERRORS as exc:
            raise TransientError(f"network: {type(exc).__name__}") from exc
        file_id = str((resp.get("file") or {}).get("id") or "uploaded")
        await uow.slack.finish_send(outbox_id, key, channel, file_id)

    async def _post(self, uow: UnitOfWork, outbox_id: int, key: str, part: list[str],
                    body: dict[str, Any], now: datetime) -> str:
        channel = part[0] if len(part) == 1 else await self._open(part)
        await self.limiter.acquire(channel)
        await uow.slack.start_send(outbox_id, key, channel, now)
        await uow.commit()  # the journal row must exist before Slack may have the message
        try:
            resp = await self.client.chat_postMessage(
                channel=channel, text=body["text"], blocks=body["blocks"],
                metadata={"event_type": EVENT_TYPE, "event_payload": {"outbox_id": outbox_id}})
        except SlackApiError as exc:
            raise await self._failure(uow, outbox_id, key, exc) from exc
        except NETWORK_ERRORS as exc:
            raise TransientError(f"network: {type(exc).__name__}") from exc
        channel = str(resp.get("channel") or channel)
        await uow.slack.finish_send(outbox_id, key, channel, str(resp.get("ts") or ""))
        return channel

    async def _failure(self, uow: UnitOfWork, outbox_id: int, key: str,
                       exc: SlackApiError) -> Exception:
        """The error to raise for a refused post; forgets the journal row when surely unposted."""
        status = exc.response.status_code
        error = str(exc.response.get("error") or status) if isinstance(exc.response.data, dict) \
            else str(status)
        if status == 429:
            retry_after = float(exc.response.headers.get("Retry-After", 1) or 1)
            self.limiter.pause(retry_after)
            await uow.slack.forget_send(outbox_id, key)  # a 429 was surely not posted
            await uow.commit()
            return TransientError("rate limited", retry_after=retry_after)
        if status >= 500:
            return TransientError(f"slack {status}")  # may have posted: the row stays
        await uow.slack.forget_send(outbox_id, key)
        await uow.commit()
        return RuntimeError(f"slack refused the message: {error}")

    async def _open(self, users: list[str]) -> str:
        try:
            resp = await self.client.conversations_open(users=",".join(users))
        except SlackApiError as exc:
            if exc.response.status_code == 429:
                retry_after = float(exc.response.headers.get("Retry-After", 1) or 1)
                raise TransientError("rate limited", retry_after=retry_after) from exc
            if exc.response.status_code >= 500:
                raise TransientError(f"slack {exc.response.status_code}") from exc
            raise
        except NETWORK_ERRORS as exc:
            raise TransientError(f"network: {type(exc).__name__}") from exc
        return str(resp["channel"]["id"])

    async def _posted_before(self, part: list[str], outbox_id: int, since: datetime) -> bool:
        """Whether a message of ``outbox_id`` is in the conversation already (after a crash)."""
        channel = await self._open(part)
        oldest = (since - timedelta(minutes=5)).timestamp()
        try:
            resp = await self.client.conversations_history(
                channel=channel, oldest=f"{oldest:.6f}", limit=200)
        except SlackApiError as exc:
            raise TransientError(f"history lookup failed: {exc.response.status_code}") from exc
        except NETWORK_ERRORS as exc:
            raise TransientError(f"network: {type(exc).__name__}") from exc
        for m in resp.get("messages") or []:
            meta = m.get("metadata") or {}
            if meta.get("event_type") == EVENT_TYPE and \
                    (meta.get("event_payload") or {}).get("outbox_id") == outbox_id:
                return True
        return False
