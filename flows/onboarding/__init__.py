"""Onboarding and handover journeys: drip messages, a checklist, a Pate/Patin."""

from __future__ import annotations

from pathlib import Path

from flows.onboarding import checklist, config, data, handlers, jobs
from flows.types import N_, Feature, HomeSection

HERE = Path(__file__).parent


def make_feature(content_dir: Path) -> Feature:
    """The feature with the journeys in ``content_dir/onboarding``."""
    return Feature(
        name="onboarding",
        intents={"onboarding_checklist_done": handlers.checklist_done,
                 "onboarding_progress": handlers.progress},
        actions={"onboarding:done": handlers.done_button, "onboarding:pate": handlers.pate_answer,
                 "onboarding:namepate": handlers.ask_pate_name},
        flows={handlers.PATE_NAME: handlers.pate_name},
        jobs=jobs.JOBS,
        training_data=(HERE / "nlu.yml",),
        help=N_("Your onboarding checklist: say \"Dienstausweis abgeholt\" or \"Wie weit bin ich?\""),
        config_type=config.OnboardingConfig,
        personal_data=data.PERSONAL_DATA,
        home=HomeSection(N_("Onboarding"), handlers.home),
        subcommands={"onboarding": "onboarding_progress", "checkliste": "onboarding_progress",
                     "checklist": "onboarding_progress"},
        confirm={"onboarding_checklist_done": N_("Shall I tick this off your checklist?")},
        confirm_unless={"onboarding_checklist_done": checklist.says_done},
        resources=config.load(content_dir),
    )
