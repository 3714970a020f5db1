"""The owners' weekly digest (``faq.owners_digest``): to each content owner, once per ISO
week in working time, their entries due for review and the questions that got no answer or a
"not helpful" (clustered; only clusters with at least 3 distinct askers), each with a button
that adds the wording to the entry, or "new entry needed"."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime

from flows.faq import digest, kb_check, messages, store
from flows.faq.config import FaqConfig
from flows.faq.entries import Entry
from flows.types import JobContext, JobSpec, Outgoing

log = logging.getLogger(__name__)


async def owners_digest(ctx: JobContext, now: datetime) -> int:
    """One message per owner and ISO week (outbox key ``faq:digest:<person>:<week>``: a second
    run in the same week sends nothing new). Questions of the previous and the current week;
    the asker keys of finished weeks are deleted, questions older than the previous week too."""
    config: FaqConfig = ctx.config
    cal = config.calendar
    if not cal.is_working_time(now):
        return 0
    today = cal.today(now)
    week, last = digest.week_of(today), digest.previous_week(today)
    await ctx.uow.kb.forget_week_keys(before=week)  # a finished week's bits can't be recomputed
    await ctx.uow.kb.purge_gaps(before=last)
    entries: dict[tuple[str, str], Entry] = {(e.id, e.locale): e
                                             for e in await store.stored(ctx.uow)}
    by_id = {e.id: e for e in sorted(entries.values(), key=lambda e: e.locale != "de")}
    due = kb_check.due_for_review(list(entries.values()), today, config.review_days)
    gaps = [digest.Gap(g.kind, g.entry_id, g.normalized, g.example, g.locale, g.count, g.askers)
            for g in await ctx.uow.kb.gaps([last, week])]
    per_person: dict[str, messages.Digest] = defaultdict(messages.Digest)
    for d in due:
        per_person[config.contact(d.owner)].due.append((d, entries[(d.id, d.locale)]))
    for c in digest.shown(digest.cluster(gaps)):
        entry = entries.get((c.entry_id, c.locale)) or by_id.get(c.entry_id)
        if entry is None:
            if config.new_entries:  # no entry comes close: whoever writes new entries
                per_person[config.new_entries].clusters.append((c, None))
            continue
        per_person[config.contact(entry.owner)].clusters.append((c, entry))
    people = await ctx.uow.people.get_many(per_person)
    sent = 0
    for person_id in sorted(per_person):
        person = people.get(person_id)
        if person is None:
            log.warning("faq.owners_digest: an owner's contact is not in the directory; "
                        "see [features.faq] owners")
            continue
        t = ctx.translations.for_locale(person.locale)
        reply = messages.digest(t, per_person[person_id], today)
        if await ctx.send(Outgoing(f"faq:digest:{person_id}:{week}", [person_id], reply), now):
            sent += 1
    log.info("faq.owners_digest: %d digest(s) queued", sent)
    return sent


JOBS: tuple[JobSpec, ...] = (JobSpec("faq.owners_digest", "0 9 * * 1-5", owners_digest),)
