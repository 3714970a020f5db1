"""Journey operations on the database: enrol, send due steps, propose a Pate/Patin."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flows import outbox
from flows.onboarding import messages
from flows.onboarding.config import OnboardingConfig
from flows.onboarding.journeys import Journey, Journeys, Step
from flows.onboarding.plan import Candidate, pate_candidates, plan_drip, step_time
from flows.types import Action, Choice, Outgoing, Reply, Translations, Translator
from storage.models.core import Person
from storage.models.onboarding import OnboardingEnrolment as Enrolment
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


def key(e: Enrolment) -> str:
    """Dedupe-key prefix unique per enrolment (ids may be reused after deletion on SQLite)."""
    return f"onboarding:{e.id}.{int(e.enrolled_at.timestamp())}"


def recipient(e: Enrolment, role: str) -> str | None:
    return {"hire": e.person_id, "leaver": e.person_id, "lead": e.lead_id, "pate": e.pate_id,
            "successor": e.successor_id}.get(role)


def _name(p: Person | None, fallback: str) -> str:
    return (p.name or p.id) if p else fallback


def values(t: Translator, e: Enrolment, people: dict[str, Person]) -> dict[str, str]:
    """Placeholder values for step messages, in the recipient's language."""
    open_ = t.gettext("(will be named shortly)")
    return {
        "name": _name(people.get(e.person_id), e.person_id),
        "lead": _name(people.get(e.lead_id or ""), open_),
        "pate": _name(people.get(e.pate_id or ""), open_),
        "successor": _name(people.get(e.successor_id or ""), open_),
        "start_date": t.format_date(e.start_date, "long"),
    }


async def enrol_from_directory(uow: UnitOfWork, cfg: OnboardingConfig, now: datetime) -> int:
    """Enrol everyone with a start date (not too far back) who is not on the default journey."""
    today = now.astimezone(cfg.calendar.zone).date()
    earliest = today - timedelta(days=cfg.late_enrol_days)
    enrolled = await uow.onboarding.enrolled_ids(cfg.journey)
    n = 0
    for p in await uow.people.all():
        if p.start_date and p.start_date >= earliest and p.id not in enrolled:
            await uow.onboarding.enrol(p.id, cfg.journey, p.start_date, now, lead_id=p.lead_id)
            n += 1
    return n


class Drip:
    """Sends what is due for every active enrolment; each step once per recipient."""

    def __init__(self, uow: UnitOfWork, journeys: Journeys, cfg: OnboardingConfig,
                 translations: Translations) -> None:
        self.uow, self.journeys, self.cfg, self.translations = uow, journeys, cfg, translations
        self.pool: Pool | None = None

    async def run(self, now: datetime) -> int:
        n = 0
        self.pool = await Pool.load(self.uow, self.cfg, now)
        for e in await self.uow.onboarding.active():
            journey = self.journeys.get(e.journey)
            if journey is None:
                log.warning("enrolment %s: journey %s no longer exists", e.id, e.journey)
                continue
            n += await self.one(e, journey, now)
        return n

    async def one(self, e: Enrolment, journey: Journey, now: datetime) -> int:
        hire = await self.uow.people.get(e.person_id)
        if hire is not None and hire.lead_id != e.lead_id:
            e.lead_id = hire.lead_id  # the directory is the truth about who leads whom
        when = self.cfg.calendar.next_working_moment(now)
        n = 0
        overdue: tuple[Step, ...] = ()
        if (hire is not None and hire.start_date and hire.start_date != e.start_date
                and e.journey == self.cfg.journey):  # the directory is the truth here, too
            moved, overdue = await self._move(e, journey, hire.start_date, now, when)
            n += moved
        if journey.kind == "onboarding" and e.pate_id is None:
            n += await propose_next(self.uow, e, self.cfg, self.translations, now, self.pool)
        plan = plan_drip(journey, e.start_date, e.enrolled_at, e.done_through, e.caught_up, now,
                         self.cfg.calendar)
        people = await self.uow.people.get_many(
            [i for i in (e.person_id, e.lead_id, e.pate_id, e.successor_id) if i])
        done = await self.uow.onboarding.done_items(e.id)
        if plan.missed:
            n += await self._catch_up(e, plan.missed, people, done, now, when)
            e.caught_up = True
        for step in [*overdue, *(s for s in plan.due if s not in overdue)]:
            for role in step.audience:
                to = recipient(e, role)
                if to is None:
                    continue
                t, j = self._for(people.get(to), e.journey)
                s = j.step(step.id) or step
                reply = messages.step_reply(t, s, values(t, e, people), e.id, done,
                                          with_checklist=to == e.person_id)
                out_key = f"{key(e)}:{step.id}@{e.start_date.isoformat()}:{to}"
                n += await outbox.send(self.uow, Outgoing(out_key, [to], reply, when), now)
        e.done_through = max(e.done_through, now)
        if plan.finished:
            e.status, e.ended_at = "ended", now
        return n

    async def _move(self, e: Enrolment, journey: Journey, new: date, now: datetime,
                    when: datetime) -> tuple[int, tuple[Step, ...]]:
        """A start date changed in the directory: move the journey. Steps already sent whose new
        time is still ahead go out again then (with the new date); steps that moved into the past
        unsent are returned to go out now; everyone who already read the old date is told."""
        cal, old, handled = self.cfg.calendar, e.start_date, e.done_through
        before = {s.id: step_time(journey, s, old, cal) for s in journey.steps}
        after = {s.id: step_time(journey, s, new, cal) for s in journey.steps}
        overdue = tuple(s for s in journey.steps if before[s.id] > handled >= after[s.id])
        told = e.caught_up or any(e.enrolled_at < at <= handled for at in before.values())
        e.start_date = new
        log.info("enrolment %s: start date moved", e.id)
        if not told:
            return 0, overdue
        people = await self.uow.people.get_many([i for i in (e.person_id, e.lead_id, e.pate_id) if i])
        n = 0
        for to in dict.fromkeys(i for i in (e.person_id, e.lead_id, e.pate_id) if i):
            t = self.translations.for_locale(people[to].locale if to in people else None)
            text = (t.gettext("Your first working day has changed: it is now {new} (before: "
                              "{old}). My next messages follow the new date.") if to == e.person_id
                    else t.gettext("The first working day of {name} has changed: it is now {new} "
                                   "(before: {old})."))
            reply = Reply(text.format(name=_name(people.get(e.person_id), e.person_id),
                                      new=t.format_date(new), old=t.format_date(old, "long")),
                          note=messages.MovedNote(new))
            out_key = f"{key(e)}:moved@{new.isoformat()}:{to}"
            n += await outbox.send(self.uow, Outgoing(out_key, [to], reply, when), now)
        return n, overdue

    def _for(self, person: Person | None, journey: str) -> tuple[Translator, Journey]:
        locale = person.locale if person else None
        t = self.translations.for_locale(locale)
        j = self.journeys.get(journey, t.locale)
        assert j is not None
        return t, j

    async def _catch_up(self, e: Enrolment, missed: Iterable[Step], people: dict[str, Person],
                        done: set[str], now: datetime, when: datetime) -> int:
        """One summary per recipient. After the first working day, the steps of the first day and
        before it (preparations, "today is your first day") are left out: the opening says in
        the past tense what they would have said."""
        late = self.cfg.calendar.today(now) > e.start_date
        by_recipient: dict[str, list[str]] = {}
        for step in missed:
            for role in step.audience:
                to = recipient(e, role)
                if to is not None:
                    by_recipient.setdefault(to, [])
                    if not late or step.due_date(e.start_date) > e.start_date:
                        by_recipient[to].append(step.id)
        n = 0
        for to, step_ids in by_recipient.items():
            t, j = self._for(people.get(to), e.journey)
            steps = [s for s in (j.step(i) for i in step_ids) if s is not None]
            filled = values(t, e, people)
            if late and not steps and to != e.person_id:
                continue  # nothing left to catch up on for the lead or the Pate/Patin
            header = messages.late_header(t, filled, to == e.person_id, j.kind) if late else None
            reply = messages.catch_up_reply(t, steps, filled, e.id, done,
                                          with_checklist=to == e.person_id, header=header)
            out = Outgoing(f"{key(e)}:catch-up:{to}", [to], reply, when)
            n += await outbox.send(self.uow, out, now)
        return n


@dataclass
class Pool:
    """Who could be Pate/Patin at all, and who is on a journey: read once per job run."""

    people: list[Candidate]
    busy: set[str]

    @classmethod
    async def load(cls, uow: UnitOfWork, cfg: OnboardingConfig, now: datetime) -> Pool:
        today = now.astimezone(cfg.calendar.zone).date()
        people = [Candidate(p.id, p.department, p.start_date) for p in await uow.people.all()
                  if p.start_date is None or p.start_date < today]
        return cls(people, {x.person_id for x in await uow.onboarding.active()})


async def propose_next(uow: UnitOfWork, e: Enrolment, cfg: OnboardingConfig,
                       translations: Translations, now: datetime, pool: Pool | None = None) -> int:
    """Ask the best remaining candidate to become Pate/Patin, unless someone is being asked."""
    proposals = await uow.onboarding.proposals(e.id)
    if any(p.status in {"proposed", "accepted"} for p in proposals):
        return 0
    hire = await uow.people.get(e.person_id)
    if hire is None:
        return 0
    pool = pool or await Pool.load(uow, cfg, now)
    ranked = pate_candidates(hire.id, hire.department, e.lead_id, pool.people, pool.busy,
                             await uow.onboarding.pate_load(),
                             {p.candidate_id for p in proposals}, cfg.pate_max_hires)
    when = cfg.calendar.next_working_moment(now)
    if not ranked:
        if e.lead_id is None or e.no_pate_told_at is not None:
            return 0  # the journey records that the lead was told: retention cannot undo it
        e.no_pate_told_at = now
        lead = await uow.people.get(e.lead_id)
        t = translations.for_locale(lead.locale if lead else None)
        text = t.gettext("I found nobody in the department of {name} who could become "
                         "Pate/Patin. Please name someone: tap the button or answer with the "
                         "number, then give their name.")
        reply = Reply(text.format(name=hire.name or hire.id),
                      choices=(Choice(t.gettext("Name a Pate/Patin"),
                                      Action(f"onboarding:namepate:{e.id}", str(e.id)),
                                      "primary"),),
                      note=messages.PateNote(e.id))
        return int(await outbox.send(
            uow, Outgoing(f"{key(e)}:no-pate:{e.lead_id}", [e.lead_id], reply, when), now))
    candidate = await uow.people.get(ranked[0])
    assert candidate is not None
    await uow.onboarding.propose(e.id, candidate.id, now)
    t = translations.for_locale(candidate.locale)
    if e.start_date <= cfg.calendar.today(now):
        text = t.gettext("{name} started in your department on {date} and has no Pate/Patin yet. "
                         "Would you like to be their Pate/Patin for the first months? That means "
                         "a coffee soon and being there for the small questions.")
    else:
        text = t.gettext("{name} starts in your department on {date}. Would you like to be their "
                         "Pate/Patin for the first months? That means a coffee in the first week "
                         "and being there for the small questions.")
    reply = Reply(
        text.format(name=hire.name or hire.id, date=t.format_date(e.start_date, "long")),
        choices=(Choice(t.gettext("Yes, gladly"), Action(f"onboarding:pate:{e.id}", "yes"),
                        "primary", ("ja", "gern", "gerne", "übernehme die patenschaft", "übernehme",
                                    "yes", "gladly", "sure")),
                 Choice(t.gettext("Not this time"), Action(f"onboarding:pate:{e.id}", "no"),
                        says=("nein", "leider nicht", "kann nicht", "no", "not this time",
                              "can't"))),
        note=messages.PateNote(e.id),
    )
    return int(await outbox.send(
        uow, Outgoing(f"{key(e)}:pate-ask:{candidate.id}", [candidate.id], reply, when), now))


async def introduce(uow: UnitOfWork, e: Enrolment, translations: Translations, now: datetime,
                    when: datetime, today: date) -> bool:
    """The group message to the hire and their new Pate/Patin, in each one's language."""
    people = await uow.people.get_many([e.person_id, e.pate_id or ""])
    hire, pate = people.get(e.person_id), people.get(e.pate_id or "")
    locales = dict.fromkeys(translations.for_locale(p.locale if p else None).locale
                            for p in (hire, pate))
    texts = []
    for locale in locales:
        t = translations.for_locale(locale)
        text = (t.gettext("May I introduce you? {pate} is the Pate/Patin of {name}, who starts on "
                          "{date}. {pate}, you know the ways around the house; {name}, ask away. "
                          "How about a coffee in the first week?") if e.start_date > today else
                t.gettext("May I introduce you? {pate} is the Pate/Patin of {name}, who started on "
                          "{date}. {pate}, you know the ways around the house; {name}, ask away. "
                          "How about a coffee in the next few days?"))
        texts.append(text.format(pate=_name(pate, e.pate_id or ""), name=_name(hire, e.person_id),
                                 date=t.format_date(e.start_date, "long")))
    reply = Reply("\n\n".join(texts), note=messages.PateNote(e.id))
    return await outbox.send(uow, Outgoing(f"{key(e)}:pate-intro:{e.pate_id}",
                                           [e.person_id, e.pate_id or ""], reply, when), now)


async def name_pate(uow: UnitOfWork, e: Enrolment, pate: Person, actor: str,
                    translations: Translations, cfg: OnboardingConfig, now: datetime,
                    audit: bool = True) -> None:
    """Name the Pate/Patin by hand (lead or HR): open proposals end, the audit log records who
    did it, and the hire and the Pate/Patin are introduced to each other."""
    for proposal in await uow.onboarding.proposals(e.id):
        if proposal.status == "proposed":
            proposal.status, proposal.answered_at = "withdrawn", now
    e.pate_id = pate.id
    if audit:  # the CLI's authorize() has already written the entry
        await uow.audit.record(actor, "onboarding.pate", f"{e.person_id}:{pate.id}", now)
    await uow.flush()
    await introduce(uow, e, translations, now, cfg.calendar.next_working_moment(now),
                    cfg.calendar.today(now))
