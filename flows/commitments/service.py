"""State changes on commitments (import, done, new date, comment, hand-over), each with history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flows.commitments.calendar import add_months
from flows.commitments.protocol import Row
from storage.models.commitments import Commitment
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


async def import_rows(uow: UnitOfWork, rows: list[Row], now: datetime, actor: str) -> ImportResult:
    """Create or update by (workshop, title); a re-agreed date survives a re-import of the same
    protocol, a changed date in the file replaces it (and is written to the history)."""
    created = updated = unchanged = 0
    workshops = {}
    for row in rows:
        if row.workshop not in workshops:
            lead = next((r.lead for r in rows if r.workshop == row.workshop and r.lead), None)
            workshops[row.workshop] = await uow.commitments.save_workshop(
                row.workshop, row.workshop_date, lead)
        ws = workshops[row.workshop]
        item = await uow.commitments.by_key(ws.id, row.title)
        if item is None:
            item = await uow.commitments.add(Commitment(
                workshop_id=ws.id, field=row.field, title=row.title, owners=list(row.owners),
                lead=row.lead, due=row.due, original_due=row.due, recurrence=row.recurrence,
                status="open", notes=row.notes, created_at=now, updated_at=now))
            await uow.commitments.add_event(item.id, now, "created", actor, new_due=row.due)
            created += 1
            continue
        before = (item.field, list(item.owners), item.lead, item.original_due, item.recurrence,
                  item.notes)
        after = (row.field, list(row.owners), row.lead, row.due, row.recurrence, row.notes)
        if before == after:
            unchanged += 1
            continue
        if row.due != item.original_due:
            await uow.commitments.add_event(item.id, now, "imported", actor, old_due=item.due,
                                            new_due=row.due)
            item.due = item.original_due = row.due
        else:
            await uow.commitments.add_event(item.id, now, "imported", actor)
        item.field, item.owners, item.lead = row.field, list(row.owners), row.lead
        item.recurrence, item.notes, item.updated_at = row.recurrence, row.notes, now
        updated += 1
    return ImportResult(created, updated, unchanged)


async def mark_done(uow: UnitOfWork, item: Commitment, actor: str, now: datetime) -> bool:
    """Done; a monthly commitment records this occurrence and moves to the next one.
    Returns True when the whole commitment is finished."""
    await uow.commitments.add_event(item.id, now, "done", actor, old_due=item.due)
    item.updated_at = now
    if item.recurrence == "monthly":
        item.due = add_months(item.due, 1)
        item.status = "open"
        return False
    item.status, item.done_at = "done", now
    return True


async def new_date(uow: UnitOfWork, item: Commitment, actor: str, when: date, reason: str,
                   now: datetime) -> None:
    """Agree a new date: the old one and the reason stay in the history ("neu vereinbart")."""
    await uow.commitments.add_event(item.id, now, "newdate", actor, reason, item.due, when)
    item.due, item.status, item.updated_at = when, "reagreed", now


async def comment(uow: UnitOfWork, item: Commitment, actor: str, text: str, now: datetime,
                  kind: str = "comment") -> None:
    await uow.commitments.add_event(item.id, now, kind, actor, text)
    item.updated_at = now


async def hand_over(uow: UnitOfWork, item: Commitment, actor: str, to: str, now: datetime,
                    kind: str = "handover") -> None:
    """Replace ``actor`` by ``to`` among the owners (``to`` joins if actor was the lead);
    ``kind`` ``declined`` when the new owner gives it back."""
    owners = [to if o == actor else o for o in item.owners]
    if to not in owners:
        owners.append(to)
    item.owners = list(dict.fromkeys(owners))
    item.updated_at = now
    await uow.commitments.add_event(item.id, now, kind, actor, to)


async def capture(uow: UnitOfWork, workshop: str, person_id: str, lead: str | None, title: str,
                  due: date, now: datetime) -> Commitment:
    """A commitment taken on in chat; the same title again updates the date instead."""
    ws = await uow.commitments.workshop(workshop)
    if ws is None:
        ws = await uow.commitments.save_workshop(workshop, now.date(), None)
    item = await uow.commitments.by_key(ws.id, title)
    if item is not None:
        if person_id not in item.owners:
            item.owners = [*item.owners, person_id]
        if item.due != due:
            await new_date(uow, item, person_id, due, "", now)
        return item
    item = await uow.commitments.add(Commitment(
        workshop_id=ws.id, field="", title=title, owners=[person_id], lead=lead, due=due,
        original_due=due, recurrence=None, status="open", notes="", created_at=now,
        updated_at=now))
    await uow.commitments.add_event(item.id, now, "created", person_id, new_due=due)
    return item
