"""Survey settings from [features.survey]: where result charts are written, the time zone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flows.types import UserError

KEYS = {"chart_dir", "timezone", "ask_again_hour"}


@dataclass(frozen=True)
class SurveyConfig:
    chart_dir: Path = Path("var/survey")
    timezone: str = "Europe/Berlin"
    ask_again_hour: int = 9  # "später": ask again on the next weekday at this hour

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def make_config(raw: dict[str, Any]) -> SurveyConfig:
    unknown = set(raw) - KEYS
    if unknown:
        raise UserError(f"[features.survey]: unknown setting(s) {', '.join(sorted(unknown))}")
    tz = str(raw.get("timezone", "Europe/Berlin"))
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UserError(f"[features.survey] timezone: unknown time zone {tz!r}") from exc
    hour = raw.get("ask_again_hour", 9)
    if not isinstance(hour, int) or isinstance(hour, bool) or not 6 <= hour <= 18:
        raise UserError("[features.survey] ask_again_hour: expected a whole hour from 6 to 18")
    return SurveyConfig(Path(str(raw.get("chart_dir", "var/survey"))), tz, hour)
