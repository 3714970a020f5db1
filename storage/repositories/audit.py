"""The audit log of admin actions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.core import AuditEntry


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(self, actor: str, action: str, target: str, now: datetime) -> int:
        entry = AuditEntry(at=now, actor=actor[:64], action=action[:64], target=target[:200])
        self.session.add(entry)
        await self.session.flush()
        return entry.id

    async def relabel(self, entry_id: int, action: str) -> None:
        """Change what an entry says happened (``survey.send`` -> ``survey.send:failed``)."""
        entry = await self.session.get(AuditEntry, entry_id)
        if entry is not None:
            entry.action = action[:64]
            await self.session.flush()

    async def recent(self, limit: int = 100) -> Sequence[AuditEntry]:
        stmt = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
        return (await self.session.scalars(stmt)).all()

    async def purge(self, cutoff: datetime) -> int:
        result = await self.session.execute(delete(AuditEntry).where(AuditEntry.at < cutoff))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
