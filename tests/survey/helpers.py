"""Shared helpers for the survey tests: Berlin times, a small directory, a survey file, answering
through the real dispatcher."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from bot.runtime import Runtime
from flows.survey import service
from flows.survey.definition import SurveyDef, parse_survey
from flows.types import Action, Reply
from storage.models.survey import SurveyRun
from tests.chat import BERLIN as BERLIN
from tests.chat import Chat
from tests.chat import at as at

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "content" / "surveys" / "mobiles-arbeiten.yml"
OWNER = "hr.owner"

SURVEY = """\
id: puls
title: {de: Pulsbefragung, en: Pulse survey}
owner: hr.owner
audience: everyone
schedule: {once: 2026-09-01T09:00}
window_days: 7
reminder_after_days: 3
segment_by: department
anonymity: {threshold: 5, free_text_threshold: 6}
questions:
  - id: technik
    type: scale
    text: {de: Die Technik reicht aus., en: The equipment is sufficient.}
  - id: empfehlung
    type: enps
    text: {de: "Würden Sie uns empfehlen?", en: "Would you recommend us?"}
  - id: mobil
    type: yesno
    text: {de: "Möchten Sie weiter mobil arbeiten?", en: "Do you want to keep working mobile?"}
  - id: anmerkung
    type: text
    text: {de: "Anmerkungen?", en: "Comments?"}
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def is_png(path: Path) -> bool:
    return path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def staff(counts: dict[str, int]) -> list[tuple[str, str]]:
    """(person id, department): ``{"Sozialamt": 3}`` -> sozialamt.1 .. sozialamt.3."""
    return [(f"{dept.lower()}.{i}", dept) for dept, n in counts.items() for i in range(1, n + 1)]


async def add_people(rt: Runtime, people: list[tuple[str, str]], now: datetime,
                     locale: str = "de") -> None:
    async with rt.uow() as uow:
        await uow.people.upsert(OWNER, now, name="Frau Personal", department="Personalamt",
                                roles=["hr"], source="directory")
        for pid, dept in people:
            await uow.people.upsert(pid, now, name=pid.title(), department=dept, locale=locale,
                                    site="Rathaus", source="directory")
        await uow.commit()


async def create(rt: Runtime, tmp: Path, text: str = SURVEY, now: datetime | None = None) -> SurveyDef:
    path = write(tmp / "survey.yml", text)
    sdef = parse_survey(path)
    async with rt.uow() as uow:
        await uow.survey.save(sdef.id, sdef.to_dict(), sdef.owner, now or at("2026-08-20"))
        await uow.commit()
    return sdef


async def send(rt: Runtime, survey_id: str, now: datetime) -> SurveyRun:
    async with rt.uow() as uow:
        survey = await uow.survey.get(survey_id)
        assert survey is not None
        run = await service.start_run(uow, rt.translations, rt.configs["survey"].keys, survey,
                                      now, now)
        await uow.commit()
    return run


async def sealed_answers(rt: Runtime, run_id: int, person_id: str) -> dict[str, Any] | None:
    """What the person has answered so far in an open run (opened with the run's key), or None
    when nothing is stored for them."""
    async with rt.uow() as uow:
        run = await uow.survey.run(run_id)
        assert run is not None
        tag = service.run_key(rt.configs["survey"].keys, run).tag(run_id, person_id)
        if await uow.survey.sealed(run_id, tag) is None:
            return None
        return await service.answers_so_far(uow, rt.configs["survey"].keys, run, person_id)


async def say(rt: Runtime, user: str, text: str, now: datetime, intent: str | None = None,
              entities: dict[str, Any] | None = None) -> Reply:
    """``user`` writes ``text``; the classifier is taken to answer ``intent`` (tests/chat.py)."""
    return (await Chat(rt).say(user, text, at=now, intent=intent, entities=entities))[0]


async def press(rt: Runtime, user: str, action: Action, now: datetime) -> Reply:
    return (await Chat(rt).press(user, action, at=now))[0]


async def answer_all(rt: Runtime, user: str, run_id: int, answers: dict[str, Any],
                     now: datetime) -> Reply:
    """Answer every question in order, by button (free text typed); returns the last reply."""
    reply = await press(rt, user, Action(f"survey:start:{run_id}"), now)
    for qid, value in answers.items():
        if isinstance(value, str):
            reply = await say(rt, user, value, now)
            continue
        reply = await press(rt, user, Action(f"survey:answer:{run_id}",
                                             f"{qid}|{'' if value is None else value}"), now)
    return reply
