"""Lunch roulette tables: participants and their preferences, rounds, groups and members."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class LunchParticipant(Base):
    """Someone who takes part: active or not, paused until a date, site and weekdays that suit."""

    __tablename__ = "lunch_participant"

    person_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    site: Mapped[str | None] = mapped_column(String(120), nullable=True)  # None: the directory's
    weekdays: Mapped[list[int]] = mapped_column(JSON, default=list)  # 0=Monday; empty: any day
    paused_until: Mapped[date | None] = mapped_column(Date, nullable=True)  # last day away
    joined_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class LunchRound(Base):
    """One round (``key`` names its week, e.g. 2026-W36); met counts are per round only."""

    __tablename__ = "lunch_round"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(16), unique=True)
    week_start: Mapped[date] = mapped_column(Date)
    seed: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    relaxed: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    followup_sent: Mapped[bool] = mapped_column(Boolean, default=False)
    met_yes: Mapped[int] = mapped_column(Integer, default=0)
    met_no: Mapped[int] = mapped_column(Integer, default=0)


class LunchGroup(Base):
    """A group of one round at one site with its suggested weekday."""

    __tablename__ = "lunch_group"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("lunch_round.id", ondelete="CASCADE"),
                                          index=True)
    number: Mapped[int] = mapped_column(Integer, default=0)  # 0, 1, ... within the round
    site: Mapped[str] = mapped_column(String(120))
    weekday: Mapped[int | None] = mapped_column(Integer, nullable=True)


class LunchMember(Base):
    """Who is in which group (the pairing history), or alone this round (no group).

    ``skipped``: said "passt diese Woche nicht"; ``answered``: has answered "Hat es geklappt?"
    (the answer itself is only counted per round)."""

    __tablename__ = "lunch_member"
    __table_args__ = (UniqueConstraint("round_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("lunch_round.id", ondelete="CASCADE"),
                                          index=True)
    group_id: Mapped[int | None] = mapped_column(  # None: nobody to eat with at the site
        ForeignKey("lunch_group.id", ondelete="CASCADE"), index=True, nullable=True)
    person_id: Mapped[str] = mapped_column(String(64), index=True)
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    answered: Mapped[bool] = mapped_column(Boolean, default=False)
