"""Shared helpers for the lunch tests: a small Bremen directory and sign-ups (times, inbox and
ticks: tests/chat.py)."""

from __future__ import annotations

from datetime import datetime

from bot.runtime import Runtime
from tests.chat import at as at

MONDAY = "2026-09-07"  # a Monday: round 2026-W37
PEOPLE: dict[str, tuple[str, str, str]] = {  # id: (name, department, site)
    "anna": ("Anna Berger", "Jugendamt", "Vegesack"),
    "ben": ("Ben Kaya", "Sozialamt", "Vegesack"),
    "cora": ("Cora Lüders", "Elterngeld", "Vegesack"),
    "dana": ("Dana Wolff", "Teilhabe", "Vegesack"),
    "emil": ("Emil Roth", "Jugendamt", "Am Wall"),
}


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
