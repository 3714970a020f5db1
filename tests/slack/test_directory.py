"""``flurfunk people sync-slack`` and first contact: Slack accounts <-> people."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from bot.adapters.slack.app import make_client
from bot.adapters.slack.identity import Directory, locale_of, sync_directory
from bot.config import Settings
from bot.runtime import Runtime
from tests.conftest import NOW, ROOT
from tests.slack.standin import StandIn


def member(n: int, **extra: Any) -> dict[str, Any]:
    return {"id": f"U{n:05d}", "name": f"user{n}", "locale": "en-GB" if n % 2 else "de-DE",
            "profile": {"real_name": f"Person {n}", "email": f"person.{n}@stadt.example",
                        "title": f"Amt {n % 7}",
                        "fields": {"XfSITE": {"value": "Rathaus" if n % 3 else "Technisches Rathaus"}}},
            **extra}


def workspace() -> list[dict[str, Any]]:
    users = [member(n) for n in range(450)]
    users[5]["is_bot"] = True
    users[6]["deleted"] = True
    users.append({"id": "USLACKBOT", "name": "slackbot", "profile": {}})
    return users


async def test_sync_pages_skips_bots_and_maps_profile_fields(runtime: Runtime, standin: StandIn) -> None:
    standin.users = workspace()
    runtime.settings.slack_api_url = standin.url
    runtime.settings.slack.department_field = "title"
    runtime.settings.slack.site_field = "XfSITE"
    async with runtime.uow() as uow:  # already in the directory under another id: linked by e-mail
        await uow.people.upsert("p.eight", NOW, name="P. Acht", email="Person.8@stadt.example")
        await uow.commit()
    client = make_client(runtime.settings, "xoxb-test")
    async with runtime.uow() as uow:
        result = await sync_directory(uow, client, runtime.settings.slack, NOW)
        await uow.commit()
    calls = standin.called("users.list")
    assert [c["limit"] for c in calls] == ["200", "200", "200"]
    assert [c.get("cursor") for c in calls] == [None, "200", "400"]
    assert (result.seen, result.skipped) == (451, 3)
    assert result.created + result.updated == 448 and result.updated == 1
    async with runtime.uow() as uow:
        eight = await uow.people.get("p.eight")
        nine = await uow.people.by_slack_id("U00009")
        assert await uow.people.by_slack_id("U00005") is None  # the bot
        assert await uow.people.by_slack_id("U00006") is None  # deactivated
    assert eight is not None and eight.slack_id == "U00008" and eight.name == "Person 8"
    assert nine is not None and nine.id == "person.9" and nine.locale == "en"
    assert (nine.department, nine.site) == ("Amt 2", "Technisches Rathaus")

    async with runtime.uow() as uow:  # a second run changes nothing new
        again = await sync_directory(uow, client, runtime.settings.slack, NOW)
        await uow.commit()
    assert again.created == 0 and again.updated == 448


async def test_first_contact_links_by_email_or_creates(runtime: Runtime, standin: StandIn) -> None:
    runtime.settings.slack_api_url = standin.url
    async with runtime.uow() as uow:
        await uow.people.upsert("aberger", NOW, name="Anna Berger", email="anna.berger@stadt.example")
        await uow.commit()
    directory = Directory(runtime.uow, make_client(runtime.settings, "x"), runtime.settings.slack)
    assert await directory.person_id("UANNA", NOW) == "aberger"
    assert await directory.person_id("UJOHN", NOW) == "john.miller"
    assert await directory.person_id("UNKNOWN", NOW) == "unknown"  # users.info failed: the id
    assert await directory.person_id("UANNA", NOW) == "aberger"
    assert len(standin.called("users.info")) == 3  # cached after the first contact
    async with runtime.uow() as uow:
        john = await uow.people.get("john.miller")
    assert john is not None and john.slack_id == "UJOHN" and john.locale == "en"


def test_locale_mapping() -> None:
    assert [locale_of(x) for x in ("de-DE", "en-US", "en_GB", "fr-FR", None)] == \
        ["de", "en", "en", "de", "de"]


async def test_sync_command_line(settings: Settings, standin: StandIn, tmp_path: Path) -> None:
    standin.users = workspace()[:30]
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(SLACK_BOT_TOKEN="xoxb-test", FLURFUNK_SLACK_API_URL=standin.url,
               FLURFUNK_DATABASE_URL=settings.db_url, FLURFUNK_CONFIG=str(tmp_path / "none.toml"))
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "people", "sync-slack", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode == 0, err.decode()
    assert "30 Konten gelesen, 28 Personen neu" in out.decode()

    env.pop("SLACK_BOT_TOKEN")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "people", "sync-slack", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode == 2 and "SLACK_BOT_TOKEN" in err.decode()
