"""Shared helpers for the commitments tests: Berlin times, a recording delivery, people."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from bot.runtime import Runtime
from flows.commitments import service
from flows.commitments.messages import DigestNote as DigestNote
from flows.commitments.messages import ReminderNote
from flows.commitments.protocol import read_protocol
from storage.models.core import OutboxMessage
from storage.uow import UnitOfWork
from tests.chat import BERLIN as BERLIN
from tests.chat import at as berlin_at
from tests.chat import note as note

ROOT = Path(__file__).resolve().parents[2]
PADERBORN = ROOT / "content" / "commitments" / "paderborn-2012.yml"
WORKSHOP = "Workshop Sozial- und Gesundheitsbereich Paderborn 2012"
PEOPLE = {  # id: (name, locale)
    "schoenig": ("Frau Schönig", "de"), "fuchs": ("Herr Fuchs", "de"),
    "christen": ("Mr Christen", "en"), "beninde": ("Herr Beninde", "de"),
    "tiemann": ("Herr Tiemann", "de"), "dezernent": ("Dezernent Soziales", "de"),
    "gailus": ("Herr Gailus", "de"), "mueller": ("Herr Müller", "de"),
}


def at(day: str, hm: str = "08:00") -> datetime:
    """A Berlin wall-clock time as aware UTC; 08:00, the start of work, unless given."""
    return berlin_at(day, hm)


def reminded(payload: dict[str, Any]) -> tuple[tuple[int, str], ...]:
    """The (commitment id, stage) pairs a stored reminder is about; () for other messages."""
    found = note(payload)
    return found.items if isinstance(found, ReminderNote) else ()


class Recorder:
    """Delivery that keeps every payload (the network edge); nothing else is faked."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []

    async def deliver(self, uow: UnitOfWork, message: OutboxMessage, now: datetime) -> None:
        for person in message.recipients:
            self.sent.append((person, dict(message.payload)))


async def add_people(rt: Runtime, now: datetime) -> None:
    async with rt.uow() as uow:
        for pid, (name, locale) in PEOPLE.items():
            await uow.people.upsert(pid, now, name=name, locale=locale, source="directory")
        await uow.commit()


async def import_paderborn(rt: Runtime) -> dict[str, int]:
    """The people and the Paderborn protocol, imported the evening after the workshop;
    returns title -> id."""
    await add_people(rt, at("2012-05-22", "18:00"))
    async with rt.uow() as uow:
        await service.import_rows(uow, read_protocol(PADERBORN), at("2012-05-22", "18:00"), "test")
        await uow.commit()
    return await item_ids(rt)


async def item_ids(rt: Runtime) -> dict[str, int]:
    """Title -> id of every commitment."""
    async with rt.uow() as uow:
        return {i.title: i.id for i in await uow.commitments.items()}
