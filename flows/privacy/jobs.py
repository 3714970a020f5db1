"""The nightly retention job: every kind of personal data older than its retention goes."""

from __future__ import annotations

from datetime import datetime, timedelta

from flows.privacy.config import PrivacyConfig, PrivacyResources
from flows.types import JobContext, JobSpec


async def retention(ctx: JobContext, now: datetime) -> int:
    config: PrivacyConfig = ctx.config
    res: PrivacyResources = ctx.resources
    total = 0
    for item in res.data:
        days = config.days(item)
        if item.purge is not None and days is not None:
            total += await item.purge(ctx.uow, now - timedelta(days=days))
    return total


JOBS = (JobSpec("privacy.retention", "30 3 * * *", retention),)
