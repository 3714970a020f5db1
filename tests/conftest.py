"""Shared fixtures: a migrated database per test (SQLite, and PostgreSQL when configured),
settings pointing at it, an embedded model trained once per session, and a started runtime.

Feature tests (tests/<feature>/ for every flows/<feature>/) never reach the trained classifier:
they give the Parse it would return (tests/chat.py), so a training-data change in one feature
cannot break another feature's tests. ``_feature_tests_use_fixed_parses`` fails such a test
when it asks for the model or a parse from it; conversations through the real NLU live in
tests/e2e/ (and the classifier's own tests in tests/nlu/)."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

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
FEATURES = frozenset(p.parent.name for p in (ROOT / "flows").glob("*/__init__.py"))


def feature_test_dir(path: Path) -> str | None:
    """The feature whose test directory holds ``path`` (tests/<feature>/...), else None."""
    try:
        parts = path.resolve().relative_to(ROOT / "tests").parts
    except ValueError:
        return None
    return parts[0] if len(parts) > 1 and parts[0] in FEATURES else None


@pytest.fixture(autouse=True)
def _feature_tests_use_fixed_parses(request: pytest.FixtureRequest,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """In a feature's tests the trained classifier is out of reach: asking for the ``model``
    fixture, loading the model (``Runtime(settings)``, ``flurfunk say``) or parsing with it fails
    the test."""
    feature = feature_test_dir(request.node.path)
    if feature is None:
        return
    why = (f"tests/{feature}/ is a feature test directory: give the Parse the classifier would "
           "return (Chat(rt).say(..., intent=...) with parser=FixedParser(), tests/chat.py); "
           "conversations through the real NLU belong in tests/e2e/")
    if "model" in request.fixturenames:
        pytest.fail(f"{request.node.nodeid} uses the trained classifier (model fixture). {why}",
                    pytrace=False)

    def refuse(*args: object, **kwargs: object) -> NoReturn:
        pytest.fail(f"{request.node.nodeid} reached the trained classifier. {why}", pytrace=False)

    monkeypatch.setattr(EmbeddedModel, "parse", refuse)
    monkeypatch.setattr("bot.runtime.embedded_model", refuse)


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
