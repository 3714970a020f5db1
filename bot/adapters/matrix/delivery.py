"""The Matrix delivery of the outbox: one (encrypted) DM per recipient, or one group room for
several (a lunch group, a Pate introduction: up to ``GROUP_MAX``, as on Slack), each posted once.

Exactly once for free: ``PUT /rooms/{roomId}/send/{eventType}/{txnId}`` is idempotent per device
(https://spec.matrix.org/v1.11/client-server-api/#put_matrixclientv3roomsroomidsendeventtypetxnid):
the transaction id is derived from the outbox id and the recipient, so the retry after a crash
(the homeserver had the message, our database did not yet know) returns the first event instead
of posting a second one. Synapse keeps transaction ids per device for a day, far longer than the
outbox lease. ``M_LIMIT_EXCEEDED`` waits ``retry_after_ms``; ``M_FORBIDDEN`` and unknown rooms
fail the message at once (``flurfunk outbox retry`` after fixing the cause).
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp
from nio import (
    AsyncClient,
    ErrorResponse,
    RoomCreateResponse,
    RoomGetStateResponse,
    RoomPreset,
    RoomResolveAliasResponse,
    RoomSendResponse,
    UploadResponse,
)
from nio.event_builders import EnableEncryptionBuilder
from nio.exceptions import LocalProtocolError

from bot.adapters.matrix.convert import content_of
from bot.adapters.matrix.reactions import annotation, offered
from bot.i18n import Translations
from bot.outbox import Delivery, LocalInboxDelivery, PermanentError, TransientError
from flows.types import File, Reply
from storage.models.core import OutboxMessage, Person
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)
# Errors the homeserver answers the same way on every retry
# (https://spec.matrix.org/v1.11/client-server-api/#standard-error-response).
PERMANENT = frozenset({"M_FORBIDDEN", "M_NOT_FOUND", "M_UNKNOWN", "M_BAD_JSON", "M_NOT_JSON",
                       "M_TOO_LARGE", "M_INVALID_PARAM", "M_UNKNOWN_TOKEN"})
NETWORK_ERRORS = (aiohttp.ClientError, asyncio.TimeoutError, TimeoutError, ConnectionError)
GROUP_MAX = 8  # like Slack's group DMs: beyond that, everyone gets their own DM
ROOM_WAIT = 15.0  # seconds a new room may take to arrive through the sync loop


def txn_id(outbox_id: int, matrix_id: str) -> str:
    """The transaction id of one outbox message to one recipient: the same on every retry."""
    return f"flurfunk-outbox-{outbox_id}-{hashlib.sha256(matrix_id.encode()).hexdigest()[:16]}"


def classified(resp: ErrorResponse) -> Exception:
    """A refused call as the outbox's ``TransientError`` or ``PermanentError``."""
    code = resp.status_code or "unknown"
    if code == "M_LIMIT_EXCEEDED":
        retry = (resp.retry_after_ms or 1000) / 1000
        return TransientError("rate limited", retry_after=retry)
    if code in PERMANENT:
        return PermanentError(code)
    return TransientError(f"matrix {code}")


def without(message: OutboxMessage, recipients: list[str]) -> OutboxMessage:
    """A detached copy of ``message`` for ``recipients`` only (for the fallback delivery)."""
    return OutboxMessage(id=message.id, dedupe_key=message.dedupe_key, recipients=recipients,
                         payload=message.payload, status=message.status, attempts=message.attempts,
                         created_at=message.created_at, not_before=message.not_before)


class MatrixDelivery:
    """A ``bot.outbox.Delivery`` for people with a ``matrix_id``; the others go to ``fallback``
    (Slack when both run, else the local inbox)."""

    def __init__(self, client: AsyncClient, translations: Translations,
                 fallback: Delivery | None = None,
                 make_txn_id: Callable[[int, str], str] = txn_id) -> None:
        self.client = client
        self.translations = translations
        self.fallback = fallback or LocalInboxDelivery()
        self.make_txn_id = make_txn_id
        self.groups: dict[str, str] = {}  # alias localpart -> room id

    async def deliver(self, uow: UnitOfWork, message: OutboxMessage, now: datetime) -> None:
        people = await uow.people.get_many(message.recipients)
        on_matrix = [people[r] for r in message.recipients if r in people and people[r].matrix_id]
        others = [r for r in message.recipients if not (r in people and people[r].matrix_id)]
        if others:
            await self.fallback.deliver(uow, without(message, others), now)
        reply = Reply.from_dict(message.payload)
        if len(message.recipients) > 1 and 1 < len(on_matrix) <= GROUP_MAX:
            await self._send_group(uow, message.id, on_matrix, reply, now)  # one conversation
            return
        refused: PermanentError | None = None
        for person in on_matrix:  # one refusal does not keep the others from their message
            try:
                await self._send(uow, message.id, person, reply, now)
            except PermanentError as exc:
                refused = refused or exc
        if refused is not None:
            raise refused

    async def _send(self, uow: UnitOfWork, outbox_id: int, person: Person, reply: Reply,
                    now: datetime) -> None:
        assert person.matrix_id
        content = content_of(reply, self.translations.for_locale(reply.locale or person.locale))
        room_id = await self.dm_room(uow, person.matrix_id, now)
        await self._post(uow, room_id, content, self.make_txn_id(outbox_id, person.matrix_id),
                         [person], reply, now)

    async def _send_group(self, uow: UnitOfWork, outbox_id: int, members: list[Person],
                          reply: Reply, now: datetime) -> None:
        """A lunch group, a Pate introduction: one encrypted room with all of them (like Slack's
        group DM), in the first recipient's language."""
        ids = [p.matrix_id for p in members if p.matrix_id]
        content = content_of(reply, self.translations.for_locale(reply.locale or members[0].locale))
        room_id = await self.group_room(ids)
        await self._post(uow, room_id, content, self.make_txn_id(outbox_id, ",".join(sorted(ids))),
                         members, reply, now)

    async def _post(self, uow: UnitOfWork, room_id: str, content: dict[str, Any], txn: str,
                    members: list[Person], reply: Reply, now: datetime) -> None:
        """The message (once: ``txn``), then its reactions (each once too), then what answers
        it: the offered choices and reaction keys for each recipient."""
        resp = await self._room_send(room_id, "m.room.message", content, txn)
        file = next((a for a in reply.attachments if isinstance(a, File)), None)
        if file is not None:
            await self._attach(room_id, file, f"{txn}-f")
        keys = offered(reply.choices)
        for i, key in enumerate(keys):
            await self._room_send(room_id, "m.reaction", annotation(resp.event_id, key), f"{txn}-r{i}")
        if not reply.choices:
            return  # a plain reminder: the question asked before stays open
        for person in members:  # "2", the words or a reaction answer this message now
            assert person.matrix_id
            await uow.matrix.offer_reactions(resp.event_id, room_id, person.matrix_id, keys, now)
            await self._offer(uow, person.id, reply, now)

    async def _attach(self, room_id: str, file: File, txn: str) -> None:
        """The file a message carries (a survey chart), after it, into the same room: uploaded
        (encrypted in an encrypted room, keys in the event) and posted once (``txn``). A crash
        between upload and post may upload it again, but the reader sees it once.
        https://spec.matrix.org/v1.11/client-server-api/#sending-encrypted-attachments"""
        path = Path(file.path)
        if not await asyncio.to_thread(path.is_file):
            log.warning("attachment %s is gone; message sent without it", path.name)
            return
        data = await asyncio.to_thread(path.read_bytes)
        room = self.client.rooms.get(room_id)
        encrypted = bool(room is not None and room.encrypted)
        try:
            up, keys = await self.client.upload(io.BytesIO(data), content_type=file.mime_type,
                                                filename=file.shown_name, encrypt=encrypted,
                                                filesize=len(data))
        except NETWORK_ERRORS as exc:
            raise TransientError(f"network: {type(exc).__name__}") from exc
        if not isinstance(up, UploadResponse):
            raise classified(up)
        content: dict[str, Any] = {
            "msgtype": "m.image" if file.mime_type.startswith("image/") else "m.file",
            "body": file.shown_name, "info": {"mimetype": file.mime_type, "size": len(data)}}
        if keys:
            content["file"] = {**keys, "url": up.content_uri}
        else:
            content["url"] = up.content_uri
        await self._room_send(room_id, "m.room.message", content, txn)

    async def _room_send(self, room_id: str, event_type: str, content: dict[str, Any],
                         txn: str) -> RoomSendResponse:
        try:
            resp = await self.client.room_send(room_id, event_type, content, tx_id=txn,
                                               ignore_unverified_devices=True)
        except NETWORK_ERRORS as exc:
            raise TransientError(f"network: {type(exc).__name__}") from exc
        if not isinstance(resp, RoomSendResponse):
            raise classified(resp)
        return resp

    @staticmethod
    async def _offer(uow: UnitOfWork, person_id: str, reply: Reply, now: datetime) -> None:
        state = await uow.conversation.get(person_id, now)
        await uow.conversation.save(person_id, now, flow=state.flow if state else None,
                                    data=dict(state.data) if state else {},
                                    choices=[c.to_dict() for c in reply.choices])

    async def dm_room(self, uow: UnitOfWork, matrix_id: str, now: datetime) -> str:
        """The person's DM room, known to the sync loop; created (encrypted) when there is none."""
        room_id = await uow.matrix.dm_room(matrix_id)
        if room_id is not None and (room_id not in self.client.rooms
                                    or not self._private(room_id, matrix_id)):
            log.info("matrix: room %s is no longer a DM of the two; opening a new one", room_id)
            room_id = None  # left, someone joined, or the person left: never post personal things there
        if room_id is None:
            room_id = await self._create_dm(matrix_id)
            await uow.matrix.set_dm_room(matrix_id, room_id, now)
            await uow.commit()  # a crash after this reuses the room instead of making another
        if not await self._ready(room_id, matrix_id):
            raise TransientError("the new room has not arrived through sync yet", retry_after=2)
        return room_id

    def group_alias(self, matrix_ids: list[str]) -> str:
        """The group's room alias, the same for the same people: creating it twice fails with
        ``M_ROOM_IN_USE``, so a retry after a crash finds the room instead of opening another."""
        members = ",".join(sorted(set(matrix_ids)))
        digest = hashlib.sha256(f"{self.client.user_id}|{members}".encode()).hexdigest()[:24]
        return f"flurfunk-group-{digest}"

    async def group_room(self, matrix_ids: list[str]) -> str:
        """The encrypted room of the bot with exactly these people (invited), opened once."""
        local = self.group_alias(matrix_ids)
        room_id = self.groups.get(local)
        if room_id is None and (room_id := await self._resolve(local)) is not None:
            await self._check_ours(room_id)
        if room_id is None:
            room_id = await self._create_group(local, matrix_ids)
        self.groups[local] = room_id
        want = set(matrix_ids) | {self.client.user_id}
        if not await self._ready_group(room_id, want):
            raise TransientError("the group room has not arrived through sync yet", retry_after=2)
        room = self.client.rooms[room_id]
        members = set(room.users) | set(room.invited_users)
        if members - want:
            raise PermanentError("group room has other members")  # only the bot may invite
        for missing in sorted(want - members):  # someone left: invited again
            await self.client.room_invite(room_id, missing)
        return room_id

    async def _resolve(self, local: str) -> str | None:
        server = self.client.user_id.partition(":")[2]
        try:
            resp = await self.client.room_resolve_alias(f"#{local}:{server}")
        except NETWORK_ERRORS as exc:
            raise TransientError(f"network: {type(exc).__name__}") from exc
        return str(resp.room_id) if isinstance(resp, RoomResolveAliasResponse) else None

    async def _check_ours(self, room_id: str) -> None:
        """A room found by its alias is used only when the bot created it: the sender of the
        room's ``m.room.create`` event (room version 11 dropped the ``creator`` field, so the
        whole event is read, not only its content;
        https://spec.matrix.org/v1.11/rooms/v11/#event-format)."""
        try:
            resp = await self.client.room_get_state(room_id)
        except NETWORK_ERRORS as exc:
            raise TransientError(f"network: {type(exc).__name__}") from exc
        if not isinstance(resp, RoomGetStateResponse):
            raise classified(resp)
        create = next((e for e in resp.events if e.get("type") == "m.room.create"), None)
        creator = (create or {}).get("sender")
        if creator != self.client.user_id:
            raise PermanentError("group room alias taken by another room")  # not ours to post in

    async def _create_group(self, local: str, matrix_ids: list[str]) -> str:
        try:
            resp = await self.client.room_create(
                alias=local, invite=sorted(set(matrix_ids)), preset=RoomPreset.private_chat,
                initial_state=[EnableEncryptionBuilder().as_dict()],
                power_level_override={"invite": 100})
        except NETWORK_ERRORS as exc:
            raise TransientError(f"network: {type(exc).__name__}") from exc
        except LocalProtocolError as exc:
            raise TransientError(f"matrix client: {exc}") from exc
        if isinstance(resp, RoomCreateResponse):
            log.info("matrix: opened a group room %s", resp.room_id)
            return str(resp.room_id)
        if resp.status_code == "M_ROOM_IN_USE" and (found := await self._resolve(local)):
            return found  # opened by an earlier attempt meanwhile
        raise classified(resp)

    async def _ready_group(self, room_id: str, want: set[str]) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + ROOM_WAIT
        def arrived() -> bool:
            room = self.client.rooms.get(room_id)
            return bool(room and self.client.user_id in room.users)

        while not arrived():
            if loop.time() > deadline:
                return False
            await asyncio.sleep(0.1)
        return True

    def _private(self, room_id: str, matrix_id: str) -> bool:
        """The room has exactly the bot and the person (joined or invited)."""
        room = self.client.rooms[room_id]
        return set(room.users) | set(room.invited_users) == {self.client.user_id, matrix_id}

    async def _create_dm(self, matrix_id: str) -> str:
        try:
            resp = await self.client.room_create(
                is_direct=True, invite=[matrix_id], preset=RoomPreset.trusted_private_chat,
                initial_state=[EnableEncryptionBuilder().as_dict()])
        except NETWORK_ERRORS as exc:
            raise TransientError(f"network: {type(exc).__name__}") from exc
        except LocalProtocolError as exc:
            raise TransientError(f"matrix client: {exc}") from exc
        if not isinstance(resp, RoomCreateResponse):
            raise classified(resp)
        log.info("matrix: opened a DM room %s", resp.room_id)
        return str(resp.room_id)

    async def _ready(self, room_id: str, matrix_id: str) -> bool:
        """Wait (briefly) until the sync loop has the room with both members: nio encrypts only
        for rooms it knows, and a new room's invite may come a sync after its creation."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + ROOM_WAIT
        while room_id not in self.client.rooms or not self._private(room_id, matrix_id):
            if loop.time() > deadline:
                return False
            await asyncio.sleep(0.1)
        return True
