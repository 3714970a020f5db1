"""The app manifests ask for exactly what the code uses; doctor checks the Slack token."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.adapters.slack.listeners import SUBSCRIBED_EVENTS
from bot.config import Settings
from bot.doctor import check_slack
from tests.conftest import ROOT
from tests.slack.standin import StandIn

SCOPES = {"app_mentions:read", "chat:write", "commands", "files:write", "im:history", "im:write",
          "mpim:history", "mpim:write", "users:read", "users:read.email"}


@pytest.mark.parametrize("name", ["manifest.yml", "manifest-http.yml"])
def test_manifest_scopes_events_command(name: str) -> None:
    m = yaml.safe_load((ROOT / "slack" / name).read_text(encoding="utf-8"))
    assert set(m["oauth_config"]["scopes"]["bot"]) == SCOPES
    assert set(m["settings"]["event_subscriptions"]["bot_events"]) == set(SUBSCRIBED_EVENTS)
    assert [c["command"] for c in m["features"]["slash_commands"]] == ["/flurfunk"]
    assert m["settings"]["interactivity"]["is_enabled"] is True
    assert m["features"]["app_home"]["home_tab_enabled"] is True
    http = name == "manifest-http.yml"
    assert m["settings"]["socket_mode_enabled"] is not http
    assert ("request_url" in m["settings"]["event_subscriptions"]) is http


def test_scopes_cover_the_web_api_methods_used() -> None:
    code = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "bot/adapters/slack").glob("*.py"))
    needs = {"chat_postMessage": "chat:write", "conversations_open": "im:write",
             "conversations_history": "im:history", "users_list": "users:read",
             "users_info": "users:read", "files_upload_v2": "files:write"}
    for method, scope in needs.items():
        assert f".{method}(" in code and scope in SCOPES


async def test_doctor_checks_the_token(standin: StandIn, monkeypatch: pytest.MonkeyPatch,
                                       tmp_path: Path) -> None:
    s = Settings(slack_api_url=standin.url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-test")
    monkeypatch.delenv("SLACK_SIGNING_SECRET", raising=False)
    check = await check_slack(s)
    assert check.ok and "flurfunk" in check.detail and "socket" in check.detail
    assert standin.called("auth.test")

    standin.fail("auth.test", 401)
    check = await check_slack(s)
    assert not check.ok and "SLACK_BOT_TOKEN" in check.fix

    check = await check_slack(Settings(slack_api_url="http://127.0.0.1:9/api/"))
    assert not check.ok and "nicht erreichbar" in check.detail

    monkeypatch.delenv("SLACK_BOT_TOKEN")
    assert (await check_slack(s)).ok
