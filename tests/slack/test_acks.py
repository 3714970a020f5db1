"""The ack path does no database work: with every lookup stuck, events, slash commands, buttons
and a modal's error are still acked at once; once the lookups go on, each is answered once."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest

from bot.adapters.slack.acks import early_ack
from tests.slack.conftest import Live
from tests.slack.helpers import (
    FORM,
    button_payload,
    command_body,
    dm,
    event_body,
    interaction_body,
    signed,
    until,
)


def test_early_ack_only_where_the_ack_is_always_empty() -> None:
    assert early_ack(event_body(dm("U1", "x"), "Ev1"), "application/json")
    assert early_ack(command_body("U1", "hilfe", "http://r"), FORM)
    assert early_ack(interaction_body(button_payload("U1", "a:b", "1", "D1")), FORM)
    assert not early_ack(json.dumps({"type": "url_verification", "challenge": "c"}), "application/json")
    assert not early_ack(interaction_body({"type": "view_submission", "view": {}}), FORM)
    assert not early_ack("{not json", "application/json")
    assert not early_ack("payload=%7Bbroken", FORM)


@pytest.fixture
def stuck(live: Live, monkeypatch: pytest.MonkeyPatch) -> asyncio.Event:
    """Every person lookup and event dedupe waits until the returned event is set (a database
    that does not answer)."""
    go = asyncio.Event()
    bot = live.service.bot
    person_id, first_time = bot.directory.person_id, bot.first_time

    async def slow_person(*a: Any, **k: Any) -> str:
        await go.wait()
        return await person_id(*a, **k)

    async def slow_first(*a: Any, **k: Any) -> bool:
        await go.wait()
        return await first_time(*a, **k)

    monkeypatch.setattr(bot.directory, "person_id", slow_person)
    monkeypatch.setattr(bot, "first_time", slow_first)
    return go


async def test_acks_do_not_wait_for_the_database(live: Live, stuck: asyncio.Event) -> None:
    requests = [(event_body(dm("UANNA", "Hallo"), "EvA1"), "application/json"),
                (command_body("UJOHN", "help", live.standin.response_url("cmd")), FORM)]
    view = {"callback_id": "form", "id": "V3", "type": "modal",
            "private_metadata": json.dumps({"id": "commitments:newdate:1", "value": "1",
                                            "locale": "en"}),
            "state": {"values": {"date": {"value": {"type": "datepicker", "selected_date": None}},
                                 "reason": {"value": {"type": "plain_text_input", "value": "x"}}}}}
    modal = interaction_body({"type": "view_submission", "user": {"id": "UJOHN"},
                              "team": {"id": "T1"}, "api_app_id": "A1", "token": "x", "view": view})
    for body, kind in [*requests, (modal, FORM)]:
        started = time.monotonic()
        r = await live.http.post(f"{live.url}/slack/events", content=body,
                                 headers=signed(body, content_type=kind))
        assert r.status_code == 200 and time.monotonic() - started < 1.0
    assert r.json() == {"response_action": "errors", "errors": {"date": "Please pick a date."}}
    await asyncio.sleep(0.3)
    assert not live.standin.called("chat.postMessage") and not live.standin.responses
    stuck.set()
    await until(lambda: live.standin.called("chat.postMessage") and live.standin.responses)
    assert await live.service.bot.inflight.wait(15)
    assert len(live.standin.called("chat.postMessage")) == 1 and len(live.standin.responses) == 1
