"""The onboarding job: enrol new people from the directory, ask for Paten, send what is due."""

from __future__ import annotations

from datetime import datetime

from flows.onboarding.config import OnboardingConfig, OnboardingResources
from flows.onboarding.service import Drip, enrol_from_directory
from flows.types import JobContext, JobSpec


async def drip(ctx: JobContext, now: datetime) -> int:
    """Enrol new people from the directory, ask for Paten, send what is due."""
    cfg: OnboardingConfig = ctx.config
    res: OnboardingResources = ctx.resources
    enrolled = await enrol_from_directory(ctx.uow, cfg, now)
    return enrolled + await Drip(ctx.uow, res.journeys, cfg, ctx.translations).run(now)


JOBS = (JobSpec("onboarding.drip", "*/30 8-16 * * mon-fri", drip),)
