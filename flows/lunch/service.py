"""Lunch rounds with the database: who is eligible, running a round once per week, dropping
out of a round, the follow-up. Used by the scheduled job, the chat and the admin CLI."""

from __future__ import annotations

import random
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flows import outbox
from flows.lunch import messages
from flows.lunch.config import LunchConfig
from flows.lunch.grouping import Group, Grouping, Member, Relaxation, make_groups
from flows.outcome import Outcome
from flows.types import Outgoing, Translations
from storage.models.core import Person
from storage.models.lunch import LunchRound
from storage.uow import UnitOfWork


def week_of(now: datetime, config: LunchConfig) -> tuple[str, date]:
    """The round key (``2026-W36``) and the Monday of the week ``now`` falls in (local time)."""
    day = now.astimezone(config.tz).date()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}", day - timedelta(days=day.weekday())


def is_round_week(monday: date, config: LunchConfig) -> bool:
    return (monday - config.anchor).days // 7 % config.every_weeks == 0


def default_seed(key: str) -> int:
    """Seed of a round from its key, so that rerunning a round gives the same groups."""
    return zlib.crc32(key.encode()) & 0x7FFFFFFF


@dataclass(frozen=True)
class Who:
    """What a round needs to know about a participant (read in one query)."""

    name: str
    department: str | None
    locale: str


async def eligible(uow: UnitOfWork, monday: date) -> tuple[list[Member], dict[str, Who]]:
    """Active participants not paused in the week of ``monday`` who have a site."""
    members, people = [], {}
    for pid, site, days, paused, name, dept, home, locale in await uow.lunch.active_with_people():
        where = site or home
        if not where or (paused and paused >= monday):
            continue
        people[pid] = Who(name, dept, locale)
        members.append(Member(pid, where, dept or "", frozenset(days)))
    return members, people


@dataclass
class RoundOutcome:
    key: str
    round_id: int | None  # None for a dry run
    grouping: Grouping
    created: bool  # False: the round of this week existed already (nothing sent)


@dataclass
class Plan:
    key: str
    monday: date
    seed: int
    grouping: Grouping
    people: dict[str, Who]
    site: dict[str, str]  # person id -> site used for grouping


async def plan(uow: UnitOfWork, config: LunchConfig, now: datetime, seed: int | None = None
               ) -> Plan:
    """This week's groups, computed but not stored."""
    key, monday = week_of(now, config)
    seed = default_seed(key) if seed is None else seed
    members, people = await eligible(uow, monday)
    recent = await uow.lunch.recent_partners(monday - timedelta(weeks=config.recency_weeks))
    cal = config.calendar
    closed = frozenset(d for d in range(5) if not cal.is_working_day(monday + timedelta(days=d)))
    grouping = make_groups(members, recent, config.group_size, seed, closed=closed)
    return Plan(key, monday, seed, grouping, people, {m.id: m.site for m in members})


async def run_round(uow: UnitOfWork, translations: Translations, config: LunchConfig,
                    icebreakers: dict[str, list[str]], now: datetime, seed: int | None = None,
                    dry_run: bool = False) -> RoundOutcome:
    """Group this week's participants and queue the messages, at most once per week."""
    key, monday = week_of(now, config)
    existing = await uow.lunch.round_by_key(key)
    if existing is not None:
        return RoundOutcome(key, existing.id, await stored_grouping(uow, existing), False)
    p = await plan(uow, config, now, seed)
    if dry_run:
        return RoundOutcome(key, None, p.grouping, False)
    rnd = await uow.lunch.add_round(key, monday, p.seed, now,
                                    [r.to_dict() for r in p.grouping.relaxed])
    rng = random.Random(p.seed)
    ids = await uow.lunch.add_groups(rnd.id, [(g.site, g.weekday, g.members)
                                               for g in p.grouping.groups])
    queued: list[Outgoing] = []
    for index, (g, gid) in enumerate(zip(p.grouping.groups, ids, strict=True)):
        t = translations.for_locale(_group_locale([p.people.get(m) for m in g.members]))
        questions = icebreakers.get(t.locale) or icebreakers.get("de") or [""]
        lines = [messages.person_line(t, p.people.get(m), m, g.site) for m in g.members]
        reply = messages.group_message(t, lines, g.weekday, rng.choice(questions), rnd.id)
        queued.append(Outgoing(f"lunch:{key}:group:{index}:{gid}", list(g.members), reply))
    for person_id in p.grouping.alone:
        await uow.lunch.add_alone(rnd.id, person_id)
        person = p.people.get(person_id)
        t = translations.for_locale(person.locale if person else None)
        queued.append(Outgoing(f"lunch:{key}:alone:{person_id}", [person_id],
                               messages.alone_message(t, p.site[person_id])))
    await outbox.send_many(uow, queued, now)
    return RoundOutcome(key, rnd.id, p.grouping, True)


def _group_locale(people: Sequence[Who | Person | None]) -> str:
    """One message for the whole group: English only when every member reads English."""
    locales = Counter(p.locale if p else "de" for p in people)
    return "en" if set(locales) == {"en"} else "de"


async def stored_grouping(uow: UnitOfWork, rnd: LunchRound) -> Grouping:
    """The groups of a round as stored (for reruns and the CLI)."""
    grouping = Grouping()
    for group, members in await uow.lunch.groups(rnd.id):
        grouping.groups.append(Group(group.site, tuple(m.person_id for m in members),
                                     group.weekday))
    grouping.alone = [m.person_id for m in await uow.lunch.members(rnd.id) if m.group_id is None]
    grouping.relaxed = [Relaxation(str(r["site"]), str(r["constraint"]), int(str(r["count"])))
                        for r in rnd.relaxed]
    return grouping


async def skip(uow: UnitOfWork, translations: Translations, person: Person, round_id: int,
               now: datetime, not_before: datetime | None = None) -> Outcome:
    """Drop ``person`` from their group of round ``round_id`` and tell the others politely
    (not before ``not_before``: the next working moment).

    Returns DONE, ALREADY or NONE (not in a group of that round)."""
    member = await uow.lunch.membership(round_id, person.id)
    if member is None or member.group_id is None:
        return Outcome.NONE
    if member.skipped:
        return Outcome.ALREADY
    member.skipped = True
    _, members = await uow.lunch.group(member.group_id)
    others = [m.person_id for m in members if not m.skipped and m.person_id != person.id]
    people = await uow.people.get_many(others)
    if others:
        t = translations.for_locale(_group_locale([people.get(o) for o in others]))
        reply = messages.skip_notice(t, person.name or person.id, len(others))
        await outbox.send(uow, Outgoing(f"lunch:skip:{round_id}:{person.id}", others, reply,
                                        not_before), now)
    await uow.flush()
    return Outcome.DONE


async def current_round(uow: UnitOfWork, config: LunchConfig, now: datetime) -> LunchRound | None:
    key, _ = week_of(now, config)
    return await uow.lunch.round_by_key(key)


async def send_followups(uow: UnitOfWork, translations: Translations, config: LunchConfig,
                         now: datetime) -> int:
    """Ask each group of this week's round "did it work out?" once, ``followup_days`` after the
    round started; answers are only counted per round."""
    rnd = await current_round(uow, config, now)
    local = now.astimezone(config.tz).date()
    if rnd is None or rnd.followup_sent or local < rnd.week_start + timedelta(
            days=config.followup_days):
        return 0
    sent = 0
    for group, members in await uow.lunch.groups(rnd.id):
        present = [m.person_id for m in members if not m.skipped]
        if len(present) < 2:
            continue
        people = await uow.people.get_many(present)
        t = translations.for_locale(_group_locale([people.get(p) for p in present]))
        sent += await outbox.send(uow, Outgoing(f"lunch:{rnd.key}:followup:{group.id}", present,
                                                messages.followup(t, rnd.id)), now)
    rnd.followup_sent = True
    await uow.flush()
    return sent


async def answer_followup(uow: UnitOfWork, person_id: str, round_id: int, met: bool) -> Outcome:
    """Count one answer per person and round in the round's totals: DONE, ALREADY, or NONE (not
    in a group of that round)."""
    member = await uow.lunch.membership(round_id, person_id)
    rnd = await uow.lunch.get_round(round_id)
    if member is None or member.group_id is None or rnd is None:
        return Outcome.NONE
    if member.answered:
        return Outcome.ALREADY
    member.answered = True
    if met:
        rnd.met_yes += 1
    else:
        rnd.met_no += 1
    await uow.flush()
    return Outcome.DONE
