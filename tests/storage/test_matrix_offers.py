"""The Matrix reaction offers (SQLite and PostgreSQL): only a person's newest offer in a room
is current, another person's or room's offers stay, old ones are pruned."""

from __future__ import annotations

from datetime import timedelta

from bot.config import Settings
from bot.runtime import Runtime
from tests.conftest import NOW


async def test_newest_offer_is_current_per_person_and_room(settings: Settings) -> None:
    async with Runtime(settings, nlu=False) as rt:
        async with rt.uow() as uow:
            m = uow.matrix
            await m.offer_reactions("$old", "!dm", "@anna:x", {"1": "1"}, NOW - timedelta(days=40))
            await m.offer_reactions("$q1", "!dm", "@anna:x", {"1": "1", "2": "2"}, NOW)
            await m.offer_reactions("$g", "!group", "@anna:x", {"👍": "Ja"}, NOW)
            await m.offer_reactions("$q1", "!dm", "@ben:x", {"1": "1"}, NOW)
            await m.offer_reactions("$q2", "!dm", "@anna:x", {}, NOW)  # a reply without reactions
            await uow.commit()
        async with rt.uow() as uow:
            m = uow.matrix
            q1 = await m.reaction_offer("$q1", "@anna:x")
            assert q1 is not None and not q1.current and q1.keys == {"1": "1", "2": "2"}
            assert await m.reaction_offer("$q2", "@anna:x") is None
            assert (await m.reaction_offer("$g", "@anna:x")).current  # type: ignore[union-attr]
            assert (await m.reaction_offer("$q1", "@ben:x")).current  # type: ignore[union-attr]
            assert await m.reaction_offer("$old", "@anna:x") is None  # pruned after 30 days
