"""Scheduled jobs: combined daily reminders to owners, the weekly digest to workshop leads."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime

from flows.commitments import messages
from flows.commitments.calendar import stage
from flows.commitments.config import CommitmentsConfig
from flows.commitments.summary import pending_nudges, status
from flows.types import JobContext, Outgoing
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
        kind = stage(cal, today, item.due, config.before_days)
        if kind is not None:
            for owner in item.owners:
                candidates[owner].append((item, kind))
    people = await ctx.uow.people.get_many(candidates)
    sent_log = await ctx.uow.commitments.nudges(candidates)
    sent = 0
    for owner in sorted(candidates):
        key = f"commitments:nudge:{owner}:{today.isoformat()}"
        todo = pending_nudges(candidates[owner], sent_log[owner], today, cal, config.overdue_every)
        if not todo:
            continue
        person = people.get(owner)
        t = ctx.translations.for_locale(person.locale if person else None)
        reply = messages.nudge(t, [(i, workshops[i.workshop_id], k) for i, k in todo])
        if not await ctx.send(Outgoing(key, [owner], reply), now):
            continue  # this owner already had today's message
        for item, kind in todo:
            await ctx.uow.commitments.record_nudge(item.id, owner, item.due, kind, today, key)
        sent += 1
    log.info("commitments.nudge: %d reminder(s) queued", sent)
    return sent


async def digest(ctx: JobContext, now: datetime) -> int:
    """Once a week (the first working-time run of the ISO week) per workshop and lead; never
    about the chat pseudo-workshop (each person's own list)."""
    config: CommitmentsConfig = ctx.config
    cal = config.calendar
    if not cal.is_working_time(now):
        return 0
    today = cal.today(now)
    year, week, _ = today.isocalendar()
    sent = 0
    for ws in await ctx.uow.commitments.workshops():
        if ws.name == config.chat_workshop:
            continue  # commitments taken on in chat are the person's own list, not a team's
        by_lead: dict[str, list[Commitment]] = defaultdict(list)
        for item in await ctx.uow.commitments.items(ws.id):
            lead = item.lead or ws.lead
            if lead:
                by_lead[lead].append(item)
        people = await ctx.uow.people.get_many(by_lead)
        for lead, items in sorted(by_lead.items()):
            if all(i.done_at and (today - cal.today(i.done_at)).days > 7 for i in items):
                continue  # all done more than a week ago: the last digest said so
            person = people.get(lead)
            t = ctx.translations.for_locale(person.locale if person else None)
            s = status(items, today, config.flag_after_days)
            reply = messages.digest(t, ws.name, ws.held_on, s, config.flag_after_days)
            key = f"commitments:digest:{ws.id}:{lead}:{year}-W{week:02d}"
            sent += await ctx.send(Outgoing(key, [lead], reply), now)
    return sent
