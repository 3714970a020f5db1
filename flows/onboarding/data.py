"""Personal data of journeys for "Meine Daten", erasure and retention (after the journey ends)."""

from __future__ import annotations

from datetime import datetime

from flows.types import N_, PersonalData, Translator
from storage.models.core import Person
from storage.uow import UnitOfWork


async def show(uow: UnitOfWork, person: Person, t: Translator) -> list[str]:
    lines = []
    for e in await uow.onboarding.of_person(person.id):
        done = len(await uow.onboarding.done_items(e.id))
        status = t.gettext("active") if e.status == "active" else t.gettext("ended")
        lines.append(t.gettext("Journey {journey} from {date} ({status}), {done} checklist items "
                               "ticked off").format(journey=e.journey, status=status, done=done,
                                                    date=t.format_date(e.start_date, "long")))
    return lines


async def erase(uow: UnitOfWork, person_id: str, now: datetime) -> int:
    return await uow.onboarding.erase_person(person_id)


async def purge(uow: UnitOfWork, cutoff: datetime) -> int:
    return await uow.onboarding.purge_ended(cutoff)


PERSONAL_DATA = (PersonalData(
    "onboarding.journeys",
    purpose=N_("Accompanying onboarding and handover: messages at the right time, the checklist, "
               "the Pate/Patin"),
    categories=N_("Journey, start date, leader, Pate/Patin or successor, ticked checklist items"),
    recipients=N_("You; your leader sees only how many checklist items are done"),
    retention_days=90, show=show, erase=erase, purge=purge,
),)
