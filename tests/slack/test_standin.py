"""The stand-in is as strict as Slack's documentation (each rule: tests.slack.standin/rules)."""

from __future__ import annotations

import asyncio
import time

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.slack.standin import StandIn

META = {"event_type": "flurfunk_outbox", "event_payload": {"outbox_id": 1}}


@pytest.fixture
def client(standin: StandIn) -> AsyncWebClient:
    return AsyncWebClient(token="xoxb-test", base_url=standin.url, timeout=2, retry_handlers=[])


async def error(call: object) -> str:
    with pytest.raises(SlackApiError) as info:
        await call  # type: ignore[misc]
    return str(info.value.response["error"])


async def test_metadata_only_when_asked(client: AsyncWebClient) -> None:
    await client.chat_postMessage(channel="UANNA", text="x", metadata=META)
    plain = await client.conversations_history(channel="DANNA")
    asked = await client.conversations_history(channel="DANNA", include_all_metadata=True)
    assert "metadata" not in plain["messages"][0]
    assert asked["messages"][0]["metadata"] == META


async def test_history_newest_first_in_pages_within_the_window(
        client: AsyncWebClient, standin: StandIn) -> None:
    standin.history_page = 2  # "fewer than the requested number of items may be returned"
    stamps = [(await client.chat_postMessage(channel="UANNA", text=str(n)))["ts"] for n in range(5)]
    seen, cursor = [], None
    while True:
        page = await client.conversations_history(channel="DANNA", limit=10, cursor=cursor,
                                                  oldest=stamps[0])
        assert len(page["messages"]) <= 2
        seen += [m["text"] for m in page["messages"]]
        cursor = page["response_metadata"]["next_cursor"]
        if not page["has_more"]:
            break
    assert seen == ["4", "3", "2", "1"]  # oldest is exclusive
    inclusive = await client.conversations_history(channel="DANNA", oldest=stamps[0],
                                                   latest=stamps[2], inclusive=True, limit=10)
    assert [m["text"] for m in inclusive["messages"]] == ["2", "1"]  # page size still 2
    assert await error(client.conversations_history(channel="DANNA", cursor="bogus")) == \
        "invalid_cursor"


async def test_post_kept_then_500_or_no_answer(client: AsyncWebClient, standin: StandIn) -> None:
    standin.fail_after("chat.postMessage", 500)
    with pytest.raises(SlackApiError) as info:
        await client.chat_postMessage(channel="UANNA", text="a")
    assert info.value.response.status_code == 500
    standin.hang_after("chat.postMessage", 5)
    with pytest.raises((asyncio.TimeoutError, TimeoutError)):
        await client.chat_postMessage(channel="UANNA", text="b")
    assert [m["text"] for m in standin.history["DANNA"]] == ["a", "b"]  # both were posted


async def test_payloads_breaking_the_limits(client: AsyncWebClient) -> None:
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "&amp;" * 601}}  # 3005
    assert await error(client.chat_postMessage(channel="UANNA", text="x", blocks=[section])) == \
        "invalid_blocks"
    many = [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}] * 51
    assert await error(client.chat_postMessage(channel="UANNA", text="x", blocks=many)) == \
        "invalid_blocks"
    button = {"type": "button", "text": {"type": "plain_text", "text": "b" * 76}, "action_id": "a"}
    assert await error(client.chat_postMessage(
        channel="UANNA", text="x", blocks=[{"type": "actions", "elements": [button]}])) == \
        "invalid_blocks"
    option = {"text": {"type": "plain_text", "text": "o" * 76}, "value": "1"}
    select = {"type": "static_select", "action_id": "s", "options": [option],
              "placeholder": {"type": "plain_text", "text": "p"}}
    assert await error(client.chat_postMessage(
        channel="UANNA", text="x", blocks=[{"type": "actions", "elements": [select]}])) == \
        "invalid_blocks"
    with pytest.warns(UserWarning, match="text"):  # slack_sdk warns, Slack refuses
        assert await error(client.chat_postMessage(channel="UANNA", text="")) == "no_text"
    home = {"type": "home", "blocks": [{"type": "divider"}] * 101}
    assert await error(client.views_publish(user_id="UANNA", view=home)) == "invalid_arguments"


async def test_who_and_where(client: AsyncWebClient, standin: StandIn) -> None:
    standin.channels["CQUIET"] = {"UANNA"}
    assert await error(client.chat_postMessage(channel="CQUIET", text="x")) == "not_in_channel"
    assert await error(client.chat_postMessage(channel="CNONE", text="x")) == "channel_not_found"
    assert await error(client.chat_postMessage(channel="UNOBODY", text="x")) == "channel_not_found"
    assert await error(client.conversations_open(users="UNOBODY")) == "user_not_found"
    nine = ",".join(f"U{n}" for n in range(9))
    assert await error(client.conversations_open(users=nine)) == "too_many_users"
    assert await error(client.api_call("files.upload", data={"channels": "DANNA"})) == \
        "method_deprecated"
    standin.account_inactive = True
    assert await error(client.chat_postMessage(channel="UANNA", text="x")) == "account_inactive"


async def test_trigger_ids_expire_after_3_seconds(client: AsyncWebClient, standin: StandIn) -> None:
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "Neues Datum"},
             "blocks": [{"type": "divider"}]}
    old = standin.trigger_id()
    standin.triggers[old] = time.monotonic() - 3.1
    assert await error(client.views_open(trigger_id=old, view=modal)) == "expired_trigger_id"
    assert await error(client.views_open(trigger_id="made.up", view=modal)) == "invalid_trigger_id"
    fresh = standin.trigger_id()
    long_title = {**modal, "title": {"type": "plain_text", "text": "x" * 25}}
    assert await error(client.views_open(trigger_id=fresh, view=long_title)) == "invalid_arguments"
    assert (await client.views_open(trigger_id=fresh, view=modal))["ok"]

