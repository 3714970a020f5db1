"""The Matrix DM rooms: which room is whose 1:1 conversation with the bot."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.matrix import MatrixDirectRoom


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
