"""``flurfunk people sync-slack``: the directory from Slack's ``users.list``."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from bot.commands.common import authorize
from bot.config import Settings
from bot.runtime import Runtime
from flows.types import N_


async def cmd_sync_slack(args: argparse.Namespace, settings: Settings) -> int:
    from bot.adapters.slack.app import Credentials, make_client
    from bot.adapters.slack.identity import sync_directory
    from bot.i18n import Translations

    creds = Credentials.from_env()
    creds.require("sync")
    client = make_client(settings, creds.bot_token)
    async with Runtime(settings, nlu=False) as rt:
        await authorize(rt, args.actor, {"hr"}, "people.sync-slack")
        async with rt.uow() as uow:
            result = await sync_directory(uow, client, settings.slack, datetime.now(UTC))
            await uow.commit()
    t = Translations(default=settings.default_locale, tz=settings.timezone).for_locale(None)
    print(t.gettext("Slack: {seen} accounts read, {created} people new, {updated} updated, "
                    "{skipped} skipped (bots, deactivated).").format(
        seen=result.seen, created=result.created, updated=result.updated, skipped=result.skipped))
    return 0


def register_people(people: argparse._SubParsersAction) -> None:
    """Adds ``sync-slack`` under ``flurfunk people``."""
    s = people.add_parser("sync-slack", help=N_("create and update people from the Slack workspace"))
    s.set_defaults(func=cmd_sync_slack)
