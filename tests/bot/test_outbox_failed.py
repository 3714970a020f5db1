"""Permanently refused outbox messages: failed at once, listed, requeued, counted by doctor."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

from bot.config import Settings
from bot.doctor import check_outbox
from bot.outbox import DrainResult, PermanentError
from bot.runtime import Runtime
from storage.models.core import OutboxMessage
from storage.uow import UnitOfWork
from tests.conftest import NOW, CliRun


class Refusing:
    """A delivery that refuses messages for ``gone`` the way Slack refuses an unknown channel."""

    def __init__(self) -> None:
        self.delivered: list[int] = []

    async def deliver(self, uow: UnitOfWork, message: OutboxMessage, now: datetime) -> None:
        if "gone" in message.recipients:
            raise PermanentError("channel_not_found")
        self.delivered.append(message.id)


async def drain(settings: Settings, now: datetime,
                keys: tuple[tuple[str, list[str]], ...] = ()) -> DrainResult:
    """Queue ``keys`` (dedupe key, recipients) and run the sender once with ``Refusing``."""
    async with Runtime(settings, nlu=False) as rt:
        async with rt.uow() as uow:
            for key, recipients in keys:
                await uow.outbox.add(key, recipients, {"text": "Vertraulich", "choices": []}, NOW)
            await uow.commit()
        return await rt.sender(Refusing()).drain(now)


async def counts(settings: Settings) -> dict[str, int]:
    async with Runtime(settings, nlu=False) as rt, rt.uow() as uow:
        return await uow.outbox.counts()


def test_failed_listed_requeued_and_audited(settings: Settings, run_cli: CliRun) -> None:
    result = asyncio.run(drain(settings, NOW, (("lunch:1", ["gone"]), ("lunch:2", ["anna"]),
                                               ("lunch:3", ["gone", "anna"]))))
    assert (result.delivered, result.failed, result.retried) == (1, 2, 0)
    assert not asyncio.run(check_outbox(settings)).ok

    code, out, _ = run_cli("outbox", "failed", "--json")
    rows = json.loads(out)
    assert code == 0 and [(r["id"], r["error"]) for r in rows] == [(1, "channel_not_found"),
                                                                   (3, "channel_not_found")]
    assert "Vertraulich" not in out  # no message texts
    code, out, _ = run_cli("outbox", "failed")
    assert code == 0 and "2 fehlgeschlagene Nachrichten" in out and "channel_not_found" in out

    code, _, err = run_cli("outbox", "retry", "1", "2")  # 2 was delivered: nothing is requeued
    assert code == 2 and "Keine fehlgeschlagene Nachricht mit der Nummer 2" in err
    assert asyncio.run(counts(settings))["failed"] == 2
    code, out, _ = run_cli("outbox", "retry", "1")
    assert code == 0 and "1 Nachricht wieder eingereiht" in out
    code, out, _ = run_cli("outbox", "retry", "--all")
    assert code == 0 and "1 Nachricht wieder eingereiht" in out
    assert asyncio.run(counts(settings)) == {"pending": 2, "delivered": 1}

    later = asyncio.run(drain(settings, datetime.now(UTC) + timedelta(seconds=1)))  # refused again:
    assert (later.failed, later.retried) == (2, 0)  # failed again at once, not retried
    code, out, _ = run_cli("outbox", "failed", "--json")
    assert [r["attempts"] for r in json.loads(out)] == [1, 1]  # fresh attempts after the requeue
    code, out, _ = run_cli("privacy", "audit", "--json")
    actions = [(e["action"], e["target"]) for e in json.loads(out)]
    assert ("outbox.retry", "1") in actions and ("outbox.retry", "all") in actions
    assert ("outbox.failed", "") in actions


def test_nothing_failed(settings: Settings, run_cli: CliRun) -> None:
    code, out, _ = run_cli("outbox", "failed")
    assert code == 0 and "Keine fehlgeschlagenen Nachrichten." in out
    assert asyncio.run(check_outbox(settings)).ok
    code, _, err = run_cli("outbox", "retry", "7")
    assert code == 2 and "Keine fehlgeschlagene Nachricht mit der Nummer 7" in err
