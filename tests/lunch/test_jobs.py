"""The weekly round job: once per slot, group messages through the outbox, the lone person,
biweekly rhythm, the follow-up counted per round."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.config import Settings
from bot.runtime import Runtime
from flows.types import Action, JobContext
from tests.chat import Chat
from tests.lunch.helpers import MONDAY, at, directory, join_all


@asynccontextmanager
async def start(settings: Settings, **config: object) -> AsyncIterator[Runtime]:
    if "state" in config:  # the holidays come from the one [calendar]
        settings.calendar.state = str(config.pop("state"))
    settings.features["lunch"] = dict(config)
    async with Runtime(settings, nlu=False) as rt:
        await directory(rt, at("2026-09-01"))
        await join_all(rt, at("2026-09-01"), ["anna", "ben", "cora", "dana", "emil"])
        yield rt


def _job(rt: Runtime, job_id: str):  # type: ignore[no-untyped-def]
    return next((f, s) for f, s in rt.jobs.jobs if s.id == job_id)


async def test_round_runs_once_per_slot_and_groups_get_one_message(settings: Settings) -> None:
    async with start(settings) as rt:
        chat = Chat(rt)
        feature, spec = _job(rt, "lunch.run_round")
        async with rt.uow() as uow:  # the job itself, twice for the same moment
            first = await spec.func(JobContext(uow, rt.translations, rt.configs["lunch"],
                                               resources=feature.resources),
                                    at(MONDAY))
            second = await spec.func(JobContext(uow, rt.translations, rt.configs["lunch"],
                                               resources=feature.resources),
                                     at(MONDAY, "09:05"))
            await uow.commit()
        assert (first, second) == (3, 0)  # two pairs at Vegesack, Emil alone at Am Wall
        await chat.tick(at=at(MONDAY, "09:10"))  # the scheduler's slot: nothing new either
        async with rt.uow() as uow:
            assert await uow.outbox.counts() == {"delivered": 3}
            rnd = await uow.lunch.round_by_key("2026-W37")
            assert rnd is not None and rnd.relaxed == [
                {"site": "Am Wall", "constraint": "alone", "count": 1}]
        got = {p: await chat.inbox(p) for p in ("anna", "ben", "cora", "dana", "emil")}
        assert all(len(msgs) == 1 for msgs in got.values())
        anna = got["anna"][0]["text"]
        partner = next(p for p in ("ben", "cora", "dana") if got[p][0]["text"] == anna)
        name, dept, _ = {"ben": ("Ben Kaya", "Sozialamt", 0), "cora": ("Cora Lüders", "Elterngeld", 0),
                         "dana": ("Dana Wolff", "Teilhabe", 0)}[partner]
        assert anna.startswith("Lunch-Roulette: Diese Woche gehen Sie gemeinsam Mittag essen!\n")
        assert "• Anna Berger (Jugendamt, Vegesack)" in anna and f"• {name} ({dept}, Vegesack)" in anna
        assert "Ein Tag, der allen passt: " in anna and "Eine Frage zum Einstieg: " in anna
        assert "@" not in anna  # name, department and site only
        assert got["anna"][0]["choices"][0]["label"] == "Passt diese Woche nicht"
        assert "am Standort Am Wall leider niemand" in got["emil"][0]["text"]


async def test_scheduler_slot_and_biweekly_rhythm(settings: Settings) -> None:
    async with start(settings, every_weeks=2, anchor="2026-09-14") as rt:
        chat = Chat(rt)
        await chat.tick(at=at(MONDAY, "09:01"))  # off week: nothing
        async with rt.uow() as uow:
            assert await uow.lunch.rounds() == []
        await chat.tick(at=at("2026-09-14", "09:01"))
        await chat.tick(at=at("2026-09-14", "09:02"))
        await chat.tick(at=at("2026-09-21", "09:01"))  # off week again
        async with rt.uow() as uow:
            assert [r.key for r in await uow.lunch.rounds()] == ["2026-W38"]
        assert len(await chat.inbox("anna")) == 1


async def test_followup_counts_per_round_only(settings: Settings) -> None:
    async with start(settings) as rt:
        chat = Chat(rt)
        await chat.tick(at=at(MONDAY, "09:00"))
        await chat.tick(at=at("2026-09-09", "14:00"))  # Wednesday: too early
        assert len(await chat.inbox("anna")) == 1
        await chat.tick(at=at("2026-09-10", "14:00"))  # Thursday
        await chat.tick(at=at("2026-09-11", "14:00"))  # Friday: asked only once
        asks = [m for m in await chat.inbox("anna") if m["choices"] and "geklappt" in m["text"]]
        assert len(asks) == 1 and not [m for m in await chat.inbox("emil") if "geklappt" in m["text"]]
        yes = asks[0]["choices"][0]
        action = Action(yes["action"], yes["value"])
        assert "Gesamtzahl dieser Runde" in (await chat.press("anna", action, at=at("2026-09-11")))[0].text
        assert "schon geantwortet" in (await chat.press("anna", action, at=at("2026-09-11")))[0].text
        no = Action(asks[0]["choices"][1]["action"], asks[0]["choices"][1]["value"])
        await chat.press("ben", no, at=at("2026-09-11"))
        assert "nicht an Sie" in (await chat.press("emil", no, at=at("2026-09-11")))[0].text
        async with rt.uow() as uow:
            rnd = await uow.lunch.round_by_key("2026-W37")
            assert rnd is not None and (rnd.met_yes, rnd.met_no) == (1, 1)


async def test_pairs_are_not_repeated_in_the_next_weeks(settings: Settings) -> None:
    async with start(settings) as rt:
        chat = Chat(rt)
        seen: set[frozenset[str]] = set()
        for monday in ("2026-09-07", "2026-09-14", "2026-09-21"):
            await chat.tick(at=at(monday, "09:00"))
            async with rt.uow() as uow:
                rnd = await uow.lunch.rounds()
                groups = await uow.lunch.groups(rnd[-1].id)
            pairs = {frozenset(m.person_id for m in members) for _, members in groups}
            assert not pairs & seen  # four people at Vegesack: three rounds without a repeat
            seen |= pairs
        assert len(seen) == 6


async def test_no_lunch_day_on_a_public_holiday(settings: Settings) -> None:
    async with start(settings, state="HB") as rt:
        chat = Chat(rt)
        many = {f"p{i:02d}": (f"Person {i}", f"Amt {i % 7}", "Vegesack") for i in range(30)}
        await directory(rt, at("2026-12-01"), many)
        await join_all(rt, at("2026-12-01"), list(many))
        await chat.tick(at=at("2026-12-21", "09:00"))  # Christmas week: 25 December is a Friday
        async with rt.uow() as uow:
            rnd = await uow.lunch.round_by_key("2026-W52")
            assert rnd is not None
            days = [g.weekday for g, _ in await uow.lunch.groups(rnd.id)]
        assert len(days) == 17 and 4 not in days and len(set(days)) > 1
