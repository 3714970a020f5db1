"""Commitments settings from [features.commitments]: holidays state, reminder schedule."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import time
from typing import Any

from flows.calendar import WorkCalendar, german_state
from flows.types import UserError

_INTS = ("before_days", "overdue_every", "overdue_max", "flag_after_days", "work_start",
         "work_end")


@dataclass(frozen=True)
class CommitmentsConfig:
    state: str = "BW"  # German state for public holidays (holidays package subdivision)
    before_days: int = 3  # remind this many working days before the due date
    overdue_every: int = 5  # repeat the overdue question every N working days
    overdue_max: int = 3  # ... at most this often (0: no limit); then the lead's digest says so
    flag_after_days: int = 7  # the digest flags items overdue longer than this
    work_start: int = 8
    work_end: int = 17
    chat_workshop: str = "Vereinbarungen im Chat"

    @property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar(self.state, work_start=time(self.work_start), work_end=time(self.work_end))


def make_config(raw: dict[str, Any]) -> CommitmentsConfig:
    unknown = set(raw) - {"state", "chat_workshop", *_INTS}
    if unknown:
        raise UserError(f"[features.commitments]: unknown setting(s) {', '.join(sorted(unknown))}")
    for key in _INTS:
        if key in raw and (not isinstance(raw[key], int) or raw[key] < 0):
            raise UserError(f"[features.commitments] {key}: must be a whole number >= 0")
    state = german_state(raw.get("state", "BW"), "features.commitments")
    config = CommitmentsConfig(state=state, **{k: raw[k] for k in _INTS if k in raw})
    if "chat_workshop" in raw:
        config = replace(config, chat_workshop=str(raw["chat_workshop"]))
    if not 0 <= config.work_start < config.work_end <= 23:
        raise UserError("[features.commitments] work_start/work_end: need 0 <= start < end <= 23")
    return config
