"""Personal data kept by the foundation itself: directory entry, conversation state, messages,
the audit log. The privacy feature shows, erases and purges these and every feature's own."""

from __future__ import annotations

from datetime import datetime

from flows.types import N_, PersonalData, Translator
from storage.models.core import Person
from storage.uow import UnitOfWork


async def show_person(uow: UnitOfWork, person: Person, t: Translator) -> list[str]:
    fields = [
        (t.gettext("Name"), person.name), (t.gettext("E-mail"), person.email),
        (t.gettext("Department"), person.department), (t.gettext("Site"), person.site),
        (t.gettext("Leader"), person.lead_id), (t.gettext("Language"), person.locale),
        (t.gettext("Start date"), t.format_date(person.start_date) if person.start_date else None),
        (t.gettext("Roles"), ", ".join(person.roles)),
    ]
    return [f"{label}: {value}" for label, value in fields if value]


async def erase_person(uow: UnitOfWork, person_id: str, now: datetime) -> int:
    """Directory entries belong to the HR directory and stay; entries made on first contact go."""
    person = await uow.people.get(person_id)
    if person is None or person.source != "contact":
        return 0
    await uow.people.delete(person_id)
    return 1


async def show_messages(uow: UnitOfWork, person: Person, t: Translator) -> list[str]:
    n = len(await uow.inbox.list(person.id))
    return [t.ngettext("%(n)d message in your local inbox", "%(n)d messages in your local inbox",
                       n) % {"n": n}] if n else []


async def erase_messages(uow: UnitOfWork, person_id: str, now: datetime) -> int:
    return await uow.inbox.erase(person_id) + await uow.outbox.erase_recipient(person_id)


async def purge_messages(uow: UnitOfWork, cutoff: datetime) -> int:
    return await uow.inbox.purge(cutoff) + await uow.outbox.purge(cutoff)


async def erase_conversation(uow: UnitOfWork, person_id: str, now: datetime) -> int:
    await uow.conversation.clear(person_id)
    return 1


async def purge_conversations(uow: UnitOfWork, cutoff: datetime) -> int:
    return await uow.conversation.purge(cutoff)


async def purge_audit(uow: UnitOfWork, cutoff: datetime) -> int:
    return await uow.audit.purge(cutoff)


PERSONAL_DATA = (
    PersonalData(
        "core.directory",
        purpose=N_("Addressing you, answering in your language, grouping by department and site"),
        categories=N_("Name, e-mail, department, site, leader, language, start date, messenger id, roles"),
        recipients=N_("Nobody; group messages show name, department and site to the group"),
        retention_days=None, show=show_person, erase=erase_person,
    ),
    PersonalData(
        "core.conversation",
        purpose=N_("Continuing a conversation (offered choices, the question being answered)"),
        categories=N_("The last choices offered to you and the step of an open dialogue"),
        recipients=N_("Nobody"), retention_days=1, erase=erase_conversation,
        purge=purge_conversations,
    ),
    PersonalData(
        "core.messages",
        purpose=N_("Delivering reminders, pairings and surveys exactly once"),
        categories=N_("Texts of proactive messages and whom they went to"),
        recipients=N_("The recipients of each message"), retention_days=90,
        show=show_messages, erase=erase_messages, purge=purge_messages,
    ),
    PersonalData(
        "core.audit",
        purpose=N_("Accountability for admin actions (imports, result views, exports)"),
        categories=N_("Who did which admin action when, and on what"),
        recipients=N_("The data protection officer and the staff council on request"),
        retention_days=730, purge=purge_audit,
    ),
)
