"""The Matrix DM rooms (which room is whose 1:1 conversation with the bot) and the messages
whose choices can be answered by a reaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.matrix import MatrixDirectRoom, MatrixReactionOffer

OFFER_KEPT = timedelta(days=30)  # a reaction to an older question: no answer, just "closed"


class MatrixRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def dm_room(self, matrix_id: str) -> str | None:
        row = await self.session.get(MatrixDirectRoom, matrix_id)
        return row.room_id if row else None

    async def dm_user(self, room_id: str) -> str | None:
        """The Matrix id whose DM ``room_id`` is, if it is one."""
        return await self.session.scalar(
            select(MatrixDirectRoom.matrix_id).where(MatrixDirectRoom.room_id == room_id))

    async def set_dm_room(self, matrix_id: str, room_id: str, now: datetime) -> None:
        """Remember ``room_id`` as the DM of ``matrix_id`` (replacing an older one)."""
        await self.session.execute(delete(MatrixDirectRoom).where(
            (MatrixDirectRoom.matrix_id == matrix_id) | (MatrixDirectRoom.room_id == room_id)))
        self.session.add(MatrixDirectRoom(matrix_id=matrix_id, room_id=room_id, created_at=now))
        await self.session.flush()

    async def offer_reactions(self, event_id: str, room_id: str, matrix_id: str,
                              keys: dict[str, str], now: datetime) -> None:
        """The bot's newest message to ``matrix_id`` in ``room_id``: its reactions (``keys``,
        none when it offered none) answer; older offers there are no longer current."""
        await self.session.execute(update(MatrixReactionOffer).where(
            MatrixReactionOffer.room_id == room_id, MatrixReactionOffer.matrix_id == matrix_id,
            MatrixReactionOffer.current.is_(True)).values(current=False))
        if keys:
            await self.session.execute(delete(MatrixReactionOffer).where(
                MatrixReactionOffer.created_at < now - OFFER_KEPT))
            await self.session.merge(MatrixReactionOffer(
                event_id=event_id, matrix_id=matrix_id, room_id=room_id, keys=keys, current=True,
                created_at=now))
        await self.session.flush()

    async def reaction_offer(self, event_id: str, matrix_id: str) -> MatrixReactionOffer | None:
        return await self.session.get(MatrixReactionOffer, (event_id, matrix_id))
