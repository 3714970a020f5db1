"""The real Bolt app over HTTP on 127.0.0.1: signed events, commands, buttons, Home, modal."""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from bot.adapters.slack.server import asgi_app
from storage import db
from storage.models.commitments import Commitment
from storage.models.core import FaqFeedback
from tests.chat import understood
from tests.slack.conftest import Live
from tests.slack.helpers import (
    FORM,
    SECRET,
    button_payload,
    command_body,
    dm,
    event_body,
    interaction_body,
    signed,
    until,
)
from tests.slack.http_helpers import send_event, settle


async def test_dm_is_answered_and_the_person_linked(live: Live) -> None:
    understood(live.rt, "core_greet")
    assert await send_event(live, dm("UANNA", "Hallo"), "Ev1") == 200
    posts = await until(lambda: live.standin.called("chat.postMessage"))
    assert posts[0]["channel"] == "DANNA"
    assert posts[0]["text"].startswith("Hallo")
    assert posts[0]["blocks"][0]["type"] == "section"
    async with live.rt.uow() as uow:
        person = await uow.people.by_slack_id("UANNA")
    assert person is not None and person.id == "anna.berger" and person.locale == "de"


async def test_english_locale_from_slack(live: Live) -> None:
    understood(live.rt, "core_greet")
    await send_event(live, dm("UJOHN", "Hello"), "Ev2")
    posts = await until(lambda: live.standin.called("chat.postMessage"))
    assert posts[0]["text"].startswith("Hello")


async def test_bad_signature_and_stale_timestamp_rejected(live: Live) -> None:
    body = event_body(dm("UANNA", "Hallo"), "Ev3")
    bad = {**signed(body), "X-Slack-Signature": "v0=" + "0" * 64}
    r = await live.http.post(f"{live.url}/slack/events", content=body, headers=bad)
    assert r.status_code == 401
    stale = signed(body, timestamp=int(time.time()) - 10 * 60)
    r = await live.http.post(f"{live.url}/slack/events", content=body, headers=stale)
    assert r.status_code == 401
    await settle(live)
    assert live.standin.called("chat.postMessage") == []


async def test_redelivered_event_answered_once(live: Live) -> None:
    event = dm("UANNA", "Hallo")
    assert await send_event(live, event, "Ev4") == 200
    assert await send_event(live, event, "Ev4", **{"X-Slack-Retry-Num": "1",
                                                   "X-Slack-Retry-Reason": "http_timeout"}) == 200
    assert await send_event(live, event, "Ev4", **{"X-Slack-Retry-Num": "2"}) == 200
    await until(lambda: live.standin.called("chat.postMessage"))
    await settle(live)
    assert len(live.standin.called("chat.postMessage")) == 1


async def test_own_bot_edits_and_joins_ignored(live: Live) -> None:
    events = [
        dm("UBOT", "my own post", bot_id="BBOT"),
        dm("UOTHER", "another bot", bot_id="B2", subtype="bot_message"),
        dm("UANNA", "", subtype="message_changed", message={"text": "Hallo"}),
        dm("UANNA", "joined", subtype="channel_join"),
    ]
    for n, event in enumerate(events):
        assert await send_event(live, event, f"Ev5{n}") == 200
    await settle(live)
    assert live.standin.called("chat.postMessage") == []
    # ... while a normal DM afterwards is answered
    await send_event(live, dm("UANNA", "Hallo"), "Ev59")
    await until(lambda: live.standin.called("chat.postMessage"))


async def test_mention_answered_in_thread(live: Live) -> None:
    event = {"type": "app_mention", "channel": "C42", "user": "UANNA",
             "text": "<@UBOT> Hallo", "ts": "1700000001.000200"}
    await send_event(live, event, "Ev6")
    posts = await until(lambda: live.standin.called("chat.postMessage"))
    assert posts[0]["channel"] == "C42"
    assert posts[0]["thread_ts"] == "1700000001.000200"


async def test_slash_command_german_and_english(live: Live) -> None:
    for text, name in (("hilfe", "de"), ("help", "en")):
        body = command_body("UANNA", text, live.standin.response_url(name))
        r = await live.http.post(f"{live.url}/slack/events", content=body,
                                 headers=signed(body, content_type=FORM))
        assert r.status_code == 200
    await until(lambda: len(live.standin.responses) >= 2)
    by_name = {r["name"]: r for r in live.standin.responses}
    assert by_name["de"]["response_type"] == "ephemeral"
    assert by_name["de"]["text"] == by_name["en"]["text"]  # same help for both sub-commands
    assert "Hilfe" in by_name["de"]["text"] or "kann" in by_name["de"]["text"]


async def test_faq_answer_buttons_count_feedback(live: Live) -> None:
    await send_event(live, dm("UANNA", "Wie viele Tage darf ich mobil arbeiten?"), "Ev7")
    # the retriever is built in a thread at start (~13 s of CPU); the first question waits for it,
    # longer than the 15 s default wait on a loaded machine
    posts = await until(lambda: live.standin.called("chat.postMessage"), within=120)
    blocks = posts[0]["blocks"]
    context = [b for b in blocks if b["type"] == "context"]
    assert context and context[0]["elements"][0]["text"].startswith("Quelle:")
    buttons = next(b for b in blocks if b["type"] == "actions")["elements"]
    assert [b["text"]["text"] for b in buttons] == ["Hilfreich", "Nicht hilfreich"]
    assert len({b["action_id"] for b in buttons}) == 2  # unique per message, as Slack requires
    payload = button_payload("UANNA", buttons[0]["action_id"], buttons[0]["value"], "DANNA")
    payload["actions"][0]["text"] = buttons[0]["text"]  # Slack sends the pressed button's label
    ts = live.standin.history["DANNA"][0]["ts"]
    payload["message"] = {"ts": ts, "text": posts[0]["text"], "blocks": blocks}
    body = interaction_body(payload)
    r = await live.http.post(f"{live.url}/slack/events", content=body,
                             headers=signed(body, content_type=FORM))
    assert r.status_code == 200
    await until(lambda: len(live.standin.called("chat.postMessage")) >= 2)
    async with live.rt.uow() as uow:
        rows = list(await uow.session.scalars(select(FaqFeedback)))
    assert [(r.helpful, r.not_helpful) for r in rows] == [(1, 0)]
    update = live.standin.called("chat.update")[0]  # the vote cannot be given twice
    assert update["ts"] == ts and not [b for b in update["blocks"] if b["type"] == "actions"]
    assert update["blocks"][-1]["elements"][0]["text"] == "✓ Hilfreich"


async def test_home_tab_published_with_empty_states(live: Live) -> None:
    event = {"type": "app_home_opened", "user": "UANNA", "channel": "DANNA", "tab": "home"}
    await send_event(live, event, "Ev8")
    views = await until(lambda: live.standin.called("views.publish"))
    assert views[0]["user_id"] == "UANNA"
    text = json.dumps(views[0]["view"], ensure_ascii=False)
    assert views[0]["view"]["type"] == "home"
    assert "Sie nehmen nicht am Lunch-Roulette teil" in text  # the lunch hook
    assert "Umfragen" in text  # the empty state until surveys exist
    assert "offenen Vereinbarungen" in text  # the commitments hook's own empty state


async def _commitment(live: Live) -> int:
    now = datetime.now(UTC)
    async with live.rt.uow() as uow:
        await uow.people.upsert("anna.berger", now, name="Anna Berger", slack_id="UANNA",
                                email="anna.berger@stadt.example")
        ws = await uow.commitments.save_workshop("Klausur", now.date(), None)
        item = await uow.commitments.add(Commitment(
            workshop_id=ws.id, field="", title="Protokoll verteilen", owners=["anna.berger"],
            lead=None, due=now.date() + timedelta(days=3), original_due=now.date() + timedelta(days=3),
            recurrence=None, status="open", notes="", created_at=now, updated_at=now))
        await uow.commit()
        return item.id


async def test_new_date_through_the_modal(live: Live) -> None:
    cid = await _commitment(live)
    event = {"type": "app_home_opened", "user": "UANNA", "channel": "DANNA", "tab": "home"}
    await send_event(live, event, "Ev9")
    views = await until(lambda: live.standin.called("views.publish"))
    assert "Protokoll verteilen" in json.dumps(views[0]["view"], ensure_ascii=False)
    buttons = [e for b in views[0]["view"]["blocks"] if b["type"] == "actions" for e in b["elements"]]
    newdate = next(b for b in buttons if b["action_id"].startswith(f"commitments:newdate:{cid}"))
    payload = button_payload("UANNA", newdate["action_id"], newdate["value"], None,
                             container={"type": "view", "view_id": "V1"},
                             trigger_id=live.standin.trigger_id())
    body = interaction_body(payload)
    await live.http.post(f"{live.url}/slack/events", content=body,
                         headers=signed(body, content_type=FORM))
    opened = await until(lambda: live.standin.called("views.open"))
    view = opened[0]["view"]
    assert view["callback_id"] == "form" and view["blocks"][0]["element"]["type"] == "datepicker"

    new_due = date.today() + timedelta(days=20)
    submission = {"type": "view_submission", "team": {"id": "T1"}, "user": {"id": "UANNA"},
                  "api_app_id": "A1", "token": "x", "trigger_id": "t3",
                  "view": {**view, "id": "V2", "state": {"values": {
                      "date": {"value": {"type": "datepicker", "selected_date": new_due.isoformat()}},
                      "reason": {"value": {"type": "plain_text_input",
                                           "value": "Urlaubsvertretung kam dazwischen"}}}}}}
    body = interaction_body(submission)
    r = await live.http.post(f"{live.url}/slack/events", content=body,
                             headers=signed(body, content_type=FORM))
    assert r.status_code == 200
    posts = await until(lambda: live.standin.called("chat.postMessage"))
    assert posts[0]["channel"] == "UANNA" and "Protokoll verteilen" in posts[0]["text"]
    async with live.rt.uow() as uow:
        item = await uow.commitments.get(cid)
        events = await uow.commitments.events([cid])
    assert item is not None and item.due == new_due and item.status == "reagreed"
    assert any(e.text == "Urlaubsvertretung kam dazwischen" for e in events[cid])


async def test_modal_without_date_shows_an_error(live: Live) -> None:
    cid = await _commitment(live)
    view = {"callback_id": "form", "id": "V3", "type": "modal",
            "private_metadata": json.dumps({"id": f"commitments:newdate:{cid}", "value": str(cid)}),
            "state": {"values": {"date": {"value": {"type": "datepicker", "selected_date": None}},
                                 "reason": {"value": {"type": "plain_text_input", "value": "x"}}}}}
    body = interaction_body({"type": "view_submission", "user": {"id": "UANNA"}, "team": {"id": "T1"},
                             "api_app_id": "A1", "token": "x", "view": view})
    r = await live.http.post(f"{live.url}/slack/events", content=body,
                             headers=signed(body, content_type=FORM))
    assert r.status_code == 200
    assert r.json()["response_action"] == "errors" and "date" in r.json()["errors"]


async def test_health_and_readiness(live: Live) -> None:
    assert (await live.http.get(f"{live.url}/healthz")).json() == {"status": "ok"}
    r = await live.http.get(f"{live.url}/readyz")
    assert r.status_code == 200 and r.json()["status"] == "ready"


async def test_readiness_fails_without_migrations_or_database(live: Live, tmp_path: Path) -> None:
    bot = live.service.bot
    app = asgi_app(bot)
    good = bot.rt.engine
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        for url, status in ((f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}", "migrations pending"),
                            ("postgresql+asyncpg://nobody@127.0.0.1:1/none", "database unreachable")):
            bot.rt.engine = db.make_engine(url)
            try:
                r = await client.get("/readyz")
            finally:
                await bot.rt.engine.dispose()
                bot.rt.engine = good
            assert (r.status_code, r.json()["status"]) == (503, status)
        assert (await client.get("/healthz")).status_code == 200


async def test_readiness_counts_failed_messages(live: Live) -> None:
    async with live.rt.uow() as uow:
        await uow.outbox.add("x", ["anna"], {"text": "x", "choices": []}, datetime.now(UTC))
        await uow.outbox.mark_failed(1, "channel_not_found", datetime.now(UTC))
        await uow.commit()
    r = await live.http.get(f"{live.url}/readyz")
    assert r.status_code == 200 and r.json() == {"status": "ready", "outbox_failed": 1}


async def test_no_token_notice_at_start(live: Live, monkeypatch: Any, caplog: Any) -> None:
    """Bolt reads SLACK_BOT_TOKEN itself and warns that our client's token wins; not logged."""
    from slack_bolt.async_app import AsyncApp

    from bot.adapters.slack.app import Credentials, SlackBot

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    caplog.set_level(logging.INFO)
    SlackBot(live.rt, Credentials("xoxb-test", "", SECRET), "http")
    assert "will be unused" not in caplog.text
    AsyncApp(client=live.service.bot.client, signing_secret=SECRET,
             logger=logging.getLogger("unfiltered"))
    assert "will be unused" in caplog.text  # what every start logged before
