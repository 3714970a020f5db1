"""The outbox (proactive messages) and the local inbox it delivers into."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, Text, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.core import InboxMessage, OutboxMessage


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self,
        dedupe_key: str,
        recipients: list[str],
        payload: dict[str, Any],
        now: datetime,
        not_before: datetime | None = None,
    ) -> bool:
        """Queue a message unless one with the same key exists; returns True when queued."""
        exists = await self.session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
        )
        if exists is not None:
            return False
        self.session.add(
            OutboxMessage(
                dedupe_key=dedupe_key,
                recipients=recipients,
                payload=payload,
                status="pending",
                attempts=0,
                created_at=now,
                not_before=not_before or now,
            )
        )
        await self.session.flush()
        return True

    async def add_many(
        self, messages: Sequence[tuple[str, list[str], dict[str, Any]]], now: datetime
    ) -> int:
        """Queue many messages (key, recipients, payload) at once, skipping keys that exist;
        returns how many were queued. One query and one flush instead of one per message."""
        keys = [k for k, _, _ in messages]
        existing: set[str] = set()
        for i in range(0, len(keys), 500):
            existing.update(await self.session.scalars(
                select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(keys[i:i + 500]))
            ))
        new = [m for m in dict((m[0], m) for m in messages).values() if m[0] not in existing]
        if new:
            await self.session.execute(insert(cast(Table, OutboxMessage.__table__)), [
                {"dedupe_key": key, "recipients": recipients, "payload": payload,
                 "status": "pending", "attempts": 0, "created_at": now, "not_before": now}
                for key, recipients, payload in new])
        return len(new)

    async def claim(self, now: datetime, limit: int = 50, lease: float = 60.0) -> list[OutboxMessage]:
        """Claim due messages for delivery (row locks skip ones another worker holds)."""
        stmt = (
            select(OutboxMessage)
            .where(
                OutboxMessage.not_before <= now,
                or_(
                    OutboxMessage.status == "pending",
                    (OutboxMessage.status == "sending") & (OutboxMessage.claimed_until < now),
                ),
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = list(await self.session.scalars(stmt))
        for row in rows:
            row.status = "sending"
            row.attempts += 1
            row.claimed_until = now + timedelta(seconds=lease)
        await self.session.flush()
        return rows

    async def release(self, message_ids: Sequence[int]) -> int:
        """Give back claimed messages that were not sent (a shutdown): due again at once for any
        instance, without waiting for the lease; the claim (which counted one) is not an attempt."""
        if not message_ids:
            return 0
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(list(message_ids)), OutboxMessage.status == "sending")
            .values(status="pending", claimed_until=None, attempts=OutboxMessage.attempts - 1)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def mark_delivered(self, message_id: int, now: datetime) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(status="delivered", delivered_at=now, claimed_until=None, last_error=None)
        )

    async def retry_later(self, message_id: int, when: datetime, error: str, give_up: bool) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(
                status="failed" if give_up else "pending",
                not_before=when,
                claimed_until=None,
                last_error=error[:500],
            )
        )

    async def mark_failed(self, message_id: int, error: str, now: datetime) -> None:
        """Refused for good: kept as ``failed`` with the error until someone requeues it."""
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(status="failed", claimed_until=None, last_error=error[:500])
        )

    async def failed(self) -> Sequence[OutboxMessage]:
        """Messages that will not be sent again unless requeued, oldest first."""
        return (await self.session.scalars(
            select(OutboxMessage).where(OutboxMessage.status == "failed").order_by(OutboxMessage.id)
        )).all()

    async def requeue(self, ids: Sequence[int] | None, now: datetime) -> list[int]:
        """Failed messages (``ids``, or all with None) back to pending with fresh attempts;
        returns the ids requeued (ids that are not failed are left alone)."""
        stmt = select(OutboxMessage.id).where(OutboxMessage.status == "failed")
        if ids is not None:
            stmt = stmt.where(OutboxMessage.id.in_(list(ids)))
        found = list(await self.session.scalars(stmt.order_by(OutboxMessage.id)))
        if found:
            await self.session.execute(
                update(OutboxMessage).where(OutboxMessage.id.in_(found))
                .values(status="pending", attempts=0, not_before=now, claimed_until=None)
            )
        return found

    async def counts(self) -> dict[str, int]:
        rows = await self.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        )
        return {status: n for status, n in rows.all()}

    async def erase_recipient(self, person_id: str) -> int:
        """Remove a person from every message: drop those only for them, cut them from groups."""
        needle = f'%"{person_id}"%'
        rows = await self.session.scalars(
            select(OutboxMessage).where(func.cast(OutboxMessage.recipients, Text).like(needle))
        )
        changed = 0
        for row in rows:
            if person_id not in row.recipients:
                continue
            rest = [r for r in row.recipients if r != person_id]
            if rest:
                row.recipients = rest
            else:
                await self.session.delete(row)
            changed += 1
        await self.session.flush()
        return changed

    async def purge(self, cutoff: datetime) -> int:
        """Delete delivered or failed messages older than ``cutoff`` (their texts name people)."""
        result = await self.session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.status.in_(("delivered", "failed")), OutboxMessage.created_at < cutoff
            )
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


class InboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def deliver(self, outbox_id: int, person_id: str, payload: dict[str, Any], now: datetime) -> None:
        exists = await self.session.scalar(
            select(InboxMessage.id).where(
                InboxMessage.outbox_id == outbox_id, InboxMessage.person_id == person_id
            )
        )
        if exists is None:
            self.session.add(
                InboxMessage(outbox_id=outbox_id, person_id=person_id, payload=payload, delivered_at=now)
            )
            await self.session.flush()

    async def list(self, person_id: str, unread_only: bool = False) -> Sequence[InboxMessage]:
        stmt = select(InboxMessage).where(InboxMessage.person_id == person_id)
        if unread_only:
            stmt = stmt.where(InboxMessage.read_at.is_(None))
        return (await self.session.scalars(stmt.order_by(InboxMessage.id))).all()

    async def mark_read(self, person_id: str, now: datetime) -> None:
        await self.session.execute(
            update(InboxMessage)
            .where(InboxMessage.person_id == person_id, InboxMessage.read_at.is_(None))
            .values(read_at=now)
        )

    async def erase(self, person_id: str) -> int:
        result = await self.session.execute(delete(InboxMessage).where(InboxMessage.person_id == person_id))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def purge(self, cutoff: datetime) -> int:
        result = await self.session.execute(delete(InboxMessage).where(InboxMessage.delivered_at < cutoff))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
