"""Shared helpers for the onboarding tests: a small directory (times, inbox and ticks come from
the conversation driver, tests/chat.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.runtime import Runtime
from flows.onboarding.messages import StepNote
from tests.chat import BERLIN as BERLIN
from tests.chat import Chat, note
from tests.chat import at as at

PEOPLE: list[dict[str, Any]] = [
    {"id": "lena", "name": "Lena Neu", "department": "Sozialamt", "lead_id": "bernd"},
    {"id": "bernd", "name": "Bernd Leiter", "department": "Sozialamt", "roles": ["lead"],
     "start_date": date(2001, 3, 1)},
    {"id": "clara", "name": "Clara Alt", "department": "Sozialamt", "lead_id": "bernd",
     "start_date": date(2005, 1, 1)},
    {"id": "dirk", "name": "Dirk Mittel", "department": "Sozialamt", "lead_id": "bernd",
     "start_date": date(2012, 1, 1)},
    {"id": "emil", "name": "Emil Anders", "department": "Ordnungsamt", "start_date": date(1999, 1, 1)},
    {"id": "sarah", "name": "Sarah Personal", "department": "Personalamt", "roles": ["admin", "hr"]},
]


async def directory(rt: Runtime, now: datetime, **overrides: dict[str, Any]) -> None:
    async with rt.uow() as uow:
        for row in PEOPLE:
            fields = {k: v for k, v in row.items() if k != "id"} | overrides.get(row["id"], {})
            await uow.people.upsert(row["id"], now, source="directory", **fields)
        await uow.commit()


async def inbox(rt: Runtime, person: str) -> list[dict[str, Any]]:
    return await Chat(rt).inbox(person)


async def tick(rt: Runtime, now: datetime) -> None:
    await Chat(rt).tick(at=now)


def step(payload: dict[str, Any]) -> str:
    """The journey step a stored message is ("" when it is none: a Pate question, a move)."""
    found = note(payload)
    return found.step if isinstance(found, StepNote) else ""
