"""Checks of the settings' values at start, before anything runs: each names its key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from flows.cron import Cron, CronError
from flows.files import FileError
from flows.types import N_

DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")
LOCALES = ("de", "en")
BACKENDS = ("embedded", "rasa")
# the holidays package's subdivisions of DE (tests/bot/test_feature_config.py compares them), so
# that reading the settings does not load the holiday tables
STATES = ("BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL", "SN", "ST",
          "TH", "AUGSBURG")


class SettingError(FileError):
    """A setting has a value flurfunk cannot use (the key is the field)."""


def check_timezone(value: str, where: str, key: str) -> ZoneInfo:
    """The time zone, or a SettingError naming ``key``."""
    try:
        if not value or value.startswith(("/", ".")):
            raise ValueError(value)
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise SettingError(where, N_("unknown time zone {value} (e.g. Europe/Berlin)"), field=key,
                           value=repr(value)) from None


def check_cron(value: str, tz: ZoneInfo, where: str, key: str) -> None:
    """A five-field crontab expression as flows.cron reads it, or a SettingError."""
    try:
        Cron(value)
    except CronError:
        raise SettingError(where, N_("not a cron expression: {value} (five fields: minute hour day "
                                     "month weekday, e.g. \"0 9 * * mon\")"), field=key,
                           value=repr(value)) from None


def check_database_url(url: str, where: str, key: str = "database_url") -> None:
    """An async SQLAlchemy URL flurfunk can use (SQLite with aiosqlite or PostgreSQL with asyncpg)."""
    if not url:
        return
    try:
        driver = make_url(url).drivername
    except (ArgumentError, ValueError):
        driver = None
    if driver not in DRIVERS:
        raise SettingError(where, N_("not a database address flurfunk can use; write "
                                     "sqlite+aiosqlite:///path/flurfunk.db or "
                                     "postgresql+asyncpg://user@host/db"), field=key)


def _between(value: float, lo: float, hi: float, where: str, key: str) -> None:
    if not lo <= value <= hi:
        raise SettingError(where, N_("must be between {lo} and {hi}, got {value}"), field=key,
                           lo=lo, hi=hi, value=value)


def check_calendar(c: Any, where: Callable[[str], str]) -> ZoneInfo:
    """The ``[calendar]`` section: a German state the holidays package knows, a time zone, and
    ``work_start <= send_time < work_end``; returns the time zone."""
    if c.state.upper() not in STATES:
        raise SettingError(where("calendar.state"), N_("unknown German state {value} (e.g. BW, BY, "
                                                       "HB, NW)"), field="calendar.state",
                           value=repr(c.state))
    if not c.work_start < c.work_end:
        raise SettingError(where("calendar.work_end"), N_("working hours must end after they start "
                                                          "({start})"), field="calendar.work_end",
                           start=c.work_start.isoformat("minutes"))
    if not c.work_start <= c.send_time < c.work_end:
        raise SettingError(where("calendar.send_time"), N_("must lie within the working hours "
                                                           "({start} to {end})"),
                           field="calendar.send_time", start=c.work_start.isoformat("minutes"),
                           end=c.work_end.isoformat("minutes"))
    return check_timezone(c.timezone, where("calendar.timezone"), "calendar.timezone")


def check(s: Any, where: Callable[[str], str]) -> None:
    """Check every value whose type alone does not make it usable; ``where(key)`` names the file
    or environment variable that set it."""
    tz = check_calendar(s.calendar, where)
    if s.default_locale not in LOCALES:
        raise SettingError(where("default_locale"), N_("use de or en, not {value}"),
                           field="default_locale", value=repr(s.default_locale))
    check_database_url(s.database_url, where("database_url"))
    if s.nlu.backend not in BACKENDS:
        raise SettingError(where("nlu.backend"), N_("use embedded or rasa, not {value}"),
                           field="nlu.backend", value=repr(s.nlu.backend))
    ranges: list[tuple[str, Any, float, float]] = [
        *((f"nlu.{k}", s.nlu, 0.0, 1.0) for k in ("threshold", "rasa_threshold")),
        ("nlu.rasa_timeout", s.nlu, 0.01, 60.0),
        *((f"outbox.{k}", s.outbox, 1, 10_000) for k in ("batch", "max_attempts")),
        *((f"outbox.{k}", s.outbox, 0.01, 86_400.0) for k in ("interval_seconds", "lease_seconds")),
        *((f"slack.{k}", s.slack, 0.0, 1_000.0) for k in ("rate_per_second", "channel_interval")),
        *((f"slack.{k}", s.slack, 1, 100_000) for k in (
            "burst", "concurrency", "workers", "event_retention_hours", "send_retention_days")),
    ]
    for key, section, lo, hi in ranges:
        _between(getattr(section, key.split(".")[1]), lo, hi, where(key), key)
    for job, cron in s.jobs.items():
        check_cron(cron, tz, where(f"jobs.{job}"), f"jobs.{job}")
