"""Protocol import: YAML and CSV, errors with file, line and field, all or nothing, re-import."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.config import Settings
from bot.runtime import Runtime
from flows.commitments import service
from flows.commitments.protocol import ProtocolError, read_protocol
from flows.types import UserError
from tests.commitments.helpers import PADERBORN, WORKSHOP
from tests.german import german

NOW = datetime(2012, 5, 22, 16, 0, tzinfo=UTC)
HEAD = "workshop:\n  name: W\n  date: 2012-05-22\n  lead: chef\ncommitments:\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_paderborn_example_resolves_relative_dates() -> None:
    rows = {r.title: r for r in read_protocol(PADERBORN)}
    assert len(rows) == 10 and {r.workshop for r in rows.values()} == {WORKSHOP}
    first = rows["Informationsbedarf über die Tätigkeitsfelder der Bereiche klären"]
    assert first.due == date(2012, 5, 25) and first.owners == ("schoenig", "fuchs", "christen")
    assert first.line == 13 and first.lead == "dezernent"
    steering = rows["Monatliches Abstimmungsgespräch der Lenkungsgruppe Jobcenter"]
    assert steering.recurrence == "monthly" and steering.due == date(2012, 6, 22)


@pytest.mark.parametrize(("entry", "message"), [
    ("  - title: T\n    owners: [a]\n    due: irgendwann\n",
     "Zeile 8, Feld „due“: kein Datum und keine relative Frist: 'irgendwann' (z. B. 2012-09-01, "
     "1.9.2012, 72h, 3 Tage, 2 Wochen, 1 Monat)"),
    ("  - title: T\n    owners: [a]\n    due: 2012-09-31\n",
     "Zeile 8, Feld „due“: dieses Datum gibt es nicht: 2012-09-31"),
    ("  - title: T\n    owners: [a]\n    due: 31.2.2013\n",
     "Zeile 8, Feld „due“: dieses Datum gibt es nicht: 31.2.2013"),
    ("  - title: T\n    owners: []\n    due: 72h\n", "Zeile 7, Feld „owners“: fehlt"),
    ("  - title: T\n    owners: [a, a]\n    due: 72h\n",
     "Zeile 7, Feld „owners“: eine verantwortliche Person steht zweimal in der Liste"),
    ("  - title: T\n    owners: [a]\n    due: 72h\n    recurrence: weekly\n",
     "Zeile 9, Feld „recurrence“: unbekannt: 'weekly' (erlaubt: monatlich, monthly)"),
    ("  - title: T\n    owner: [a]\n    due: 72h\n", "Zeile 7, Feld „owner“: unbekanntes Feld"),
    ("  - owners: [a]\n    due: 72h\n", "Zeile 6, Feld „title“: fehlt"),
    ("  - title: [T, U]\n    owners: [a]\n    due: 72h\n", "Zeile 6, Feld „title“: erwartet wird ein Text"),
    ("  - title: T\n    owners: [a]\n    due: 1 Woche\n  - title: T\n    owners: [b]\n"
     "    due: 2 Wochen\n", "Zeile 9, Feld „title“: 'T' steht zweimal im Workshop 'W' (zuerst in Zeile 6)"),
    ("  - title: T\n    owners: [a b]\n    due: 72h\n",
     "Zeile 7, Feld „owners[0]“: bitte nur Buchstaben, Ziffern und . _ - @ +"),
    ("  - title: T\n    owners: [a]\n    due: 72h\n    lead: [chef]\n",
     "Zeile 9, Feld „lead“: erwartet wird ein Text"),
])
def test_yaml_errors_name_file_line_and_field(tmp_path: Path, entry: str, message: str) -> None:
    """Every field is checked by the schema (RowIn): German, with the field's own line."""
    path = write(tmp_path, "p.yml", HEAD + entry)
    with pytest.raises(ProtocolError) as err:
        read_protocol(path)
    assert german(err.value) == f"{path}, {message}"
    assert isinstance(err.value, UserError)


def test_workshop_section_is_checked(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yml", HEAD.replace("  lead: chef\n", "  lead: chef\n  room: 3\n")
                 + "  - title: T\n    owners: [a]\n    due: 72h\n")
    with pytest.raises(ProtocolError) as err:
        read_protocol(path)
    assert german(err.value) == (f"{path}, Zeile 5, Feld „workshop.room“: unbekanntes Feld "
                                 "(erlaubt: name, date, lead)")
    path = write(tmp_path, "q.yml", HEAD.replace("2012-05-22", "2012-02-30")
                 + "  - title: T\n    owners: [a]\n    due: 72h\n")
    with pytest.raises(ProtocolError) as err:
        read_protocol(path)
    assert "Feld „workshop_date“: dieses Datum gibt es nicht: 2012-02-30" in german(err.value)


def test_csv_with_semicolons_and_errors(tmp_path: Path) -> None:
    good = write(tmp_path, "p.csv",
                 "workshop;workshop_date;field;title;owners;due;recurrence;lead;notes\n"
                 "W;2012-05-22;KO;Konzept;schoenig, fuchs;01.09.2012;;chef;\n"
                 "W;2012-05-22;NM;Lenkungsgruppe;beninde;1 Monat;monthly;chef;ab sofort\n")
    rows = read_protocol(good)
    assert [(r.title, r.owners, r.due, r.recurrence, r.line) for r in rows] == [
        ("Konzept", ("schoenig", "fuchs"), date(2012, 9, 1), None, 2),
        ("Lenkungsgruppe", ("beninde",), date(2012, 6, 22), "monthly", 3)]
    bad = write(tmp_path, "bad.csv", "workshop,workshop_date,title,owners,due\n"
                "W,2012-05-22,A,x,72h\nW,22.05.2012,B,y,72h\n")
    with pytest.raises(ProtocolError) as err:
        read_protocol(bad)
    assert german(err.value) == (f"{bad}, Zeile 3, Feld „workshop_date“: kein Datum; bitte JJJJ-MM-TT, "
                                 "z. B. 2026-09-01")
    cols = write(tmp_path, "cols.csv", "workshop,title\nW,A\n")
    with pytest.raises(ProtocolError) as err:
        read_protocol(cols)
    assert german(err.value).startswith(f"{cols}, Zeile 1: fehlende Spalte(n) due, owners, workshop_date")


async def test_reimport_updates_instead_of_duplicating(settings: Settings, tmp_path: Path) -> None:
    async with Runtime(settings, nlu=False) as rt:
        path = write(tmp_path, "p.yml", HEAD + "  - title: T\n    owners: [a]\n    due: 72h\n"
                     "  - title: U\n    owners: [b]\n    due: 2012-09-01\n")
        async with rt.uow() as uow:
            assert await service.import_rows(uow, read_protocol(path), NOW, "t") == \
                service.ImportResult(2, 0, 0)
            await uow.commit()
        async with rt.uow() as uow:  # U was re-agreed in chat meanwhile
            u = next(i for i in await uow.commitments.items() if i.title == "U")
            await service.new_date(uow, u, "b", date(2012, 9, 14), "Urlaub", NOW)
            await uow.commit()
        path.write_text(HEAD + "  - title: T\n    owners: [a, c]\n    due: 1 Woche\n"
                        "  - title: U\n    owners: [b]\n    due: 2012-09-01\n", encoding="utf-8")
        async with rt.uow() as uow:
            assert await service.import_rows(uow, read_protocol(path), NOW, "t") == \
                service.ImportResult(0, 1, 1)
            await uow.commit()
        async with rt.uow() as uow:
            items = {i.title: i for i in await uow.commitments.items()}
        assert len(items) == 2
        assert items["T"].owners == ["a", "c"] and items["T"].due == date(2012, 5, 29)
        assert items["U"].due == date(2012, 9, 14) and items["U"].status == "reagreed"
