"""The Matrix outbox delivery against a real Synapse: exactly once across a SIGKILL of the
sender (counted from the person's own client), rate limits and refusals."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from nio import MatrixRoom
from sqlalchemy import select

from bot.adapters.matrix.delivery import MatrixDelivery
from bot.adapters.matrix.service import MatrixService
from bot.config import Settings
from bot.runtime import Runtime
from flows.types import Reply
from storage import db
from storage.models.core import OutboxMessage
from storage.uow import UnitOfWork
from tests.matrix.people import PersonClient, until
from tests.matrix.synapse import Synapse, User

ROOT = Path(__file__).resolve().parent.parent.parent
N = 6


async def _queue(settings: Settings, person_id: str, matrix_id: str, n: int) -> None:
    engine = db.make_engine(settings.db_url)
    try:
        async with UnitOfWork(db.make_sessionmaker(engine)) as uow:
            now = datetime.now(UTC)
            await uow.people.upsert(person_id, now, name="Anna", matrix_id=matrix_id)
            for i in range(n):
                await uow.outbox.add(f"test:{i}", [person_id], Reply(f"Nachricht {i}").to_dict(), now)
            await uow.commit()
    finally:
        await engine.dispose()


async def _sender(settings: Settings, bot: User, tmp: Path, *flags: str) -> int:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(MATRIX_ACCESS_TOKEN=bot.access_token, FLURFUNK_DATABASE_URL=settings.db_url,
               FLURFUNK_CONFIG=str(tmp / "none.toml"), FLURFUNK_VAR_DIR=str(tmp / "var"),
               FLURFUNK_MATRIX__HOMESERVER=settings.matrix.homeserver,
               FLURFUNK_MATRIX__USER_ID=settings.matrix.user_id,
               FLURFUNK_MATRIX__STORE_DIR=settings.matrix.store_dir,
               FLURFUNK_MATRIX__SYNC_TIMEOUT_MS="500", FLURFUNK_OUTBOX__LEASE_SECONDS="1")
    with (tmp / "sender.log").open("ab") as log:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.matrix.sender_proc", *flags, cwd=ROOT, env=env,
            stdout=log, stderr=log)
        return await asyncio.wait_for(proc.wait(), 180)


async def _kill_and_restart(settings: Settings, bot: User, anna: PersonClient, tmp: Path,
                            *flags: str) -> Counter[str]:
    await _queue(settings, "anna", anna.user.user_id, N)
    assert await _sender(settings, bot, tmp, "--kill-after", "3", *flags) == -signal.SIGKILL
    assert await _sender(settings, bot, tmp, *flags) == 0, (tmp / "sender.log").read_text()[-3000:]
    await until(lambda: len(anna.texts()) >= N, 60)
    await asyncio.sleep(2)  # a duplicate would arrive by now
    return Counter(e.body for e in anna.texts())


@pytest.mark.slow
async def test_exactly_once_across_sigkill(matrix_settings: Settings, bot_user: User,
                                           person, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    anna = await person("anna")
    seen = await _kill_and_restart(matrix_settings, bot_user, anna, tmp_path)
    assert seen == Counter({f"Nachricht {i}": 1 for i in range(N)})
    assert all(e.decrypted for e in anna.texts())  # the bot opened an encrypted DM


@pytest.mark.slow
async def test_weakened_fresh_txn_ids_post_twice(matrix_settings: Settings, bot_user: User,
                                                 person, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The same kill with a fresh transaction id per attempt: the message in flight at the kill
    arrives twice, so the test above can fail."""
    anna = await person("anna")
    seen = await _kill_and_restart(matrix_settings, bot_user, anna, tmp_path, "--weak")
    # the one accepted just before the kill (the third send; which message that is depends
    # on retries under load) arrives twice, every other once
    assert sorted(seen.values()) == [1] * (N - 1) + [2]


async def test_rate_limit_is_honoured(matrix_bot: tuple[Runtime, MatrixService], synapse: Synapse,
                                      bot_user: User, person) -> None:  # type: ignore[no-untyped-def]
    """Synapse's ``M_LIMIT_EXCEEDED`` with ``retry_after_ms`` becomes a TransientError with that
    delay, which the sender turns into the message's next attempt time."""
    rt, service = matrix_bot
    anna = await person("anna")
    admin = synapse.register(f"admin-{uuid.uuid4().hex[:8]}", admin=True)
    r = synapse.admin(admin.access_token, "POST",  # 1 message a second for the bot
                      f"/_synapse/admin/v1/users/{bot_user.user_id}/override_ratelimit",
                      json={"messages_per_second": 1, "burst_count": 1})
    assert r.status_code == 200, r.text
    now = datetime.now(UTC)
    async with rt.uow() as uow:
        await uow.people.upsert("anna", now, name="Anna", matrix_id=anna.user.user_id)
        for i in range(3):
            await uow.outbox.add(f"rl:{i}", ["anna"], Reply(f"Takt {i}").to_dict(), now)
        await uow.commit()
    result = await rt.sender(service.delivery()).drain(now)
    assert result.retried >= 1 and result.failed == 0
    limited = [m for m in await _messages(rt) if m.last_error == "rate limited"]
    assert limited and all(m.status == "pending" for m in limited)
    # Synapse's retry_after_ms (<= 1 s here), not the sender's own backoff (2 s at attempt 1)
    assert all(0 < (m.not_before - now).total_seconds() < 1.9 for m in limited)


async def _messages(rt: Runtime) -> list[OutboxMessage]:
    async with rt.uow() as uow:
        return list(await uow.session.scalars(select(OutboxMessage)))


async def test_forbidden_room_fails_permanently(matrix_bot: tuple[Runtime, MatrixService],
                                                person) -> None:  # type: ignore[no-untyped-def]
    """A room the bot is not in (``M_FORBIDDEN``) fails the message at once, no retries."""
    rt, service = matrix_bot
    assert service.client is not None
    anna, ben = await person("anna"), await person("ben")
    room = await anna.open_dm(ben.user.user_id, encrypted=False)  # the bot is no member
    now = datetime.now(UTC)
    async with rt.uow() as uow:
        await uow.people.upsert("anna", now, name="Anna", matrix_id=anna.user.user_id)
        await uow.matrix.set_dm_room(anna.user.user_id, room, now)
        await uow.outbox.add("fb", ["anna"], Reply("Hallo").to_dict(), now)
        await uow.commit()
    known = MatrixRoom(room, service.client.user_id)  # as if the bot had once been in it
    for member in (service.client.user_id, anna.user.user_id):
        known.add_member(member, None, None)
    service.client.rooms[room] = known
    result = await rt.sender(service.delivery()).drain(now)
    assert (result.delivered, result.retried, result.failed) == (0, 0, 1)
    [message] = await _messages(rt)
    assert message.status == "failed" and message.last_error == "M_FORBIDDEN"


@pytest.mark.parametrize("weakened", [False, True])
async def test_dm_that_gained_a_member_is_not_used(matrix_bot: tuple[Runtime, MatrixService],
                                                   person, monkeypatch: pytest.MonkeyPatch,
                                                   weakened: bool) -> None:  # type: ignore[no-untyped-def]
    """Anna's DM with the bot into which Ben was invited is no DM any more: her reminder goes to
    a new room, Ben never sees it. Weakened (no membership check), Ben reads it."""
    rt, service = matrix_bot
    assert service.client is not None
    bot = service.client.user_id
    anna, ben = await person("anna"), await person("ben")
    room = await anna.open_dm(bot)
    await anna.until_joined(room, bot)
    await anna.client.room_invite(room, ben.user.user_id)  # ben auto-joins
    await anna.until_joined(room, ben.user.user_id)
    await until(lambda: room in service.client.rooms  # type: ignore[union-attr]
                and ben.user.user_id in service.client.rooms[room].users)  # type: ignore[union-attr]
    now = datetime.now(UTC)
    async with rt.uow() as uow:
        await uow.people.upsert("anna", now, name="Anna", matrix_id=anna.user.user_id)
        await uow.matrix.set_dm_room(anna.user.user_id, room, now)
        await uow.outbox.add("private", ["anna"], Reply("Ihre Vereinbarung ist fällig").to_dict(), now)
        await uow.commit()
    if weakened:
        monkeypatch.setattr(MatrixDelivery, "_private", lambda self, room_id, matrix_id: True)
    result = await rt.sender(service.delivery()).drain(now)
    assert result.delivered == 1
    await until(lambda: any("fällig" in e.body for e in anna.texts()), 30)
    await asyncio.sleep(1.5)
    ben_saw = any("fällig" in e.body for e in ben.texts())
    assert ben_saw is weakened
    [(where, _)] = [(r, e) for r, e in anna.messages if "fällig" in e.body]
    assert (where == room) is weakened


async def test_a_chart_arrives_with_its_message_encrypted_and_once(
        matrix_settings: Settings, bot_user: User, person, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A survey chart (a File attachment) follows its message into the person's encrypted DM:
    uploaded encrypted (the person's client decrypts the same bytes), and after a crash that
    lost the "sent" mark the message and the file are still seen once."""
    from sqlalchemy import update

    from flows.types import File

    anna = await person("anna")
    chart = tmp_path / "ergebnis.png"
    chart.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2048))
    now = datetime.now(UTC)
    async with Runtime(matrix_settings, nlu=False) as rt:
        async with rt.uow() as uow:
            await uow.people.upsert("anna", now, name="Anna", matrix_id=anna.user.user_id)
            await uow.outbox.add("survey:chart", ["anna"], Reply(
                "Ergebnis der Umfrage", attachments=(File(str(chart), "", "image/png"),)).to_dict(),
                now)
            await uow.commit()
        service = MatrixService(rt, {"MATRIX_ACCESS_TOKEN": bot_user.access_token})
        await service.start()
        try:
            assert (await rt.sender(service.delivery()).drain(now)).delivered == 1
            async with rt.uow() as uow:  # a crash after posting, before it was recorded
                await uow.session.execute(update(OutboxMessage).values(status="pending"))
                await uow.commit()
            assert (await rt.sender(service.delivery()).drain(now)).delivered == 1
            await until(lambda: len(anna.files) >= 1 and len(anna.texts()) >= 1, 60)
            await asyncio.sleep(2)  # a duplicate would arrive by now
        finally:
            await service.stop(grace=2)
    assert [e.body for e in anna.texts()] == ["Ergebnis der Umfrage"]
    [(room, image)] = anna.files
    assert type(image).__name__ == "RoomEncryptedImage" and image.body == "ergebnis.png"
    assert room == anna.messages[0][0]  # in the same DM as its message
    assert await anna.download(image) == chart.read_bytes()
