"""Pulse survey tables. While a run is open, a person's answers exist only as ciphertext under
the run's data key (kept outside the database, destroyed at close); afterwards only as anonymous
responses with no shared key, hash, time finer than a day or sequential id. See
docs/anonymity.md."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class Survey(Base):
    """A survey definition as imported from YAML (validated; ``definition`` is the parsed form)."""

    __tablename__ = "survey_survey"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    owner: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class SurveyRun(Base):
    """One sending of a survey: its answer window, reminder and close. Runs are not personal."""

    __tablename__ = "survey_run"
    __table_args__ = (UniqueConstraint("survey_id", "slot"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    survey_id: Mapped[str] = mapped_column(ForeignKey("survey_survey.id", ondelete="CASCADE"),
                                           index=True)
    slot: Mapped[datetime]  # the scheduled (or manual) start; unique per survey
    opened_at: Mapped[datetime]
    remind_at: Mapped[datetime | None] = mapped_column(nullable=True)
    closes_at: Mapped[datetime]
    reminded: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    invited: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open | closed
    # the file name of the run's data key (not the key; the key never enters the database)
    key_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # the thresholds promised in the invitation; results never use lower ones
    threshold: Mapped[int | None] = mapped_column(Integer, nullable=True)
    free_text_threshold: Mapped[int | None] = mapped_column(Integer, nullable=True)


class SurveyParticipation(Base):
    """Who was asked in a run and whether they are done (for reminders). Answering writes
    nothing here (only finishing and "später" do), so the row's history does not show how far
    someone got. No answer time; the key is (run, person), not a sequence."""

    __tablename__ = "survey_participation"

    run_id: Mapped[int] = mapped_column(ForeignKey("survey_run.id", ondelete="CASCADE"),
                                        primary_key=True)
    person_id: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    responded: Mapped[bool] = mapped_column(Boolean, default=False)
    postponed_until: Mapped[datetime | None] = mapped_column(nullable=True)


class SurveySealed(Base):
    """While a run is open: one person's answers so far as one fixed-length ciphertext under the
    run's key, filed under a keyed pseudonym (``tag``: HMAC of the person id with a key derived
    from the run's data key) instead of the person id. Without the key the rows, their history
    and their number of versions cannot be attributed to anyone; the key is destroyed at close,
    when these rows are deleted."""

    __tablename__ = "survey_sealed"

    run_id: Mapped[int] = mapped_column(ForeignKey("survey_run.id", ondelete="CASCADE"),
                                        primary_key=True)
    tag: Mapped[str] = mapped_column(String(32), primary_key=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class SurveyResponse(Base):
    """One anonymous response: random id, the run, the day the batch was written (the close day,
    not the answer day), a segment value only if its group is large enough, the answers."""

    __tablename__ = "survey_response"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # uuid4 hex, random
    run_id: Mapped[int] = mapped_column(ForeignKey("survey_run.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    segment: Mapped[str | None] = mapped_column(String(120), nullable=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
