"""Matrix bookkeeping: the direct-message room the bot shares with each person."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class MatrixDirectRoom(Base):
    """The DM room of one Matrix user with the bot (created by the bot or accepted on invite)."""

    __tablename__ = "matrix_dm"

    matrix_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    room_id: Mapped[str] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime]
