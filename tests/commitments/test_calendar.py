"""Pure date logic: relative due dates, working days with BW holidays, reminder stages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.calendar import WorkCalendar
from flows.commitments.calendar import add_months, parse_due, stage

WORKSHOP = date(2012, 5, 22)
BW = WorkCalendar("BW")


@pytest.mark.parametrize(("text", "expected"), [
    ("72h", date(2012, 5, 25)), ("30 Stunden", date(2012, 5, 24)), ("3 Tage", date(2012, 5, 25)),
    ("2 Wochen", date(2012, 6, 5)), ("1 Monat", date(2012, 6, 22)), ("6 months", date(2012, 11, 22)),
    ("2012-09-01", date(2012, 9, 1)), ("1.9.2012", date(2012, 9, 1)),
])
def test_parse_due(text: str, expected: date) -> None:
    assert parse_due(text, WORKSHOP) == expected


def test_parse_due_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="72h, 3 Tage"):
        parse_due("bald", WORKSHOP)


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2012, 1, 31), 1) == date(2012, 2, 29)
    assert add_months(date(2012, 12, 15), 1) == date(2013, 1, 15)


def test_holidays_depend_on_the_state() -> None:
    fronleichnam = date(2012, 6, 7)
    assert not BW.is_working_day(fronleichnam) and not BW.is_working_day(date(2012, 5, 28))
    assert WorkCalendar("HB").is_working_day(fronleichnam)  # not a holiday in Bremen
    assert BW.working_days_between(date(2012, 6, 4), date(2012, 6, 8)) == 3


def test_working_time_in_berlin() -> None:
    assert BW.is_working_time(datetime(2012, 5, 23, 6, 0, tzinfo=UTC))  # 08:00 CEST
    assert not BW.is_working_time(datetime(2012, 5, 23, 15, 0, tzinfo=UTC))  # 17:00 CEST
    assert not BW.is_working_time(datetime(2012, 5, 26, 9, 0, tzinfo=UTC))  # Saturday


def test_stage_announces_weekend_due_dates_on_the_working_day_before() -> None:
    due = date(2012, 9, 1)  # Saturday
    assert stage(BW, date(2012, 8, 28), due, 3) == "before"
    assert stage(BW, date(2012, 8, 27), due, 3) is None
    assert stage(BW, date(2012, 8, 31), due, 3) == "due"
    assert stage(BW, date(2012, 9, 3), due, 3) == "overdue"


@given(st.dates(date(2012, 1, 1), date(2030, 12, 31)), st.integers(0, 60))
def test_working_days_between_never_exceeds_calendar_days(start: date, n: int) -> None:
    end = start + timedelta(days=n)
    assert 0 <= BW.working_days_between(start, end) <= n
    if n >= 7:
        assert BW.working_days_between(start, end) >= 1


