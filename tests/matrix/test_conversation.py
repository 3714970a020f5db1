"""Against a real Synapse: a person opens an encrypted DM and asks in German; the answer, with
its source, is read (decrypted) by the person's own client."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.adapters.matrix.service import MatrixService
from bot.runtime import Runtime
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
    async with rt.uow() as uow:  # the directory person, not a new contact
        assert await uow.matrix.dm_room(anna.user.user_id) == room
        assert (await uow.people.by_matrix_id(anna.user.user_id)).id == "anna.berger"  # type: ignore[union-attr]
