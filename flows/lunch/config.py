"""Lunch roulette settings from [features.lunch]: group size, rhythm, recency window (the working
calendar is the shared [calendar])."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from flows.calendar import WorkCalendar
from flows.lunch.icebreakers import load_icebreakers
from flows.settings import Invalid, between
from flows.types import N_


@dataclass(frozen=True)
class LunchConfig:
    group_size: int = between(2, 2, 4)  # an odd remainder joins a group (pairs: one group of three)
    every_weeks: int = between(1, 1, 4)  # 2: every other week, counted from ``anchor``
    anchor: date = date(2024, 1, 1)  # a Monday; rounds happen in weeks anchor + k * every_weeks
    recency_weeks: int = between(12, 0, 104)  # no pair repeated within this many weeks, if possible
    followup: bool = True  # ask "Hat es geklappt?" (counted per round only)
    followup_days: int = between(3, 1, 6)  # ... this many days after the round (Monday + 3 = Thu)
    calendar: WorkCalendar = field(default_factory=WorkCalendar)  # holidays are never lunch days

    def __post_init__(self) -> None:
        if self.anchor.weekday() != 0:
            raise Invalid("anchor", N_("must be a Monday, got {value}"), value=self.anchor.isoformat())

    @property
    def tz(self) -> ZoneInfo:
        return self.calendar.zone


@dataclass(frozen=True)
class LunchResources:
    """What lunch roulette is given at start: icebreaker questions per locale."""

    icebreakers: dict[str, list[str]]


def load(content_dir: Path) -> LunchResources:
    return LunchResources(load_icebreakers(content_dir / "lunch"))
