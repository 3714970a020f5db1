"""Onboarding settings from [features.onboarding]: calendar, default journey, Pate limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

import holidays

from flows.calendar import WorkCalendar
from flows.onboarding.journeys import Journeys
from flows.types import UserError

KEYS = {"country", "state", "timezone", "work_start", "work_end", "send_time", "journey",
        "late_enrol_days", "pate_max_hires"}


@dataclass(frozen=True)
class OnboardingConfig:
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    journey: str = "onboarding"  # the journey for people enrolled from the directory
    late_enrol_days: int = 90  # start dates further back are not enrolled automatically
    pate_max_hires: int = 2


def _time(raw: dict[str, Any], key: str, default: time) -> time:
    if key not in raw:
        return default
    try:
        return time.fromisoformat(str(raw[key]))
    except ValueError as exc:
        raise UserError(f"[features.onboarding] {key}: use HH:MM, got {raw[key]!r}") from exc


def _positive(raw: dict[str, Any], key: str, default: int) -> int:
    value = raw.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise UserError(f"[features.onboarding] {key}: expected a whole number >= 1")
    return value


def make_config(raw: dict[str, Any]) -> OnboardingConfig:
    unknown = set(raw) - KEYS
    if unknown:
        raise UserError(f"[features.onboarding]: unknown setting(s) {', '.join(sorted(unknown))}")
    country, state = str(raw.get("country", "DE")), raw.get("state", "BW")
    try:
        holidays.country_holidays(country, subdiv=state or None)
    except NotImplementedError as exc:
        raise UserError(f"[features.onboarding] state: unknown region {country}-{state}") from exc
    start, end = _time(raw, "work_start", time(8)), _time(raw, "work_end", time(17))
    send = _time(raw, "send_time", time(9))
    if not start <= send < end:
        raise UserError("[features.onboarding] send_time: must lie within work_start and work_end")
    cal = WorkCalendar(str(state) if state else None, country, str(raw.get("timezone", "Europe/Berlin")),
                       start, end, send)
    return OnboardingConfig(cal, str(raw.get("journey", "onboarding")),
                            _positive(raw, "late_enrol_days", 90),
                            _positive(raw, "pate_max_hires", 2))


@dataclass(frozen=True)
class OnboardingResources:
    """What onboarding is given at start: the journeys of content/onboarding."""

    journeys: Journeys


def load(content_dir: Path) -> OnboardingResources:
    """The journeys in ``content_dir/onboarding`` (``<journey>.<locale>.yml``)."""
    return OnboardingResources(Journeys.load(content_dir / "onboarding"))
