"""Scheduled jobs: combined daily reminders to owners, the weekly digest to workshop leads."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime

from flows.commitments import messages
from flows.commitments.calendar import stage
from flows.commitments.config import CommitmentsConfig
from flows.commitments.summary import pending_nudges, status, stopped
from flows.types import JobContext, JobSpec, Outgoing
from storage.models.commitments import Commitment

log = logging.getLogger(__name__)


async def nudge(ctx: JobContext, now: datetime) -> int:
    """At most one message per owner and day, inside working hours on working days.

    The outbox key ``commitments:nudge:<owner>:<day>`` and the sent-log (commitments_nudge)
    make a second run on the same day, or after a restart, send nothing new."""
    config: CommitmentsConfig = ctx.config
    cal = config.calendar
    if not cal.is_working_time(now):
        return 0
    today = cal.today(now)
    workshops = {w.id: w.name for w in await ctx.uow.commitments.workshops()}
    candidates: dict[str, list[tuple[Commitment, str]]] = defaultdict(list)
    for item in await ctx.uow.commitments.items(open_only=True):
        found = stage(cal, today, item.due, config.before_days)
        if found is not None:
            for owner in item.owners:
                candidates[owner].append((item, found))
    people = await ctx.uow.people.get_many(candidates)
    sent_log = await ctx.uow.commitments.nudges(candidates)
    sent = 0
    for owner in sorted(candidates):
        key = f"commitments:nudge:{owner}:{today.isoformat()}"
        todo = pending_nudges(candidates[owner], sent_log[owner], today, cal, config.overdue_every,
                              config.overdue_max)
        if not todo:
            continue
        person = people.get(owner)
        t = ctx.translations.for_locale(person.locale if person else None)
        reply = messages.nudge(t, [(i, workshops[i.workshop_id], k) for i, k in todo], today)
        if not await ctx.send(Outgoing(key, [owner], reply), now):
            continue  # this owner already had today's message
        for item, kind in todo:
            await ctx.uow.commitments.record_nudge(item.id, owner, item.due, kind, today, key)
        sent += 1
    log.info("commitments.nudge: %d reminder(s) queued", sent)
    return sent


async def digest(ctx: JobContext, now: datetime) -> int:
    """Once a week (the first working-time run of the ISO week) per lead: one message with every
    workshop they lead, and once the items whose overdue reminders stopped; never about the chat
    pseudo-workshop (each person's own list)."""
    config: CommitmentsConfig = ctx.config
    cal = config.calendar
    if not cal.is_working_time(now):
        return 0
    today = cal.today(now)
    year, week, _ = today.isocalendar()
    workshops = await ctx.uow.commitments.workshops()
    by_lead: dict[str, dict[int, list[Commitment]]] = defaultdict(lambda: defaultdict(list))
    for item in await ctx.uow.commitments.items():
        ws = next(w for w in workshops if w.id == item.workshop_id)
        if ws.name == config.chat_workshop:
            continue  # commitments taken on in chat are the person's own list, not a team's
        lead = item.lead or ws.lead
        if lead:
            by_lead[lead][ws.id].append(item)
    people = await ctx.uow.people.get_many(by_lead)
    owners = {o for per_ws in by_lead.values() for items in per_ws.values() for i in items
              for o in i.owners}
    sent_log = await ctx.uow.commitments.nudges(owners)
    flagged_log = await ctx.uow.commitments.nudges(by_lead)
    sent = 0
    for lead, per_ws in sorted(by_lead.items()):
        person = people.get(lead)
        t = ctx.translations.for_locale(person.locale if person else None)
        parts = []
        for ws in workshops:
            items = per_ws.get(ws.id, [])
            if not items or all(i.done_at and (today - cal.today(i.done_at)).days > 7
                                for i in items):
                continue  # all done more than a week ago: the last digest said so
            s = status(items, today, config.flag_after_days)
            parts.append(messages.digest(t, ws.name, ws.held_on, s, config.flag_after_days))
        told = {(n.commitment_id, n.due) for n in flagged_log[lead] if n.kind == "stopped"}
        gave_up = [i for items in per_ws.values() for i in items
                   if (i.id, i.due) not in told
                   and stopped(i, [n for o in i.owners for n in sent_log[o]], config.overdue_max)]
        if not parts and not gave_up:
            continue
        if not parts:
            parts = [messages.digest(t, ws.name, ws.held_on, status(per_ws[ws.id], today,
                                                                     config.flag_after_days),
                                     config.flag_after_days)
                     for ws in workshops if ws.id in {i.workshop_id for i in gave_up}]
        key = f"commitments:digest:{lead}:{year}-W{week:02d}"
        reply = messages.digests(t, parts, gave_up, config.overdue_max)
        if await ctx.send(Outgoing(key, [lead], reply), now):
            sent += 1
            for item in gave_up:
                await ctx.uow.commitments.record_nudge(item.id, lead, item.due, "stopped", today,
                                                       key)
    return sent


JOBS = (
    JobSpec("commitments.nudge", "*/30 8-16 * * mon-fri", nudge),
    JobSpec("commitments.digest", "0 8-16 * * mon-fri", digest),
)
