"""Data protection: "Meine Daten" shows participation and pairing history, erasure removes
them (not the others' history), the retention job purges old pairings but keeps round totals."""

from __future__ import annotations

from datetime import date, timedelta

from bot.runtime import Runtime
from tests.chat import Chat
from tests.lunch.helpers import MONDAY, at, directory, join_all


async def _round(rt: Runtime) -> None:
    chat = Chat(rt)
    await directory(rt, at("2026-09-01"))
    await join_all(rt, at("2026-09-01"), ["anna", "ben"])
    await chat.say("anna", "bin bis 2.9. im Urlaub", at=at("2026-09-01"), intent="lunch_pause",
                   entities={"date": date(2026, 9, 2)})
    await chat.tick(at=at(MONDAY))


async def test_show_and_erase(chat: Chat) -> None:
    await _round(chat.rt)
    [reply] = await chat.say("anna", "Was speicherst du über mich?", at=at(MONDAY, "12:00"),
                             intent="privacy_show")
    assert ("Lunch-Roulette: dabei; Standort Vegesack; Tage jeder Tag; pausiert bis "
            "2. September 2026") in reply.text
    assert "Lunch-Roulette 2026-W37: Gruppe mit Ben Kaya" in reply.text
    await chat.say("anna", "Meine Daten löschen", at=at(MONDAY, "12:00"), intent="privacy_delete")
    await chat.say("anna", "1", at=at(MONDAY, "12:00"))
    async with chat.rt.uow() as uow:
        assert await uow.lunch.participant("anna") is None
        assert [h for h in await uow.lunch.history_of("anna")] == []
        assert len(await uow.lunch.history_of("ben")) == 1
        assert await uow.lunch.participant("ben") is not None


async def test_retention_purges_old_pairings_and_keeps_round_totals(chat: Chat) -> None:
    await _round(chat.rt)
    feature, spec = chat.rt.router.jobs["privacy.retention"]
    soon = at(MONDAY) + timedelta(days=300)
    assert await chat.rt.jobs.run(feature, spec, soon, soon) is not None
    async with chat.rt.uow() as uow:
        assert len(await uow.lunch.history_of("ben")) == 1  # within the 365 days
    late = at(MONDAY) + timedelta(days=372)
    assert await chat.rt.jobs.run(feature, spec, late, late) is not None
    async with chat.rt.uow() as uow:
        assert await uow.lunch.history_of("ben") == []
        assert [r.key for r in await uow.lunch.rounds()] == ["2026-W37"]
        assert await uow.lunch.participant("ben") is not None  # taking part is not purged
