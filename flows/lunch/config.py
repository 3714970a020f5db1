"""Lunch roulette settings from [features.lunch]: group size, rhythm, recency window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flows.calendar import WorkCalendar, german_state
from flows.lunch.icebreakers import load_icebreakers
from flows.types import UserError

_RANGES = {"group_size": (2, 4), "every_weeks": (1, 4), "recency_weeks": (0, 104),
           "followup_days": (1, 6)}
KEYS = {*_RANGES, "followup", "anchor", "timezone", "state"}


@dataclass(frozen=True)
class LunchConfig:
    group_size: int = 2  # 2 to 4; an odd remainder joins a group (pairs: one group of three)
    every_weeks: int = 1  # 2: every other week, counted from ``anchor``
    anchor: date = date(2024, 1, 1)  # a Monday; rounds happen in weeks anchor + k * every_weeks
    recency_weeks: int = 12  # no pair repeated within this many weeks, where possible
    followup: bool = True  # ask "Hat es geklappt?" (counted per round only)
    followup_days: int = 3  # ... this many days after the round (Monday + 3 = Thursday)
    timezone: str = "Europe/Berlin"
    state: str = "BW"  # German state whose public holidays are never suggested as the lunch day

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar(self.state, tz=self.timezone)


def make_config(raw: dict[str, Any]) -> LunchConfig:
    unknown = set(raw) - KEYS
    if unknown:
        raise UserError(f"[features.lunch]: unknown setting(s) {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for key, (lo, hi) in _RANGES.items():
        if key in raw:
            v = raw[key]
            if not isinstance(v, int) or isinstance(v, bool) or not lo <= v <= hi:
                raise UserError(f"[features.lunch] {key}: expected a whole number from {lo} to {hi}")
            values[key] = v
    if "followup" in raw:
        if not isinstance(raw["followup"], bool):
            raise UserError("[features.lunch] followup: expected true or false")
        values["followup"] = raw["followup"]
    if "anchor" in raw:
        try:
            anchor = date.fromisoformat(str(raw["anchor"]))
        except ValueError as exc:
            raise UserError(f"[features.lunch] anchor: not a date: {raw['anchor']!r}") from exc
        if anchor.weekday() != 0:
            raise UserError("[features.lunch] anchor: must be a Monday")
        values["anchor"] = anchor
    if "timezone" in raw:
        try:
            ZoneInfo(str(raw["timezone"]))
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise UserError(f"[features.lunch] timezone: unknown {raw['timezone']!r}") from exc
        values["timezone"] = str(raw["timezone"])
    if "state" in raw:
        values["state"] = german_state(raw["state"], "features.lunch")
    return LunchConfig(**values)


@dataclass(frozen=True)
class LunchResources:
    """What lunch roulette is given at start: icebreaker questions per locale."""

    icebreakers: dict[str, list[str]]


def load(content_dir: Path) -> LunchResources:
    return LunchResources(load_icebreakers(content_dir / "lunch"))
