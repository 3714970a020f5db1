"""The FAQ has no scheduled jobs (unanswered questions are reported by ``flurfunk kb``)."""

from __future__ import annotations

from flows.types import JobSpec

JOBS: tuple[JobSpec, ...] = ()
