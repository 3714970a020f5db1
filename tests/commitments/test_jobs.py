"""The jobs on their own: idempotent when called twice for the same moment, the holiday state
from the configuration, and the data protection hooks (show, erase to the leader)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

from bot.config import Settings
from bot.runtime import Runtime
from flows.commitments import jobs
from flows.commitments.data import PERSONAL_DATA
from flows.types import JobContext
from tests.commitments.helpers import at, import_paderborn


@asynccontextmanager
async def start(settings: Settings, **config: object) -> AsyncIterator[Runtime]:
    if "state" in config:  # the holidays come from the one [calendar]
        settings.calendar.state = str(config.pop("state"))
    settings.features["commitments"] = dict(config)
    async with Runtime(settings, nlu=False) as rt:
        await import_paderborn(rt)
        yield rt


async def nudge(rt: Runtime, day: str, hm: str) -> int:
    async with rt.uow() as uow:
        n = await jobs.nudge(JobContext(uow, rt.translations, rt.configs["commitments"]), at(day, hm))
        await uow.commit()
    return n


async def test_nudge_twice_at_the_same_moment_sends_once(settings: Settings) -> None:
    async with start(settings) as rt:
        assert await nudge(rt, "2012-05-23", "08:00") == 6
        assert await nudge(rt, "2012-05-23", "08:00") == 0
        assert await nudge(rt, "2012-05-23", "07:59") == 0  # before working hours
        async with rt.uow() as uow:
            assert (await uow.outbox.counts()) == {"pending": 6}


async def test_holiday_state_is_configurable(settings: Settings) -> None:
    # Fronleichnam (7 June 2012) is a holiday in Baden-Württemberg, not in Bremen.
    async with start(settings, state="HB", before_days=0) as rt:
        assert await nudge(rt, "2012-06-05", "09:00") > 0  # D due on Tuesday 5 June
        assert await nudge(rt, "2012-06-07", "09:00") > 0  # overdue questions go out in Bremen
    settings.calendar.state = "BW"
    async with Runtime(settings, nlu=False) as rt:
        assert await nudge(rt, "2012-06-07", "09:00") == 0


async def test_erase_hands_open_commitments_to_the_leader(settings: Settings) -> None:
    async with start(settings) as rt:
        async with rt.uow() as uow:
            await uow.people.upsert("mueller", at("2012-05-22"), lead_id="beninde")
            person = await uow.people.get("mueller")
            [kept] = PERSONAL_DATA
            assert person is not None and kept.show and kept.erase
            shown = await kept.show(uow, person, rt.translations.for_locale("de"))
            assert shown == ["Vereinbarung „Bestandsaufnahme der Berichtsformate“, fällig am "
                             "Sonntag, 30. September 2012"]
            assert await kept.erase(uow, "mueller", at("2012-05-23")) == 1
            await uow.commit()
        async with rt.uow() as uow:
            items = {i.title: i for i in await uow.commitments.items()}
            assert await uow.commitments.for_person("mueller") == []
        assert items["Bestandsaufnahme der Berichtsformate"].owners == ["beninde"]
        assert items["Bestandsaufnahme der Berichtsformate"].due == date(2012, 9, 30)
