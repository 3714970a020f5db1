"""Survey settings from [features.survey]: where result charts and the per-run data keys are
written, the holidays state and the hour for asking again after "später" (the shared working
calendar)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flows.calendar import WorkCalendar, german_state
from flows.survey.vault import KeyStore
from flows.types import UserError

KEYS = {"chart_dir", "key_dir", "timezone", "state", "ask_again_hour"}


@dataclass(frozen=True)
class SurveyConfig:
    chart_dir: Path = Path("var/survey")
    timezone: str = "Europe/Berlin"
    state: str = "BW"  # German state for public holidays
    ask_again_hour: int = 9  # "später": ask again on the next working day at this hour
    # per-run data keys (never in the database); several instances: one shared mount
    key_dir: Path = Path("var/survey-keys")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def keys(self) -> KeyStore:
        return KeyStore(self.key_dir)

    @property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar(self.state, tz=self.timezone, send_time=time(self.ask_again_hour))


def make_config(raw: dict[str, Any]) -> SurveyConfig:
    unknown = set(raw) - KEYS
    if unknown:
        raise UserError(f"[features.survey]: unknown setting(s) {', '.join(sorted(unknown))}")
    tz = str(raw.get("timezone", "Europe/Berlin"))
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UserError(f"[features.survey] timezone: unknown time zone {tz!r}") from exc
    state = german_state(raw.get("state", "BW"), "features.survey")
    hour = raw.get("ask_again_hour", 9)
    if not isinstance(hour, int) or isinstance(hour, bool) or not 8 <= hour <= 16:
        raise UserError("[features.survey] ask_again_hour: expected a whole hour from 8 to 16")
    return SurveyConfig(Path(str(raw.get("chart_dir", "var/survey"))), tz, state, hour,
                        Path(str(raw.get("key_dir", "var/survey-keys"))))
