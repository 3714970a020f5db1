"""Queries for workshops, commitments, their history and the reminders sent."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.commitments import (
    Commitment,
    CommitmentEvent,
    CommitmentNudge,
    CommitmentWorkshop,
)


class CommitmentsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def workshop(self, name: str) -> CommitmentWorkshop | None:
        return await self.session.scalar(
            select(CommitmentWorkshop).where(CommitmentWorkshop.name == name))

    async def workshops(self) -> Sequence[CommitmentWorkshop]:
        return (await self.session.scalars(
            select(CommitmentWorkshop).order_by(CommitmentWorkshop.held_on, CommitmentWorkshop.id)
        )).all()

    async def save_workshop(self, name: str, held_on: date, lead: str | None) -> CommitmentWorkshop:
        ws = await self.workshop(name)
        if ws is None:
            ws = CommitmentWorkshop(name=name, held_on=held_on, lead=lead)
            self.session.add(ws)
        else:
            ws.held_on, ws.lead = held_on, lead
        await self.session.flush()
        return ws

    async def get(self, commitment_id: int) -> Commitment | None:
        return await self.session.get(Commitment, commitment_id)

    async def by_key(self, workshop_id: int, title: str) -> Commitment | None:
        return await self.session.scalar(select(Commitment).where(
            Commitment.workshop_id == workshop_id, Commitment.title == title))

    async def add(self, item: Commitment) -> Commitment:
        self.session.add(item)
        await self.session.flush()
        return item

    async def items(self, workshop_id: int | None = None, open_only: bool = False
                    ) -> Sequence[Commitment]:
        stmt = select(Commitment)
        if workshop_id is not None:
            stmt = stmt.where(Commitment.workshop_id == workshop_id)
        if open_only:
            stmt = stmt.where(Commitment.status != "done")
        return (await self.session.scalars(stmt.order_by(Commitment.due, Commitment.id))).all()

    async def for_person(self, person_id: str, open_only: bool = True) -> list[Commitment]:
        """Commitments ``person_id`` owns (JSON lists are filtered here: portable, small)."""
        return [c for c in await self.items(open_only=open_only) if person_id in c.owners]

    async def add_event(self, commitment_id: int, now: datetime, kind: str, actor: str,
                        text: str = "", old_due: date | None = None,
                        new_due: date | None = None) -> None:
        self.session.add(CommitmentEvent(commitment_id=commitment_id, at=now, kind=kind,
                                         actor=actor, text=text, old_due=old_due,
                                         new_due=new_due))
        await self.session.flush()

    async def events(self, ids: Iterable[int]) -> dict[int, list[CommitmentEvent]]:
        ids = list(ids)
        out: dict[int, list[CommitmentEvent]] = {i: [] for i in ids}
        if ids:
            rows = await self.session.scalars(
                select(CommitmentEvent).where(CommitmentEvent.commitment_id.in_(ids))
                .order_by(CommitmentEvent.at, CommitmentEvent.id))
            for e in rows:
                out[e.commitment_id].append(e)
        return out

    async def events_by(self, actor: str) -> Sequence[CommitmentEvent]:
        return (await self.session.scalars(
            select(CommitmentEvent).where(CommitmentEvent.actor == actor))).all()

    async def nudges(self, person_ids: Iterable[str]) -> dict[str, list[CommitmentNudge]]:
        """The sent-log of these people, in one query."""
        ids = list(person_ids)
        out: dict[str, list[CommitmentNudge]] = {p: [] for p in ids}
        if ids:
            rows = await self.session.scalars(
                select(CommitmentNudge).where(CommitmentNudge.person_id.in_(ids)))
            for n in rows:
                out[n.person_id].append(n)
        return out

    async def record_nudge(self, commitment_id: int, person_id: str, due: date, kind: str,
                           day: date, outbox_key: str) -> None:
        self.session.add(CommitmentNudge(commitment_id=commitment_id, person_id=person_id,
                                         due=due, kind=kind, day=day, outbox_key=outbox_key))
        await self.session.flush()
