"""The rows of the shared Slack posting pace (PostgreSQL only): locked, read and written in one
short transaction per reservation."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.slack import SlackPace

WORKSPACE = "*"  # sorts before every channel id: rows are always locked in the same order
NEVER = -1.0  # a slot long past


class PaceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self, channel: str) -> tuple[float, float]:
        """Lock the workspace row and ``channel``'s (creating them); their slots (epoch s)."""
        await self.session.execute(insert(SlackPace).values(
            [{"key": WORKSPACE, "tat": NEVER}, {"key": channel, "tat": NEVER}]
        ).on_conflict_do_nothing())
        rows = dict((await self.session.execute(
            select(SlackPace.key, SlackPace.tat).where(SlackPace.key.in_([WORKSPACE, channel]))
            .order_by(SlackPace.key).with_for_update())).all())
        return rows[WORKSPACE], rows[channel]

    async def clock(self) -> float:
        """The database's current time (epoch s), read after the locks were granted."""
        now = await self.session.scalar(select(func.extract("epoch", func.clock_timestamp())))
        return float(now or 0)

    async def store(self, channel: str, workspace: float, next_in_channel: float) -> None:
        for key, tat in ((WORKSPACE, workspace), (channel, next_in_channel)):
            await self.session.execute(update(SlackPace).where(SlackPace.key == key).values(tat=tat))

    async def purge(self, before: float) -> int:
        """Forget channels whose next allowed post is past (the workspace row stays)."""
        result = await self.session.execute(
            delete(SlackPace).where(SlackPace.key != WORKSPACE, SlackPace.tat < before))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
