"""Core conversation: greeting, help (built from the features' help lines), thanks, language."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from flows.core import data, handlers, jobs
from flows.core.config import CoreResources
from flows.types import Feature

HERE = Path(__file__).parent


def make_feature(features: Sequence[Feature]) -> Feature:
    """``features``: every other feature, whose help lines "Hilfe" lists."""
    return Feature(
        name="core",
        intents={
            "core_greet": handlers.greet,
            "core_help": handlers.help_,
            "core_thanks": handlers.thanks,
            "core_bye": handlers.bye,
            "core_language": handlers.set_language,
        },
        jobs=jobs.JOBS,
        training_data=(HERE / "nlu.yml",),
        personal_data=data.PERSONAL_DATA,
        # "": a bare /flurfunk
        subcommands={"": "core_help", "help": "core_help", "hilfe": "core_help", "?": "core_help"},
        resources=CoreResources(tuple(f.help for f in features if f.help)),
    )
