"""Pulse surveys: short staff surveys whose results cannot identify anyone (docs/anonymity.md)."""

from __future__ import annotations

from pathlib import Path

from flows.survey import config, data, handlers, jobs
from flows.types import N_, Feature, HomeSection

HERE = Path(__file__).parent


def make_feature(content_dir: Path) -> Feature:
    """The feature (it reads no content: surveys are imported with ``flurfunk survey``)."""
    return Feature(
        name="survey",
        intents={"survey_start": handlers.start, "survey_list": handlers.my_surveys,
                 "survey_anonymity": handlers.anonymity},
        actions={"survey:start": handlers.start_action, "survey:later": handlers.later_action,
                 "survey:answer": handlers.answer_action},
        flows={handlers.FLOW: handlers.answer_text},
        jobs=jobs.JOBS,
        training_data=(HERE / "nlu.yml",),
        help=N_("Staff surveys: \"Umfrage\" to take part, \"Welche Umfragen laufen?\", \"Ist die "
                "Umfrage anonym?\""),
        config_type=config.SurveyConfig,
        personal_data=data.PERSONAL_DATA,
        home=HomeSection(N_("Surveys"), handlers.home, N_("There are no surveys for you yet.")),
        subcommands={"umfrage": "survey_start", "umfragen": "survey_start",
                     "survey": "survey_start", "surveys": "survey_start"},
    )
