"""Commitments tables: workshops, their agreed first steps, the history of each, nudges sent."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class CommitmentWorkshop(Base):
    """A workshop whose protocol was imported (or the chat pseudo-workshop)."""

    __tablename__ = "commitments_workshop"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    held_on: Mapped[date] = mapped_column(Date)
    lead: Mapped[str | None] = mapped_column(String(64), nullable=True)


class Commitment(Base):
    """Who does what by when; ``workshop_id`` + ``title`` is the stable key of re-imports."""

    __tablename__ = "commitments_item"
    __table_args__ = (UniqueConstraint("workshop_id", "title"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("commitments_workshop.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(300))
    owners: Mapped[list[str]] = mapped_column(JSON, default=list)
    lead: Mapped[str | None] = mapped_column(String(64), nullable=True)
    due: Mapped[date] = mapped_column(Date)
    original_due: Mapped[date] = mapped_column(Date)
    recurrence: Mapped[str | None] = mapped_column(String(16), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | reagreed | done
    notes: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CommitmentEvent(Base):
    """One entry of a commitment's history: done, new date (old and new, reason), comment..."""

    __tablename__ = "commitments_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments_item.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64), default="")
    old_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    new_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    text: Mapped[str] = mapped_column(Text, default="")


class CommitmentNudge(Base):
    """A reminder stage sent to one owner for one due date (the sent-log; restart-safe)."""

    __tablename__ = "commitments_nudge"
    __table_args__ = (UniqueConstraint("commitment_id", "person_id", "due", "kind", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments_item.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str] = mapped_column(String(64), index=True)
    due: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))  # before | due | overdue
    day: Mapped[date] = mapped_column(Date)
    outbox_key: Mapped[str] = mapped_column(String(200))
