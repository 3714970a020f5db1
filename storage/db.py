"""Engine and session factory built from a database URL; migrations applied on demand."""

from __future__ import annotations

import ast
import logging
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger(__name__)


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Create an async engine; SQLite gets foreign keys, a busy timeout, WAL and secure_delete.

    Bound parameters never appear in error messages or logs (``hide_parameters``): a failed
    write must not put what someone wrote into a traceback.

    A SQLite file gets one pooled connection: transactions of concurrent tasks (Slack requests,
    the outbox sender) then queue for it instead of failing with "database is locked" when a
    transaction that has read tries to write after another one committed.
    """
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            kwargs.setdefault("pool_size", 1)
            kwargs.setdefault("max_overflow", 0)
        kwargs.setdefault("connect_args", {"timeout": 30})
    kwargs.setdefault("hide_parameters", True)
    engine = create_async_engine(url, **kwargs)
    if url.startswith("sqlite"):

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            # Let SQLAlchemy, not the driver, open transactions, so SAVEPOINTs work.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            # deleted content is overwritten with zeros, whatever the library's compile default
            cur.execute("PRAGMA secure_delete=ON")
            cur.close()

        @event.listens_for(engine.sync_engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN")

    return engine


# PostgreSQL's SQLSTATEs for a transaction that may simply be run again: serialization failure,
# deadlock, and the connection classes (08: connection exception, 57P01-03: server shut down).
_RETRY_SQLSTATES = ("40001", "40P01", "08", "57P01", "57P02", "57P03")
_SQLITE_BUSY = ("database is locked", "database is busy", "database table is locked")


def transient(exc: BaseException) -> bool:
    """Whether ``exc`` is a database error that another attempt may not meet: no pooled
    connection within the pool timeout, SQLite's "database is locked", PostgreSQL's
    serialization failures, deadlocks and lost connections. Constraint violations, bad SQL and
    everything else are not: trying again would fail the same way."""
    if isinstance(exc, sa_exc.TimeoutError):  # QueuePool: no connection within pool_timeout
        return True
    if not isinstance(exc, sa_exc.DBAPIError):
        return isinstance(exc, ConnectionError)
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    state = str(getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None) or "")
    if state and state.startswith(_RETRY_SQLSTATES):
        return True
    if isinstance(exc, sa_exc.OperationalError):
        return any(m in str(orig).lower() for m in _SQLITE_BUSY)
    return isinstance(exc, sa_exc.InterfaceError) and "connection" in str(orig).lower()


def _checkpoint(sync_conn: Connection) -> int:
    cur = sync_conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        row = cur.fetchone()
    finally:
        cur.close()
    return int(row[0]) if row else 0


async def scrub(engine: AsyncEngine, tables: Sequence[str]) -> None:
    """After sensitive rows were deleted and committed: PostgreSQL VACUUMs the tables (dead row
    versions go); SQLite checkpoints the -wal into the file (whose freed pages secure_delete
    has zeroed) and truncates it. Needs no transaction of its own and leaves none open."""
    async with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            auto = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await auto.execute(text(f"VACUUM {', '.join(tables)}"))
        elif engine.dialect.name == "sqlite":
            if await conn.run_sync(_checkpoint):
                log.warning("WAL checkpoint after a survey close was blocked by a reader; "
                            "the next one will truncate the -wal file")


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker:
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config  # alembic (and mako) only when migrating: not at every start

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def _upgrade(sync_conn: Connection, cfg: Config) -> None:
    from alembic import command

    cfg.attributes["connection"] = sync_conn
    command.upgrade(cfg, "heads")


async def upgrade(engine: AsyncEngine) -> None:
    """Apply all migrations (every feature branch) to the database behind ``engine``."""
    cfg = alembic_config()
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade, cfg)


def _revisions(path: Path) -> tuple[str, tuple[str, ...]]:
    """``revision`` and ``down_revision`` of one migration file, read without running it."""
    found: dict[str, Any] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        target: ast.expr
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
            found[target.id] = ast.literal_eval(value)
    down = found.get("down_revision")
    return str(found["revision"]), tuple([down] if isinstance(down, str) else down or ())


@lru_cache(maxsize=1)
def code_heads() -> frozenset[str]:
    """The heads of the migration tree in ``migrations/versions``, as Alembic's ``heads``.

    Read from the files' ``revision``/``down_revision`` (every start checks them), so a command
    need not import Alembic unless it migrates; tests/storage compares it with Alembic's own."""
    revisions = [_revisions(p) for p in sorted((MIGRATIONS / "versions").glob("*.py"))]
    downs = {d for _, ds in revisions for d in ds}
    return frozenset(r for r, _ in revisions if r not in downs)


def _pending(sync_conn: Connection) -> list[str]:
    if not inspect(sync_conn).has_table("alembic_version"):
        current: set[str] = set()
    else:
        current = {row[0] for row in sync_conn.execute(text("SELECT version_num FROM alembic_version"))}
    return sorted(code_heads() - current)


async def pending_heads(engine: AsyncEngine) -> list[str]:
    """Heads of the migration tree that the database has not reached yet."""
    async with engine.connect() as conn:
        return await conn.run_sync(_pending)

