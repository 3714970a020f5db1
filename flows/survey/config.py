"""Survey settings from [features.survey]: where result charts are written, the time zone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flows.types import UserError

KEYS = {"chart_dir", "timezone", "postpone_hours"}


@dataclass(frozen=True)
class SurveyConfig:
    chart_dir: Path = Path("var/survey")
    timezone: str = "Europe/Berlin"
    postpone_hours: int = 20  # "später": ask again after this many hours (within the window)

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
    hours = raw.get("postpone_hours", 20)
    if not isinstance(hours, int) or isinstance(hours, bool) or hours < 1:
        raise UserError("[features.survey] postpone_hours: expected a whole number >= 1")
    return SurveyConfig(Path(str(raw.get("chart_dir", "var/survey"))), tz, hours)
