"""Against a real Synapse: a survey answered by number and by reaction (the bot puts the scale
on its question as reactions; the person's reaction answers, encrypted like Element's or in
the clear like nio's; a reaction on an older question gets a polite note), and a lunch round
that opens one encrypted group room where every member reads the message exactly once, also
when the delivery is repeated after a crash."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from bot.adapters.matrix.reactions import KEYCAPS, NO, YES
from bot.adapters.matrix.service import MatrixService
from bot.config import Settings
from bot.runtime import Runtime
from flows.types import JobContext
from storage.models.core import OutboxMessage
from tests.chat import FixedParser, understood
from tests.lunch.helpers import MONDAY, at, join_all
from tests.matrix.people import PersonClient, until
from tests.matrix.synapse import User
from tests.survey.helpers import add_people, create, sealed_answers, send


@pytest.fixture
def matrix_settings(matrix_settings: Settings, tmp_path: Path) -> Settings:
    matrix_settings.features["survey"] = {"chart_dir": str(tmp_path / "charts"),
                                          "key_dir": str(tmp_path / "keys")}
    return matrix_settings


def _bot_texts(client: PersonClient, room: str) -> list[str]:
    return [e.body for e in client.texts(room)]


async def _next(client: PersonClient, room: str, n: int, wait: float = 30):  # type: ignore[no-untyped-def]
    await until(lambda: len(client.texts(room)) >= n, wait)
    return client.texts(room)[n - 1]


async def test_survey_answered_by_number_and_by_reaction(
        matrix_bot: tuple[Runtime, MatrixService], person, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rt, service = matrix_bot
    assert service.client is not None
    bot = service.client.user_id
    now = datetime.now(UTC)
    anna = await person("anna")
    await add_people(rt, [("anna.berger", "Sozialamt")], now)
    async with rt.uow() as uow:
        await uow.people.upsert("anna.berger", now, matrix_id=anna.user.user_id)
        await uow.commit()
    await create(rt, tmp_path, now=now)
    run = await send(rt, "puls", now)
    room = await anna.open_dm(bot)
    await anna.until_joined(room, bot)

    understood(rt, "survey_start")  # what "Umfrage" is taken for (tests/e2e/ types it)
    await anna.say(room, "Umfrage")
    q1 = await _next(anna, room, 1)
    assert q1.decrypted and q1.body.startswith("Frage 1 von 4: Die Technik reicht aus.")
    await until(lambda: len(anna.keys_on(q1.event_id)) == 5)  # the 1-5 scale as reactions
    assert anna.keys_on(q1.event_id) == [KEYCAPS[str(n)] for n in range(1, 6)]

    await anna.say(room, "4")  # by number
    q2 = await _next(anna, room, 2)
    assert q2.body.startswith("Frage 2 von 4") and "0 = überhaupt nicht" in q2.body
    await until(lambda: len(anna.keys_on(q2.event_id)) == 11)  # 0 … 10
    assert anna.keys_on(q2.event_id)[-1] == KEYCAPS["10"]

    await anna.react(room, q2.event_id, "7\u20e3", encrypted=True)  # by reaction, as Element does
    q3 = await _next(anna, room, 3)
    assert q3.body.startswith("Frage 3 von 4")
    await anna.react(room, q1.event_id, KEYCAPS["2"])  # the first question is no longer open
    note = await _next(anna, room, 4)
    assert note.body.startswith("Diese Frage ist nicht mehr offen")
    await anna.react(room, q3.event_id, "❤️")  # a reaction that is no answer: just a reaction
    await asyncio.sleep(1.5)
    assert len(anna.texts(room)) == 4
    stored = await sealed_answers(rt, run.id, "anna.berger")
    assert stored is not None and stored["technik"] == 4 and stored["empfehlung"] == 7


async def test_only_the_asker_answers_by_reaction_in_a_group_room(
        matrix_bot: tuple[Runtime, MatrixService], person) -> None:  # type: ignore[no-untyped-def]
    """In a group room (unencrypted here) the FAQ answer offers 👍/👎 to the one who asked; a
    colleague's 👍 is just a reaction; the asker's 👍 is their feedback."""
    rt, service = matrix_bot
    assert service.client is not None
    bot = service.client.user_id
    anna, ben = await person("anna"), await person("ben")
    rt.settings.matrix.admins = anna.user.user_id
    room = await anna.open_room([bot, ben.user.user_id], encrypted=False)
    await anna.until_joined(room, bot)
    await ben.until_joined(room, ben.user.user_id)
    await anna.say(room, f"{bot}: Wie viel darf ich mobil arbeiten?",
                   **{"m.mentions": {"user_ids": [bot]}})
    answer = await _next(anna, room, 1, 60)
    assert not answer.decrypted and "40 Prozent" in answer.body
    await until(lambda: anna.keys_on(answer.event_id) == [YES, NO])
    await until(lambda: ben.keys_on(answer.event_id) == [YES, NO])
    await ben.react(room, answer.event_id, YES)  # not Ben's question
    await asyncio.sleep(1.5)
    async with rt.uow() as uow:
        assert await uow.faq.feedback_counts() == []
    await anna.react(room, answer.event_id, YES)
    await until(lambda: len(anna.texts(room)) >= 2, 30)
    assert anna.texts(room)[1].body.startswith("Danke")
    async with rt.uow() as uow:
        assert [(f.entry_id, f.helpful) for f in await uow.faq.feedback_counts()] == [
            ("mobile-work-extent", 1)]


async def test_lunch_round_opens_one_group_room(matrix_settings: Settings,
                                                bot_user: User, person) -> None:  # type: ignore[no-untyped-def]
    matrix_settings.features["lunch"] = {}
    clients = {name: await person(name) for name in ("anna", "ben", "cora")}
    async with Runtime(matrix_settings, parser=FixedParser()) as rt:
        async with rt.uow() as uow:
            for name, c in clients.items():
                await uow.people.upsert(name, at("2026-09-01"), name=name.title(),
                                        department=name, site="Vegesack", locale="de",
                                        source="directory", matrix_id=c.user.user_id)
            await uow.commit()
        await join_all(rt, at("2026-09-01"), list(clients))
        service = MatrixService(rt, {"MATRIX_ACCESS_TOKEN": bot_user.access_token})
        await service.start()
        try:
            feature, spec = next((f, s) for f, s in rt.jobs.jobs if s.id == "lunch.run_round")
            async with rt.uow() as uow:
                groups = await spec.func(JobContext(uow, rt.translations, rt.configs["lunch"],
                                                    resources=feature.resources), at(MONDAY))
                await uow.commit()
            assert groups == 1  # the three of them at Vegesack
            result = await rt.sender(service.delivery()).drain(at(MONDAY, "09:10"))
            assert result.delivered == 1, result
            async with rt.uow() as uow:  # a crash after posting, before it was recorded
                await uow.session.execute(update(OutboxMessage).values(status="pending"))
                await uow.commit()
            again = await rt.sender(service.delivery()).drain(at(MONDAY, "09:20"))  # no cache
            assert again.delivered == 1, again
            for c in clients.values():
                await until(lambda c=c: any(e.body.startswith("Lunch-Roulette") for e in c.texts()), 30)
            await asyncio.sleep(2)  # a duplicate would arrive by now
            ids = {c.user.user_id for c in clients.values()} | {bot_user.user_id}
            for c in clients.values():
                seen = Counter((r, e.body) for r, e in c.messages if e.body.startswith("Lunch-Roulette"))
                assert list(seen.values()) == [1], seen  # one message, in one room
                [(room_id, _)] = seen
                await c.until_joined(room_id, c.user.user_id)
                room = c.client.rooms[room_id]
                assert room.encrypted and set(room.users) == ids
                assert all(e.decrypted for r, e in c.messages if r == room_id)
        finally:
            await service.stop(grace=2)


async def test_a_group_alias_squatted_by_someone_else_is_refused(
        matrix_settings: Settings, bot_user: User, person) -> None:  # type: ignore[no-untyped-def]
    """Someone who guesses a group's alias and opens a room under it first (room version 11,
    whose create event has no ``creator`` field, readable by anyone) gets no group message
    posted into their room: the create event's sender decides."""
    from nio import RoomCreateResponse, RoomVisibility

    from bot.outbox import PermanentError

    anna, ben = await person("anna"), await person("ben")
    async with Runtime(matrix_settings, parser=FixedParser()) as rt:
        service = MatrixService(rt, {"MATRIX_ACCESS_TOKEN": bot_user.access_token})
        await service.start()
        try:
            delivery = service.delivery()
            ids = [anna.user.user_id, ben.user.user_id]
            squat = await anna.client.room_create(
                alias=delivery.group_alias(ids), visibility=RoomVisibility.public,
                room_version="11", initial_state=[{
                    "type": "m.room.history_visibility", "state_key": "",
                    "content": {"history_visibility": "world_readable"}}])
            assert isinstance(squat, RoomCreateResponse), squat
            with pytest.raises(PermanentError, match="taken by another room"):
                await delivery.group_room(ids)
        finally:
            await service.stop(grace=2)
