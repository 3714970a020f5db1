"""Onboarding settings from [features.onboarding]: default journey, Pate limits (the working
calendar, with the time drip messages go out, is the shared [calendar])."""

from __future__ import annotations

from dataclasses import dataclass, field

from flows.calendar import WorkCalendar
from flows.settings import between


@dataclass(frozen=True)
class OnboardingConfig:
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    journey: str = "onboarding"  # the journey for people enrolled from the directory
    late_enrol_days: int = between(90, 1)  # start dates further back are not enrolled automatically
    pate_max_hires: int = between(2, 1)
