"""Knowledge-base tables: the entries their owners import (one row per id and locale), the
knowledge-base version the running bot polls, the questions the owners' digest reports (without
who asked) and the once-only language offer.

The unanswered questions and feedback counts of the FAQ stay in core (faq_unanswered,
faq_feedback)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class KbEntry(Base):
    """One knowledge-base entry in one locale, as imported (``flurfunk kb import``)."""

    __tablename__ = "faq_entry"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    locale: Mapped[str] = mapped_column(String(8), primary_key=True)
    question: Mapped[str] = mapped_column(String(300))
    alternatives: Mapped[list[str]] = mapped_column(JSON, default=list)
    answer: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(1000))
    links: Mapped[list[str]] = mapped_column(JSON, default=list)
    owner: Mapped[str] = mapped_column(String(200), index=True)
    reviewed: Mapped[date] = mapped_column(Date)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    # "answer", or "referral": a topic not answered here, the answer says whom to ask
    kind: Mapped[str] = mapped_column(String(16), default="answer", server_default="answer")
    # phrasings an owner added from the digest; kept across imports (the file does not know them)
    learned: Mapped[list[str]] = mapped_column(JSON, default=list)
    content_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the imported fields
    imported_at: Mapped[datetime]
    imported_by: Mapped[str] = mapped_column(String(64))  # the admin (audit)


class KbVersion(Base):
    """One row: bumped with every change to the entries; the bot compares it to rebuild."""

    __tablename__ = "faq_kb_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[datetime]


class KbGap(Base):
    """A question of one ISO week that got no answer (``entry_id`` empty, or the entry it was
    offered) or a "not helpful" on an entry: text without e-mail addresses and long numbers,
    a count, and ``askers``: a 32-bit mask with one bit per asker, the bit chosen by a keyed hash
    of the person under that week's key (``KbWeekKey``), which is deleted when the week is over.
    No user id is stored; a bit is shared by about a 32nd of all staff, so the number of set
    bits is a lower bound of the distinct askers (collisions only undercount)."""

    __tablename__ = "faq_gap"
    __table_args__ = (UniqueConstraint("week", "kind", "entry_id", "normalized"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    week: Mapped[str] = mapped_column(String(8), index=True)  # "2026-W49"
    kind: Mapped[str] = mapped_column(String(16))  # "unanswered" | "not_helpful"
    entry_id: Mapped[str] = mapped_column(String(64), default="")
    normalized: Mapped[str] = mapped_column(String(300))
    example: Mapped[str] = mapped_column(String(300))
    locale: Mapped[str] = mapped_column(String(8))
    count: Mapped[int] = mapped_column(Integer, default=1)
    askers: Mapped[int] = mapped_column(BigInteger, default=0)  # 32 bits: beyond int32


class KbWeekKey(Base):
    """The random key of one ISO week for the asker bits of ``KbGap``; deleted after the week."""

    __tablename__ = "faq_week_key"

    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    key: Mapped[bytes] = mapped_column(LargeBinary(32))


class LanguageOffer(Base):
    """A person was offered, once, to switch their language (and what they answered)."""

    __tablename__ = "faq_language_offer"

    person_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    offered_locale: Mapped[str] = mapped_column(String(8))
    offered_at: Mapped[datetime]
