"""Pure date logic: relative due dates and nudge stages (working days: flows.calendar)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum

from flows.calendar import WorkCalendar, add_months
from flows.types import N_

_RELATIVE = re.compile(
    r"^\s*(?P<n>\d+)\s*(?P<unit>h|std|stunden?|hours?|t|tage?n?|days?|w|wochen?|weeks?"
    r"|m|monate?n?|months?)\s*$",
    re.IGNORECASE,
)
RECURRENCES = ("monthly",)


class Stage(StrEnum):
    """Which reminder an open commitment gets today (stored as its text in the nudge log)."""

    BEFORE = "before"
    DUE = "due"
    OVERDUE = "overdue"


# what protocols write for a recurrence (German first), lower-case -> the stored value
RECURRENCE_WORDS = {"monthly": "monthly", "monatlich": "monthly", "jeden monat": "monthly",
                    "every month": "monthly"}


class DueError(ValueError):
    """A due date that cannot be read: an English msgid and its parameters."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message.format(**params))
        self.message, self.params = message, params


def parse_due(value: str, base: date) -> date:
    """``2012-09-01``, ``1.9.2012``, or relative to ``base``: ``72h``, ``3 Tage``, ``2 Wochen``,
    ``1 Monat``. Raises DueError (a ValueError) with a msgid."""
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text) or re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if m:
        y, mo, d = (m[1], m[2], m[3]) if "-" in text else (m[3], m[2], m[1])
        try:
            return date(int(y), int(mo), int(d))
        except ValueError:
            raise DueError(N_("no such date: {value}"), value=text) from None
    m = _RELATIVE.match(text)
    if not m:
        raise DueError(N_("not a date or a relative due date: {value} "
                          "(use 2012-09-01, 1.9.2012, 72h, 3 Tage, 2 Wochen, 1 Monat)"), value=repr(text))
    n, unit = int(m["n"]), m["unit"].lower()
    if unit[0] in "hs":
        return base + timedelta(days=-(-n // 24))  # 72h -> 3 days; 30h -> 2 days
    if unit[0] in "td":
        return base + timedelta(days=n)
    if unit[0] == "w":
        return base + timedelta(weeks=n)
    return add_months(base, n)


def stage(cal: WorkCalendar, today: date, due: date, before_days: int) -> Stage | None:
    """Which reminder applies on ``today``: ``before``, ``due``, ``overdue`` or None.

    A due date on a weekend or holiday is announced on the working day before it."""
    due_day = cal.on_or_before(due)
    if today > due:
        return Stage.OVERDUE
    if today >= due_day:
        return Stage.DUE
    if cal.working_days_between(today, due_day) <= before_days:
        return Stage.BEFORE
    return None
