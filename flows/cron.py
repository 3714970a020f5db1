"""The one cron dialect: five-field crontab expressions (minute hour day month weekday, classic
cron: 0 and 7 are Sunday, names like ``mon-fri``, day OR weekday when both are given), read by
croniter. Pure logic: the scheduler in bot/ and the survey schedules both ask this module."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from croniter import CroniterError, croniter

from flows.types import N_


class CronError(ValueError):
    """A cron expression that cannot be read: an English msgid and its parameters."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message.format(**params))
        self.message, self.params = message, params


_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))  # minute hour day month weekday


def _out_of_range(expr: str) -> None:
    """Name the number that is out of its field's range (croniter only says "not acceptable")."""
    for part, (lo, hi) in zip(expr.split(), _RANGES, strict=True):
        for token in re.split(r"[,/-]", part):
            if token.isdigit() and not lo <= int(token) <= hi:
                raise CronError(N_("{value} is outside {lo}-{hi}"), value=repr(token), lo=lo, hi=hi)


class Cron:
    """``Cron("0 9 * * mon")``: slots are wall-clock minutes in the given time zone."""

    def __init__(self, expr: str) -> None:
        if len(expr.split()) != 5:
            raise CronError(N_("expected five fields: minute hour day month weekday"))
        _out_of_range(expr)
        try:
            croniter(expr, datetime(2026, 1, 1, tzinfo=UTC)).get_next(datetime)  # 31 Feb: never
        except (CroniterError, ValueError, KeyError) as exc:  # croniter's errors are ValueErrors
            raise CronError(N_("not a cron expression: {value}"), value=repr(expr)) from exc
        self.expr = expr

    def latest(self, now: datetime, tz: ZoneInfo, lookback: timedelta) -> datetime | None:
        """The last slot at or before ``now`` and within ``lookback`` (aware, in UTC)."""
        after = (now + timedelta(minutes=1)).astimezone(tz).replace(second=0, microsecond=0)
        slot: datetime = croniter(self.expr, after).get_prev(datetime)
        slot = slot.astimezone(UTC)
        return slot if now - lookback <= slot <= now else None

    def next_after(self, moment: datetime, tz: ZoneInfo) -> datetime:
        """The first slot after ``moment`` (aware, in UTC)."""
        nxt: datetime = croniter(self.expr, moment.astimezone(tz)).get_next(datetime)
        return nxt.astimezone(UTC)
