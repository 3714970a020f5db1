"""Test doubles for the network edge only."""

from __future__ import annotations

from datetime import datetime

from bot.outbox import TransientError
from storage.models.core import OutboxMessage
from storage.uow import UnitOfWork


class RecordingDelivery:
    """A delivery that records what it was given and can fail the first N attempts."""

    def __init__(self, fail_first: int = 0, transient: bool = True) -> None:
        self.sent: list[tuple[int, list[str], str]] = []
        self.fail_first = fail_first
        self.transient = transient
        self.calls = 0

    async def deliver(self, uow: UnitOfWork, message: OutboxMessage, now: datetime) -> None:
        self.calls += 1
        if self.calls <= self.fail_first:
            if self.transient:
                raise TransientError("rate limited", retry_after=30)
            raise RuntimeError("boom")
        self.sent.append((message.id, list(message.recipients), message.payload["text"]))
