"""Commitments settings from [features.commitments]: the reminder schedule (the working calendar
is the shared [calendar])."""

from __future__ import annotations

from dataclasses import dataclass, field

from flows.calendar import WorkCalendar
from flows.settings import between


@dataclass(frozen=True)
class CommitmentsConfig:
    before_days: int = between(3, 0)  # remind this many working days before the due date
    overdue_every: int = between(5, 0)  # repeat the overdue question every N working days
    overdue_max: int = between(3, 0)  # ... at most this often (0: no limit); then the digest says so
    flag_after_days: int = between(7, 0)  # the digest flags items overdue longer than this
    chat_workshop: str = "Vereinbarungen im Chat"
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
