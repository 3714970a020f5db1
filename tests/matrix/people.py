"""A person's own Matrix client (matrix-nio with encryption): what they see is what counts."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nio import (
    AsyncClient,
    AsyncClientConfig,
    InviteMemberEvent,
    MatrixRoom,
    MegolmEvent,
    ReactionEvent,
    RoomCreateResponse,
    RoomEncryptedFile,
    RoomEncryptedImage,
    RoomMessageFile,
    RoomMessageImage,
    RoomMessageNotice,
    RoomMessageText,
    RoomPreset,
    RoomSendResponse,
)
from nio.api import Api
from nio.event_builders import EnableEncryptionBuilder
from nio.store import SqliteStore

from tests.matrix.synapse import User


class PersonClient:
    """Syncs in the background; ``messages`` holds every decrypted text event it received."""

    def __init__(self, client: AsyncClient, user: User) -> None:
        self.client, self.user = client, user
        self.messages: list[tuple[str, RoomMessageText | RoomMessageNotice]] = []  # (room id, event)
        self.undecryptable: list[MegolmEvent] = []
        self.reactions: list[tuple[str, ReactionEvent]] = []  # (room id, event), others' only
        self.files: list[tuple[str, Any]] = []  # (room id, image or file event), others' only
        self.task: asyncio.Task[None] | None = None

    @classmethod
    async def start(cls, url: str, user: User, store: Path) -> PersonClient:
        await asyncio.to_thread(store.mkdir, parents=True, exist_ok=True)
        client = AsyncClient(url, user.user_id, store_path=str(store), config=AsyncClientConfig(
            store=SqliteStore, encryption_enabled=True, max_limit_exceeded=None))
        client.restore_login(user.user_id, user.device_id, user.access_token)
        self = cls(client, user)
        await client.keys_upload()
        await client.sync(timeout=0, full_state=True)
        client.add_event_callback(self._on_text, RoomMessageText)  # type: ignore[arg-type]
        client.add_event_callback(self._on_text, RoomMessageNotice)  # type: ignore[arg-type]
        client.add_event_callback(self._on_megolm, MegolmEvent)  # type: ignore[arg-type]
        client.add_event_callback(self._on_reaction, ReactionEvent)  # type: ignore[arg-type]
        client.add_event_callback(self._on_file, (RoomMessageImage, RoomEncryptedImage,  # type: ignore[arg-type]
                                                  RoomMessageFile, RoomEncryptedFile))
        client.add_event_callback(self._on_invite, InviteMemberEvent)  # type: ignore[arg-type]
        self.task = asyncio.create_task(client.sync_forever(timeout=500, full_state=False))
        return self

    async def _on_text(self, room: MatrixRoom, event: RoomMessageText | RoomMessageNotice) -> None:
        if event.sender != self.user.user_id:
            self.messages.append((room.room_id, event))

    async def _on_reaction(self, room: MatrixRoom, event: ReactionEvent) -> None:
        if event.sender != self.user.user_id:
            self.reactions.append((room.room_id, event))

    async def _on_file(self, room: MatrixRoom, event: Any) -> None:
        if event.sender != self.user.user_id:
            self.files.append((room.room_id, event))

    async def download(self, event: Any) -> bytes:
        """The file an image/file event carries, decrypted when it came encrypted."""
        from nio.crypto.attachments import decrypt_attachment

        resp = await self.client.download(event.url)
        body: bytes = resp.body  # type: ignore[union-attr]
        if getattr(event, "key", None):
            return bytes(decrypt_attachment(body, event.key["k"], event.hashes["sha256"], event.iv))
        return body

    def keys_on(self, event_id: str) -> list[str]:
        """The reaction keys others (the bot) put on ``event_id``, in order."""
        return [e.key for _, e in self.reactions if e.reacts_to == event_id]

    async def react(self, room_id: str, event_id: str, key: str, encrypted: bool = False) -> str:
        """A reaction as nio sends it (in the clear), or ``encrypted`` as Element does in an
        encrypted room."""
        content = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}}
        if not encrypted:
            resp = await self.client.room_send(room_id, "m.reaction", content)
        else:
            if self.client.olm and self.client.olm.should_share_group_session(room_id):
                await self.client.share_group_session(room_id, ignore_unverified_devices=True)
            kind, sealed = self.client.encrypt(room_id, "m.reaction", content)
            method, path, data = Api.room_send(self.client.access_token, room_id, kind, sealed,
                                               uuid.uuid4().hex)
            resp = await self.client._send(RoomSendResponse, method, path, data, (room_id,))
        assert isinstance(resp, RoomSendResponse), resp
        return str(resp.event_id)

    async def _on_megolm(self, room: MatrixRoom, event: MegolmEvent) -> None:
        self.undecryptable.append(event)

    async def _on_invite(self, room: Any, event: InviteMemberEvent) -> None:
        if event.state_key == self.user.user_id and event.membership == "invite":
            await self.client.join(room.room_id)  # people accept the bot's DMs

    async def open_dm(self, other: str, encrypted: bool = True) -> str:
        state = [EnableEncryptionBuilder().as_dict()] if encrypted else []
        resp = await self.client.room_create(is_direct=True, invite=[other], initial_state=state,
                                             preset=RoomPreset.trusted_private_chat)
        assert isinstance(resp, RoomCreateResponse), resp
        return str(resp.room_id)

    async def open_room(self, invite: list[str], encrypted: bool = True) -> str:
        state = [EnableEncryptionBuilder().as_dict()] if encrypted else []
        resp = await self.client.room_create(invite=invite, initial_state=state, name="Team")
        assert isinstance(resp, RoomCreateResponse), resp
        return str(resp.room_id)

    async def until_joined(self, room_id: str, user_id: str, wait: float = 30) -> None:
        await until(lambda: room_id in self.client.rooms
                    and user_id in self.client.rooms[room_id].users, wait)

    async def say(self, room_id: str, text: str, **extra: Any) -> str:
        await until(lambda: room_id in self.client.rooms)
        resp = await self.client.room_send(room_id, "m.room.message",
                                           {"msgtype": "m.text", "body": text, **extra},
                                           ignore_unverified_devices=True)
        assert isinstance(resp, RoomSendResponse), resp
        return str(resp.event_id)

    def texts(self, room_id: str | None = None) -> list[RoomMessageText | RoomMessageNotice]:
        return [e for r, e in self.messages if room_id is None or r == room_id]

    async def close(self) -> None:
        if self.task is not None:
            self.task.cancel()
            try:
                await self.task
            except (asyncio.CancelledError, Exception):
                pass
        await self.client.close()


async def until(check: Callable[[], bool], wait: float = 30) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while not check():
        if loop.time() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.05)
