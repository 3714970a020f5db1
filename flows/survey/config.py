"""Survey settings from [features.survey]: where result charts and the per-run data keys are
written (the working calendar, with the hour for asking again after "später", is the shared
[calendar])."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from flows.calendar import WorkCalendar
from flows.survey.vault import KeyStore


@dataclass(frozen=True)
class SurveyConfig:
    chart_dir: Path = Path("var/survey")
    # per-run data keys (never in the database); several instances: one shared mount
    key_dir: Path = Path("var/survey-keys")
    calendar: WorkCalendar = field(default_factory=WorkCalendar)  # send_time: "später" asks again

    @property
    def tz(self) -> ZoneInfo:
        return self.calendar.zone

    @property
    def keys(self) -> KeyStore:
        return KeyStore(self.key_dir)
