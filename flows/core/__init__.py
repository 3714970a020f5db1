"""Core conversation: greeting, help (built from the features' help lines), thanks, language."""

from __future__ import annotations

from pathlib import Path

from flows.core.handlers import bye, greet, make_help, set_language, thanks
from flows.types import Feature

HERE = Path(__file__).parent


def make_feature(help_lines: list[str]) -> Feature:
    return Feature(
        name="core",
        intents={
            "core_greet": greet,
            "core_help": make_help(help_lines),
            "core_thanks": thanks,
            "core_bye": bye,
            "core_language": set_language,
        },
        training_data=(HERE / "nlu.yml",),
    )
