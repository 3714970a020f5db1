"""Job runs: the record of which scheduled slot has run."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.core import JobRun


class JobRunRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(self, job_id: str, slot: datetime, now: datetime) -> JobRun | None:
        """Insert the run for (job, slot); None when it exists already (ran or is running)."""
        run = JobRun(job_id=job_id, slot=slot, started_at=now, outcome="running")
        try:
            async with self.session.begin_nested():
                self.session.add(run)
                await self.session.flush()
        except IntegrityError:
            return None
        return run

    async def finish(self, run_id: int, now: datetime, outcome: str) -> None:
        await self.session.execute(
            update(JobRun).where(JobRun.id == run_id).values(finished_at=now, outcome=outcome)
        )

    async def last_slot(self, job_id: str) -> datetime | None:
        return await self.session.scalar(select(func.max(JobRun.slot)).where(JobRun.job_id == job_id))
