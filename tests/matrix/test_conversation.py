"""Against a real Synapse: a person opens an encrypted DM and asks in German; the answer, with
its source, is read (decrypted) by the person's own client."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from bot.adapters.matrix.service import MatrixService
from bot.runtime import Runtime
from tests.chat import FixedParser
from tests.matrix.people import until


async def test_encrypted_dm_question_gets_sourced_answer(matrix_bot: tuple[Runtime, MatrixService],
                                                         person) -> None:  # type: ignore[no-untyped-def]
    rt, service = matrix_bot
    anna = await person("anna")
    async with rt.uow() as uow:
        await uow.people.upsert("anna.berger", datetime.now(UTC), name="Anna Berger",
                                matrix_id=anna.user.user_id, locale="de")
        await uow.commit()
    room = await anna.open_dm(service.client.user_id)  # type: ignore[union-attr]
    await anna.until_joined(room, service.client.user_id)  # type: ignore[union-attr]
    await anna.say(room, "Wie viel darf ich mobil arbeiten?")
    await until(lambda: bool(anna.texts(room)) or bool(anna.undecryptable), 20)
    assert not anna.undecryptable
    answer = anna.texts(room)[0]
    assert answer.decrypted  # it came encrypted and Anna's device could read it
    assert "40 Prozent" in answer.body
    assert "> Quelle: Stuttgart" in answer.body
    assert "<blockquote>Quelle: Stuttgart" in (answer.formatted_body or "")
    assert "1. Hilfreich\n2. Nicht hilfreich" in answer.body  # the choices, numbered
    await anna.say(room, "1")  # answered by number
    await until(lambda: len(anna.texts(room)) >= 2, 30)
    assert anna.texts(room)[1].body.startswith("Danke")
    async with rt.uow() as uow:
        assert [(f.entry_id, f.helpful) for f in await uow.faq.feedback_counts()] == [
            ("mobile-work-extent", 1)]
    async with rt.uow() as uow:  # the directory person, not a new contact
        assert await uow.matrix.dm_room(anna.user.user_id) == room
        assert (await uow.people.by_matrix_id(anna.user.user_id)).id == "anna.berger"  # type: ignore[union-attr]


async def test_group_room_invite_policy_and_mention_in_thread(
        matrix_bot: tuple[Runtime, MatrixService], person) -> None:  # type: ignore[no-untyped-def]
    """Group rooms: an invite from someone who is no admin is declined; an admin's is accepted;
    there the bot answers only when mentioned, in a thread under the question."""
    rt, service = matrix_bot
    assert service.client is not None
    bot = service.client.user_id
    anna, ben = await person("anna"), await person("ben")
    declined = await ben.open_room([bot, anna.user.user_id])
    await until(lambda: declined in ben.client.rooms
                and bot in ben.client.rooms[declined].invited_users)
    await until(lambda: bot not in ben.client.rooms[declined].invited_users)  # the bot declined
    assert bot not in ben.client.rooms[declined].users
    rt.settings.matrix.admins = f"@someone:else, {anna.user.user_id}"
    room = await anna.open_room([bot, ben.user.user_id])
    await anna.until_joined(room, bot)
    assert declined not in service.client.rooms
    await anna.say(room, "Wie viel darf ich mobil arbeiten?")  # no mention: not for the bot
    question = await anna.say(room, f"{bot}: Wie viel darf ich mobil arbeiten?",
                              **{"m.mentions": {"user_ids": [bot]}})
    await until(lambda: bool(anna.texts(room)), 60)
    await asyncio.sleep(1.5)  # an answer to the first message would be here by now
    [answer] = anna.texts(room)
    assert answer.decrypted and "40 Prozent" in answer.body
    relation = answer.source["content"]["m.relates_to"]
    assert relation["rel_type"] == "m.thread" and relation["event_id"] == question


async def test_question_sent_while_the_bot_was_down_is_answered_after_start(
        matrix_settings, bot_user, person) -> None:  # type: ignore[no-untyped-def]
    """A restart (same device, same store) picks up where the last sync stopped: the question
    asked in between is answered, in the encrypted DM, once."""
    anna = await person("anna")
    async with Runtime(matrix_settings, parser=FixedParser()) as rt:
        first = MatrixService(rt, {"MATRIX_ACCESS_TOKEN": bot_user.access_token})
        await first.start()
        room = await anna.open_dm(bot_user.user_id)
        await anna.until_joined(room, bot_user.user_id)
        await first.stop()
        await anna.say(room, "Wie viel darf ich mobil arbeiten?")
        second = MatrixService(rt, {"MATRIX_ACCESS_TOKEN": bot_user.access_token})
        await second.start()
        try:
            await until(lambda: bool(anna.texts(room)), 60)
            await asyncio.sleep(1.5)
            [answer] = anna.texts(room)
            assert answer.decrypted and "40 Prozent" in answer.body
        finally:
            await second.stop()
