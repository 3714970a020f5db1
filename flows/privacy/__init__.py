"""Privacy: "Meine Daten", "Meine Daten löschen", retention and the record of processing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from flows.privacy.config import PrivacyConfig
from flows.privacy.core_data import CORE_DATA
from flows.privacy.handlers import make_handlers
from flows.types import N_, Feature, JobSpec, PersonalData

HERE = Path(__file__).parent


def make_feature(feature_data: Sequence[PersonalData]) -> Feature:
    """``feature_data``: every other feature's declarations; the foundation's come first."""
    data = [*CORE_DATA, *feature_data]
    show, ask_erase, erase, retention = make_handlers(data)
    return Feature(
        name="privacy",
        intents={"privacy_show": show, "privacy_delete": ask_erase},
        actions={"privacy:erase": erase},
        jobs=(JobSpec("privacy.retention", "30 3 * * *", retention),),
        training_data=(HERE / "nlu.yml",),
        help=N_("\"Meine Daten\": what I keep about you, and erasing it"),
        config_type=PrivacyConfig,
        personal_data=tuple(data),
    )
