"""Migrations: the models and the migration tree agree (no drift), on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bot.runtime import Runtime
from storage import db
from storage.base import Base


async def test_no_drift_between_models_and_migrations(runtime: Runtime) -> None:
    def diff(sync_conn):  # type: ignore[no-untyped-def]
        ctx = MigrationContext.configure(sync_conn, opts={"compare_type": True})
        return compare_metadata(ctx, Base.metadata)

    async with runtime.engine.connect() as conn:
        changes = await conn.run_sync(diff)
    assert changes == []
    assert await db.pending_heads(runtime.engine) == []
