"""Personal data of commitments for "Meine Daten" and erasure (kept while the person takes part)."""

from __future__ import annotations

from datetime import datetime

from flows.types import N_, PersonalData, Translator
from storage.models.core import Person
from storage.uow import UnitOfWork


async def show_data(uow: UnitOfWork, person: Person, t: Translator) -> list[str]:
    items = await uow.commitments.for_person(person.id, open_only=False)
    return [t.gettext("Agreement \u201e{title}\u201c, due on {date}").format(
        title=i.title, date=t.format_date(i.due)) for i in items]


async def erase_data(uow: UnitOfWork, person_id: str, now: datetime) -> int:
    """Open commitments go to the person's leader (or the item's lead); history loses the name."""
    person = await uow.people.get(person_id)
    changed = 0
    for item in await uow.commitments.for_person(person_id, open_only=False):
        heir = (person.lead_id if person else None) or item.lead
        owners = [heir if o == person_id else o for o in item.owners if heir or o != person_id]
        item.owners = [o for o in dict.fromkeys(owners) if o]
        changed += 1
    for event in await uow.commitments.events_by(person_id):
        event.actor = "-"
        changed += 1
    await uow.flush()
    return changed


PERSONAL_DATA = (PersonalData(
    "commitments.items",
    purpose=N_("Reminding you of what you agreed to in workshops, and the self-check for the "
               "follow-up workshop"),
    categories=N_("Agreements you own (title, date, history, your comments) and reminders sent"),
    recipients=N_("The workshop lead (team-level digest) and the follow-up workshop"),
    retention_days=None, show=show_data, erase=erase_data,
),)
