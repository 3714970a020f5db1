"""Onboarding and handover journeys: enrolments, checklist ticks, Pate/Patin proposals."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class OnboardingEnrolment(Base):
    """One person on one journey (``onboarding`` for a new hire, ``handover`` for a leaver).

    ``done_through`` is the drip cursor: every step due at or before it has been handled, so a
    purged outbox never makes a step go out twice. Steps due before ``enrolled_at`` are missed
    and summarised once in a catch-up message (``caught_up``).
    """

    __tablename__ = "onboarding_enrolment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(String(64), index=True)
    journey: Mapped[str] = mapped_column(String(32))
    start_date: Mapped[date] = mapped_column(Date)
    lead_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    successor_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    pate_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    enrolled_at: Mapped[datetime]
    done_through: Mapped[datetime]
    caught_up: Mapped[bool] = mapped_column(Boolean, default=False)
    ended_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # when the lead was told that nobody could be proposed as Pate/Patin (once per journey)
    no_pate_told_at: Mapped[datetime | None] = mapped_column(nullable=True)


class OnboardingChecklistDone(Base):
    """A checklist item ticked off in one enrolment."""

    __tablename__ = "onboarding_checklist_done"
    __table_args__ = (UniqueConstraint("enrolment_id", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("onboarding_enrolment.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(64))
    done_at: Mapped[datetime]


class OnboardingPateProposal(Base):
    """A Pate/Patin asked for one enrolment: ``proposed``, ``accepted`` or ``declined``."""

    __tablename__ = "onboarding_pate_proposal"
    __table_args__ = (UniqueConstraint("enrolment_id", "candidate_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("onboarding_enrolment.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    proposed_at: Mapped[datetime]
    answered_at: Mapped[datetime | None] = mapped_column(nullable=True)
