"""SIGTERM to a real ``serve`` in the middle of a rate-limited fan-out: the post in flight is
finished and marked delivered, every other claimed message is released at once (due for any
instance without waiting for the lease), the process exits within 10 s, and the log shows no
cancelled job."""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from bot.config import Settings
from storage import db
from storage.models.core import OutboxMessage
from storage.uow import UnitOfWork
from tests.conftest import NOW
from tests.slack.helpers import until
from tests.slack.process import Serve
from tests.slack.standin import StandIn

pytestmark = pytest.mark.slow
MESSAGES = 40


async def _queue_reminders(uow: UnitOfWork, standin: StandIn, n: int) -> None:
    """``n`` people Slack knows, each with one reminder due in the outbox."""
    for i in range(n):
        await uow.people.upsert(f"p{i}", NOW, name=f"P {i}", slack_id=f"UP{i:04d}")
        standin.users.append({"id": f"UP{i:04d}", "name": f"p{i}"})  # Slack knows them
        await uow.outbox.add(f"reminder:{i}", [f"p{i}"],
                             {"text": f"Erinnerung {i}", "choices": []}, NOW)
    await uow.commit()


async def _sigterm_once_posting(s: Serve, standin: StandIn, posts: int) -> float:
    """Start ``serve``, send SIGTERM once ``posts`` posts reached Slack; the seconds to exit 0."""
    async with httpx.AsyncClient(trust_env=False, timeout=10) as http:
        try:
            await s.start(http)
            await until(lambda: len(standin.called("chat.postMessage")) >= posts, within=30,
                        every=0.01)
            started = time.monotonic()
            assert await s.stop(signal.SIGTERM) == 0
            took = time.monotonic() - started
            print(f"SIGTERM to exit: {took:.1f} s")  # with -s: the figure for RESULTS.md
            return took
        finally:
            await s.kill()


async def test_sigterm_finishes_in_flight_and_releases_the_rest(
        settings: Settings, standin: StandIn, tmp_path: Path) -> None:
    engine = db.make_engine(settings.db_url)
    sessions = db.make_sessionmaker(engine)
    try:
        async with UnitOfWork(sessions) as uow:
            await _queue_reminders(uow, standin, MESSAGES)
        standin.delay["chat.postMessage"] = 1.5  # a post is still on its way at SIGTERM
        s = Serve(settings, standin, tmp_path, FLURFUNK_OUTBOX__INTERVAL_SECONDS="0.3",
                  FLURFUNK_SLACK__RATE_PER_SECOND="2", FLURFUNK_SLACK__BURST="1",
                  FLURFUNK_SLACK__CONCURRENCY="4")  # the default 60 s lease
        took = await _sigterm_once_posting(s, standin, 3)
        async with UnitOfWork(sessions) as uow:
            rows = [(r.id, r.status, r.attempts)
                    for r in await uow.session.scalars(select(OutboxMessage))]
            due = await uow.outbox.claim(datetime.now(UTC), MESSAGES, 60)
    finally:
        await engine.dispose()
    posted = {p["metadata"]["event_payload"]["outbox_id"] for p in standin.called("chat.postMessage")}
    status = {i: st for i, st, _ in rows}
    log = s.log.read_text(encoding="utf-8")
    assert took < 10, (took, s.log.read_text(encoding="utf-8")[-3000:])
    assert "CancelledError" not in log and "Traceback" not in log, log[-2000:]
    assert "will be unused" not in log  # Bolt's start-up notice about SLACK_BOT_TOKEN is quiet
    assert {i for i, st in status.items() if st == "delivered"} == posted  # in flight: finished
    rest = {i for i, st in status.items() if st != "delivered"}
    assert rest and {st for i, st in status.items() if i in rest} == {"pending"}
    assert all(n == 0 for i, _, n in rows if i in rest)  # the claim did not count
    assert {m.id for m in due} == rest  # another instance takes them now, not after 60 s


async def test_sigterm_with_posts_stuck_at_slack_still_exits_within_10_s(
        settings: Settings, standin: StandIn, tmp_path: Path) -> None:
    """Slack takes 30 s to answer (longer than the 15 s the client waits): one deadline bounds
    the whole stop, so the process still exits within 10 s; the stuck posts are released (their
    send journal makes the next attempt look in Slack first), nothing is cancelled loudly."""
    engine = db.make_engine(settings.db_url)
    sessions = db.make_sessionmaker(engine)
    try:
        async with UnitOfWork(sessions) as uow:
            await _queue_reminders(uow, standin, 8)
        standin.delay["chat.postMessage"] = 30
        s = Serve(settings, standin, tmp_path, FLURFUNK_OUTBOX__INTERVAL_SECONDS="0.3",
                  FLURFUNK_SLACK__CONCURRENCY="4")
        took = await _sigterm_once_posting(s, standin, 4)
        async with UnitOfWork(sessions) as uow:
            status = {r.id: r.status for r in await uow.session.scalars(select(OutboxMessage))}
            journal = await uow.slack.sends(min(status))
    finally:
        await engine.dispose()
    log = s.log.read_text(encoding="utf-8")
    assert took < 10, (took, s.log.read_text(encoding="utf-8")[-3000:])
    assert "CancelledError" not in log and "Traceback" not in log, log[-2000:]
    assert "noch auf Slack; freigegeben" in log  # the operator's language: German by default
    assert set(status.values()) == {"pending"}  # released at once, nothing left "sending"
    assert journal  # the first post's journal row: the next attempt looks in Slack first


@pytest.mark.parametrize("hang", ["loop", "lock"])
async def test_a_stop_that_hangs_is_ended_by_the_backstop_and_a_restart_sends_the_rest_once(
        settings: Settings, standin: StandIn, tmp_path: Path,
        hang: str) -> None:
    """The graceful path hangs: stopping the Slack service blocks the event loop (a wrapped
    ``serve``, ``tests/slack/hanging_serve.py``) while posts are on their way. The backstop timer
    still ends the process, with the documented exit code 3 and an error line saying so; its ack
    process goes with it. A restart then sends every message: nothing is left "sending", nothing
    lost, and nothing posted twice (the posts in flight at the stop reached Slack and are found in
    its history through their journal). ``lock``: the stop holds the interpreter lock, so not
    even the timer thread runs; the kernel's alarm (SIGALRM) ends the process."""
    from bot.serve import FORCED_EXIT, STOP

    engine = db.make_engine(settings.db_url)
    sessions = db.make_sessionmaker(engine)
    try:
        async with UnitOfWork(sessions) as uow:
            await _queue_reminders(uow, standin, MESSAGES)
        standin.delay["chat.postMessage"] = 1.5  # posts still on their way at SIGTERM
        env = {"FLURFUNK_OUTBOX__INTERVAL_SECONDS": "0.3", "FLURFUNK_OUTBOX__LEASE_SECONDS": "2",
               "FLURFUNK_SLACK__CONCURRENCY": "4"}
        s = Serve(settings, standin, tmp_path, module="tests.slack.hanging_serve",
                  FLURFUNK_SLACK__RATE_PER_SECOND="2", FLURFUNK_SLACK__BURST="1",
                  FLURFUNK_TEST_HANG=hang, **env)
        async with httpx.AsyncClient(trust_env=False, timeout=2) as http:
            try:
                await s.start(http)
                await until(lambda: len(standin.called("chat.postMessage")) >= 3, within=30,
                            every=0.01)
                started = time.monotonic()
                code = await s.stop(signal.SIGTERM)  # waits at most 120 s (the hang is 600 s)
                took = time.monotonic() - started

                async def ack_process_gone() -> bool:
                    try:
                        await http.get(f"{s.url}/healthz")
                    except httpx.TransportError:
                        return True
                    return False

                for _ in range(100):  # it ends when the bot's end of its stdin closes
                    if await ack_process_gone():
                        break
                    await asyncio.sleep(0.1)
                gone = await ack_process_gone()
            finally:
                await s.kill()
            log = s.log.read_text(encoding="utf-8")
            print(f"SIGTERM to exit with the stop hanging ({hang}): {took:.1f} s")  # for RESULTS.md
            assert took >= STOP - 0.5  # the backstop ended it, not a graceful stop
            if hang == "loop":
                assert code == FORCED_EXIT, log[-3000:]
                assert f"Stopp: {STOP:.1f} s nach dem Signal nicht fertig; Ende jetzt" in log
            else:
                assert code == -signal.SIGALRM, log[-3000:]
            assert gone, "the ack process outlived the bot process"
            async with UnitOfWork(sessions) as uow:
                before = Counter(r.status for r in await uow.session.scalars(select(OutboxMessage)))
            print("outbox after the forced exit:", dict(before))
            standin.delay.clear()
            again = Serve(settings, standin, tmp_path, FLURFUNK_SLACK__RATE_PER_SECOND="20", **env)
            try:
                await again.start(http)
                await until(lambda: len(standin.history) >= MESSAGES, within=120, every=0.2)
                await asyncio.sleep(1)  # a post sent twice would arrive now
                assert await again.stop(signal.SIGTERM) == 0
            finally:
                await again.kill()
        async with UnitOfWork(sessions) as uow:
            after = {r.id: r.status for r in await uow.session.scalars(select(OutboxMessage))}
    finally:
        await engine.dispose()
    posted = Counter(m["metadata"]["event_payload"]["outbox_id"]
                     for msgs in standin.history.values() for m in msgs)
    assert set(after.values()) == {"delivered"}, after  # nothing left "sending" or pending
    assert set(posted) == set(after)  # none lost
    assert max(posted.values()) == 1, posted  # none twice
