"""``flurfunk outbox failed`` / ``outbox retry``: messages Slack refused for good, and requeuing
them once the cause (a payload, a deactivated account, a missing channel) is fixed."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import Any

from bot.commands.common import UsageError, authorize
from bot.config import Settings
from bot.runtime import Runtime
from flows.types import N_


async def cmd_failed(args: argparse.Namespace, settings: Settings) -> int:
    async with Runtime(settings, nlu=False) as rt:
        await authorize(rt, args.actor, set(), "outbox.failed")
        async with rt.uow() as uow:
            failed = await uow.outbox.failed()
        t = rt.translations.for_locale(None)
    rows: list[dict[str, Any]] = [
        {"id": m.id, "key": m.dedupe_key, "recipients": list(m.recipients), "error": m.last_error,
         "attempts": m.attempts, "created_at": m.created_at.isoformat()} for m in failed]
    if args.json:  # no message texts: they may name people and what concerns them
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        print(t.gettext("No failed messages."))
    else:
        print(t.ngettext("{n} failed message (retry after fixing the cause: flurfunk outbox retry ID):",
                         "{n} failed messages (retry after fixing the cause: flurfunk outbox retry ID):",
                         len(rows)).format(n=len(rows)))
        for r in rows:
            print(f"{r['id']:>7}  {r['created_at'][:16]}  {r['error'] or '-':<24} {r['key']}  "
                  f"({', '.join(r['recipients'])})")
    return 0


async def cmd_retry(args: argparse.Namespace, settings: Settings) -> int:
    ids = None if args.all else sorted(set(args.ids))
    async with Runtime(settings, nlu=False) as rt:
        t = rt.translations.for_locale(None)
        await authorize(rt, args.actor, set(), "outbox.retry",
                        "all" if ids is None else ",".join(map(str, ids)))
        async with rt.uow() as uow:
            requeued = await uow.outbox.requeue(ids, datetime.now(UTC))
            missing = sorted(set(ids or []) - set(requeued))
            if missing:
                await uow.rollback()  # all or nothing
                raise UsageError("ID", N_("No failed message with id {ids}; see: flurfunk outbox "
                                            "failed"), ids=", ".join(map(str, missing)))
            await uow.commit()
    if not requeued:
        print(t.gettext("No failed messages."))
    else:
        print(t.ngettext("{n} message queued again; it goes out with the next outbox run.",
                         "{n} messages queued again; they go out with the next outbox run.",
                         len(requeued)).format(n=len(requeued)))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    outbox = sub.add_parser(
        "outbox", help=N_("proactive messages that could not be delivered")).add_subparsers(
        dest="outbox_command", required=True)
    s = outbox.add_parser("failed", help=N_("messages refused for good, with the error"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_failed)
    s = outbox.add_parser("retry", help=N_("queue failed messages again after fixing the cause"))
    which = s.add_mutually_exclusive_group(required=True)
    which.add_argument("ids", nargs="*", type=int, default=[], metavar="ID",
                       help=N_("the numbers of the messages (as outbox failed shows them)"))
    which.add_argument("--all", action="store_true", help=N_("every failed message"))
    s.set_defaults(func=cmd_retry)
