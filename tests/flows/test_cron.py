"""The one cron dialect (flows/cron.py): survey schedules, [jobs] and the scheduler read it alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger

from bot.jobs import latest_slot, trigger
from bot.settings_checks import SettingError, check_cron
from flows.cron import Cron, CronError

BERLIN = ZoneInfo("Europe/Berlin")


def _utc(s: str) -> datetime:
    return datetime.fromisoformat(s).replace(tzinfo=BERLIN).astimezone(UTC)


def test_cron_latest_slot_in_berlin_time() -> None:
    monthly = Cron("0 9 1 * *")
    assert monthly.latest(_utc("2026-10-01T09:04"), BERLIN, timedelta(days=2)) == _utc("2026-10-01T09:00")
    assert monthly.latest(_utc("2026-10-01T09:00"), BERLIN, timedelta(days=2)) == _utc("2026-10-01T09:00")
    assert monthly.latest(_utc("2026-10-01T08:59"), BERLIN, timedelta(days=2)) is None
    weekly = Cron("30 8 * * mon")
    assert weekly.latest(_utc("2026-09-09T12:00"), BERLIN, timedelta(days=7)) == _utc("2026-09-07T08:30")
    assert Cron("0 9 * * 1-5").latest(_utc("2026-09-06T12:00"), BERLIN, timedelta(days=1)) is None
    assert weekly.next_after(_utc("2026-09-07T08:30"), BERLIN) == _utc("2026-09-14T08:30")


@pytest.mark.parametrize("bad", ["0 9 1 *", "0 25 * * *", "x 9 * * *", "*/0 * * * *",
                                 "0 9 * * mon *", "0 9 31 2 *", ""])
def test_cron_rejects_bad_expressions(bad: str) -> None:
    with pytest.raises(CronError):
        Cron(bad)
    with pytest.raises(SettingError, match=r"jobs\.x"):  # the settings check says the same
        check_cron(bad, BERLIN, "flurfunk.toml", "jobs.x")


def test_weekday_numbers_mean_the_same_to_jobs_and_surveys() -> None:
    """Classic cron: 1 is Monday, 0 and 7 Sunday; a job and a survey with "0 9 * * 1" agree."""
    monday_late = _utc("2026-09-07T10:00")
    for expr in ("0 9 * * 1", "0 9 * * mon"):
        assert Cron(expr).latest(monday_late, BERLIN, timedelta(days=7)) == _utc("2026-09-07T09:00")
        assert latest_slot(expr, BERLIN, monday_late, None) == _utc("2026-09-07T09:00")
        assert trigger(expr, BERLIN).get_next_fire_time(None, _utc("2026-09-06T12:00")) == \
            _utc("2026-09-07T09:00")
    assert Cron("0 9 * * 0").latest(monday_late, BERLIN, timedelta(days=7)) == _utc("2026-09-06T09:00")


def test_the_second_dialect_disagreed() -> None:
    """The weakened setup: APScheduler 3's own crontab reading (the scheduler's before) takes
    weekday 1 for Tuesday, so a survey and a job on "0 9 * * 1" went out on different days."""
    old = CronTrigger.from_crontab("0 9 * * 1", timezone=BERLIN)
    fired = old.get_next_fire_time(None, _utc("2026-09-06T12:00"))
    assert fired is not None and fired.astimezone(UTC) != _utc("2026-09-07T09:00")  # Tuesday


def test_the_trigger_steps_from_slot_to_slot() -> None:
    trig = trigger("*/30 8-16 * * mon-fri", BERLIN)
    first = trig.get_next_fire_time(None, _utc("2026-09-04T16:40"))  # a Friday afternoon
    assert first == _utc("2026-09-07T08:00")
    assert trig.get_next_fire_time(first, first) == _utc("2026-09-07T08:30")
