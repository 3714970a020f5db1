"""The outbox: dedupe on write, claim with a lease, deliver once, retry with backoff."""

from __future__ import annotations

from datetime import timedelta

from bot.outbox import LocalInboxDelivery, OutboxSender
from bot.runtime import Runtime
from tests.conftest import NOW
from tests.fakes import RecordingDelivery


async def _queue(rt: Runtime, key: str, recipients: list[str], text: str = "Hallo") -> bool:
    async with rt.uow() as uow:
        added = await uow.outbox.add(key, recipients, {"text": text}, NOW)
        await uow.commit()
    return added


async def test_same_dedupe_key_is_queued_once(runtime: Runtime) -> None:
    assert await _queue(runtime, "k1", ["a"]) is True
    assert await _queue(runtime, "k1", ["a"]) is False
    async with runtime.uow() as uow:
        assert await uow.outbox.counts() == {"pending": 1}


async def test_local_delivery_lands_in_each_inbox_once(runtime: Runtime) -> None:
    await _queue(runtime, "group", ["a", "b"], "Ihre Mittagsgruppe")
    sender = runtime.sender(LocalInboxDelivery())
    first = await sender.drain(NOW)
    second = await sender.drain(NOW + timedelta(minutes=5))
    assert (first.delivered, second.delivered) == (1, 0)
    async with runtime.uow() as uow:
        inbox_a = await uow.inbox.list("a")
        inbox_b = await uow.inbox.list("b")
        assert [m.payload["text"] for m in inbox_a] == ["Ihre Mittagsgruppe"]
        assert len(inbox_b) == 1
        assert await uow.outbox.counts() == {"delivered": 1}


async def test_transient_failure_is_retried_after_retry_after(runtime: Runtime) -> None:
    await _queue(runtime, "k", ["a"])
    delivery = RecordingDelivery(fail_first=1)
    sender = OutboxSender(runtime.uow, delivery)
    result = await sender.drain(NOW)
    assert (result.delivered, result.retried) == (0, 1)
    assert (await sender.drain(NOW + timedelta(seconds=29))).delivered == 0  # Retry-After: 30
    assert (await sender.drain(NOW + timedelta(seconds=31))).delivered == 1
    assert len(delivery.sent) == 1


async def test_gives_up_after_max_attempts(runtime: Runtime) -> None:
    await _queue(runtime, "k", ["a"])
    delivery = RecordingDelivery(fail_first=100, transient=False)
    sender = OutboxSender(runtime.uow, delivery, max_attempts=3)
    when = NOW
    for _ in range(5):
        await sender.drain(when)
        when += timedelta(hours=2)
    assert delivery.calls == 3
    async with runtime.uow() as uow:
        assert await uow.outbox.counts() == {"failed": 1}


async def test_crash_after_claim_is_recovered_when_the_lease_expires(runtime: Runtime) -> None:
    await _queue(runtime, "k", ["a"])
    async with runtime.uow() as uow:  # a worker claims, then dies before delivering
        claimed = await uow.outbox.claim(NOW, lease=60)
        await uow.commit()
    assert len(claimed) == 1
    delivery = RecordingDelivery()
    sender = OutboxSender(runtime.uow, delivery)
    assert (await sender.drain(NOW + timedelta(seconds=30))).delivered == 0  # still leased
    assert (await sender.drain(NOW + timedelta(seconds=61))).delivered == 1
    assert (await sender.drain(NOW + timedelta(seconds=120))).delivered == 0
    assert len(delivery.sent) == 1


async def test_not_before_defers_delivery(runtime: Runtime) -> None:
    async with runtime.uow() as uow:
        await uow.outbox.add("later", ["a"], {"text": "x"}, NOW, not_before=NOW + timedelta(hours=1))
        await uow.commit()
    delivery = RecordingDelivery()
    sender = OutboxSender(runtime.uow, delivery)
    assert (await sender.drain(NOW)).delivered == 0
    assert (await sender.drain(NOW + timedelta(hours=1))).delivered == 1



async def test_a_retry_waits_from_the_failure_not_from_the_batch_claim(runtime: Runtime) -> None:
    """A long batch (a rate-limited fan-out): the second message fails 50 s after the batch was
    claimed; its Retry-After of 30 s counts from then. Counted from the claim, it would be due
    again at once (as a timed-out post was)."""
    await _queue(runtime, "k1", ["a"])
    await _queue(runtime, "k2", ["b"])
    clock = [NOW]

    class Slow(RecordingDelivery):
        """Each post takes 25 s; the second one answers 429 (Retry-After: 30)."""

        async def deliver(self, uow, message, now):  # type: ignore[no-untyped-def]
            clock[0] += timedelta(seconds=25)
            self.fail_first = 2 if self.calls == 1 else 0
            await super().deliver(uow, message, now)

    delivery = Slow()
    sender = OutboxSender(runtime.uow, delivery)
    result = await sender.drain(NOW, clock=lambda: clock[0])
    assert (result.delivered, result.retried) == (1, 1)
    assert (await sender.drain(NOW + timedelta(seconds=60))).delivered == 0  # 50 + 30 s
    assert (await sender.drain(NOW + timedelta(seconds=81))).delivered == 1
    assert [text for _, _, text in delivery.sent] == ["Hallo", "Hallo"]
