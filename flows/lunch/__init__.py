"""Lunch roulette: cross-department lunch groups at each site, every (other) week."""

from __future__ import annotations

from pathlib import Path

from flows.lunch import config, data, handlers, jobs
from flows.types import N_, Feature, HomeSection

HERE = Path(__file__).parent


def make_feature(content_dir: Path) -> Feature:
    """The feature with icebreaker questions from ``content_dir/lunch``."""
    return Feature(
        name="lunch",
        intents={"lunch_join": handlers.join, "lunch_leave": handlers.leave,
                 "lunch_pause": handlers.pause, "lunch_status": handlers.status,
                 "lunch_preferences": handlers.preferences, "lunch_skip": handlers.skip},
        actions={"lunch:skip": handlers.skip_button, "lunch:met": handlers.met_button},
        flows={"lunch_site": handlers.site_answer, "lunch_pause": handlers.pause_date},
        jobs=jobs.JOBS,
        training_data=(HERE / "nlu.yml",),
        help=N_("Lunch roulette: \"Ich mache beim Lunch-Roulette mit\", \"Mit wem gehe ich diese "
                "Woche essen?\", \"Passt diese Woche nicht\", \"Bin bis 15.8. im Urlaub\""),
        config_type=config.LunchConfig,
        personal_data=data.PERSONAL_DATA,
        home=HomeSection(N_("Lunch roulette"), handlers.home,
                         N_("Lunch roulette is not available yet.")),
        subcommands={"lunch": "lunch_status", "mittag": "lunch_status",
                     "mittagessen": "lunch_status"},
        confirm={"lunch_join": N_("Shall I sign you up for lunch roulette?"),
                 "lunch_leave": N_("Shall I take you off lunch roulette? You would get no more "
                                   "groups."),
                 "lunch_skip": N_("Shall I leave you out of lunch roulette this time?"),
                 "lunch_pause": N_("Shall I pause lunch roulette for you?")},
        resources=config.load(content_dir),
    )
