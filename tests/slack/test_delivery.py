"""The Slack outbox delivery against the stand-in: DMs, group DMs, 429, 5xx, a crash mid-call."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from bot.adapters.slack.app import make_client
from bot.adapters.slack.delivery import SlackDelivery
from bot.adapters.slack.ratelimit import RateLimiter
from bot.runtime import Runtime
from tests.conftest import NOW
from tests.slack.standin import StandIn


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
async def setup(runtime: Runtime, standin: StandIn) -> AsyncIterator[tuple[Runtime, StandIn, FakeClock]]:
    runtime.settings.slack_api_url = standin.url
    standin.users += [{"id": f"UP{n}", "name": f"p{n}"} for n in range(12)]
    async with runtime.uow() as uow:
        for n in range(12):
            await uow.people.upsert(f"p{n}", NOW, name=f"P {n}", slack_id=f"UP{n}",
                                    locale="en" if n == 1 else "de")
        await uow.people.upsert("noslack", NOW, name="Ohne Slack")
        await uow.commit()
    yield runtime, standin, FakeClock()


def delivery(rt: Runtime, clock: FakeClock, rate: float = 100.0) -> SlackDelivery:
    return SlackDelivery(make_client(rt.settings, "xoxb-test", retries=False),
                         RateLimiter(rate, 10, 1.0, clock=clock, sleep=clock.sleep), rt.translations)


async def queue(rt: Runtime, key: str, recipients: list[str], text: str = "Erinnerung",
                **extra: Any) -> None:
    async with rt.uow() as uow:
        await uow.outbox.add(key, recipients, {"text": text, "choices": [], "source": None,
                                               "links": [], "kind": "text", "meta": {}, **extra}, NOW)
        await uow.commit()


def posted(standin: StandIn) -> list[dict[str, Any]]:
    return [m for msgs in standin.history.values() for m in msgs]


async def test_dm_group_dm_and_large_groups(setup: tuple[Runtime, StandIn, FakeClock]) -> None:
    rt, standin, clock = setup
    await queue(rt, "one", ["p0"])
    await queue(rt, "group", ["p0", "p1", "p2"])
    await queue(rt, "many", [f"p{n}" for n in range(10)])
    await queue(rt, "partly", ["p3", "noslack"])
    result = await rt.sender(delivery(rt, clock)).drain(NOW)
    assert result.delivered == 4 and result.retried == 0
    opened = standin.called("conversations.open")
    assert [o["users"] for o in opened] == ["UP0,UP1,UP2"]
    channels = [c["channel"] for c in standin.called("chat.postMessage")]
    assert channels[0] == "UP0" and channels[1].startswith("G")
    assert sorted(channels[2:12]) == sorted(f"UP{n}" for n in range(10))  # > 8: one DM each
    assert channels[12:] == ["UP3"]
    meta = standin.called("chat.postMessage")[0]["metadata"]
    assert meta["event_type"] == "flurfunk_outbox"
    async with rt.uow() as uow:
        assert (await uow.outbox.counts()) == {"delivered": 4}
        inbox = await uow.inbox.list("noslack")
    assert [i.payload["text"] for i in inbox] == ["Erinnerung"]  # no Slack account: local inbox


async def test_one_message_per_second_per_channel(setup: tuple[Runtime, StandIn, FakeClock]) -> None:
    rt, standin, clock = setup
    for n in range(3):
        await queue(rt, f"k{n}", ["p0"])
    await rt.sender(delivery(rt, clock)).drain(NOW)
    times = [c.at for c in standin.calls if c.method == "chat.postMessage"]
    assert len(times) == 3
    assert sum(clock.slept) == pytest.approx(2.0, abs=0.05)  # waited 1 s before 2nd and 3rd


async def test_concurrent_sender_keeps_each_persons_order(
        setup: tuple[Runtime, StandIn, FakeClock]) -> None:
    rt, standin, clock = setup
    for n, text in enumerate("ABC"):
        await queue(rt, f"p0-{n}", ["p0"], text=text)
        await queue(rt, f"other-{n}", [f"p{n + 1}"], text=f"x{n}")
    result = await rt.sender(delivery(rt, clock), concurrency=4).drain(NOW)
    assert result.delivered == 6
    assert [m["text"] for m in standin.history["DP0"]] == ["A", "B", "C"]


async def test_429_honours_retry_after(setup: tuple[Runtime, StandIn, FakeClock]) -> None:
    rt, standin, clock = setup
    standin.fail("chat.postMessage", 429, retry_after=7)
    await queue(rt, "a", ["p0"])
    await queue(rt, "b", ["p1"])
    d = delivery(rt, clock)
    first = await rt.sender(d).drain(NOW)
    assert first.retried == 1 and first.delivered == 1
    assert clock.slept and max(clock.slept) >= 6.9  # everyone paused after the 429
    early = await rt.sender(d).drain(NOW + timedelta(seconds=5))
    assert early.delivered == 0  # not before Retry-After
    later = await rt.sender(d).drain(NOW + timedelta(seconds=8))
    assert later.delivered == 1
    assert len(posted(standin)) == 2
    assert standin.called("conversations.history") == []  # a 429 is surely unposted


async def test_5xx_backs_off_and_checks_before_posting_again(
        setup: tuple[Runtime, StandIn, FakeClock]) -> None:
    rt, standin, clock = setup
    standin.fail("chat.postMessage", 503)
    await queue(rt, "a", ["p0"])
    d = delivery(rt, clock)
    assert (await rt.sender(d).drain(NOW)).retried == 1
    async with rt.uow() as uow:
        msg = (await uow.outbox.claim(NOW + timedelta(hours=1), 1))[0]
        assert msg.not_before >= NOW + timedelta(seconds=2)  # backoff
        await uow.rollback()
    assert (await rt.sender(d).drain(NOW + timedelta(hours=1))).delivered == 1
    assert standin.called("conversations.history")  # 5xx may have posted: looked first
    assert len(posted(standin)) == 1


async def test_crash_after_slack_accepted_posts_nothing_twice(
        setup: tuple[Runtime, StandIn, FakeClock]) -> None:
    rt, standin, clock = setup
    await queue(rt, "a", ["p0"])
    await queue(rt, "b", ["p0", "p1"])
    crashing = delivery(rt, clock)
    real = crashing.client.chat_postMessage

    async def post_then_die(**kwargs: Any) -> Any:
        await real(**kwargs)
        raise asyncio.CancelledError  # the process is killed after Slack took the message

    crashing.client.chat_postMessage = post_then_die  # type: ignore[method-assign]
    with pytest.raises(asyncio.CancelledError):
        await rt.sender(crashing).drain(NOW)
    assert len(posted(standin)) == 1
    # Restart: a fresh delivery once the claim has expired.
    result = await rt.sender(delivery(rt, clock)).drain(NOW + timedelta(minutes=2))
    assert result.delivered == 2
    texts = [m["metadata"]["event_payload"]["outbox_id"] for m in posted(standin)]
    assert sorted(texts) == [1, 2]  # each message exactly once
    async with rt.uow() as uow:
        assert (await uow.outbox.counts()) == {"delivered": 2}


async def test_event_ids_deduped_and_purged(setup: tuple[Runtime, StandIn, FakeClock]) -> None:
    rt, _, _ = setup
    async with rt.uow() as uow:
        assert await uow.slack.first_sighting("Ev1", NOW)
        assert not await uow.slack.first_sighting("Ev1", NOW + timedelta(seconds=5))
        assert await uow.slack.first_sighting("Ev2", NOW + timedelta(hours=30))
        await uow.commit()
    async with rt.uow() as uow:
        assert await uow.slack.purge_events(NOW + timedelta(hours=25)) == 1
        await uow.commit()
    async with rt.uow() as uow:
        assert await uow.slack.first_sighting("Ev1", NOW + timedelta(hours=26))  # forgotten
        assert not await uow.slack.first_sighting("Ev2", NOW + timedelta(hours=31))


async def test_source_label_in_the_recipients_language(setup: tuple[Runtime, StandIn, FakeClock]) -> None:
    rt, standin, clock = setup
    await queue(rt, "de", ["p0"], source="Intranet")
    await queue(rt, "en", ["p1"], source="Intranet")
    await rt.sender(delivery(rt, clock)).drain(NOW)
    contexts = [c["blocks"][-1]["elements"][0]["text"] for c in standin.called("chat.postMessage")]
    assert contexts == ["Quelle: Intranet", "Source: Intranet"]


async def test_a_chart_is_uploaded_once_into_the_same_conversation(
        setup: tuple[Runtime, StandIn, FakeClock], tmp_path: Any) -> None:
    rt, standin, clock = setup
    png = tmp_path / "survey-puls-run-1.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(64)))
    meta = {"file": str(png), "file_name": png.name, "mime_type": "image/png"}
    await queue(rt, "results", ["p0"], text="Ergebnisse", meta=meta)
    standin.fail("files.completeUploadExternal", 500)  # the first upload fails after the post
    first = await rt.sender(delivery(rt, clock)).drain(NOW)
    assert first.delivered == 0 and len(standin.called("chat.postMessage")) == 1
    await rt.sender(delivery(rt, clock)).drain(NOW + timedelta(minutes=5))
    assert len(standin.called("chat.postMessage")) == 1  # the message is not posted again
    done = [u for u in standin.uploads.values() if "channel" in u]
    assert len(done) == 1 and done[0]["data"] == png.read_bytes()
    assert done[0]["channel"] == standin.dm_channel("UP0")  # the DM the message went to
    await rt.sender(delivery(rt, clock)).drain(NOW + timedelta(minutes=10))
    assert len([u for u in standin.uploads.values() if "channel" in u]) == 1
