"""The adversarial suite: someone with full database access (and the log) tries to link answers
to people, to isolate a small group and to subtract. Every attempt must fail.

The attacker here is strong: they know the exact order and day in which people finished
(as if watching the chat) and who took part, and they read every table, system column and
physical row order. The test knows the truth (each person's answers carry a fingerprint) and
counts how many people each attack pins to their own response."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from bot import logs
from bot.runtime import Runtime
from flows.survey import service
from storage.models.survey import SurveyParticipation, SurveyResponse
from tests.survey.helpers import add_people, answer_all, at, create, send, staff

TEAMS = {"Sozialamt": 10, "Jobcenter": 9, "Gesundheitsamt": 1}
ORDER = [p for p, _ in staff(TEAMS)]  # the order in which people finish (the attacker knows it)
CHANCE = 8  # a random order pins ~1 of 20 people; >= 8 has a probability below 1e-5


def fingerprint(i: int) -> dict[str, Any]:
    """Answers unique per person: (technik, empfehlung) differs for every i < 55."""
    return {"technik": i % 5 + 1, "empfehlung": (i // 5) % 11, "mobil": i % 2,
            "anmerkung": f"Hinweis Nummer {i}"}


async def _scenario(rt: Runtime, tmp: Path) -> tuple[int, dict[str, dict[str, Any]]]:
    """20 people finish over four days (one stops half-way), the window closes on day 8."""
    await add_people(rt, staff(TEAMS), at("2026-08-20"))
    await create(rt, tmp)
    run = await send(rt, "puls", at("2026-09-01"))
    truth = {}
    for i, person in enumerate(ORDER):
        answers = fingerprint(i)
        if person == "sozialamt.10":
            answers = {"technik": answers["technik"]}  # a partial response, kept at close
        day = f"2026-09-0{1 + i // 6}"
        await answer_all(rt, person, run.id, answers, at(day, f"{9 + i % 6:02d}:1{i % 10}"))
        truth[person] = answers
    await rt.jobs.run_due(at("2026-09-08", "09:15"))
    return run.id, truth


def _pinned(guess: list[str], responses: list[dict[str, Any]], truth: dict[str, dict[str, Any]]
            ) -> int:
    """How many people the attacker's pairing (i-th person <-> i-th response) gets right."""
    return sum(1 for person, answers in zip(guess, responses, strict=False)
               if truth[person] == answers)


async def _rows(rt: Runtime, order_sql: str) -> list[dict[str, Any]]:
    async with rt.uow() as uow:
        rows = await uow.session.execute(select(SurveyResponse.answers).order_by(text(order_sql)))
        return [r[0] for r in rows]


async def test_response_rows_carry_no_reference_to_anyone(runtime: Runtime, tmp_path: Path) -> None:
    run_id, truth = await _scenario(runtime, tmp_path)
    async with runtime.uow() as uow:
        columns = await uow.session.run_sync(
            lambda s: {t: {c["name"] for c in inspect(s.connection()).get_columns(t)}
                       for t in ("survey_response", "survey_participation", "survey_pool",
                                 "survey_draft")})
        rows = (await uow.session.execute(select(SurveyResponse))).scalars().all()
        drafts = await uow.survey.drafts(run_id)
        pool = await uow.survey.pool(run_id)
    assert columns["survey_response"] == {"id", "run_id", "day", "segment", "answers"}
    # a join is only possible on the run: it pairs every response with every participant
    assert columns["survey_response"] & columns["survey_participation"] == {"run_id"}
    assert drafts == [] and pool == []  # nothing person-linked is left after the close
    dump = repr([(r.id, r.segment, r.answers) for r in rows]).lower()
    for person in truth:
        hashes = [h(person.encode()).hexdigest() for h in (hashlib.md5, hashlib.sha1,
                                                           hashlib.sha256)]
        for needle in (person, person.title().lower(), *hashes, *(h[:16] for h in hashes)):
            assert needle not in dump, f"{needle} found in the responses"
    assert len(rows) == len(truth)


async def test_ids_and_physical_order_do_not_follow_the_order_of_answering(
        runtime: Runtime, tmp_path: Path) -> None:
    _, truth = await _scenario(runtime, tmp_path)
    dialect = runtime.engine.dialect.name
    physical = "rowid" if dialect == "sqlite" else "ctid"
    for order in ("survey_response.id", physical, f"{physical} DESC"):
        responses = await _rows(runtime, order)
        assert _pinned(ORDER, responses, truth) < CHANCE, f"ORDER BY {order} links answers"
    async with runtime.uow() as uow:
        ids = (await uow.session.scalars(select(SurveyResponse.id))).all()
    assert all(len(i) == 32 and int(i, 16) for i in ids)  # random hex, not a counter
    numeric = sorted(int(i, 16) for i in ids)
    assert numeric[-1] - numeric[0] > 2**100  # spread over the whole space, not sequential


async def test_participation_order_gives_nothing_either(runtime: Runtime, tmp_path: Path) -> None:
    """Even the physical order of the updated participation markers (on PostgreSQL an update
    writes a new row version, so ctid follows the order of finishing) cannot be paired."""
    _, truth = await _scenario(runtime, tmp_path)
    physical = "rowid" if runtime.engine.dialect.name == "sqlite" else "ctid"
    async with runtime.uow() as uow:
        people = list((await uow.session.scalars(
            select(SurveyParticipation.person_id).where(SurveyParticipation.responded.is_(True))
            .order_by(text(f"survey_participation.{physical}")))).all())
    responses = await _rows(runtime, physical)
    assert set(people) <= set(truth)
    assert _pinned(people, responses, truth) < CHANCE


async def test_transaction_ids_are_shared_by_all_responses(runtime: Runtime, tmp_path: Path) -> None:
    """PostgreSQL stamps each row with the id of the transaction that wrote it (xmin); written
    one by one, answers would line up with the participation updates. All share one here."""
    if runtime.engine.dialect.name != "postgresql":
        pytest.skip("xmin is a PostgreSQL system column")
    await _scenario(runtime, tmp_path)
    async with runtime.uow() as uow:
        xmins = (await uow.session.execute(text("SELECT xmin::text FROM survey_response"))).all()
    assert len({x[0] for x in xmins}) == 1


async def test_timestamps_say_nothing_about_when_someone_answered(runtime: Runtime,
                                                                  tmp_path: Path) -> None:
    await _scenario(runtime, tmp_path)
    async with runtime.uow() as uow:
        days = set((await uow.session.scalars(select(SurveyResponse.day))).all())
        parts = (await uow.session.scalars(select(SurveyParticipation))).all()
    assert days == {at("2026-09-08").date()}  # the close day, not four different answer days
    assert {p.postponed_until for p in parts} == {None}  # no time kept with participation


async def test_a_small_group_cannot_be_isolated_in_the_table(runtime: Runtime, tmp_path: Path) -> None:
    run_id, _ = await _scenario(runtime, tmp_path)
    async with runtime.uow() as uow:
        segments = [s for s, _ in await uow.survey.responses(run_id)]
    # Gesundheitsamt has one respondent: blanked; Jobcenter's 9 would leave the blanked group at 1,
    # so it goes too; what is left: Sozialamt (10) and a blanked group of 10.
    assert "Gesundheitsamt" not in segments and "Jobcenter" not in segments
    assert segments.count("Sozialamt") == 10 and segments.count(None) == 10
    for value in set(segments):
        assert segments.count(value) >= 5


async def test_results_allow_no_isolation_and_no_subtraction(runtime: Runtime, tmp_path: Path) -> None:
    run_id, _ = await _scenario(runtime, tmp_path)
    async with runtime.uow() as uow:
        run = await uow.survey.run(run_id)
        survey = await uow.survey.get("puls")
        assert run is not None and survey is not None
        result = await service.run_result(uow, survey, run, "de")
    for q in result["questions"]:
        if q["withheld"]:
            continue
        shown = {g["segment"]: g["n"] for g in q.get("segments", [])}
        assert "Gesundheitsamt" not in shown
        for n in shown.values():  # each group and everyone else are large enough
            assert n >= 5 and q["n"] - n >= 5
        assert q["n"] - sum(shown.values()) in (0, *range(5, q["n"] + 1))  # the remainder too
        assert all("comments" not in g for g in q.get("segments", []))  # never by segment


async def test_nothing_is_computed_while_the_window_is_open(runtime: Runtime, tmp_path: Path) -> None:
    """Results before and after one more answer would reveal that answer: so there are none."""
    await add_people(runtime, staff({"Sozialamt": 8}), at("2026-08-20"))
    await create(runtime, tmp_path)
    run = await send(runtime, "puls", at("2026-09-01"))
    for i in range(6):
        await answer_all(runtime, f"sozialamt.{i + 1}", run.id, fingerprint(i), at("2026-09-01"))
    async with runtime.uow() as uow:
        survey = await uow.survey.get("puls")
        assert survey is not None
        result = await service.run_result(uow, survey, run, "de")
        assert await uow.survey.responses(run.id) == []
    assert result["withheld"] and "still open" in result["reason"] and result["questions"] == []


async def test_answers_never_reach_the_log(runtime: Runtime, tmp_path: Path,
                                           caplog: pytest.LogCaptureFixture) -> None:
    """With the application's own log set-up at its most verbose (DEBUG; drivers that echo SQL
    parameters are capped at WARNING by bot.logs)."""
    noisy = {name: logging.getLogger(name).level for name in ("apscheduler", "httpx", "aiosqlite",
                                                               "asyncio")}
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        logs.setup(logging.DEBUG, json_lines=True)
        caplog.set_level(logging.DEBUG)
        await _scenario(runtime, tmp_path)
    finally:
        root.handlers[:], root.level = handlers, level
        for name, old in noisy.items():
            logging.getLogger(name).setLevel(old)
    assert "survey" in caplog.text  # the log was written (the run was opened)
    assert "Hinweis Nummer" not in caplog.text
    assert "'technik'" not in caplog.text and '"technik"' not in caplog.text


async def test_erasing_a_participant_leaves_no_trace_and_the_results_unchanged(
        runtime: Runtime, tmp_path: Path) -> None:
    run_id, _ = await _scenario(runtime, tmp_path)
    async with runtime.uow() as uow:
        before = sorted(map(repr, await uow.survey.responses(run_id)))
        assert await uow.survey.erase_person("jobcenter.3") == 1
        await uow.commit()
    async with runtime.uow() as uow:
        assert await uow.survey.participations_of("jobcenter.3") == []
        assert sorted(map(repr, await uow.survey.responses(run_id))) == before
