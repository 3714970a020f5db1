"""Personal data of surveys for "Meine Daten", erasure and retention: participation markers only;
answers are sealed while a run is open and anonymous after it (docs/anonymity.md)."""

from __future__ import annotations

from datetime import datetime

from flows.survey import service
from flows.types import N_, PersonalData, Translator
from storage.models.core import Person
from storage.uow import UnitOfWork


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


PERSONAL_DATA = (PersonalData(
    "survey.participation",
    purpose=N_("Reminding only those who have not yet answered a survey, and letting you "
               "continue where you left off"),
    categories=N_("Which surveys you were asked in and whether you have answered; until the "
                  "survey closes your answers so far, encrypted"),
    recipients=N_("Nobody; survey owners see only anonymous results from a minimum number of "
                  "answers"),
    retention_days=180, show=show_data, erase=erase_data, purge=purge_data,
),)
