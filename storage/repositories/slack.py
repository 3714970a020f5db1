"""Slack event dedupe and the send journal of the Slack outbox delivery."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.slack import SlackEvent, SlackSend


class SlackRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def first_sighting(self, event_id: str, now: datetime, claim: str | None = None) -> bool:
        """Record ``event_id``; False when it was recorded before (a redelivery), unless it was
        recorded with the same ``claim``: the same delivery tried again after an error (whose
        first commit may have gone through)."""
        seen = await self.session.get(SlackEvent, event_id)
        if seen is not None:
            return claim is not None and seen.claim == claim
        try:
            async with self.session.begin_nested():
                self.session.add(SlackEvent(event_id=event_id, received_at=now, claim=claim))
        except IntegrityError:  # a concurrent delivery of the same event won
            return False
        return True

    async def purge_events(self, cutoff: datetime) -> int:
        result = await self.session.execute(delete(SlackEvent).where(SlackEvent.received_at < cutoff))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def sends(self, outbox_id: int) -> dict[str, SlackSend]:
        rows = await self.session.scalars(select(SlackSend).where(SlackSend.outbox_id == outbox_id))
        return {r.part: r for r in rows}

    async def start_send(self, outbox_id: int, part: str, channel: str | None, now: datetime) -> None:
        row = await self.session.get(SlackSend, (outbox_id, part))
        if row is None:
            self.session.add(SlackSend(outbox_id=outbox_id, part=part, channel=channel, started_at=now))
        else:
            row.channel, row.started_at = channel or row.channel, now
        await self.session.flush()

    async def finish_send(self, outbox_id: int, part: str, channel: str, ts: str) -> None:
        row = await self.session.get(SlackSend, (outbox_id, part))
        if row is not None:
            row.channel, row.ts = channel, ts
            await self.session.flush()

    async def forget_send(self, outbox_id: int, part: str) -> None:
        """The call surely failed (429, invalid request): no lookup needed on the retry."""
        await self.session.execute(
            delete(SlackSend).where(SlackSend.outbox_id == outbox_id, SlackSend.part == part))

    async def purge_sends(self, cutoff: datetime) -> int:
        result = await self.session.execute(delete(SlackSend).where(SlackSend.started_at < cutoff))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
