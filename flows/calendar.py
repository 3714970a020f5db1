"""The working calendar every feature shares: Mon-Fri, working hours, no public holidays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the month's last day (31.1. + 1 -> 29.2.)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in range(day.day, 27, -1):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    return date(year, month, min(day.day, 28))


@lru_cache(maxsize=64)
def _holidays(country: str, subdiv: str | None, year: int) -> frozenset[date]:
    import holidays  # here, not at start: loading the holiday tables is slow

    return frozenset(holidays.country_holidays(country, subdiv=subdiv, years=year))


@dataclass(frozen=True)
class WorkCalendar:
    """Mon-Fri, ``work_start``-``work_end`` in ``tz``, without the public holidays of ``subdiv``
    (a German state: BW by default; the holidays package's subdivision codes)."""

    subdiv: str | None = "BW"
    country: str = "DE"
    tz: str = "Europe/Berlin"
    work_start: time = time(8, 0)
    work_end: time = time(17, 0)
    send_time: time = time(9, 0)

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in _holidays(self.country, self.subdiv, day.year)

    def is_working_time(self, now: datetime) -> bool:
        local = now.astimezone(self.zone)
        return self.is_working_day(local.date()) and self.work_start <= local.time() < self.work_end

    def today(self, now: datetime) -> date:
        return now.astimezone(self.zone).date()

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the next one."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def on_or_before(self, day: date) -> date:
        """The working day itself, or the last working day before it."""
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
        n, day = 0, start
        while day < end:
            day += timedelta(days=1)
            n += self.is_working_day(day)
        return n

    def send_at(self, day: date) -> datetime:
        """The moment (UTC) a message due on ``day`` goes out: send time on the next working day."""
        return datetime.combine(self.next_working_day(day), self.send_time, self.zone).astimezone(UTC)

    def next_working_moment(self, now: datetime) -> datetime:
        """``now`` when inside working hours on a working day, else the next start of work."""
        if self.is_working_time(now):
            return now
        day = self.today(now)
        if self.is_working_day(day) and now.astimezone(self.zone).time() < self.work_start:
            return datetime.combine(day, self.work_start, self.zone).astimezone(UTC)
        nxt = self.next_working_day(day + timedelta(days=1))
        return datetime.combine(nxt, self.work_start, self.zone).astimezone(UTC)
