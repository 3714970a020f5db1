"""People import stores ``matrix_id`` (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from bot.runtime import Runtime
from flows.directory import import_people, parse_people
from tests.conftest import NOW


async def test_imported_matrix_id_is_stored(runtime: Runtime, tmp_path: Path) -> None:
    f = tmp_path / "people.csv"
    f.write_text("id,name,matrix_id\nanna,Anna,@anna:stadt.example\n")
    async with runtime.uow() as uow:
        await import_people(uow, parse_people(f), NOW)
        await uow.commit()
    async with runtime.uow() as uow:
        person = await uow.people.by_matrix_id("@anna:stadt.example")
    assert person is not None and person.id == "anna"
