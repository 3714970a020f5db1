"""Pure aggregation: which reminders are due today, and a workshop's status for digest/report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from flows.calendar import WorkCalendar
from storage.models.commitments import Commitment, CommitmentNudge


def pending_nudges(
    candidates: Sequence[tuple[Commitment, str]],
    sent: Sequence[CommitmentNudge],
    today: date,
    cal: WorkCalendar,
    overdue_every: int,
    overdue_max: int = 0,
) -> list[tuple[Commitment, str]]:
    """The (item, stage) pairs not yet sent: ``before`` and ``due`` once per due date,
    ``overdue`` again every ``overdue_every`` working days until the item moves, at most
    ``overdue_max`` times (0: no limit)."""
    out = []
    for item, kind in candidates:
        days = [n.day for n in sent if n.commitment_id == item.id and n.due == item.due
                and n.kind == kind]
        if not days:
            out.append((item, kind))
        elif kind == "overdue" and overdue_max and len(days) >= overdue_max:
            continue  # given up: the lead's digest says so once
        elif kind == "overdue" and overdue_every and (
                cal.working_days_between(max(days), today) >= overdue_every):
            out.append((item, kind))
    return out


def stopped(item: Commitment, sent: Sequence[CommitmentNudge], overdue_max: int) -> bool:
    """Whether the overdue reminders of ``item`` (at its current date) reached the limit."""
    owners = set(item.owners)
    return bool(overdue_max) and item.status != "done" and any(
        len([n for n in sent if n.commitment_id == item.id and n.due == item.due
             and n.kind == "overdue" and n.person_id == o]) >= overdue_max for o in owners)


def category(item: Commitment, today: date) -> str:
    """``done``, ``overdue``, ``reagreed`` or ``open`` (disjoint, in that order)."""
    if item.status == "done":
        return "done"
    if item.due < today:
        return "overdue"
    return "reagreed" if item.status == "reagreed" else "open"


@dataclass
class Status:
    total: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("done", "open", "overdue", "reagreed"), 0))
    flagged: list[tuple[Commitment, int]] = field(default_factory=list)  # (item, days overdue)

    @property
    def progress(self) -> int:
        """Done, in whole per cent of all commitments."""
        # half up (1 of 8 is 13 %, not the 12 % that round()'s banker's rounding gives)
        return (200 * self.counts["done"] + self.total) // (2 * self.total) if self.total else 0


def status(items: Sequence[Commitment], today: date, flag_after_days: int) -> Status:
    """Counts by category and the items overdue longer than ``flag_after_days`` (oldest first);
    team-level: no owners, no per-person figures."""
    s = Status(total=len(items))
    for item in items:
        cat = category(item, today)
        s.counts[cat] += 1
        if cat == "overdue" and (today - item.due).days > flag_after_days:
            s.flagged.append((item, (today - item.due).days))
    s.flagged.sort(key=lambda pair: (-pair[1], pair[0].title))
    return s
