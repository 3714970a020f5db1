"""Conversation state per person: offered choices and the flow awaiting an answer."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.core import ConversationState

# An unchanged state is written again only when less than this share of its lifetime is left.
REWRITE_WHEN_LEFT = 0.5

class ConversationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, person_id: str, now: datetime) -> ConversationState | None:
        state = await self.session.get(ConversationState, person_id)
        if state is not None and state.expires_at <= now:
            await self.session.delete(state)
            await self.session.flush()
            return None
        return state

    async def save(
        self,
        person_id: str,
        now: datetime,
        *,
        flow: str | None,
        data: dict[str, Any],
        choices: list[dict[str, Any]],
        ttl: timedelta = timedelta(hours=24),
    ) -> None:
        state = await self.session.get(ConversationState, person_id)
        if (state is not None and (state.flow, state.data, state.choices) == (flow, data, choices)
                and state.expires_at - now > ttl * REWRITE_WHEN_LEFT):
            # Unchanged: no new row version. Rewriting it on every message would let a reader of
            # the WAL count a person's messages inside a flow (docs/anonymity.md, surveys).
            return
        if state is None:
            state = ConversationState(person_id=person_id)
            self.session.add(state)
        state.flow, state.data, state.choices = flow, data, choices
        state.updated_at, state.expires_at = now, now + ttl
        await self.session.flush()

    async def clear(self, person_id: str) -> None:
        await self.session.execute(delete(ConversationState).where(ConversationState.person_id == person_id))

    async def purge(self, cutoff: datetime) -> int:
        """Delete conversation states that expired before ``cutoff``."""
        result = await self.session.execute(
            delete(ConversationState).where(ConversationState.expires_at < cutoff)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
