"""Work after the ack survives an overloaded database: an acked event is answered exactly once.

Slack does not redeliver an acked event, so when the dedupe or the dispatch cannot get the
database (the burst benchmark: a worker waited 30 s for SQLite's one pooled connection and gave
up) the answer would be lost. ``SlackBot.durably`` tries again; the dedupe row's claim keeps a
retry whose first commit went through from counting as a redelivery."""

from __future__ import annotations

import asyncio
import logging
import types
from typing import Any

import pytest
from sqlalchemy import exc as sa_exc

from storage import db
from tests.slack.conftest import Live
from tests.slack.helpers import FORM, command_body, dm, signed, until
from tests.slack.http_helpers import send_event, settle

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def _answers(live: Live, channel: str = "DANNA") -> list[dict[str, Any]]:
    return [c for c in live.standin.called("chat.postMessage") if c.get("channel") == channel]


async def _held(live: Live, seconds: float, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold SQLite's one pooled connection for ``seconds`` while the pool waits 0.2 s (instead
    of 30) for a connection: every attempt meanwhile fails with the pool's TimeoutError."""
    if live.rt.engine.dialect.name != "sqlite":
        pytest.skip("one pooled connection: SQLite's setup")
    monkeypatch.setattr(live.rt.engine.sync_engine.pool, "_timeout", 0.2)
    async with live.rt.engine.connect():
        await asyncio.sleep(seconds)


async def test_an_acked_event_is_answered_once_when_the_pool_times_out(
        live: Live, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bot.adapters.slack")
    holder = asyncio.create_task(_held(live, 1.0, monkeypatch))
    await asyncio.sleep(0.05)
    assert await send_event(live, dm("UANNA", "Hallo"), "EvBusy1") == 200
    command = command_body("UJOHN", "help", live.standin.response_url("cmd"))
    r = await live.http.post(f"{live.url}/slack/events", content=command,
                             headers=signed(command, content_type=FORM))
    assert r.status_code == 200
    await holder
    await until(lambda: _answers(live) and live.standin.responses)
    await settle(live)
    assert len(_answers(live)) == 1 and len(live.standin.responses) == 1
    retries = [r for r in caplog.records if "trying again" in r.getMessage()]
    assert retries and all(r.levelno == logging.INFO for r in retries)
    assert "TimeoutError" in retries[0].getMessage() and "Hallo" not in caplog.text
    assert await send_event(live, dm("UANNA", "Hallo"), "EvBusy1", **{"X-Slack-Retry-Num": "1"}) == 200
    await settle(live)
    assert len(_answers(live)) == 1  # a real redelivery is still ignored


async def test_without_the_retry_the_acked_event_is_lost(
        live: Live, monkeypatch: pytest.MonkeyPatch) -> None:
    """The weakened setup (no retry, as before): the same overload loses the answer."""
    live.rt.settings.slack.retry_seconds = 0
    holder = asyncio.create_task(_held(live, 1.0, monkeypatch))
    await asyncio.sleep(0.05)
    assert await send_event(live, dm("UANNA", "Hallo"), "EvBusy2") == 200
    await holder
    await settle(live)
    await asyncio.sleep(0.5)
    assert _answers(live) == []


async def test_a_retry_after_a_commit_that_went_through_answers_once(
        live: Live, monkeypatch: pytest.MonkeyPatch) -> None:
    """The dedupe row was committed, then the driver reported an error (a connection lost while
    the commit's answer was on its way): the retry finds its own claim and answers, once."""
    bot = live.service.bot
    first_time, calls = bot.first_time, []

    async def flaky(body: dict[str, Any], claim: str | None = None) -> bool:
        calls.append(claim)
        first = await first_time(body, claim)
        if len(calls) == 1:
            raise sa_exc.OperationalError("COMMIT", None, Exception("database is locked"))
        return first

    monkeypatch.setattr(bot, "first_time", flaky)
    assert await send_event(live, dm("UANNA", "Hallo"), "EvBusy3") == 200
    await until(lambda: _answers(live))
    await settle(live)
    assert len(_answers(live)) == 1 and len(calls) == 2 and calls[0] == calls[1] is not None


async def test_errors_that_a_retry_cannot_change_are_not_retried(live: Live) -> None:
    bot, tries = live.service.bot, []

    async def broken() -> None:
        tries.append(1)
        raise sa_exc.IntegrityError("INSERT", None, Exception("UNIQUE constraint failed"))

    with pytest.raises(sa_exc.IntegrityError):
        await bot.durably(broken)
    assert tries == [1]


def test_transient_database_errors() -> None:
    def pg(state: str) -> sa_exc.DBAPIError:
        return sa_exc.DBAPIError("SELECT 1", None, types.SimpleNamespace(sqlstate=state))  # type: ignore[arg-type]

    assert db.transient(sa_exc.TimeoutError("QueuePool limit of size 1 overflow 0 reached"))
    assert db.transient(sa_exc.OperationalError("UPDATE", None, Exception("database is locked")))
    assert db.transient(pg("40001")) and db.transient(pg("40P01")) and db.transient(pg("08006"))
    assert db.transient(pg("57P01"))
    assert not db.transient(pg("23505"))  # unique violation
    assert not db.transient(sa_exc.OperationalError("SELECT", None, Exception("no such table: x")))
    assert not db.transient(ValueError("x"))
