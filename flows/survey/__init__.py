"""Pulse surveys: short staff surveys whose results cannot identify anyone (docs/anonymity.md)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flows.survey import handlers, jobs, service
from flows.survey.config import SurveyConfig
from flows.types import N_, Feature, JobSpec, PersonalData, Translator
from storage.models.core import Person
from storage.uow import UnitOfWork

HERE = Path(__file__).parent


async def show_data(uow: UnitOfWork, person: Person, t: Translator) -> list[str]:
    """Which surveys the person was asked in and whether they are done; never their answers
    (sealed while the run is open, anonymous after it)."""
    lines = []
    for run, part in await uow.survey.participations_of(person.id):
        survey = await uow.survey.get(run.survey_id)
        title = service.definition(survey).text("title", t.locale) if survey else run.survey_id
        text = (t.gettext("Survey \u201e{title}\u201c of {date}: answered") if part.responded
                else t.gettext("Survey \u201e{title}\u201c of {date}: not answered"))
        lines.append(text.format(title=title, date=t.format_date(run.opened_at.date())))
    return lines


async def erase_data(uow: UnitOfWork, person_id: str, now: datetime) -> int:
    """Participation markers go, with the sealed answers of open runs; anonymous answers of
    closed runs cannot be found."""
    return await uow.survey.erase_person(person_id)


async def purge_data(uow: UnitOfWork, cutoff: datetime) -> int:
    return await uow.survey.purge_participation(cutoff)


PERSONAL_DATA = PersonalData(
    "survey.participation",
    purpose=N_("Reminding only those who have not yet answered a survey, and letting you "
               "continue where you left off"),
    categories=N_("Which surveys you were asked in and whether you have answered; until the "
                  "survey closes your answers so far, encrypted"),
    recipients=N_("Nobody; survey owners see only anonymous results from a minimum number of "
                  "answers"),
    retention_days=180, show=show_data, erase=erase_data, purge=purge_data,
)


def make_feature() -> Feature:
    return Feature(
        name="survey",
        intents={"survey_start": handlers.start, "survey_list": handlers.my_surveys,
                 "survey_anonymity": handlers.anonymity},
        actions={"survey:start": handlers.start_action, "survey:later": handlers.later_action,
                 "survey:answer": handlers.answer_action},
        flows={handlers.FLOW: handlers.answer_text},
        jobs=(
            JobSpec("survey.send", "*/5 6-21 * * *", jobs.send),  # daytime: no one is asked
            JobSpec("survey.remind", "*/15 7-19 * * *", jobs.remind),  # at night
            JobSpec("survey.close", "*/15 6-21 * * *", jobs.close),
        ),
        training_data=(HERE / "nlu.yml",),
        help=N_("Staff surveys: \"Umfrage\" to take part, \"Welche Umfragen laufen?\", \"Ist die "
                "Umfrage anonym?\""),
        config_type=SurveyConfig,
        personal_data=(PERSONAL_DATA,),
        home_title=N_("Surveys"),
        home=handlers.home,
    )
