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


def test_code_heads_are_alembics_heads() -> None:
    """Every start reads the heads from the files (no Alembic import); they must be Alembic's."""
    from alembic.script import ScriptDirectory

    assert db.code_heads() == set(ScriptDirectory.from_config(db.alembic_config()).get_heads())


def test_code_heads_see_a_new_migration(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A migration added on a branch moves that branch's head: the start check then refuses a
    database that has not been upgraded (a reader that missed it would let the code run)."""
    import shutil

    shutil.copytree(db.MIGRATIONS / "versions", tmp_path / "versions")
    (tmp_path / "versions" / "lunch_0002_x.py").write_text(
        'revision: str = "lunch_0002"\ndown_revision = "lunch_0001"\n', encoding="utf-8")
    monkeypatch.setattr(db, "MIGRATIONS", tmp_path)
    db.code_heads.cache_clear()
    try:
        heads = db.code_heads()
    finally:
        db.code_heads.cache_clear()
    assert "lunch_0002" in heads and "lunch_0001" not in heads
