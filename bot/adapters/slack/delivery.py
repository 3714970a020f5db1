"""The Slack delivery of the outbox: DMs and group DMs, paced, each message posted once.

Exactly once across crashes: before each post a journal row (``slack_send``) is committed;
the post carries the outbox id as message metadata; after Slack confirms, the row gets the
message ``ts`` in the same transaction that marks the outbox message delivered. A retry that
finds a journal row without ``ts`` (the process died mid-call, Slack answered 5xx, or the call
timed out) first looks for the message in the conversation's history and posts only when it is
not there. Slack returns message metadata only when asked (``include_all_metadata``) and answers
history newest first in pages, so the lookup asks for it and pages back to the journal's start.

Errors Slack will answer the same way on every retry (``PERMANENT``) fail the message at once.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.convert import messages, render
from bot.adapters.slack.ratelimit import RateLimiter
from bot.i18n import Translations
from bot.outbox import PermanentError, TransientError
from flows.types import File, Reply
from storage.models.core import OutboxMessage
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)
GROUP_MAX = 8  # conversations.open takes at most 8 users for a group DM
EVENT_TYPE = "flurfunk_outbox"
FILE_SUFFIX = "#file"  # the journal key of a message's attachment
PIECE_SUFFIX = "#m"  # the journal key of a long message's second, third, ... piece
NETWORK_ERRORS = (aiohttp.ClientError, asyncio.TimeoutError, TimeoutError, ConnectionError)
# Refusals a retry cannot change (https://api.slack.com/methods/chat.postMessage#errors,
# https://api.slack.com/methods/conversations.open#errors): the message fails until an admin
# fixes the cause and runs ``flurfunk outbox retry``.
PERMANENT = frozenset({
    "invalid_blocks", "invalid_blocks_format", "invalid_arguments", "channel_not_found",
    "user_not_found", "account_inactive", "not_in_channel", "no_text", "msg_too_long",
    "too_many_users", "is_archived", "invalid_metadata_format", "method_deprecated"})
CLOCK_MARGIN = timedelta(minutes=5)  # our clock against Slack's, when looking back in history
HISTORY_PAGE = 200


def slack_error(exc: SlackApiError) -> str:
    """Slack's error code (``invalid_blocks``), or the HTTP status when the body has none."""
    data = exc.response.data
    return str(data.get("error") or exc.response.status_code) if isinstance(data, dict) \
        else str(exc.response.status_code)


def classified(exc: SlackApiError) -> Exception:
    """A refused call as the outbox's ``TransientError`` or ``PermanentError``."""
    status, error = exc.response.status_code, slack_error(exc)
    if status == 429:
        retry_after = float(exc.response.headers.get("Retry-After", 1) or 1)
        return TransientError("rate limited", retry_after=retry_after)
    if error in PERMANENT:
        return PermanentError(error)
    return TransientError(f"slack {status} {error}" if status >= 500 else f"slack {error}")


def _payload(outbox_id: int, piece: int) -> dict[str, int]:
    """The metadata naming one posted message: the outbox id, and the piece of a long one."""
    return {"outbox_id": outbox_id, "piece": piece} if piece else {"outbox_id": outbox_id}


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
        reply = Reply.from_dict(message.payload)
        t = self.translations.for_locale(reply.locale or (first.locale if first else None))
        bodies = messages(render(reply, t.gettext("Source"), t.gettext("Choose …")))
        journal = await uow.slack.sends(message.id)
        await uow.commit()  # no transaction stays open while waiting for the rate limit
        refused: PermanentError | None = None
        for part in parts_of([s for s in slack_ids if s]):
            key = ",".join(part)
            try:  # one recipient Slack refuses does not keep the others from their message
                await self._deliver_part(uow, message.id, key, part, journal, bodies, reply, now)
            except PermanentError as exc:
                refused = refused or exc
        if refused is not None:
            raise refused

    async def _deliver_part(self, uow: UnitOfWork, outbox_id: int, key: str, part: list[str],
                            journal: dict[str, Any], bodies: list[dict[str, Any]], reply: Reply,
                            now: datetime) -> None:
        channel = part[0]
        for piece, body in enumerate(bodies):  # a long reply: several messages, in order
            piece_key = f"{key}{PIECE_SUFFIX}{piece}" if piece else key
            row = journal.get(piece_key)
            if row is not None and row.ts:
                channel = row.channel or channel
            elif row is not None and (found := await self._posted_before(
                    part, outbox_id, piece, row.started_at)):
                channel = found[0]
                await uow.slack.finish_send(outbox_id, piece_key, channel, found[1])
                await uow.commit()
            else:
                channel = await self._post(uow, outbox_id, piece_key, part, body, piece, now)
        file_row = journal.get(key + FILE_SUFFIX)
        file = next((a for a in reply.attachments if isinstance(a, File)), None)
        if file is not None and not (file_row is not None and file_row.ts):
            await self._attach(uow, outbox_id, key + FILE_SUFFIX, channel, file, now)

    async def _attach(self, uow: UnitOfWork, outbox_id: int, key: str, channel: str,
                      file: File, now: datetime) -> None:
        """Upload the file a message carries (a survey chart) into the same conversation, after
        the message. A crash mid-upload may repeat the file once; it never loses it."""
        path = Path(file.path)
        if not await asyncio.to_thread(path.is_file):
            log.warning("outbox %s: attachment %s is gone; message sent without it", outbox_id, path.name)
            return
        if channel.startswith("U"):  # a DM journalled by user id: files need the conversation id
            channel = await self._open([channel])
        await uow.slack.start_send(outbox_id, key, channel, now)
        await uow.commit()
        try:
            resp = await self.client.files_upload_v2(
                channel=channel, file=str(path), filename=file.shown_name, title=file.shown_name)
        except SlackApiError as exc:
            raise await self._failure(uow, outbox_id, key, exc) from exc
        except NETWORK_ERRORS as exc:
            raise TransientError(f"network: {type(exc).__name__}") from exc
        file_id = str((resp.get("file") or {}).get("id") or "uploaded")
        await uow.slack.finish_send(outbox_id, key, channel, file_id)

    async def _post(self, uow: UnitOfWork, outbox_id: int, key: str, part: list[str],
                    body: dict[str, Any], piece: int, now: datetime) -> str:
        channel = part[0] if len(part) == 1 else await self._open(part)
        await uow.slack.start_send(outbox_id, key, channel, now)
        await uow.commit()  # the journal row must exist before Slack may have the message
        await self.limiter.acquire(channel)  # last: nothing between the slot and the request
        try:
            resp = await self.client.chat_postMessage(
                channel=channel, text=body["text"], blocks=body["blocks"],
                metadata={"event_type": EVENT_TYPE, "event_payload": _payload(outbox_id, piece)})
        except SlackApiError as exc:
            raise await self._failure(uow, outbox_id, key, exc) from exc
        except NETWORK_ERRORS as exc:
            raise TransientError(f"network: {type(exc).__name__}") from exc
        channel = str(resp.get("channel") or channel)
        await uow.slack.finish_send(outbox_id, key, channel, str(resp.get("ts") or ""))
        return channel

    async def _failure(self, uow: UnitOfWork, outbox_id: int, key: str,
                       exc: SlackApiError) -> Exception:
        """The error to raise for a refused post; forgets the journal row when surely unposted
        (anything but a 5xx, which may have posted: then the row stays for the lookup)."""
        error = classified(exc)
        if isinstance(error, TransientError) and error.retry_after is not None:
            self.limiter.pause(error.retry_after)
        if exc.response.status_code < 500:
            await uow.slack.forget_send(outbox_id, key)
            await uow.commit()
        return error

    async def _open(self, users: list[str]) -> str:
        try:
            resp = await self.client.conversations_open(users=",".join(users))
        except SlackApiError as exc:
            raise classified(exc) from exc
        except NETWORK_ERRORS as exc:
            raise TransientError(f"network: {type(exc).__name__}") from exc
        return str(resp["channel"]["id"])

    def history_args(self) -> dict[str, Any]:
        """Arguments of every history lookup: Slack includes message metadata only when asked."""
        return {"include_all_metadata": True, "limit": HISTORY_PAGE}

    async def _posted_before(self, part: list[str], outbox_id: int, piece: int,
                             since: datetime) -> tuple[str, str] | None:
        """(channel, ts) of ``piece`` of ``outbox_id`` when the conversation has it already
        (after a crash, a 5xx or a timeout): every page back to the journal row's start."""
        channel = await self._open(part)
        oldest = (min(since, datetime.now(UTC)) - CLOCK_MARGIN).timestamp()
        cursor: str | None = None
        while True:
            try:
                resp = await self.client.conversations_history(
                    channel=channel, oldest=f"{oldest:.6f}", cursor=cursor, **self.history_args())
            except SlackApiError as exc:
                raise classified(exc) from exc
            except NETWORK_ERRORS as exc:
                raise TransientError(f"network: {type(exc).__name__}") from exc
            for m in resp.get("messages") or []:
                meta = m.get("metadata") or {}
                got = meta.get("event_payload") or {}
                if meta.get("event_type") == EVENT_TYPE and got.get("outbox_id") == outbox_id \
                        and got.get("piece", 0) == piece:
                    return channel, str(m.get("ts") or "found")
            cursor = (resp.get("response_metadata") or {}).get("next_cursor") or None
            if not resp.get("has_more") or not cursor:
                return None
