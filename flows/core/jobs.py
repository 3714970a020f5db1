"""The core conversation has no scheduled jobs."""

from __future__ import annotations

from flows.types import JobSpec

JOBS: tuple[JobSpec, ...] = ()
