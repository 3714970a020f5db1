"""Matrix bookkeeping: the direct-message room the bot shares with each person, and the
messages that offered their choices as reactions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class MatrixDirectRoom(Base):
    """The DM room of one Matrix user with the bot (created by the bot or accepted on invite)."""

    __tablename__ = "matrix_dm"

    matrix_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    room_id: Mapped[str] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime]


class MatrixReactionOffer(Base):
    """A bot message that offered its choices as reactions to one person (``keys``: reaction
    key -> the words that answer it). Only the person's newest offer in a room is ``current``;
    older ones are kept a while so that a late reaction gets a polite "no longer open"."""

    __tablename__ = "matrix_reaction_offer"

    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    matrix_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    room_id: Mapped[str] = mapped_column(String(255), index=True)
    keys: Mapped[dict[str, str]] = mapped_column(JSON)
    current: Mapped[bool]
    created_at: Mapped[datetime]
