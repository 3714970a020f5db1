"""Shared fixtures: a migrated database per test (SQLite, and PostgreSQL when configured),
settings pointing at it, an embedded model trained once per session, and a started runtime."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.config import Settings
from bot.runtime import Runtime, embedded_model
from flows import all_features
from nlu.embedded import EmbeddedModel
from storage import db
from storage.base import Base
from tests.chat import Chat, FixedParser

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("FLURFUNK_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", *(["postgresql"] if PG_URL else [])]
NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def _migrate(url: str) -> None:
    async def go() -> None:
        engine = db.make_engine(url)
        await db.upgrade(engine)
        await engine.dispose()

    asyncio.run(go())


def _pg_admin(sql: str) -> None:
    async def go() -> None:
        engine = db.make_engine(PG_URL, isolation_level="AUTOCOMMIT")
        async with engine.connect() as conn:
            await conn.execute(text(sql))
        await engine.dispose()

    asyncio.run(go())


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    _migrate(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A private PostgreSQL database for this test session, migrated once."""
    name = f"flurfunk_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    _migrate(url)
    yield url
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _truncate_pg(url: str) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)

    async def go() -> None:
        engine = db.make_engine(url)
        async with engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        await engine.dispose()

    asyncio.run(go())


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database: a copy of the SQLite template, or the truncated PG one."""
    if request.param == "sqlite":
        path = tmp_path / "flurfunk.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    url = request.getfixturevalue("pg_database")
    _truncate_pg(url)
    return url


@pytest.fixture(scope="session")
def model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("nlu") / "embedded.pkl"


@pytest.fixture
def settings(db_url: str, tmp_path: Path, model_path: Path) -> Settings:
    s = Settings(database_url=db_url, var_dir=str(tmp_path / "var"), content_dir=str(ROOT / "content"))
    s.nlu.model_path = str(model_path)
    return s


@pytest.fixture(scope="session")
def model(tmp_path_factory: pytest.TempPathFactory, model_path: Path) -> EmbeddedModel:
    s = Settings(content_dir=str(ROOT / "content"))
    s.nlu.model_path = str(model_path)
    return embedded_model(s, all_features(ROOT / "content"))[0]


@pytest.fixture
async def runtime(settings: Settings, model: EmbeddedModel) -> AsyncIterator[Runtime]:
    async with Runtime(settings, parser=model) as rt:
        yield rt


@pytest.fixture
async def chat(settings: Settings) -> AsyncIterator[Chat]:
    """A started runtime driven like people would (tests/chat.py), with a fixed Parse per
    message instead of the trained classifier."""
    async with Runtime(settings, parser=FixedParser()) as rt:
        yield Chat(rt)


CliRun = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run_cli(settings: Settings, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]) -> CliRun:
    """``flurfunk`` in this process on the test database: ``run_cli("--as", "x", ...)`` returns
    (exit code, stdout, stderr)."""
    from bot.cli import main

    for key in ("FLURFUNK_ACTOR", "FLURFUNK_CONFIG"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("FLURFUNK_DATABASE_URL", settings.db_url)
    monkeypatch.setenv("FLURFUNK_NLU__MODEL_PATH", settings.nlu.model_path)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run
