"""Shared helpers for the lunch tests: Berlin times, a small Bremen directory, the inbox."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.runtime import Runtime
from flows.types import Action, Incoming, Reply
from tests.onboarding.helpers import inbox, tick

__all__ = ["inbox", "tick"]  # shared runtime helpers: read the local inbox, run due jobs

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = "2026-09-07"  # a Monday: round 2026-W37
PEOPLE: dict[str, tuple[str, str, str]] = {  # id: (name, department, site)
    "anna": ("Anna Berger", "Jugendamt", "Vegesack"),
    "ben": ("Ben Kaya", "Sozialamt", "Vegesack"),
    "cora": ("Cora Lüders", "Elterngeld", "Vegesack"),
    "dana": ("Dana Wolff", "Teilhabe", "Vegesack"),
    "emil": ("Emil Roth", "Jugendamt", "Am Wall"),
}


def at(day: str, hm: str = "09:00") -> datetime:
    """A Berlin wall-clock time as aware UTC."""
    return datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=BERLIN).astimezone(UTC)


async def directory(rt: Runtime, now: datetime, people: dict[str, tuple[str, str, str]] = PEOPLE,
                    locale: str = "de") -> None:
    async with rt.uow() as uow:
        for pid, (name, dept, site) in people.items():
            await uow.people.upsert(pid, now, name=name, department=dept, site=site,
                                    locale=locale, source="directory")
        await uow.commit()


async def join_all(rt: Runtime, now: datetime, ids: list[str]) -> None:
    async with rt.uow() as uow:
        for pid in ids:
            await uow.lunch.join(pid, now)
        await uow.commit()


async def say(rt: Runtime, user: str, text: str, now: datetime) -> list[Reply]:
    return await rt.dispatcher.handle(Incoming(user, text=text), now)


async def press(rt: Runtime, user: str, action: Action, now: datetime) -> list[Reply]:
    return await rt.dispatcher.handle(Incoming(user, action=action), now)
