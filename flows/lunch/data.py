"""Personal data of lunch roulette for "Meine Daten", erasure and retention."""

from __future__ import annotations

from datetime import datetime

from flows.types import N_, PersonalData, Translator
from storage.models.core import Person
from storage.uow import UnitOfWork


async def show_participation(uow: UnitOfWork, person: Person, t: Translator) -> list[str]:
    part = await uow.lunch.participant(person.id)
    if part is None:
        return []
    days = ", ".join(t.format_weekday(d) for d in sorted(part.weekdays)) or t.gettext("any day")
    line = t.gettext("Lunch roulette: {status}; site {site}; days {days}").format(
        status=t.gettext("taking part") if part.active else t.gettext("not taking part"),
        site=part.site or person.site or "-", days=days)
    if part.paused_until:
        line += "; " + t.gettext("paused until {date}").format(
            date=t.format_date(part.paused_until, "long"))
    return [line]


async def erase_participation(uow: UnitOfWork, person_id: str, now: datetime) -> int:
    part = await uow.lunch.participant(person_id)
    if part is None:
        return 0
    await uow.lunch.remove_participant(part)
    return 1


async def show_history(uow: UnitOfWork, person: Person, t: Translator) -> list[str]:
    lines = []
    for rnd, member in await uow.lunch.history_of(person.id):
        if member.group_id is None:
            lines.append(t.gettext("Lunch roulette {week}: nobody at your site").format(week=rnd.key))
            continue
        _, members = await uow.lunch.group(member.group_id)
        people = await uow.people.get_many(m.person_id for m in members)
        names = ", ".join((people[m.person_id].name if m.person_id in people else "")
                          or m.person_id for m in members if m.person_id != person.id)
        lines.append(t.gettext("Lunch roulette {week}: group with {names}").format(
            week=rnd.key, names=names))
    return lines


async def erase_history(uow: UnitOfWork, person_id: str, now: datetime) -> int:
    return await uow.lunch.erase_history(person_id)


async def purge_history(uow: UnitOfWork, cutoff: datetime) -> int:
    return await uow.lunch.purge_history(cutoff.date())


PARTICIPATION = PersonalData(
    "lunch.participation",
    purpose=N_("Lunch roulette: putting you in a lunch group at your site on days that suit you"),
    categories=N_("Taking part or not, site, weekdays that suit you, paused until"),
    recipients=N_("Nobody; your group sees your name, department and site"),
    retention_days=None, show=show_participation, erase=erase_participation,
)
HISTORY = PersonalData(
    "lunch.history",
    purpose=N_("Lunch roulette: not pairing you with the same colleagues again too soon"),
    categories=N_("Which lunch group you were in each round, whether you dropped out of a round "
                  "and whether you answered the follow-up (not the answer)"),
    recipients=N_("Nobody; whether lunches worked out is only counted per round"),
    retention_days=365, show=show_history, erase=erase_history, purge=purge_history,
)
PERSONAL_DATA = (PARTICIPATION, HISTORY)
