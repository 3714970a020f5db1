"""Admin sub-commands contributed per feature; each module has ``register(subparsers)``."""

from __future__ import annotations

import argparse
import importlib

# Feature command modules by the top-level command each registers, in the order of
# ``flurfunk --help``; listed explicitly (no discovery). Add yours here. A module is imported
# only when its command runs or the whole parser is needed (help, errors): start time.
MODULES: dict[str, str] = {
    "privacy": "bot.commands.privacy",
    "onboarding": "bot.commands.onboarding",
    "commitments": "bot.commands.commitments",
    "rasa": "bot.commands.rasa",
    "survey": "bot.commands.survey",
    "lunch": "bot.commands.lunch",
    "outbox": "bot.commands.outbox",
}


def register(sub: argparse._SubParsersAction, only: str | None = None) -> None:
    """Register every feature's sub-command, or with ``only`` just that one."""
    for name, module in MODULES.items():
        if only is None or only == name:
            importlib.import_module(module).register(sub)
