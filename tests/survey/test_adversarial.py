"""The adversarial suite: someone with PostgreSQL superuser rights or full access to the SQLite
file and its -wal (and the log) tries to link answers to people, to tell partial respondents
apart, to see a group below the threshold and to subtract. Every attempt must fail, and every
attack on the storage is also run against a deliberately weakened set-up (no encryption, no
scrubbing, keys kept, ...) where it must succeed, so that each test can fail.

The attacker here is strong: they know the exact order and day in which people finished
(as if watching the chat) and who took part, and they read every table, system column, dead
row version, freed page and WAL segment, at any moment. The test knows the truth (each person's
answers carry a fingerprint: a unique comment) and counts how many people each attack pins to
their own response (docs/anonymity.md)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import secrets
import sqlite3
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from bot import logs
from bot.config import Settings
from bot.jobs import run_after_commit
from bot.runtime import Runtime
from flows.survey import jobs, service
from flows.survey.results import Reason, Withheld
from flows.survey.vault import KeyStore
from flows.types import Action, JobContext
from storage import db
from storage.models.core import ConversationState
from storage.models.survey import SurveyParticipation, SurveyResponse
from tests.chat import FixedParser
from tests.conftest import CliRun
from tests.survey import attacks
from tests.survey.helpers import (
    SURVEY,
    add_people,
    answer_all,
    at,
    create,
    press,
    say,
    send,
    staff,
    write,
)

TEAMS = {"Sozialamt": 10, "Jobcenter": 9, "Gesundheitsamt": 1}
ORDER = [p for p, _ in staff(TEAMS)]  # the order in which people finish (the attacker knows it)
CHANCE = 8  # a random order pins ~1 of 20 people; >= 8 has a probability below 1e-5


def fingerprint(i: int, nonce: str = "") -> dict[str, Any]:
    """Answers unique per person: (technik, empfehlung) differs for every i < 55, and so does
    the comment (the nonce keeps it unique in a WAL shared with other test sessions)."""
    return {"technik": i % 5 + 1, "empfehlung": (i // 5) % 11, "mobil": i % 2,
            "anmerkung": f"Hinweis Nummer {i} {nonce}".strip()}


def markers(truth: dict[str, dict[str, Any]]) -> dict[str, bytes]:
    """Each person's unique comment as bytes (what an attacker greps for)."""
    return {p: a["anmerkung"].encode() for p, a in truth.items() if a.get("anmerkung")}


async def _scenario(rt: Runtime, tmp: Path, close: bool = True
                    ) -> tuple[int, dict[str, dict[str, Any]]]:
    """20 people finish over four days (one stops half-way), the window closes on day 8."""
    await add_people(rt, staff(TEAMS), at("2026-08-20"))
    await create(rt, tmp)
    run = await send(rt, "puls", at("2026-09-01"))
    nonce = secrets.token_hex(6)
    truth = {}
    for i, person in enumerate(ORDER):
        answers = fingerprint(i, nonce)
        if person == "sozialamt.10":
            answers = {"technik": answers["technik"]}  # a partial response, kept at close
        day = f"2026-09-0{1 + i // 6}"
        await answer_all(rt, person, run.id, answers, at(day, f"{9 + i % 6:02d}:1{i % 10}"))
        truth[person] = answers
    if close:
        await close_window(rt)
    return run.id, truth


async def close_window(rt: Runtime) -> None:
    await rt.jobs.run_due(at("2026-09-08", "09:15"))


async def close_alone(rt: Runtime, run_id: int) -> None:
    """The close job's work and nothing else after it (other jobs would write new WAL)."""
    async with rt.uow() as uow:
        ctx = JobContext(uow, rt.translations, rt.configs["survey"])
        run = await uow.survey.run(run_id)
        assert run is not None
        await jobs.finish_run(ctx, run, at("2026-09-08", "09:15"))
        await uow.commit()
        await run_after_commit(ctx)


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
                       for t in ("survey_response", "survey_participation")})
        rows = (await uow.session.execute(select(SurveyResponse))).scalars().all()
        sealed = await uow.survey.sealed_rows(run_id)
    assert columns["survey_response"] == {"id", "run_id", "day", "segment", "answers"}
    # a join is only possible on the run: it pairs every response with every participant
    assert columns["survey_response"] & columns["survey_participation"] == {"run_id"}
    assert sealed == []  # nothing person-linked is left after the close
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
    for q in result.questions:
        if q.withheld:
            continue
        shown = {g.segment: g.n for g in q.segments or ()}
        assert "Gesundheitsamt" not in shown
        for n in shown.values():  # each group and everyone else are large enough
            assert n >= 5 and q.n - n >= 5
        assert q.n - sum(shown.values()) in (0, *range(5, q.n + 1))  # the remainder too
        assert q.type != "text" or q.segments is None  # free text never by segment


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
    assert result.withheld == Withheld(Reason.OPEN) and result.questions == ()
    assert result.respondents is None


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


# --- the storage itself: pages, dead row versions, WAL, the SQLite file ----------------------
def _pg_only(rt: Runtime) -> None:
    if rt.engine.dialect.name != "postgresql":
        pytest.skip("pageinspect and the WAL are PostgreSQL's")


async def _pageinspect_attack(rt: Runtime, truth: dict[str, dict[str, Any]]
                              ) -> tuple[set[str], bool, int]:
    """(people linked via xmin or a shared tuple, any comment readable in the raw pages of the
    tables that held answers while the run was open, dead row versions left there)."""
    found, linked, dead = False, set(), 0
    for table in ("survey_participation", "survey_sealed", "conversation_state"):
        pages = await attacks.pg_pages(rt, table)
        linked |= attacks.xmin_links(pages, markers(truth))
        found = found or any(m in pages.raw for m in markers(truth).values())
        dead += sum(1 for _, xmax, _ in pages.tuples if xmax != 0)
    return linked, found, dead


async def test_pageinspect_after_close_links_nobody(runtime: Runtime, tmp_path: Path) -> None:
    """The issue's attack: dead row versions joined on t_xmin to the participation marker of
    the same transaction; also every byte of the pages (free space included)."""
    _pg_only(runtime)
    _, truth = await _scenario(runtime, tmp_path)
    linked, found, dead = await _pageinspect_attack(runtime, truth)
    assert linked == set() and not found
    assert dead == 0  # VACUUM after the close left no dead row version behind


async def test_pageinspect_links_everyone_without_encryption_and_vacuum(
        runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _pg_only(runtime)
    attacks.weaken(monkeypatch, "plaintext", "no_scrub")
    _, truth = await _scenario(runtime, tmp_path)
    linked, found, dead = await _pageinspect_attack(runtime, truth)
    assert found and dead > 0
    assert len(linked) >= CHANCE  # the attack works: so the test above can fail


async def _wal_attack(rt: Runtime, tmp: Path) -> tuple[int, int]:
    """Comments readable in the WAL written while the run was open, and after its close."""
    start = await attacks.wal_position(rt)
    _, truth = await _scenario(rt, tmp, close=False)
    before_close = await attacks.wal_position(rt)
    await close_window(rt)
    window = await attacks.wal_bytes(rt, start, before_close)
    after = await attacks.wal_bytes(rt, before_close)
    texts = markers(truth).values()
    return sum(m in window for m in texts), sum(m in after for m in texts)


async def test_wal_written_while_open_holds_no_answer(runtime: Runtime, tmp_path: Path) -> None:
    """Every WAL record of the answer window: only ciphertext under a key that is gone now.
    After the close the WAL does hold the comments: as the anonymous, shuffled responses
    (which shows the search finds text where there is some)."""
    _pg_only(runtime)
    in_window, after = await _wal_attack(runtime, tmp_path)
    assert in_window == 0
    assert after == len(ORDER) - 1  # everyone but the partial respondent left a comment


async def test_wal_holds_every_answer_without_encryption(
        runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _pg_only(runtime)
    attacks.weaken(monkeypatch, "plaintext")
    in_window, _ = await _wal_attack(runtime, tmp_path)
    assert in_window == len(ORDER) - 1


def _sqlite_path(rt: Runtime) -> Path:
    if rt.engine.dialect.name != "sqlite":
        pytest.skip("the SQLite file attack")
    database = rt.engine.url.database
    assert database is not None
    return Path(database)


async def _sqlite_attack(rt: Runtime, tmp: Path) -> tuple[bool, set[str], set[str], int]:
    """With a long-lived reader connection open (as serve holds one): (any comment in the files
    while the run is open, people linked then, people linked after close, -wal size after)."""
    path = _sqlite_path(rt)
    reader = sqlite3.connect(path)
    try:
        reader.execute("SELECT count(*) FROM survey_run").fetchall()
        run_id, truth = await _scenario(rt, tmp, close=False)
        files = attacks.sqlite_files(path)
        found = any(m in blob for blob in files.values() for m in markers(truth).values())
        during = attacks.nearby_links(files.values(), markers(truth))
        await close_alone(rt, run_id)
        reader.execute("SELECT count(*) FROM survey_response").fetchall()
        after = attacks.nearby_links(attacks.sqlite_files(path).values(), markers(truth))
        return found, during, after, len(attacks.sqlite_files(path).get("-wal", b""))
    finally:
        reader.close()


async def test_sqlite_file_and_wal_link_nobody(runtime: Runtime, tmp_path: Path) -> None:
    found, during, after, wal_size = await _sqlite_attack(runtime, tmp_path)
    assert not found and during == set() and after == set()
    assert wal_size == 0  # checkpointed and truncated after the close


async def test_sqlite_file_links_everyone_without_encryption_and_scrubbing(
        runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _sqlite_path(runtime)
    attacks.weaken(monkeypatch, "plaintext", "no_scrub")
    async with runtime.engine.connect() as conn:  # the one pooled connection the app uses
        await conn.exec_driver_sql("PRAGMA secure_delete=OFF")
    found, during, after, wal_size = await _sqlite_attack(runtime, tmp_path)
    assert found and len(during) >= CHANCE and len(after) >= CHANCE and wal_size > 0


async def test_sqlite_secure_delete_is_set_by_the_app(runtime: Runtime) -> None:
    """Freed pages are zeroed because the app says so, not because of the library's build;
    shown against a connection that switches it off."""
    path = _sqlite_path(runtime)
    async with runtime.engine.connect() as conn:
        assert (await conn.exec_driver_sql("PRAGMA secure_delete")).scalar() == 1
    leaks = {}
    for mode in ("ON", "OFF"):
        con = sqlite3.connect(path)
        marker = f"geheim-{mode}-{secrets.token_hex(4)}"
        con.execute(f"PRAGMA secure_delete={mode}")
        con.execute("CREATE TABLE IF NOT EXISTS scratch (v TEXT)")
        con.execute("INSERT INTO scratch VALUES (?)", (marker * 20,))
        con.commit()
        con.execute("DELETE FROM scratch")
        con.commit()
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        leaks[mode] = marker.encode() in path.read_bytes()
    assert leaks == {"ON": False, "OFF": True}


# --- crypto-shredding: a copy taken while the run was open ------------------------------------
async def _backup_attack(rt: Runtime, tmp: Path) -> tuple[int, int]:
    """A database copy taken while the run is open (backup, replica, WAL archive) and, after
    the close, full access to the server's files, key directory included. Returns (sealed
    records in the copy, records the attacker can open and pin to their person)."""
    run_id, truth = await _scenario(rt, tmp, close=False)
    async with rt.uow() as uow:
        backup = await uow.survey.sealed_rows(run_id)
    await close_window(rt)
    keys = rt.configs["survey"].keys
    key_ids = attacks.listing(keys.directory, "*.key")
    pinned = 0
    for key_id in key_ids:  # with a key: file every record under its person (try every id)
        key = keys.load(key_id)
        whose = key.tags(run_id, list(truth))
        for tag, blob in backup:
            try:
                payload = key.open(blob, f"survey:{run_id}:{tag}".encode())
            except Exception:
                continue
            pinned += payload["a"] == truth.get(whose.get(tag, ""))
    return len(backup), pinned


async def test_a_copy_taken_while_open_is_useless_after_close(runtime: Runtime,
                                                              tmp_path: Path) -> None:
    copied, pinned = await _backup_attack(runtime, tmp_path)
    assert copied == len(ORDER) and pinned == 0
    assert attacks.listing(runtime.configs["survey"].keys.directory) == []


async def test_a_copy_opens_when_the_key_survives(runtime: Runtime, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    attacks.weaken(monkeypatch, "keep_keys")
    copied, pinned = await _backup_attack(runtime, tmp_path)
    assert pinned == copied == len(ORDER)


async def test_a_key_left_by_an_interrupted_close_goes_at_the_next_run(
        runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The close is committed but destroying the key fails (a crash, a full disk): the next
    run of the close job destroys it."""
    run_id, _ = await _scenario(runtime, tmp_path, close=False)
    keys = runtime.configs["survey"].keys

    def broken(self: KeyStore, key_id: str) -> bool:
        raise OSError("disk gone")

    with monkeypatch.context() as m:
        m.setattr(KeyStore, "destroy", broken)
        await close_window(runtime)
    async with runtime.uow() as uow:
        run = await uow.survey.run(run_id)
    assert run is not None and run.status == "closed" and run.key_id
    assert keys.exists(run.key_id)
    await runtime.jobs.run_due(at("2026-09-08", "09:30"))
    assert not keys.exists(run.key_id)


async def test_sealed_records_all_have_one_length_and_keys_are_private(
        runtime: Runtime, tmp_path: Path) -> None:
    """Length says nothing (an empty start, a partial, a long comment), and the key file is
    readable by the service's user only."""
    run_id, _ = await _scenario(runtime, tmp_path, close=False)
    await answer_all(runtime, "hr.owner", run_id, {"technik": 1, "empfehlung": 2, "mobil": 1,
                                                   "anmerkung": "ä" * 2000}, at("2026-09-05"))
    await press(runtime, "sozialamt.10", Action("survey:start", str(run_id)), at("2026-09-05"))
    async with runtime.uow() as uow:
        lengths = {len(blob) for _, blob in await uow.survey.sealed_rows(run_id)}
        run = await uow.survey.run(run_id)
    assert len(lengths) == 1
    assert run is not None and run.key_id is not None
    key = Path(runtime.configs["survey"].keys.directory) / f"{run.key_id}.key"
    assert attacks.mode(key) == 0o600


# --- partial respondents: conversation state and participation markers ------------------------
async def _progress(rt: Runtime, tmp: Path) -> tuple[list[Any], list[Any]]:
    """p1 only starts, p2 answers one question, p3 two, p4 finishes. Returns each one's
    conversation state (flow, data, choices) while open, and the states left after close."""
    await add_people(rt, staff({"Sozialamt": 6}), at("2026-08-20"))
    await create(rt, tmp)
    run = await send(rt, "puls", at("2026-09-01"))
    now = at("2026-09-07", "16:00")  # conversation state lives 24 hours: still there at close
    await press(rt, "sozialamt.1", Action("survey:start", str(run.id)), now)
    await answer_all(rt, "sozialamt.2", run.id, {"technik": 2}, now)
    await answer_all(rt, "sozialamt.3", run.id, {"technik": 3, "empfehlung": 5}, now)
    await answer_all(rt, "sozialamt.4", run.id, fingerprint(4), now)

    async def states() -> list[Any]:
        async with rt.uow() as uow:
            rows = (await uow.session.scalars(select(ConversationState)
                                              .order_by(ConversationState.person_id))).all()
            return [(s.person_id, s.flow, s.data, s.choices) for s in rows]

    during = await states()
    await close_window(rt)
    return during, await states()


async def test_how_far_someone_got_is_not_stored_and_state_goes_at_close(
        runtime: Runtime, tmp_path: Path) -> None:
    during, after = await _progress(runtime, tmp_path)
    assert [(p, f) for p, f, _, _ in during] == [(f"sozialamt.{i}", "survey_answer")
                                                 for i in (1, 2, 3)]
    assert len({repr((f, d, c)) for _, f, d, c in during}) == 1  # start, 1 or 2 answers: alike
    assert after == []
    async with runtime.uow() as uow:
        markers_ = (await uow.session.scalars(select(SurveyParticipation)
                                              .order_by(text("1")))).all()
    # partial respondents and those who never started look the same afterwards
    assert {(m.responded, m.postponed_until) for m in markers_
            if m.person_id != "sozialamt.4"} == {(False, None)}


async def test_state_shows_who_stopped_where_when_kept(runtime: Runtime, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    attacks.weaken(monkeypatch, "keep_state", "remember_choices")
    during, after = await _progress(runtime, tmp_path)
    stopped = {p: [c["value"].split("|")[0] for c in choices
                   if c["action"].startswith("survey:answer:")]
               for p, _, _, choices in after}
    assert stopped["sozialamt.2"][0] == "empfehlung"  # stopped after question 1: identified
    assert len({repr(c) for _, _, _, c in during}) == 3


async def test_participation_rows_keep_no_trace_of_who_answered(runtime: Runtime,
                                                                tmp_path: Path) -> None:
    """Physical order after close (ctid / rowid) is person-id order for everyone: an untouched
    marker and one updated at every answer cannot be told apart."""
    await _progress(runtime, tmp_path)
    physical = "rowid" if runtime.engine.dialect.name == "sqlite" else "ctid"
    async with runtime.uow() as uow:
        people = list((await uow.session.scalars(select(SurveyParticipation.person_id).order_by(
            text(f"survey_participation.{physical}")))).all())
    assert people == sorted(people)


# --- logs during a failure mid-answer and mid-close -----------------------------------------
@contextlib.asynccontextmanager
async def refusing(rt: Runtime, table: str, when: str) -> AsyncIterator[None]:
    """While inside, the database refuses writes to ``table`` where ``when`` holds (the
    PostgreSQL test database lives for the whole session: the trigger goes again)."""
    async with rt.engine.begin() as conn:
        for sql in _triggers(rt.engine.dialect.name, table, when):
            await conn.exec_driver_sql(sql)
    try:
        yield
    finally:
        async with rt.engine.begin() as conn:
            for name in ("boom", "boom_i", "boom_u"):
                if rt.engine.dialect.name == "postgresql":
                    await conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                else:
                    await conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def _triggers(dialect: str, table: str, when: str) -> list[str]:
    """A trigger that makes the database refuse a write (``when`` in SQL, on NEW)."""
    if dialect == "postgresql":
        return ["CREATE OR REPLACE FUNCTION boom() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'boom'; END $$ LANGUAGE plpgsql",
                f"CREATE TRIGGER boom BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW "
                f"WHEN ({when}) EXECUTE FUNCTION boom()"]
    return [f"CREATE TRIGGER boom_i BEFORE INSERT ON {table} WHEN {when} "
            "BEGIN SELECT RAISE(ABORT, 'boom'); END",
            f"CREATE TRIGGER boom_u BEFORE UPDATE ON {table} WHEN {when} "
            "BEGIN SELECT RAISE(ABORT, 'boom'); END"]


async def _logged(caplog: pytest.LogCaptureFixture, step: Any) -> list[str]:
    """Run ``step`` with the application's own log set-up at its most verbose; the records
    formatted with their tracebacks, as the plain log shows them."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    noisy = {name: logging.getLogger(name).level for name in ("apscheduler", "httpx", "aiosqlite",
                                                               "asyncio")}
    try:
        logs.setup(logging.DEBUG, json_lines=False)
        caplog.set_level(logging.DEBUG)
        caplog.clear()
        await step()
    finally:
        root.handlers[:], root.level = handlers, level
        for name, old in noisy.items():
            logging.getLogger(name).setLevel(old)
    formatter = logging.Formatter("%(name)s %(message)s")
    return [formatter.format(r) for r in caplog.records]


def _refuse_comment(rt: Runtime) -> tuple[str, str]:
    """A trigger condition that refuses the write of a record holding a "Vertraulich" comment in
    plaintext (the weakened set-up; encrypted, no record matches)."""
    if rt.engine.dialect.name == "postgresql":
        return "survey_sealed", "position(convert_to('Vertraulich', 'UTF8') in NEW.sealed) > 0"
    return "survey_sealed", "instr(NEW.sealed, 'Vertraulich') > 0"


async def _failing_answer_log(rt: Runtime, tmp: Path, caplog: pytest.LogCaptureFixture,
                              refuse: tuple[str, str] = ("survey_participation", "NEW.responded")
                              ) -> tuple[list[str], str]:
    """The database refuses the finishing answer (by default: marking the person done);
    returns the log records and the comment that was being written."""
    await add_people(rt, staff({"Sozialamt": 6}), at("2026-08-20"))
    await create(rt, tmp)
    run = await send(rt, "puls", at("2026-09-01"))
    comment = f"Vertraulich {secrets.token_hex(4)}"
    replies = []

    async def step() -> None:
        replies.append(await answer_all(rt, "sozialamt.1", run.id,
                                        {**fingerprint(1), "anmerkung": comment}, at("2026-09-02")))

    async with refusing(rt, *refuse):
        records = await _logged(caplog, step)
    assert replies[0].kind == "error"  # the person is told; nothing half-written:
    async with rt.uow() as uow:
        part = await uow.survey.participation(run.id, "sozialamt.1")
        assert part is not None and not part.responded
    return records, comment


async def test_a_failed_answer_write_logs_no_answer(runtime: Runtime, tmp_path: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    records, comment = await _failing_answer_log(runtime, tmp_path, caplog)
    assert any("boom" in r for r in records)  # the failure was logged, with its traceback
    assert not any(comment in r or "technik" in r for r in records)
    assert not any("[parameters:" in r for r in records)


def _show_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    make = db.create_async_engine
    monkeypatch.setattr(db, "create_async_engine",
                        lambda url, **kw: make(url, **{**kw, "hide_parameters": False}))


async def test_a_failed_answer_write_leaks_with_parameters_shown(
        settings: Settings, tmp_path: Path,
        caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    attacks.weaken(monkeypatch, "plaintext")
    _show_parameters(monkeypatch)
    async with Runtime(settings, parser=FixedParser()) as rt:
        records, comment = await _failing_answer_log(rt, tmp_path, caplog, _refuse_comment(rt))
    # the user id next to the survey write; on PostgreSQL the (here unencrypted) answers too
    # (SQLite's driver shows a byte string only as <memory at ...>)
    assert any("sozialamt.1" in r and "[parameters:" in r for r in records)
    if settings.db_url.startswith("postgresql"):
        assert any(comment in r and "sozialamt.1" in r for r in records)


async def _failing_close_log(rt: Runtime, tmp: Path, caplog: pytest.LogCaptureFixture
                             ) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The database refuses the anonymous responses at close: the job fails and is retried."""
    run_id, truth = await _scenario(rt, tmp, close=False)
    async with refusing(rt, "survey_response", "NEW.run_id > 0"):
        records = await _logged(caplog, lambda: close_window(rt))
    async with rt.uow() as uow:  # nothing half-written, the key is still there
        assert len(await uow.survey.sealed_rows(run_id)) == len(ORDER)
        run = await uow.survey.run(run_id)
        assert run is not None and run.status == "open" and run.key_id
    assert rt.configs["survey"].keys.exists(run.key_id)
    return records, truth


ANSWER_IN_LOG = '"technik": '  # every response answers it, the partial one too


async def test_a_failed_close_logs_no_answer(runtime: Runtime, tmp_path: Path,
                                             caplog: pytest.LogCaptureFixture) -> None:
    records, truth = await _failing_close_log(runtime, tmp_path, caplog)
    assert any("survey.close failed" in r and "boom" in r for r in records)
    assert not any(m.decode() in r for r in records for m in markers(truth).values())
    assert not any(ANSWER_IN_LOG in r for r in records)


async def test_a_failed_close_logs_an_answer_with_parameters_shown(
        settings: Settings, tmp_path: Path,
        caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    _show_parameters(monkeypatch)
    async with Runtime(settings, parser=FixedParser()) as rt:
        records, _ = await _failing_close_log(rt, tmp_path, caplog)
    # the refused INSERT of the first (shuffled) response, with its answers: a comment when that
    # response has one, always an answer to "technik" (the partial response has only that)
    assert any("[parameters:" in r and ANSWER_IN_LOG in r for r in records)


# --- thresholds are a promise -----------------------------------------------------------------
async def test_thresholds_cannot_be_lowered_after_sending(
        runtime: Runtime, tmp_path: Path, run_cli: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sent to 4 with threshold 5: withheld. Lowering to 3 is refused in German and the results
    stay withheld; raising is fine."""
    monkeypatch.setenv("FLURFUNK_FEATURES__SURVEY__KEY_DIR",
                       str(runtime.configs["survey"].keys.directory))
    await add_people(runtime, staff({"Sozialamt": 3}), at("2026-08-20"))
    await create(runtime, tmp_path)
    run = await send(runtime, "puls", at("2026-09-01"))
    for i in range(1, 4):
        await answer_all(runtime, f"sozialamt.{i}", run.id, fingerprint(i), at("2026-09-02"))
    await answer_all(runtime, "hr.owner", run.id, fingerprint(0), at("2026-09-02"))
    await close_window(runtime)
    lowered = write(tmp_path / "lower.yml", SURVEY.replace("threshold: 5, free_text_threshold: 6",
                                                           "threshold: 3, free_text_threshold: 3"))
    code, _, err = await asyncio.to_thread(run_cli, "survey", "create", str(lowered), "--update")
    assert code != 0 and "kann nicht von 5 auf 3 gesenkt werden" in err
    assert "Schwellen lassen sich nur erhöhen" in err
    async with runtime.uow() as uow:
        survey = await uow.survey.get("puls")
        assert survey is not None and survey.definition["threshold"] == 5
        assert (await service.run_result(uow, survey, run, "de")).withheld
    raised = write(tmp_path / "raise.yml", SURVEY.replace("threshold: 5,", "threshold: 6,"))
    assert (await asyncio.to_thread(run_cli, "survey", "create", str(raised), "--update"))[0] == 0


async def test_results_keep_the_promised_threshold_even_if_the_definition_is_lowered(
        runtime: Runtime, tmp_path: Path) -> None:
    """Lowered behind the command's back (straight in the table): the run still uses the
    threshold of its invitation. Without that stored promise the attack reveals the answers."""
    await add_people(runtime, staff({"Sozialamt": 3}), at("2026-08-20"))
    await create(runtime, tmp_path)
    run = await send(runtime, "puls", at("2026-09-01"))
    for i in range(1, 5):
        who = f"sozialamt.{i}" if i < 4 else "hr.owner"
        await answer_all(runtime, who, run.id, fingerprint(i), at("2026-09-02"))
    await close_window(runtime)
    async with runtime.uow() as uow:
        survey = await uow.survey.get("puls")
        assert survey is not None
        await uow.survey.save("puls", {**survey.definition, "threshold": 3, "text_threshold": 3},
                              survey.owner, at("2026-09-09"))
        closed = await uow.survey.run(run.id)
        assert closed is not None
        assert (await service.run_result(uow, survey, closed, "de")).withheld
        closed.threshold = closed.free_text_threshold = None  # weakened: no promise stored
        shown = await service.run_result(uow, survey, closed, "de")
    assert not shown.withheld and shown.respondents == 4


# --- restart and several instances ------------------------------------------------------------
async def test_a_restart_and_a_second_instance_lose_no_answer(
        runtime: Runtime, settings: Settings, tmp_path: Path) -> None:
    """The key lives in the key directory, not in one process: answers begun on one instance
    continue on another (same database, same directory) and after a restart."""
    await add_people(runtime, staff({"Sozialamt": 5}), at("2026-08-20"))
    await create(runtime, tmp_path)
    run = await send(runtime, "puls", at("2026-09-01"))
    async with Runtime(settings, parser=FixedParser()) as second:
        await answer_all(runtime, "sozialamt.1", run.id, {"technik": 4}, at("2026-09-02"))
        reply = await press(second, "sozialamt.1", Action("survey:start", str(run.id)),
                            at("2026-09-02"))
        assert reply.text.startswith("Frage 2 von 4")
        await answer_all(second, "sozialamt.1", run.id,
                         {"empfehlung": 9, "mobil": 1, "anmerkung": None}, at("2026-09-02"))
    await close_window(runtime)
    async with runtime.uow() as uow:
        responses = await uow.survey.responses(run.id)
    assert [a for _, a in responses] == [{"technik": 4, "empfehlung": 9, "mobil": 1,
                                          "anmerkung": None}]


# --- a WAL archive of the answer window: who answered only partly? ----------------------------
FULL, PARTIAL, NONE = ("sozialamt.1", "sozialamt.2"), ("sozialamt.3", "sozialamt.4",
                                                       "sozialamt.7"), ("sozialamt.5",
                                                                        "sozialamt.6",
                                                                        "sozialamt.8")


async def _recorded_window(rt: Runtime, tmp: Path) -> tuple[attacks.Recorder, dict[str, bool]]:
    """Two finish, three answer partly (one of them also says "später"), three never answer
    (one only presses "Teilnehmen", one says "später", one does nothing). Every row version
    written while the run is open is recorded; returns it and the markers' "done" after close."""
    await add_people(rt, staff({"Sozialamt": 8}), at("2026-08-20"))
    await create(rt, tmp)
    run = await send(rt, "puls", at("2026-09-01"))
    recorder = attacks.Recorder(rt)
    await recorder.read()  # what the send wrote is the same for everyone: the baseline
    clock = [at("2026-09-02", "10:00")]

    def tick() -> datetime:  # a minute between messages, as people type
        clock[0] += timedelta(minutes=1)
        return clock[0]

    async def act(user: str, action: str, value: str) -> None:
        await press(rt, user, Action(action, value), tick())
        await recorder.read()

    steps = {"sozialamt.1": fingerprint(1), "sozialamt.2": fingerprint(2),
             "sozialamt.3": {"technik": 3}, "sozialamt.4": {"technik": 4, "empfehlung": 7},
             "sozialamt.7": {"technik": 2}}
    await act("sozialamt.7", "survey:later", str(run.id))
    await act("sozialamt.6", "survey:later", str(run.id))
    await act("sozialamt.5", "survey:start", str(run.id))
    for user, answers in steps.items():
        await act(user, "survey:start", str(run.id))
        for qid, value in answers.items():
            if isinstance(value, str):
                await say(rt, user, value, tick())
                await recorder.read()
            else:
                await act(user, "survey:answer", f"{run.id}|{qid}|{'' if value is None else value}")
    await close_window(rt)
    async with rt.uow() as uow:
        done = {p.person_id: p.responded for p in (await uow.session.scalars(
            select(SurveyParticipation).where(SurveyParticipation.run_id == run.id))).all()}
    return recorder, done


def _separable(recorder: attacks.Recorder, done: dict[str, bool],
               tables: tuple[str, ...] = ("survey_participation", "survey_sealed")) -> set[str]:
    """The attack: count, per person, the row versions of the survey's tables written in the
    window that carry their id. A partial respondent whose count no non-respondent shares is
    told apart (the attacker sees who finished in the markers: the rest are the candidates)."""
    counts = recorder.written_for(done, tables)
    assert {p for p, d in done.items() if d} == set(FULL)  # what the attacker knows anyway
    others = {counts[p] for p in NONE}
    return {p for p in PARTIAL if counts[p] not in others}


async def test_a_recorded_window_does_not_tell_partial_respondents_from_others(
        runtime: Runtime, tmp_path: Path) -> None:
    """Answering writes only a record filed under a keyed pseudonym: no row version carrying a
    person id says how far anyone got (only "später" writes the marker, alike for partial and
    non-respondents). Tags are no plain hash of an id; the survey's conversation state is the
    same for everyone whatever their progress."""
    recorder, done = await _recorded_window(runtime, tmp_path)
    assert _separable(recorder, done) == set()
    tags = {row[1] for _, table, row in recorder.versions if table == "survey_sealed"}
    assert len(tags) == 6  # five respondents and the one who only pressed "Teilnehmen"
    hashes = {h(p.encode()).hexdigest()[:32] for p in done for h in (hashlib.md5, hashlib.sha1,
                                                                      hashlib.sha256)}
    assert not tags & (set(done) | hashes)
    states = {(row[1], row[2], row[3]) for _, table, row in recorder.versions
              if table == "conversation_state"}
    assert len(states) == 1  # one shape: "in the questionnaire of run N", nothing more


async def test_the_conversation_state_does_not_count_a_persons_answers(
        runtime: Runtime, tmp_path: Path) -> None:
    """The core's conversation state is written when it changes, not on every message: its row
    versions per person are alike for partial respondents and those who only pressed
    "Teilnehmen", so counting them in a recorded window tells nobody apart."""
    recorder, done = await _recorded_window(runtime, tmp_path)
    assert _separable(recorder, done, ("conversation_state",)) == set()


async def test_a_rewritten_conversation_state_counts_a_persons_answers(
        runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Weakened: the state rewritten on every message (as before) gives the partial respondents
    away by their number of row versions."""
    from storage.repositories import conversation
    monkeypatch.setattr(conversation, "REWRITE_WHEN_LEFT", 1.0)
    recorder, done = await _recorded_window(runtime, tmp_path)
    assert _separable(recorder, done, ("conversation_state",)) == set(PARTIAL)


async def test_a_recorded_window_tells_partial_respondents_when_filed_by_person(
        runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same recording against the weakened design (records encrypted but filed under the
    person id, as the participation marker held them): every partial respondent stands out."""
    attacks.weaken(monkeypatch, "person_tags")
    recorder, done = await _recorded_window(runtime, tmp_path)
    assert _separable(recorder, done) == set(PARTIAL)
