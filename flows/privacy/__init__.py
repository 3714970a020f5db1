"""Privacy: "Meine Daten", "Meine Daten löschen", retention and the record of processing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from flows.privacy import data, handlers, jobs
from flows.privacy.config import PrivacyConfig, PrivacyResources
from flows.types import N_, Feature

HERE = Path(__file__).parent


def make_feature(features: Sequence[Feature]) -> Feature:
    """``features``: every other feature, whose personal data it shows, erases and purges."""
    return Feature(
        name="privacy",
        intents={"privacy_show": handlers.show, "privacy_delete": handlers.ask_erase},
        actions={"privacy:erase": handlers.erase},
        jobs=jobs.JOBS,
        training_data=(HERE / "nlu.yml",),
        help=N_("\"Meine Daten\": what I keep about you, and erasing it"),
        config_type=PrivacyConfig,
        personal_data=data.PERSONAL_DATA,
        subcommands={"daten": "privacy_show", "meinedaten": "privacy_show",
                     "mydata": "privacy_show", "data": "privacy_show"},
        resources=PrivacyResources(
            (*data.PERSONAL_DATA, *(d for f in features for d in f.personal_data))),
    )
