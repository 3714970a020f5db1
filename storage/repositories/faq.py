"""Unanswered questions and answer feedback, both without user ids."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.core import FaqFeedback, UnansweredQuestion


class FaqRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record_unanswered(self, normalized: str, example: str, locale: str, today: date) -> None:
        row = await self.session.scalar(
            select(UnansweredQuestion).where(UnansweredQuestion.normalized == normalized)
        )
        if row is None:
            self.session.add(
                UnansweredQuestion(
                    normalized=normalized, example=example, locale=locale,
                    count=1, first_seen=today, last_seen=today,
                )
            )
        else:
            row.count += 1
            row.last_seen = today
        await self.session.flush()

    async def top_unanswered(self, limit: int = 20) -> Sequence[UnansweredQuestion]:
        stmt = (
            select(UnansweredQuestion)
            .order_by(UnansweredQuestion.count.desc(), UnansweredQuestion.last_seen.desc())
            .limit(limit)
        )
        return (await self.session.scalars(stmt)).all()

    async def feedback(self, entry_id: str, helpful: bool) -> None:
        row = await self.session.get(FaqFeedback, entry_id)
        if row is None:
            row = FaqFeedback(entry_id=entry_id, helpful=0, not_helpful=0)
            self.session.add(row)
        if helpful:
            row.helpful += 1
        else:
            row.not_helpful += 1
        await self.session.flush()

    async def feedback_counts(self) -> Sequence[FaqFeedback]:
        return (await self.session.scalars(select(FaqFeedback).order_by(FaqFeedback.entry_id))).all()

    async def purge_unanswered(self, cutoff: date) -> int:
        """Forget unanswered questions last asked before ``cutoff``."""
        result = await self.session.execute(
            delete(UnansweredQuestion).where(UnansweredQuestion.last_seen < cutoff)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
