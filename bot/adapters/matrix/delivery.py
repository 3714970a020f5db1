"""The Matrix delivery of the outbox: one (encrypted) DM per recipient, each posted once.

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
import logging
from collections.abc import Callable
from datetime import datetime

import aiohttp
from nio import AsyncClient, ErrorResponse, RoomCreateResponse, RoomPreset, RoomSendResponse
from nio.event_builders import EnableEncryptionBuilder
from nio.exceptions import LocalProtocolError

from bot.adapters.matrix.convert import content_of
from bot.i18n import Translations
from bot.outbox import Delivery, LocalInboxDelivery, PermanentError, TransientError
from flows.types import Reply
from storage.models.core import OutboxMessage, Person
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)
# Errors the homeserver answers the same way on every retry
# (https://spec.matrix.org/v1.11/client-server-api/#standard-error-response).
PERMANENT = frozenset({"M_FORBIDDEN", "M_NOT_FOUND", "M_UNKNOWN", "M_BAD_JSON", "M_NOT_JSON",
                       "M_TOO_LARGE", "M_INVALID_PARAM", "M_UNKNOWN_TOKEN"})
NETWORK_ERRORS = (aiohttp.ClientError, asyncio.TimeoutError, TimeoutError, ConnectionError)
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

    async def deliver(self, uow: UnitOfWork, message: OutboxMessage, now: datetime) -> None:
        people = await uow.people.get_many(message.recipients)
        on_matrix = [people[r] for r in message.recipients if r in people and people[r].matrix_id]
        others = [r for r in message.recipients if not (r in people and people[r].matrix_id)]
        if others:
            await self.fallback.deliver(uow, without(message, others), now)
        reply = Reply.from_dict(message.payload)
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
        try:
            resp = await self.client.room_send(room_id, "m.room.message", content,
                                               tx_id=self.make_txn_id(outbox_id, person.matrix_id),
                                               ignore_unverified_devices=True)
        except NETWORK_ERRORS as exc:
            raise TransientError(f"network: {type(exc).__name__}") from exc
        if not isinstance(resp, RoomSendResponse):
            raise classified(resp)
        if reply.choices:  # "2" or the words answer this message, as in a conversation
            await self._offer(uow, person.id, reply, now)

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
