"""Migration survey_0002: refuses while a survey is open (its plaintext answers could not be
sealed), otherwise drops the plaintext tables and keeps the promised thresholds of old runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage import db


def _to(sync_conn: Connection, revision: str) -> None:
    cfg = db.alembic_config()
    cfg.attributes["connection"] = sync_conn
    command.upgrade(cfg, revision)


async def test_upgrade_waits_for_open_runs_and_keeps_thresholds(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_to, "survey_0001")
            definition = json.dumps({"threshold": 7, "text_threshold": 12})
            await conn.execute(text(
                "INSERT INTO survey_survey VALUES ('puls', :d, 'hr', '2026-08-20', '2026-08-20')"),
                {"d": definition})
            await _open_run(conn)
        with pytest.raises(RuntimeError, match="noch offen"):
            await db.upgrade(engine)
        async with engine.begin() as conn:
            await conn.execute(text("UPDATE survey_run SET status = 'closed'"))
        await db.upgrade(engine)
        async with engine.connect() as conn:
            row = (await conn.execute(text(
                "SELECT threshold, free_text_threshold, key_id FROM survey_run"))).one()
            tables = {t for (t,) in await conn.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'table'"))}
        assert tuple(row) == (7, 12, None)
        assert not tables & {"survey_draft", "survey_pool"}
    finally:
        await engine.dispose()


async def test_pseudonymous_records_wait_for_open_runs(tmp_path: Path) -> None:
    """survey_0003 moves the sealed records out of the participation marker: refused while a
    run is open (its records are bound to the person id and cannot be refiled without the
    key), then the marker has no record column and survey_sealed exists."""
    engine = db.make_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_to, "survey_0002")
            await conn.execute(text(
                "INSERT INTO survey_survey VALUES ('puls', '{}', 'hr', '2026-08-20', '2026-08-20')"))
            await _open_run(conn)
        with pytest.raises(RuntimeError, match="survey_0003: 1 Umfrage-Durchgang"):
            await db.upgrade(engine)
        async with engine.begin() as conn:
            await conn.execute(text("UPDATE survey_run SET status = 'closed'"))
        await db.upgrade(engine)
        async with engine.connect() as conn:
            columns = {r[1] for r in await conn.execute(text(
                "PRAGMA table_info(survey_participation)"))}
            sealed = {r[1] for r in await conn.execute(text("PRAGMA table_info(survey_sealed)"))}
        assert "sealed" not in columns and sealed == {"run_id", "tag", "sealed"}
    finally:
        await engine.dispose()


async def _open_run(conn: Any) -> None:
    """Run 1 of survey 'puls', still open (the state both migrations refuse to run in)."""
    await conn.execute(text(
        "INSERT INTO survey_run (id, survey_id, slot, opened_at, closes_at, reminded, "
        "invited, status) VALUES (1, 'puls', '2026-09-01', '2026-09-01', '2026-09-08', "
        "0, 5, 'open')"))
