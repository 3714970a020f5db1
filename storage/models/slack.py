"""Slack bookkeeping: events already handled (redelivery dedupe) and outbox sends in flight."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class SlackEvent(Base):
    """An Events API ``event_id`` seen once; a redelivery with the same id is ignored."""

    __tablename__ = "slack_event"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(index=True)
    # the delivery that recorded it: a retry of that delivery's answer is not a redelivery
    claim: Mapped[str | None] = mapped_column(String(32), default=None)


class SlackSend(Base):
    """One part of an outbox message on its way to Slack (written before the API call).

    ``ts`` is set once Slack confirmed the post. A row without ``ts`` found on a retry means the
    process died mid-call: the sender then looks the message up before posting again.
    """

    __tablename__ = "slack_send"

    outbox_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    part: Mapped[str] = mapped_column(String(200), primary_key=True)  # slack ids, comma-separated
    channel: Mapped[str | None] = mapped_column(String(32), nullable=True)
    started_at: Mapped[datetime]
    ts: Mapped[str | None] = mapped_column(String(32), nullable=True)


class SlackPace(Base):
    """The outbox's posting pace shared by all instances (PostgreSQL): key ``*`` holds the
    workspace's next slot, a channel id the earliest time of that channel's next post (epoch s)."""

    __tablename__ = "slack_pace"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    tat: Mapped[float] = mapped_column(Float)
