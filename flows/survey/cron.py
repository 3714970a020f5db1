"""A small five-field cron matcher (minute hour day month weekday) for recurring surveys.

Pure logic; the bot's scheduler uses APScheduler, which flows may not import."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flows.types import N_

_NAMES = {
    3: {n: i for i, n in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)},
    4: {n: i for i, n in enumerate(["sun", "mon", "tue", "wed", "thu", "fri", "sat"])},
}
_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))


class CronError(ValueError):
    """A cron expression that cannot be read: an English msgid and its parameters."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message.format(**params))
        self.message, self.params = message, params


def _value(text: str, pos: int) -> int:
    key = text.lower()
    if key in _NAMES.get(pos, {}):
        return _NAMES[pos][key]
    if not key.isdigit():
        raise CronError(N_("{value} is not a number"), value=repr(text))
    return int(key)


def _field(text: str, pos: int) -> frozenset[int]:
    lo, hi = _RANGES[pos]
    values: set[int] = set()
    for part in text.split(","):
        base, _, step_text = part.partition("/")
        step = int(step_text) if step_text.isdigit() and int(step_text) > 0 else None
        if step_text and step is None:
            raise CronError(N_("step {value} is not a positive number"), value=repr(step_text))
        if base == "*":
            start, end = lo, hi
        elif "-" in base:
            a, b = base.split("-", 1)
            start, end = _value(a, pos), _value(b, pos)
        else:
            start = end = _value(base, pos)
            if step:
                end = hi
        if not (lo <= start <= hi and lo <= end <= hi and start <= end):
            raise CronError(N_("{value} is outside {lo}-{hi}"), value=repr(part), lo=lo, hi=hi)
        values.update(range(start, end + 1, step or 1))
    if pos == 4 and 7 in values:
        values = (values - {7}) | {0}
    return frozenset(values)


class Cron:
    """``Cron("0 9 1 * *")``: matches wall-clock minutes in a time zone."""

    def __init__(self, expr: str) -> None:
        parts = expr.split()
        if len(parts) != 5:
            raise CronError(N_("expected five fields: minute hour day month weekday"))
        self.expr = expr
        self.fields = [_field(p, i) for i, p in enumerate(parts)]
        self.any_day, self.any_weekday = parts[2] == "*", parts[4] == "*"

    def matches(self, local: datetime) -> bool:
        minute, hour, day, month, weekday = self.fields
        if local.minute not in minute or local.hour not in hour or local.month not in month:
            return False
        day_ok, wd_ok = local.day in day, (local.isoweekday() % 7) in weekday
        if self.any_day or self.any_weekday:
            return day_ok and wd_ok
        return day_ok or wd_ok  # classic cron: either day field may match

    def latest(self, now: datetime, tz: ZoneInfo, lookback: timedelta) -> datetime | None:
        """The last matching minute at or before ``now`` within ``lookback`` (aware, UTC)."""
        local = now.astimezone(tz).replace(second=0, microsecond=0)
        start = local - lookback
        minute, hour = self.fields[0], self.fields[1]
        while local >= start:
            if local.hour not in hour:
                local = local.replace(minute=0) - timedelta(minutes=1)
                continue
            if local.minute in minute and self.matches(local):
                return local.astimezone(now.tzinfo)
            local -= timedelta(minutes=1)
        return None
