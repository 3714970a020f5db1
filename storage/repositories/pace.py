"""The rows of the shared Slack posting pace (PostgreSQL only): locked, read and written in one
short transaction per reservation (two statements)."""

from __future__ import annotations

from sqlalchemy import case, delete, func, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.slack import SlackPace

WORKSPACE = "*"  # always locked first, so two reservations never wait for each other in a circle
NEVER = -1.0  # a slot long past


class PaceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self, channel: str) -> tuple[float, float, float]:
        """Lock (creating them) the workspace row and ``channel``'s; their slots and the
        database's clock read after the locks were granted (epoch seconds)."""
        from sqlalchemy.dialects.postgresql import insert  # PostgreSQL only: not at every start

        stmt = insert(SlackPace).values([{"key": WORKSPACE, "tat": NEVER}, {"key": channel, "tat": NEVER}])
        stmt = stmt.on_conflict_do_update(index_elements=[SlackPace.key], set_={"tat": SlackPace.tat})
        rows = (await self.session.execute(stmt.returning(
            SlackPace.key, SlackPace.tat, func.extract("epoch", func.clock_timestamp())))).all()
        slots = {key: float(tat) for key, tat, _ in rows}
        now = max(float(at) for _, _, at in rows)
        return slots[WORKSPACE], slots.get(channel, NEVER), now

    async def store(self, channel: str, workspace: float, next_in_channel: float) -> None:
        await self.session.execute(
            update(SlackPace).where(SlackPace.key.in_([WORKSPACE, channel]))
            .values(tat=case((SlackPace.key == WORKSPACE, workspace), else_=next_in_channel)))

    async def purge(self, before: float) -> int:
        """Forget channels whose next allowed post is past (the workspace row stays)."""
        result = await self.session.execute(
            delete(SlackPace).where(SlackPace.key != WORKSPACE, SlackPace.tat < before))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
