"""``flurfunk privacy report``: the record of processing activities from the live configuration."""

from __future__ import annotations

import argparse
import json

from bot.commands.common import authorize
from bot.config import Settings
from bot.runtime import Runtime
from flows.privacy import report
from flows.types import N_


async def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    async with Runtime(settings, nlu=False) as rt:
        await authorize(rt, args.actor, set(), "privacy.report")
        feature = next(f for f in rt.features if f.name == "privacy")
        t = rt.translations.for_locale(args.locale)
        print(report.render(feature.resources.data, rt.configs["privacy"], t), end="")
    return 0


async def cmd_audit(args: argparse.Namespace, settings: Settings) -> int:
    async with Runtime(settings, nlu=False) as rt:
        await authorize(rt, args.actor, set(), "privacy.audit")
        async with rt.uow() as uow:
            entries = await uow.audit.recent(args.limit)
    rows = [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "target": e.target}
            for e in entries]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            print(f"{r['at']}  {r['actor']:<20} {r['action']:<24} {r['target']}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    privacy = sub.add_parser("privacy", help=N_("data protection")).add_subparsers(
        dest="privacy_command", required=True)
    s = privacy.add_parser("report", help=N_("record of processing activities (Markdown)"))
    s.add_argument("--locale", default="de", choices=["de", "en"])
    s.set_defaults(func=cmd_report)
    s = privacy.add_parser("audit", help=N_("the audit log of admin actions"))
    s.add_argument("--limit", type=int, default=100)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_audit)
