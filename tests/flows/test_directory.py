"""People import: CSV and YAML, errors with file, line and field, all or nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.runtime import Runtime
from flows.directory import ImportError_, import_people, parse_people
from flows.files import FileErrors
from tests.conftest import NOW

CSV = """id,name,email,department,site,lead,locale,start_date,slack_id,roles
anna.berger,Anna Berger,anna@stadt.example,Sozialamt,Rathaus,markus.keller,de,2026-09-01,U01,
markus.keller,Markus Keller,markus@stadt.example,Sozialamt,Rathaus,,de,,U02,lead
"""


def test_csv_rows_parse(tmp_path: Path) -> None:
    f = tmp_path / "people.csv"
    f.write_text(CSV)
    rows = parse_people(f)
    assert [r.id for r in rows] == ["anna.berger", "markus.keller"]
    assert rows[0].fields["start_date"] == date(2026, 9, 1)
    assert rows[0].fields["lead_id"] == "markus.keller"
    assert rows[1].fields["roles"] == ["lead"]


@pytest.mark.parametrize(
    ("content", "suffix", "where"),
    [
        (CSV.replace("2026-09-01", "1.9.2026"), ".csv", "line 2, field 'start_date'"),
        (CSV.replace("anna@stadt.example", "anna-at-stadt"), ".csv", "line 2, field 'email'"),
        (CSV.replace(",de,,U02", ",fr,,U02"), ".csv", "line 3, field 'locale'"),
        (CSV + "anna.berger,Doppelt,,,,,,,,\n", ".csv", "line 4, field 'id'"),
        ("people:\n  - id: a\n    name: A\n  - id: b\n", ".yml", "line 4, field 'name'"),
        ("people:\n  - id: a\n    name: A\n    shoe: 42\n", ".yml", "line 4, field 'shoe': unknown field"),
        ("- id: [unclosed\n", ".yml", "line"),
        ("a;b\n", ".txt", "unsupported file type"),
    ],
)
def test_errors_name_file_line_and_field(tmp_path: Path, content: str, suffix: str, where: str) -> None:
    f = tmp_path / f"people{suffix}"
    f.write_text(content)
    with pytest.raises(ImportError_) as err:
        parse_people(f)
    assert str(f) in str(err.value)
    assert where in str(err.value)


def test_every_broken_row_is_named_at_once(tmp_path: Path) -> None:
    f = tmp_path / "people.csv"
    f.write_text(CSV.replace("2026-09-01", "1.9.2026").replace(",de,,U02", ",fr,,U02"))
    with pytest.raises(FileErrors) as err:
        parse_people(f)
    assert [(e.line, e.field) for e in err.value.errors] == [(2, "start_date"), (3, "locale")]


async def test_import_upserts_and_reimport_updates(runtime: Runtime, tmp_path: Path) -> None:
    f = tmp_path / "people.csv"
    f.write_text(CSV)
    async with runtime.uow() as uow:
        assert await import_people(uow, parse_people(f), NOW) == (2, 0)
        await uow.commit()
    f.write_text(CSV.replace("Rathaus,markus", "Bürgerbüro Nord,markus"))
    async with runtime.uow() as uow:
        assert await import_people(uow, parse_people(f), NOW) == (0, 2)
        await uow.commit()
    async with runtime.uow() as uow:
        anna = await uow.people.get("anna.berger")
        assert anna is not None and anna.site == "Bürgerbüro Nord"
        assert len(await uow.people.all()) == 2


async def test_messenger_ids_can_change_hands_within_one_file(runtime: Runtime, tmp_path: Path) -> None:
    f = tmp_path / "people.csv"
    f.write_text(CSV)
    async with runtime.uow() as uow:
        await import_people(uow, parse_people(f), NOW)
        await uow.commit()
    f.write_text(CSV.replace(",U01,", ",TMP,").replace(",U02,", ",U01,").replace(",TMP,", ",U02,"))
    async with runtime.uow() as uow:  # anna gets U02 and markus U01: no unique-key clash
        assert await import_people(uow, parse_people(f), NOW) == (0, 2)
        await uow.commit()
    async with runtime.uow() as uow:
        anna = await uow.people.get("anna.berger")
        assert anna is not None and anna.slack_id == "U02"
