"""Working days and hours: when a journey step may go out (weekends and public holidays skipped)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays


@dataclass(frozen=True)
class WorkCalendar:
    """Mon-Fri, ``work_start``-``work_end`` in ``tz``, without the public holidays of ``subdiv``."""

    country: str = "DE"
    subdiv: str | None = "BW"
    tz: str = "Europe/Berlin"
    work_start: time = time(8, 0)
    work_end: time = time(17, 0)
    send_time: time = time(9, 0)
    _cache: dict[int, object] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def _holidays(self, year: int) -> object:
        if year not in self._cache:
            self._cache[year] = holidays.country_holidays(self.country, subdiv=self.subdiv,
                                                          years=year)
        return self._cache[year]

    def is_working_day(self, d: date) -> bool:
        return d.weekday() < 5 and d not in self._holidays(d.year)  # type: ignore[operator]

    def next_working_day(self, d: date) -> date:
        """``d`` itself when it is a working day, else the next one."""
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def send_at(self, d: date) -> datetime:
        """The moment (UTC) a step due on ``d`` goes out: send time on the next working day."""
        day = self.next_working_day(d)
        return datetime.combine(day, self.send_time, self.zone).astimezone(UTC)

    def next_working_moment(self, now: datetime) -> datetime:
        """``now`` when inside working hours on a working day, else the next start of work."""
        local = now.astimezone(self.zone)
        day = local.date()
        if self.is_working_day(day) and self.work_start <= local.time() < self.work_end:
            return now
        if self.is_working_day(day) and local.time() < self.work_start:
            return datetime.combine(day, self.work_start, self.zone).astimezone(UTC)
        nxt = self.next_working_day(day + timedelta(days=1))
        return datetime.combine(nxt, self.work_start, self.zone).astimezone(UTC)
