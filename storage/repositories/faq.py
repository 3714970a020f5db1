"""Unanswered questions and answer feedback, both without user ids; the imported knowledge base."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.core import FaqFeedback, UnansweredQuestion
from storage.models.faq import KbEntry, KbGap, KbVersion, KbWeekKey, LanguageOffer


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


class KbRepository:
    """The imported knowledge-base entries, their version, the digest's questions (without
    user ids) and the once-only language offer."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def version(self) -> int | None:
        """The knowledge-base version; None before the first import (one primary-key read)."""
        return await self.session.scalar(select(KbVersion.version).where(KbVersion.id == 1))

    async def bump(self, now: datetime) -> int:
        row = await self.session.get(KbVersion, 1)
        if row is None:
            row = KbVersion(id=1, version=0, changed_at=now)
            self.session.add(row)
        row.version += 1
        row.changed_at = now
        await self.session.flush()
        return row.version

    async def entries(self) -> Sequence[KbEntry]:
        stmt = select(KbEntry).order_by(KbEntry.id, KbEntry.locale)
        return (await self.session.scalars(stmt)).all()

    async def get(self, entry_id: str, locale: str) -> KbEntry | None:
        return await self.session.get(KbEntry, (entry_id, locale))

    def add(self, row: KbEntry) -> None:
        self.session.add(row)

    async def remove(self, keys: Sequence[tuple[str, str]]) -> int:
        n = 0
        for entry_id, locale in keys:
            row = await self.session.get(KbEntry, (entry_id, locale))
            if row is not None:
                await self.session.delete(row)
                n += 1
        await self.session.flush()
        return n

    async def week_key(self, week: str) -> bytes:
        """The random key of ``week`` for the asker bits (made on first use)."""
        row = await self.session.get(KbWeekKey, week)
        if row is None:
            row = KbWeekKey(week=week, key=secrets.token_bytes(32))
            self.session.add(row)
            await self.session.flush()
        return row.key

    async def forget_week_keys(self, before: str) -> int:
        """Delete the keys of weeks before ``before`` (then no asker bit can be recomputed)."""
        result = await self.session.execute(delete(KbWeekKey).where(KbWeekKey.week < before))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def record_gap(self, week: str, kind: str, entry_id: str, normalized: str,
                         example: str, locale: str, bit: int) -> None:
        row = await self.session.scalar(select(KbGap).where(
            KbGap.week == week, KbGap.kind == kind, KbGap.entry_id == entry_id,
            KbGap.normalized == normalized))
        if row is None:
            self.session.add(KbGap(week=week, kind=kind, entry_id=entry_id, normalized=normalized,
                                   example=example, locale=locale, count=1, askers=bit))
        else:
            row.count += 1
            row.askers |= bit
        await self.session.flush()

    async def gaps(self, weeks: Sequence[str]) -> Sequence[KbGap]:
        stmt = select(KbGap).where(KbGap.week.in_(weeks)).order_by(KbGap.id)
        return (await self.session.scalars(stmt)).all()

    async def purge_gaps(self, before: str) -> int:
        result = await self.session.execute(delete(KbGap).where(KbGap.week < before))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def language_offered(self, person_id: str) -> bool:
        return await self.session.get(LanguageOffer, person_id) is not None

    async def record_language_offer(self, person_id: str, locale: str, now: datetime) -> None:
        self.session.add(LanguageOffer(person_id=person_id, offered_locale=locale, offered_at=now))
        await self.session.flush()

    async def language_offer(self, person_id: str) -> LanguageOffer | None:
        return await self.session.get(LanguageOffer, person_id)

    async def erase_language_offer(self, person_id: str) -> int:
        result = await self.session.execute(
            delete(LanguageOffer).where(LanguageOffer.person_id == person_id))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
