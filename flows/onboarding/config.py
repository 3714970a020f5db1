"""Onboarding settings from [features.onboarding]: default journey, Pate limits (the working
calendar, with the time drip messages go out, is the shared [calendar])."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flows.calendar import WorkCalendar
from flows.onboarding.journeys import Journeys
from flows.settings import between


@dataclass(frozen=True)
class OnboardingConfig:
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    journey: str = "onboarding"  # the journey for people enrolled from the directory
    late_enrol_days: int = between(90, 1)  # start dates further back are not enrolled automatically
    pate_max_hires: int = between(2, 1)


@dataclass(frozen=True)
class OnboardingResources:
    """What onboarding is given at start: the journeys of content/onboarding."""

    journeys: Journeys


def load(content_dir: Path) -> OnboardingResources:
    """The journeys in ``content_dir/onboarding`` (``<journey>.<locale>.yml``)."""
    return OnboardingResources(Journeys.load(content_dir / "onboarding"))
