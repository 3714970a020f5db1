"""The outbox sender: claims due messages, hands them to a delivery, marks each delivered once."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from storage.models.core import OutboxMessage
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


class Delivery(Protocol):
    """Delivers one outbox message; may use ``uow`` to write in the same transaction."""

    async def deliver(self, uow: UnitOfWork, message: OutboxMessage, now: datetime) -> None: ...


class TransientError(Exception):
    """Delivery failed but may succeed later (rate limit, timeout, 5xx)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentError(Exception):
    """The messenger refused the message for good (bad payload, unknown recipient): retrying
    cannot help; the message is marked failed until ``flurfunk outbox retry``."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


class Stopped(Exception):
    """The sender is stopping and this message was not sent (it waited for its turn)."""


class LocalInboxDelivery:
    """Terminal mode: messages land in each recipient's local inbox (``flurfunk inbox``)."""

    async def deliver(self, uow: UnitOfWork, message: OutboxMessage, now: datetime) -> None:
        for person_id in message.recipients:
            await uow.inbox.deliver(message.id, person_id, message.payload, now)


@dataclass
class DrainResult:
    delivered: int = 0
    retried: int = 0
    failed: int = 0
    released: int = 0  # claimed but given back unsent (stopping)


class OutboxSender:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        delivery: Delivery,
        batch: int = 50,
        max_attempts: int = 8,
        lease: float = 60.0,
        concurrency: int = 1,
    ) -> None:
        self.uow_factory = uow_factory
        self.delivery = delivery
        self.batch = batch
        self.max_attempts = max_attempts
        self.lease = lease  # a claim not finished within this (a killed process) is retaken
        self.concurrency = concurrency  # messages in flight at once (network-bound deliveries)
        self.stopping = False
        self.aborting = False
        self.posting: set[asyncio.Task[object]] = set()  # tasks delivering a message right now

    def abort(self) -> int:
        """A stop's deadline has come: deliveries still waiting for Slack are cancelled, their
        messages released like unsent ones (the send journal, written before each post, makes
        the next attempt look for the message in Slack before posting it again). Returns how
        many were cancelled."""
        self.stopping = self.aborting = True
        for task in self.posting:
            task.cancel()
        return len(self.posting)

    def stop(self) -> None:
        """Graceful stop: posts in flight finish; every claimed message not yet started (or
        raising ``Stopped``) is released at once instead of waiting for its lease."""
        self.stopping = True

    async def drain(self, now: datetime, clock: Callable[[], datetime] | None = None) -> DrainResult:
        """Deliver everything due at ``now``; each message in its own transaction.

        With ``clock`` (a long-running sender), each batch is claimed at the current time, so
        leases stay valid however long the drain takes.
        """
        result = DrainResult()
        start = now
        at = clock or (lambda: start)  # the time when each message is taken, fails or lands
        while not self.stopping:
            now = at()
            async with self.uow_factory() as uow:
                claimed = await uow.outbox.claim(now, self.batch, self.lease)
                ids = [m.id for m in claimed]
                groups: dict[tuple[str, ...], list[int]] = {}
                for m in claimed:  # one recipient's messages stay in order
                    groups.setdefault(tuple(sorted(m.recipients)), []).append(m.id)
                await uow.commit()
            if not ids:
                return result
            await self._deliver_groups(list(groups.values()), at, result)
            if len(ids) < self.batch:
                break
        if result.released:
            log.info("outbox: stopping; %d claimed message(s) released for other instances",
                     result.released)
        return result

    async def _deliver_groups(self, groups: list[list[int]], at: Callable[[], datetime],
                              result: DrainResult) -> None:
        if self.concurrency <= 1:
            for group in groups:
                for message_id in group:
                    await self._deliver_one(message_id, at, result)
            return
        slots = asyncio.Semaphore(self.concurrency)

        async def run(group: list[int]) -> None:
            async with slots:
                for message_id in group:
                    await self._deliver_one(message_id, at, result)

        await asyncio.gather(*(run(g) for g in groups))

    async def _deliver_one(self, message_id: int, at: Callable[[], datetime], result: DrainResult) -> None:
        """Deliver one claimed message. A retry's wait counts from when the attempt failed, not
        from when the batch was claimed: a message late in a long (rate-limited) batch would
        otherwise be due again at once, its backoff and a 429's Retry-After used up already."""
        now = at()
        async with self.uow_factory() as uow:
            message = await uow.session.get(OutboxMessage, message_id)
            if message is None or message.status != "sending":
                return
            attempts = message.attempts
            task = asyncio.current_task()
            try:
                if self.stopping:
                    raise Stopped()
                if task is not None:
                    self.posting.add(task)
                try:
                    await self.delivery.deliver(uow, message, now)
                except asyncio.CancelledError:
                    if not self.aborting or task is None:
                        raise
                    task.uncancel()  # cancelled by ``abort``: released below, like a stop
                    raise Stopped() from None
                finally:
                    self.posting.discard(task)  # type: ignore[arg-type]
            except Stopped:
                await uow.rollback()
                await uow.outbox.release([message_id])
                await uow.commit()
                result.released += 1
                return
            except TransientError as exc:
                await uow.rollback()
                await self._retry(message_id, attempts, at(), str(exc), exc.retry_after, result)
                return
            except PermanentError as exc:
                await uow.rollback()
                await self._fail(message_id, at(), exc.error, result)
                return
            except Exception as exc:
                log.exception("outbox message %s could not be delivered", message_id)
                await uow.rollback()
                await self._retry(message_id, attempts, at(), repr(exc), None, result)
                return
            await uow.outbox.mark_delivered(message_id, at())
            await uow.commit()
            result.delivered += 1

    async def _retry(self, message_id: int, attempts: int, now: datetime, error: str,
                     retry_after: float | None, result: DrainResult) -> None:
        give_up = attempts >= self.max_attempts
        delay = retry_after if retry_after is not None else min(2 ** attempts, 3600)
        async with self.uow_factory() as uow:
            await uow.outbox.retry_later(message_id, now + timedelta(seconds=delay), error, give_up)
            await uow.commit()
        if give_up:
            result.failed += 1
            log.error("outbox message %s failed after %d attempts (%s)", message_id, attempts, error)
        else:
            result.retried += 1
            log.info("outbox message %s not delivered (%s); next attempt in %.0f s", message_id,
                     error, delay)

    async def _fail(self, message_id: int, now: datetime, error: str, result: DrainResult) -> None:
        """A permanent refusal: failed at once, logged once (the id and the error, no text)."""
        async with self.uow_factory() as uow:
            await uow.outbox.mark_failed(message_id, error, now)
            await uow.commit()
        result.failed += 1
        log.warning("outbox message %s refused for good (%s); fix it, then: flurfunk outbox retry %s",
                    message_id, error, message_id)
