"""Shared fixtures: a migrated database per test (SQLite, and PostgreSQL when configured),
settings pointing at it, an embedded model trained once per session, and a started runtime.

Tests never reach the trained classifier unless they are about it: they give the Parse it would
return (tests/chat.py), so a training-data change in one feature cannot break another feature's
tests or a test of the outbox. ``runtime`` has a FixedParser; the real NLU (the ``model`` and
``nlu_runtime`` fixtures, or a Runtime that loads the model) is for the places in ``REAL_NLU``
only, each with its reason (a ``serve`` process in a test is ``python -m tests.fixed_serve``, with
a fixed parser); ``_classifier_only_where_allowed`` fails any other test that asks
for the model or a parse from it, and tests/test_test_layout.py reads the same from the source."""

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


# Where a test may use the trained classifier (a directory or one file under tests/), and why.
REAL_NLU: dict[str, str] = {
    "e2e": "whole conversations through the real NLU",
    "nlu": "the classifier's own tests (training, thresholds, quality bar)",
    "rasa": "Rasa, and the embedded model it falls back to",
    "flows/test_kb_live.py": "a new knowledge-base entry is answered by the trained model "
                             "without retraining: the point is the real classifier",
}


def feature_test_dir(path: Path) -> str | None:
    """The feature whose test directory holds ``path`` (tests/<feature>/...), else None."""
    try:
        parts = path.resolve().relative_to(ROOT / "tests").parts
    except ValueError:
        return None
    return parts[0] if len(parts) > 1 and parts[0] in FEATURES else None


def real_nlu_allowed(path: Path) -> str | None:
    """Why the test module at ``path`` may use the trained classifier; None: it may not."""
    try:
        rel = path.resolve().relative_to(ROOT / "tests").as_posix()
    except ValueError:
        return None
    return next((why for place, why in REAL_NLU.items()
                 if rel == place or rel.startswith(place + "/")), None)


@pytest.fixture(autouse=True)
def _classifier_only_where_allowed(request: pytest.FixtureRequest,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside ``REAL_NLU`` the trained classifier is out of reach: asking for the ``model`` or
    ``nlu_runtime`` fixture, loading the model (``Runtime(settings)``, ``flurfunk say``) or
    parsing with it fails the test."""
    if real_nlu_allowed(request.node.path) is not None:
        return
    feature = feature_test_dir(request.node.path)
    where = (f"tests/{feature}/ is a feature test directory" if feature else
             "this test is not about the classifier (see REAL_NLU in tests/conftest.py)")
    why = (f"{where}: give the Parse the classifier would return (Chat(rt).say(..., intent=...) "
           "with parser=FixedParser(), tests/chat.py); conversations through the real NLU "
           "belong in tests/e2e/")
    for name in ("model", "nlu_runtime"):
        if name in request.fixturenames:
            pytest.fail(f"{request.node.nodeid} uses the trained classifier ({name} fixture). "
                        f"{why}", pytrace=False)

    def refuse(*args: object, **kwargs: object) -> NoReturn:
        pytest.fail(f"{request.node.nodeid} reached the trained classifier. {why}", pytrace=False)

    monkeypatch.setattr(EmbeddedModel, "parse", refuse)
    monkeypatch.setattr("bot.runtime.embedded_model", refuse)
    monkeypatch.setattr("nlu.embedded.load_or_train", refuse)


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
async def runtime(settings: Settings) -> AsyncIterator[Runtime]:
    """A started runtime with a FixedParser (tests/chat.py): what is said is not understood
    (the fallback: knowledge-base retrieval) unless the test gives the Parse. The real NLU is
    ``nlu_runtime``, for the places in ``REAL_NLU`` only."""
    async with Runtime(settings, parser=FixedParser()) as rt:
        yield rt


@pytest.fixture
async def nlu_runtime(settings: Settings, model: EmbeddedModel) -> AsyncIterator[Runtime]:
    """A started runtime with the trained classifier: conversations through the real NLU."""
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
