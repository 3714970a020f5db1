"""The Slack outbox delivery against the stand-in: DMs, group DMs, 429, 5xx, a crash mid-call."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
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


def outbox_ids(standin: StandIn) -> Counter[int]:
    return Counter(m["metadata"]["event_payload"]["outbox_id"] for m in posted(standin)
                   if "metadata" in m)


async def test_post_kept_but_answered_500_is_not_repeated(
        setup: tuple[Runtime, StandIn, FakeClock]) -> None:
    rt, standin, clock = setup
    standin.fail_after("chat.postMessage", 500)  # Slack kept the post, the answer was lost
    await queue(rt, "a", ["p0"])
    d = delivery(rt, clock)
    assert (await rt.sender(d).drain(NOW)).retried == 1
    assert (await rt.sender(d).drain(NOW + timedelta(hours=1))).delivered == 1
    assert outbox_ids(standin) == {1: 1}
    assert len(standin.called("chat.postMessage")) == 1  # found in the history, not posted again


async def test_timed_out_post_is_checked_before_it_is_repeated(
        setup: tuple[Runtime, StandIn, FakeClock]) -> None:
    rt, standin, clock = setup
    standin.hang_after("chat.postMessage", 3)
    await queue(rt, "a", ["p0"])
    d = delivery(rt, clock)
    d.client.timeout = 1
    assert (await rt.sender(d).drain(NOW)).retried == 1
    assert (await rt.sender(d).drain(NOW + timedelta(hours=1))).delivered == 1
    assert outbox_ids(standin) == {1: 1}
    history = standin.called("conversations.history")
    assert history and all(h["include_all_metadata"] in (True, "1", "true") for h in history)


class NoMetadata(SlackDelivery):
    """Weakened: the lookup as it was, without asking for message metadata."""

    def history_args(self) -> dict[str, Any]:
        return {"limit": 200}


def first_page_only(d: SlackDelivery) -> SlackDelivery:
    """Weakened: the lookup reads one page of the history and no further."""
    real = d.client.conversations_history

    async def one_page(**kwargs: Any) -> Any:
        resp = await real(**kwargs)
        resp.data["has_more"] = False
        return resp

    d.client.conversations_history = one_page  # type: ignore[method-assign]
    return d


async def crash_then_chat(rt: Runtime, standin: StandIn, clock: FakeClock,
                          retry: SlackDelivery) -> Counter[int]:
    """A post Slack accepted, the sender killed before it recorded it, five more messages in
    that DM before the restart (read in pages of two); the restarted sender finishes."""
    standin.history_page = 2
    await queue(rt, "a", ["p0"])
    crashing = delivery(rt, clock)
    real = crashing.client.chat_postMessage

    async def post_then_die(**kwargs: Any) -> Any:
        await real(**kwargs)
        raise asyncio.CancelledError

    crashing.client.chat_postMessage = post_then_die  # type: ignore[method-assign]
    with pytest.raises(asyncio.CancelledError):
        await rt.sender(crashing).drain(NOW)
    for n in range(5):
        await crashing.client.api_call("chat.postMessage", json={"channel": "UP0", "text": f"chat {n}"})
    assert (await rt.sender(retry).drain(NOW + timedelta(minutes=2))).delivered == 1
    return outbox_ids(standin)


async def test_lookup_pages_back_past_newer_messages(
        setup: tuple[Runtime, StandIn, FakeClock]) -> None:
    rt, standin, clock = setup
    assert await crash_then_chat(rt, standin, clock, delivery(rt, clock)) == {1: 1}
    assert len(standin.called("conversations.history")) >= 3  # paged back


@pytest.mark.parametrize("weakened", ["no metadata", "first page only"])
async def test_weakened_lookups_post_twice(setup: tuple[Runtime, StandIn, FakeClock],
                                           weakened: str) -> None:
    """The same attack against the lookup as it was: it finds nothing, and posts again."""
    rt, standin, clock = setup
    retry = (NoMetadata(make_client(rt.settings, "xoxb-test", retries=False),
                        RateLimiter(100.0, 10, 1.0, clock=clock, sleep=clock.sleep), rt.translations)
             if weakened == "no metadata" else first_page_only(delivery(rt, clock)))
    assert await crash_then_chat(rt, standin, clock, retry) == {1: 2}


async def test_permanent_refusals_fail_at_once_and_can_be_requeued(
        setup: tuple[Runtime, StandIn, FakeClock], caplog: pytest.LogCaptureFixture) -> None:
    rt, standin, clock = setup
    async with rt.uow() as uow:
        await uow.people.upsert("gone", NOW, name="Weg", slack_id="UGONE")  # not in the workspace
        await uow.commit()
    standin.refuse("chat.postMessage", "invalid_blocks")
    await queue(rt, "b", ["p0"])
    await queue(rt, "a", ["gone"], text="Geheimer Text")
    await queue(rt, "c", [f"p{n}" for n in range(9)] + ["gone"])  # one DM each
    d = delivery(rt, clock)
    caplog.set_level(logging.INFO, logger="bot")
    result = await rt.sender(d).drain(NOW)
    assert (result.delivered, result.failed, result.retried) == (0, 3, 0)
    async with rt.uow() as uow:
        failed = {m.dedupe_key: m.last_error for m in await uow.outbox.failed()}
    assert failed == {"a": "channel_not_found", "b": "invalid_blocks", "c": "channel_not_found"}
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 3 and "Geheimer" not in caplog.text
    assert sorted(r.args[0] for r in warnings) == [1, 2, 3]  # type: ignore[index]
    assert (await rt.sender(d).drain(NOW + timedelta(days=1))).delivered == 0  # not retried
    assert len(outbox_ids(standin)) == 1 and outbox_ids(standin)[3] == 9  # the others got theirs
    standin.users.append({"id": "UGONE", "name": "gone"})  # the admin fixed the directory
    async with rt.uow() as uow:
        assert await uow.outbox.requeue(None, NOW) == [1, 2, 3]
        await uow.commit()
    assert (await rt.sender(d).drain(NOW + timedelta(days=1))).delivered == 3
    assert outbox_ids(standin) == {1: 1, 2: 1, 3: 10}  # nobody got c twice


async def test_transient_errors_logged_with_the_wait(
        setup: tuple[Runtime, StandIn, FakeClock], caplog: pytest.LogCaptureFixture) -> None:
    rt, standin, clock = setup
    standin.fail("chat.postMessage", 503)
    await queue(rt, "a", ["p0"])
    caplog.set_level(logging.INFO, logger="bot.outbox")
    assert (await rt.sender(delivery(rt, clock)).drain(NOW)).retried == 1
    [record] = [r for r in caplog.records if r.name == "bot.outbox"]
    assert record.levelno == logging.INFO and "next attempt in 2 s" in record.getMessage()


async def test_long_reminder_with_many_choices_reaches_slack_whole(
        setup: tuple[Runtime, StandIn, FakeClock]) -> None:
    rt, standin, clock = setup
    text = "Puls & Stimmung <Entwurf>\n" * 8000  # grows by escaping: more than 50 sections
    choices = [{"label": f"Termin {n}", "action": "lunch:pick", "value": str(n), "style": None}
               for n in range(60)]
    await queue(rt, "long", ["p0", "p1"], text=text, choices=choices)
    assert (await rt.sender(delivery(rt, clock)).drain(NOW)).delivered == 1
    assert standin.refused == []
    group = next(c for c in standin.history if c.startswith("G"))
    pieces = standin.history[group]
    assert [m["metadata"]["event_payload"].get("piece", 0) for m in pieces] == [0, 1]
    assert pieces[0]["text"].startswith("Puls &amp; Stimmung &lt;Entwurf&gt;")
    options = [o for m in pieces for b in m["blocks"] if b["type"] == "actions"
               for e in b["elements"] for o in e.get("options", [])]
    assert len(options) == 60  # a menu instead of 25 buttons and 35 lost
