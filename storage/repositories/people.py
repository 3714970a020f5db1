"""The people directory."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Text, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.core import Person

PERSON_FIELDS = (
    "name", "email", "department", "site", "lead_id", "locale", "start_date", "slack_id", "roles",
    "source", "matrix_id",
)


class PeopleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, person_id: str) -> Person | None:
        return await self.session.get(Person, person_id)

    async def get_many(self, ids: Iterable[str]) -> dict[str, Person]:
        ids = list(ids)
        if not ids:
            return {}
        rows = await self.session.scalars(select(Person).where(Person.id.in_(ids)))
        return {p.id: p for p in rows}

    async def by_slack_id(self, slack_id: str) -> Person | None:
        return await self.session.scalar(select(Person).where(Person.slack_id == slack_id))

    async def by_matrix_id(self, matrix_id: str) -> Person | None:
        return await self.session.scalar(select(Person).where(Person.matrix_id == matrix_id))

    async def by_email(self, email: str) -> Person | None:
        return await self.session.scalar(
            select(Person).where(func.lower(Person.email) == email.strip().lower()).limit(1))

    async def all(self) -> Sequence[Person]:
        return (await self.session.scalars(select(Person).order_by(Person.id))).all()

    async def get_or_create(self, person_id: str, now: datetime, locale: str = "de") -> Person:
        """Return the person, creating an unknown one on first contact with locale ``de``."""
        person = await self.get(person_id)
        if person is None:
            person = Person(id=person_id, name="", locale=locale, roles=[], source="contact",
                            created_at=now)
            self.session.add(person)
            await self.session.flush()
        return person

    async def upsert(self, person_id: str, now: datetime, **fields: Any) -> tuple[Person, bool]:
        """Create or update a person; returns (person, created)."""
        unknown = set(fields) - set(PERSON_FIELDS)
        if unknown:
            raise ValueError(f"unknown person fields: {sorted(unknown)}")
        person = await self.get(person_id)
        created = person is None
        if person is None:
            person = Person(id=person_id, created_at=now, roles=[], locale="de", name="",
                            source="directory")
            self.session.add(person)
        for key, value in fields.items():
            setattr(person, key, value)
        await self.session.flush()
        return person, created

    async def delete(self, person_id: str) -> None:
        person = await self.get(person_id)
        if person is not None:
            await self.session.delete(person)
            await self.session.flush()

    async def with_role(self, role: str) -> list[Person]:
        """People holding ``role`` (a LIKE pre-filter on the JSON list, checked exactly)."""
        rows = await self.session.scalars(
            select(Person).where(func.cast(Person.roles, Text).like(f'%"{role}"%'))
        )
        return [p for p in rows if role in p.roles]
