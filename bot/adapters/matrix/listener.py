"""Incoming Matrix events: invites (the invite policy) and messages (DMs, mentions in rooms).

A DM (a room with the bot and one person) is a 1:1 conversation; in other rooms the bot answers
only when mentioned, in a thread under the question. Invites to DMs are accepted; invites to
other rooms only to configured rooms (``matrix.rooms``) or from admins (``matrix.admins``).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from nio import (
    AsyncClient,
    InviteMemberEvent,
    MatrixInvitedRoom,
    MatrixRoom,
    MegolmEvent,
    ReactionEvent,
    RoomMessageText,
    RoomSendResponse,
)

from bot.adapters.matrix.convert import (
    content_of,
    in_thread,
    incoming,
    mentions,
    strip_mention,
    thread_root,
)
from bot.adapters.matrix.overview import asks_for_overview, overview
from bot.adapters.matrix.reactions import annotation, answer, offered
from bot.config import MatrixSettings
from bot.dispatch import Answer
from flows.types import Reply
from storage.models.core import Person

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)
PERSON_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
BACKLOG = timedelta(minutes=15)  # messages older than this at start are history, not questions


def _listed(value: str) -> set[str]:
    return {v.strip() for v in value.split(",") if v.strip()}


def accepts_invite(cfg: MatrixSettings, room_id: str, inviter: str, is_direct: bool) -> bool:
    """The invite policy: DMs always; group rooms when configured or invited by an admin."""
    return is_direct or room_id in _listed(cfg.rooms) or inviter in _listed(cfg.admins)


def is_dm(room: MatrixRoom, bot_user_id: str) -> bool:
    """A room of the bot and exactly one other (joined or invited) member."""
    members = set(room.users) | set(room.invited_users)
    return len(members) == 2 and bot_user_id in members


class Listener:
    """Registers nio callbacks; answers run as tasks so that the sync loop keeps going."""

    def __init__(self, rt: Runtime, client: AsyncClient, workers: int = 8) -> None:
        self.rt, self.client, self.cfg = rt, client, rt.settings.matrix
        self.tasks: set[asyncio.Task[None]] = set()
        self.since_ms = int((datetime.now(UTC) - BACKLOG).timestamp() * 1000)
        self.slots = asyncio.Semaphore(workers)

    def register(self) -> None:
        self.client.add_event_callback(self.on_invite, InviteMemberEvent)  # type: ignore[arg-type]
        self.client.add_event_callback(self.on_message, RoomMessageText)  # type: ignore[arg-type]
        self.client.add_event_callback(self.on_undecryptable, MegolmEvent)  # type: ignore[arg-type]
        self.client.add_event_callback(self.on_reaction, ReactionEvent)  # type: ignore[arg-type]

    def _spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def drain(self, grace: float) -> None:
        """Wait up to ``grace`` seconds for answers in progress."""
        if self.tasks:
            await asyncio.wait(list(self.tasks), timeout=grace)

    async def on_invite(self, room: MatrixInvitedRoom, event: InviteMemberEvent) -> None:
        if event.state_key != self.client.user_id or event.membership != "invite":
            return
        direct = bool((event.content or {}).get("is_direct"))
        if accepts_invite(self.cfg, room.room_id, event.sender, direct):
            self._spawn(self._join(room.room_id))
        else:
            log.info("matrix: invite to %s declined (not a DM, not configured)", room.room_id)
            self._spawn(self._decline(room.room_id))

    async def _join(self, room_id: str) -> None:
        """Join; the room counts as someone's DM only once it is seen with the two of them
        (``is_direct`` is the inviter's claim, and others may be in the room)."""
        await self.client.join(room_id)

    async def _decline(self, room_id: str) -> None:
        await self.client.room_leave(room_id)

    async def on_undecryptable(self, room: MatrixRoom, event: MegolmEvent) -> None:
        """A message we hold no key for (yet): ask the sender's devices for it."""
        log.warning("matrix: cannot decrypt an event in %s (session %s); requesting the key",
                    room.room_id, event.session_id)
        try:
            await self.client.request_room_key(event)
        except Exception as exc:  # already requested
            log.debug("room key request not sent: %s", exc)

    async def on_message(self, room: MatrixRoom, event: RoomMessageText) -> None:
        if event.sender == self.client.user_id or event.server_timestamp < self.since_ms:
            return
        if (event.source.get("content") or {}).get("msgtype") == "m.notice":
            return  # other bots' notices: never answer a bot
        self._spawn(self._answer(room, event))

    async def _answer(self, room: MatrixRoom, event: RoomMessageText) -> None:
        try:
            await self._answer_now(room, event)
        except Exception:  # the homeserver went away mid-answer: logged, the sync loop goes on
            log.exception("matrix: answer in %s failed", room.room_id)

    async def _answer_now(self, room: MatrixRoom, event: RoomMessageText) -> None:
        async with self.slots:
            direct = is_dm(room, self.client.user_id)
            me = self.client.user_id
            name = room.user_name(me) or ""
            if not direct and not mentions(event.source, event.body, me, name):
                return
            text = event.body if direct else strip_mention(event.body, me, name)
            thread = None if direct else (thread_root(event.source) or event.event_id)
            await self._reply(room, event.sender, text, thread, direct)

    async def _reply(self, room: MatrixRoom, sender: str, text: str, thread: str | None,
                     direct: bool) -> None:
        """Answer ``text`` from ``sender`` in ``room`` (in ``thread``), reactions included."""
        now = datetime.now(UTC)
        person = await self.person_for(sender, now, room.room_id if direct else None)
        if asks_for_overview(text):  # the Slack Home tab's overview, as messages
            rt = self.rt
            answer_ = Answer([await overview(rt.features, rt.uow, rt.translations,
                                             lambda f: rt.configs.get(f.name), person.id, now)],
                             person.locale)
        else:
            answer_ = await self.rt.dispatcher.answer(
                incoming(person.id, text, room.room_id, thread), now)
        for reply in answer_.replies:
            content = content_of(reply, self.rt.translations.for_locale(
                reply.locale or answer_.locale))
            if thread:
                content = in_thread(content, thread)
            resp = await self.client.room_send(room.room_id, "m.room.message", content,
                                               ignore_unverified_devices=True)
            if not isinstance(resp, RoomSendResponse):
                log.warning("matrix: reply not posted: %s", getattr(resp, "status_code", resp))
                continue
            keys = offered(reply.choices)
            for key in keys:  # the scale / yes-no as reactions on the reply
                await self.client.room_send(room.room_id, "m.reaction",
                                            annotation(resp.event_id, key))
            async with self.rt.uow() as uow:
                await uow.matrix.offer_reactions(resp.event_id, room.room_id, sender, keys, now)
                await uow.commit()

    async def on_reaction(self, room: MatrixRoom, event: ReactionEvent) -> None:
        if event.sender == self.client.user_id or event.server_timestamp < self.since_ms:
            return
        self._spawn(self._react(room, event))

    async def _react(self, room: MatrixRoom, event: ReactionEvent) -> None:
        """A reaction on the bot's question answers it like typing the choice; only the person
        the question was for counts. A reaction on an older question (one no longer open) gets
        a polite note; reactions on anything else are just reactions, and ignored."""
        try:
            async with self.slots:
                async with self.rt.uow() as uow:
                    offer = await uow.matrix.reaction_offer(event.reacts_to, event.sender)
                    person = await uow.people.by_matrix_id(event.sender)
                if offer is None or offer.room_id != room.room_id:
                    return  # not the sender's question: someone else's, or no question at all
                words = answer(offer.keys, event.key)
                if words is None:
                    return  # a ❤️ on a question: a reaction, not an answer
                direct = is_dm(room, self.client.user_id)
                if not offer.current:
                    t = self.rt.translations.for_locale(person.locale if person else None)
                    content = content_of(Reply(t.gettext(
                        "This question is no longer open. Please answer my latest message "
                        "(by number or with a reaction).")), t)
                    await self.client.room_send(room.room_id, "m.room.message", content,
                                                ignore_unverified_devices=True)
                    return
            await self._reply(room, event.sender, words, None, direct)
        except Exception:
            log.exception("matrix: reaction in %s not handled", room.room_id)

    async def person_for(self, matrix_id: str, now: datetime, dm_room: str | None) -> Person:
        """The person with this Matrix id: from the directory, else created on first contact
        (id from the localpart when free, locale German until the directory says otherwise)."""
        async with self.rt.uow() as uow:
            person = await uow.people.by_matrix_id(matrix_id)
            if person is None:
                person_id = await self._free_id(uow, matrix_id)
                person = await uow.people.get_or_create(person_id, now)
                person.matrix_id = matrix_id
            if dm_room and await uow.matrix.dm_room(matrix_id) != dm_room:
                await uow.matrix.set_dm_room(matrix_id, dm_room, now)
            await uow.commit()
            return person

    async def _free_id(self, uow: Any, matrix_id: str) -> str:
        """The localpart for someone on the bot's own homeserver when that id is free; anyone
        else (another server, a taken id) gets an id from a hash, never someone else's."""
        local, _, server = matrix_id.lstrip("@").partition(":")
        own = self.client.user_id.partition(":")[2]
        if server == own and PERSON_ID.match(local.lower()) and await uow.people.get(local.lower()) is None:
            return local.lower()
        return "mx-" + hashlib.sha256(matrix_id.encode()).hexdigest()[:16]
