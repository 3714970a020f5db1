"""``flurfunk privacy report``: the record of processing activities from the live configuration."""

from __future__ import annotations

import argparse

from bot.commands.common import runtime
from bot.config import Settings
from flows.privacy import report


async def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    async with runtime(settings) as rt:
        feature = next(f for f in rt.features if f.name == "privacy")
        t = rt.translations.for_locale(args.locale)
        print(report.render(feature.personal_data, rt.configs["privacy"], t), end="")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    privacy = sub.add_parser("privacy", help="data protection").add_subparsers(
        dest="privacy_command", required=True)
    s = privacy.add_parser("report", help="record of processing activities (Markdown)")
    s.add_argument("--locale", default="de", choices=["de", "en"])
    s.set_defaults(func=cmd_report)
