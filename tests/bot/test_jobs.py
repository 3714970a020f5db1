"""Scheduled jobs: the latest due slot runs once; failures leave nothing behind and are retried."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.jobs import JobRunner, latest_slot
from bot.runtime import Runtime
from flows.types import Feature, JobContext, JobSpec, Outgoing, Reply

BERLIN = ZoneInfo("Europe/Berlin")


def test_latest_slot_is_in_berlin_time() -> None:
    now = datetime(2026, 9, 2, 12, 0, tzinfo=UTC)  # Wednesday
    slot = latest_slot("0 9 * * mon", BERLIN, now, None)
    assert slot == datetime(2026, 8, 31, 9, 0, tzinfo=BERLIN)


def test_latest_slot_after_since_is_none_when_nothing_new() -> None:
    now = datetime(2026, 9, 2, 12, 0, tzinfo=UTC)
    since = datetime(2026, 8, 31, 9, 0, tzinfo=BERLIN)
    assert latest_slot("0 9 * * mon", BERLIN, now, since + timedelta(seconds=1)) is None


def _feature(calls: list[datetime], fail: list[bool]) -> tuple[Feature, JobSpec]:
    async def weekly(ctx: JobContext, now: datetime) -> int:
        calls.append(now)
        await ctx.send(Outgoing(f"test:{now.date()}", ["anna"], Reply("Wochenstart")), now)
        if fail and fail.pop(0):
            raise RuntimeError("job failed")
        return 1

    spec = JobSpec("test.weekly", "0 9 * * mon", weekly)
    return Feature(name="test", jobs=(spec,)), spec


def _runner(rt: Runtime, feature: Feature, spec: JobSpec) -> JobRunner:
    return JobRunner([(feature, spec)], rt.uow, rt.translations, BERLIN)


async def test_job_runs_once_per_slot(runtime: Runtime) -> None:
    calls: list[datetime] = []
    feature, spec = _feature(calls, [])
    runner = _runner(runtime, feature, spec)
    monday = datetime(2026, 8, 31, 9, 5, tzinfo=BERLIN)
    assert [r.job_id for r in await runner.run_due(monday)] == ["test.weekly"]
    assert await runner.run_due(monday + timedelta(hours=1)) == []
    assert len(calls) == 1
    next_monday = monday + timedelta(days=7)
    assert len(await runner.run_due(next_monday)) == 1
    async with runtime.uow() as uow:
        assert await uow.outbox.counts() == {"pending": 2}


async def test_restarted_runner_does_not_repeat(runtime: Runtime) -> None:
    calls: list[datetime] = []
    feature, spec = _feature(calls, [])
    monday = datetime(2026, 8, 31, 9, 5, tzinfo=BERLIN)
    await _runner(runtime, feature, spec).run_due(monday)
    await _runner(runtime, feature, spec).run_due(monday + timedelta(minutes=1))  # "restart"
    assert len(calls) == 1


async def test_failed_job_leaves_nothing_and_is_retried(runtime: Runtime) -> None:
    calls: list[datetime] = []
    feature, spec = _feature(calls, [True])
    runner = _runner(runtime, feature, spec)
    monday = datetime(2026, 8, 31, 9, 5, tzinfo=BERLIN)
    assert await runner.run_due(monday) == []
    async with runtime.uow() as uow:
        assert await uow.outbox.counts() == {}  # the message was rolled back with the run
    assert len(await runner.run_due(monday + timedelta(minutes=1))) == 1
    assert len(calls) == 2
    async with runtime.uow() as uow:
        assert await uow.outbox.counts() == {"pending": 1}


async def test_cron_override_from_settings(runtime: Runtime) -> None:
    calls: list[datetime] = []
    feature, spec = _feature(calls, [])
    runner = JobRunner([(feature, spec)], runtime.uow, runtime.translations, BERLIN,
                       {"test.weekly": "0 9 * * fri"})
    await runner.run_due(datetime(2026, 8, 31, 9, 5, tzinfo=BERLIN))  # Monday: last Friday's slot
    assert calls and runner.cron["test.weekly"] == "0 9 * * fri"
    async with runtime.uow() as uow:
        assert await uow.jobs.last_slot("test.weekly") == datetime(2026, 8, 28, 9, 0, tzinfo=BERLIN)
