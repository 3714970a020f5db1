"""Queries for onboarding and handover journeys."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.onboarding import (
    OnboardingChecklistDone,
    OnboardingEnrolment,
    OnboardingPateProposal,
)

Enrolment = OnboardingEnrolment


class OnboardingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def enrol(self, person_id: str, journey: str, start: date, now: datetime, *,
                    lead_id: str | None = None, successor_id: str | None = None) -> Enrolment:
        row = Enrolment(person_id=person_id, journey=journey, start_date=start, lead_id=lead_id,
                        successor_id=successor_id, status="active", enrolled_at=now,
                        done_through=now, caught_up=False)
        self.session.add(row)
        await self.session.flush()
        return row

    async def get(self, enrolment_id: int) -> Enrolment | None:
        return await self.session.get(Enrolment, enrolment_id)

    async def active(self, journey: str | None = None) -> Sequence[Enrolment]:
        stmt = select(Enrolment).where(Enrolment.status == "active")
        if journey:
            stmt = stmt.where(Enrolment.journey == journey)
        return (await self.session.scalars(stmt.order_by(Enrolment.id))).all()

    async def all(self) -> Sequence[Enrolment]:
        return (await self.session.scalars(select(Enrolment).order_by(Enrolment.id))).all()

    async def of_person(self, person_id: str, active_only: bool = False) -> Sequence[Enrolment]:
        stmt = select(Enrolment).where(Enrolment.person_id == person_id)
        if active_only:
            stmt = stmt.where(Enrolment.status == "active")
        return (await self.session.scalars(stmt.order_by(Enrolment.id))).all()

    async def led_by(self, lead_id: str) -> Sequence[Enrolment]:
        stmt = select(Enrolment).where(Enrolment.lead_id == lead_id, Enrolment.status == "active")
        return (await self.session.scalars(stmt.order_by(Enrolment.id))).all()

    async def enrolled_ids(self, journey: str) -> set[str]:
        """Everyone with an enrolment on ``journey`` (active or ended, until purged)."""
        rows = await self.session.scalars(
            select(Enrolment.person_id).where(Enrolment.journey == journey))
        return set(rows)

    async def pate_load(self) -> dict[str, int]:
        """Hires per Pate/Patin: accepted in active journeys plus open proposals."""
        accepted = await self.session.execute(
            select(Enrolment.pate_id, func.count()).where(
                Enrolment.status == "active", Enrolment.pate_id.is_not(None)
            ).group_by(Enrolment.pate_id))
        load = {pid: n for pid, n in accepted.all() if pid}
        pending = await self.session.execute(
            select(OnboardingPateProposal.candidate_id, func.count()).where(
                OnboardingPateProposal.status == "proposed"
            ).group_by(OnboardingPateProposal.candidate_id))
        for pid, n in pending.all():
            load[pid] = load.get(pid, 0) + n
        return load

    async def proposals(self, enrolment_id: int) -> Sequence[OnboardingPateProposal]:
        stmt = select(OnboardingPateProposal).where(
            OnboardingPateProposal.enrolment_id == enrolment_id).order_by(OnboardingPateProposal.id)
        return (await self.session.scalars(stmt)).all()

    async def propose(self, enrolment_id: int, candidate_id: str, now: datetime) -> None:
        self.session.add(OnboardingPateProposal(enrolment_id=enrolment_id,
                                                candidate_id=candidate_id, status="proposed",
                                                proposed_at=now))
        await self.session.flush()

    async def open_proposal(self, enrolment_id: int, candidate_id: str
                            ) -> OnboardingPateProposal | None:
        return await self.session.scalar(select(OnboardingPateProposal).where(
            OnboardingPateProposal.enrolment_id == enrolment_id,
            OnboardingPateProposal.candidate_id == candidate_id,
            OnboardingPateProposal.status == "proposed"))

    async def done_items(self, enrolment_id: int) -> set[str]:
        rows = await self.session.scalars(select(OnboardingChecklistDone.item_id).where(
            OnboardingChecklistDone.enrolment_id == enrolment_id))
        return set(rows)

    async def mark_done(self, enrolment_id: int, item_id: str, now: datetime) -> bool:
        """Tick an item off; False when it already was."""
        if item_id in await self.done_items(enrolment_id):
            return False
        self.session.add(OnboardingChecklistDone(enrolment_id=enrolment_id, item_id=item_id,
                                                 done_at=now))
        await self.session.flush()
        return True

    async def delete(self, ids: Sequence[int]) -> int:
        """Delete enrolments with their ticks and proposals (explicitly: SQLite keeps no FKs)."""
        if not ids:
            return 0
        for model in (OnboardingChecklistDone, OnboardingPateProposal):
            await self.session.execute(delete(model).where(model.enrolment_id.in_(ids)))
        result = await self.session.execute(delete(Enrolment).where(Enrolment.id.in_(ids)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def purge_ended(self, cutoff: datetime) -> int:
        """Delete journeys that ended before ``cutoff``."""
        ids = list(await self.session.scalars(select(Enrolment.id).where(
            Enrolment.status == "ended", Enrolment.ended_at < cutoff)))
        return await self.delete(ids)

    async def erase_person(self, person_id: str) -> int:
        """Erase a person's own journeys and remove them as Pate/Patin, successor or candidate."""
        own = list(await self.session.scalars(
            select(Enrolment.id).where(Enrolment.person_id == person_id)))
        n = await self.delete(own)
        for column in (Enrolment.pate_id, Enrolment.successor_id, Enrolment.lead_id):
            result = await self.session.execute(
                update(Enrolment).where(column == person_id).values({column.key: None}))
            n += int(result.rowcount or 0)  # type: ignore[attr-defined]
        result = await self.session.execute(delete(OnboardingPateProposal).where(
            OnboardingPateProposal.candidate_id == person_id))
        return n + int(result.rowcount or 0)  # type: ignore[attr-defined]
