"""Working days: weekends and the public holidays of the configured state are skipped."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.calendar import WorkCalendar
from tests.onboarding.helpers import BERLIN, at

BW = WorkCalendar()


@pytest.mark.parametrize(("due", "sent"), [
    ("2026-09-04", "2026-09-04"),  # Friday
    ("2026-09-05", "2026-09-07"),  # Saturday -> Monday
    ("2026-01-06", "2026-01-07"),  # Epiphany: a holiday in Baden-Württemberg
    ("2026-04-03", "2026-04-07"),  # Good Friday, weekend, Easter Monday
    ("2026-12-24", "2026-12-24"),  # Christmas Eve is a working day
    ("2026-12-25", "2026-12-28"),
])
def test_steps_go_out_on_the_next_working_day_at_nine(due: str, sent: str) -> None:
    assert BW.send_at(date.fromisoformat(due)) == at(sent, "09:00")


def test_the_state_decides_which_holidays_count() -> None:
    berlin = WorkCalendar("BE")
    assert berlin.is_working_day(date(2026, 1, 6))  # no Epiphany in Berlin
    assert not berlin.is_working_day(date(2026, 3, 8))  # Women's Day (a Sunday in 2026 anyway)
    assert not BW.is_working_day(date(2026, 1, 6))


@given(st.datetimes(min_value=at("2026-01-01").replace(tzinfo=None),
                    max_value=at("2027-12-31").replace(tzinfo=None)))
def test_next_working_moment_is_inside_working_hours(naive) -> None:  # type: ignore[no-untyped-def]
    now = naive.replace(tzinfo=BERLIN)
    when = BW.next_working_moment(now).astimezone(BERLIN)
    assert when >= now
    assert BW.is_working_day(when.date()) and time(8) <= when.time() < time(17)
