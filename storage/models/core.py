"""Core tables: the people directory, the outbox, the local inbox, job runs, conversation state."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class Person(Base):
    """One member of staff as known from the directory (or created on first contact)."""

    __tablename__ = "person"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    department: Mapped[str | None] = mapped_column(String(120), nullable=True)
    site: Mapped[str | None] = mapped_column(String(120), nullable=True)
    lead_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    locale: Mapped[str] = mapped_column(String(8), default="de")
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    slack_id: Mapped[str | None] = mapped_column(String(32), nullable=True, unique=True)
    matrix_id: Mapped[str | None] = mapped_column(String(255), nullable=True, unique=True)
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(16), default="contact", server_default="directory")
    created_at: Mapped[datetime]


class OutboxMessage(Base):
    """A proactive message, written with the state change that causes it, delivered once."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    recipients: Mapped[list[str]] = mapped_column(JSON)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    not_before: Mapped[datetime]
    claimed_until: Mapped[datetime | None] = mapped_column(nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)


class InboxMessage(Base):
    """A proactive message delivered to a local (terminal) user."""

    __tablename__ = "local_inbox"
    __table_args__ = (UniqueConstraint("outbox_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"))
    person_id: Mapped[str] = mapped_column(String(64), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    delivered_at: Mapped[datetime]
    read_at: Mapped[datetime | None] = mapped_column(nullable=True)


class JobRun(Base):
    """One run of a scheduled job for one slot; the unique key makes every slot run once."""

    __tablename__ = "job_run"
    __table_args__ = (UniqueConstraint("job_id", "slot"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(String(100))
    slot: Mapped[datetime]
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)
    outcome: Mapped[str] = mapped_column(String(16), default="running")


class ConversationState(Base):
    """Where a multi-step conversation stands for one person (choices offered, pending flow)."""

    __tablename__ = "conversation_state"

    person_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    flow: Mapped[str | None] = mapped_column(String(100), nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    choices: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class UnansweredQuestion(Base):
    """A question the assistant could not answer, normalised and counted, without user ids."""

    __tablename__ = "faq_unanswered"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    normalized: Mapped[str] = mapped_column(String(300), unique=True)
    example: Mapped[str] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(8))
    count: Mapped[int] = mapped_column(Integer, default=1)
    first_seen: Mapped[date] = mapped_column(Date)
    last_seen: Mapped[date] = mapped_column(Date)


class FaqFeedback(Base):
    """Helpful / not helpful counts per knowledge-base answer; no user ids kept."""

    __tablename__ = "faq_feedback"

    entry_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    helpful: Mapped[int] = mapped_column(Integer, default=0)
    not_helpful: Mapped[int] = mapped_column(Integer, default=0)


class AuditEntry(Base):
    """An admin action (import, result view, export, erasure on behalf of someone): who, what, when.

    No message contents and no survey answers; ``target`` names the object (a survey id, a file).
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200), default="")
