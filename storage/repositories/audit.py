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

    async def record(self, actor: str, action: str, target: str, now: datetime) -> None:
        self.session.add(AuditEntry(at=now, actor=actor, action=action, target=target[:200]))
        await self.session.flush()

    async def recent(self, limit: int = 100) -> Sequence[AuditEntry]:
        stmt = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
        return (await self.session.scalars(stmt)).all()

    async def purge(self, cutoff: datetime) -> int:
        result = await self.session.execute(delete(AuditEntry).where(AuditEntry.at < cutoff))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
