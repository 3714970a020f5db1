"""Reading a workshop protocol (YAML or CSV) into validated rows; nothing is written here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from flows.commitments.calendar import RECURRENCE_WORDS, RECURRENCES, DueError, parse_due
from flows.files import FileError, YamlDoc, each, read_csv, read_yaml
from flows.schema import IsoDate, Strict, an_id, bounded, refuse, validate
from flows.types import N_
from storage.models.commitments import Commitment, CommitmentWorkshop

PERSON_ID = re.compile(r"^[\w.@+-]{1,64}$")
CSV_COLUMNS = ("workshop", "workshop_date", "field", "title", "owners", "due", "recurrence",
               "lead", "notes")


class ProtocolError(FileError):
    """A protocol file is malformed; the message names file, line and field."""


@dataclass(frozen=True)
class Row:
    """One agreed step, validated; ``due`` already resolved against the workshop date."""

    workshop: str
    workshop_date: date
    field: str
    title: str
    owners: tuple[str, ...]
    due: date
    recurrence: str | None
    lead: str | None
    notes: str
    line: int


def _owners(value: Any) -> Any:
    if isinstance(value, str):  # CSV: "anna.berger; ben.koch" or "anna.berger, ben.koch"
        return [o for o in re.split(r"[;,\s]+", value) if o]
    return value


def _distinct(owners: list[str]) -> list[str]:
    if len(set(owners)) != len(owners):
        raise refuse(N_("an owner is listed twice"))
    return owners


def _recurrence(value: str) -> str | None:
    said = " ".join(value.lower().split())
    if not said:
        return None
    recurrence = RECURRENCE_WORDS.get(said, said)
    if recurrence not in RECURRENCES:
        raise refuse(N_("unknown {value} (allowed: monatlich, monthly)"), value=repr(said))
    return recurrence


class RowIn(Strict):
    """One agreed step as written in the protocol (YAML entry or CSV row)."""

    workshop: Annotated[str, StringConstraints(min_length=1), bounded(CommitmentWorkshop.name)]
    workshop_date: IsoDate
    field: Annotated[str, bounded(Commitment.field)] = ""
    title: Annotated[str, StringConstraints(min_length=1), bounded(Commitment.title)]
    owners: Annotated[list[Annotated[str, an_id()]], BeforeValidator(_owners), Field(min_length=1),
                      AfterValidator(_distinct)]
    due: Annotated[str, StringConstraints(min_length=1), bounded(max_length=40)]
    recurrence: Annotated[str, bounded(Commitment.recurrence), AfterValidator(_recurrence)] | None = None
    lead: Annotated[str, an_id(Commitment.lead)] | None = None
    notes: Annotated[str, bounded(max_length=4000)] = ""


@dataclass(frozen=True)
class _Raw:
    data: Any
    line: int
    at: tuple[str | int, ...] = ()  # where the entry is in the YAML document


def read_protocol(path: Path) -> list[Row]:
    """Parse ``path`` (.yml/.yaml or .csv); raise ProtocolError on the first problem."""
    doc: YamlDoc | None = None
    if path.suffix.lower() == ".csv":
        raws = _csv_rows(path)
    elif path.suffix.lower() in (".yml", ".yaml"):
        doc, raws = _yaml_rows(path)
    else:
        raise ProtocolError(path, N_("unknown file type (use .yml, .yaml or .csv)"))
    rows = each(raws, lambda raw: _row(path, doc, raw))  # every broken row named at once
    if not rows:
        raise ProtocolError(path, N_("no commitments found"), doc.line("commitments") if doc else None)
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row.workshop, row.title)
        if key in seen:
            raise ProtocolError(path, N_("{title} appears twice in workshop {workshop} (first at line "
                                         "{first})"), row.line, "title", title=repr(row.title),
                                workshop=repr(row.workshop), first=seen[key])
        seen[key] = row.line
    return rows


def _yaml_rows(path: Path) -> tuple[YamlDoc, list[_Raw]]:
    doc = read_yaml(path, error=ProtocolError)
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("workshop"), dict):
        raise ProtocolError(path, N_("expected a 'workshop' section with name, date and lead"),
                            doc.line("workshop"), "workshop")
    unknown = sorted(set(data) - {"workshop", "commitments"})
    if unknown:
        raise ProtocolError(path, N_("unknown field"), doc.line(unknown[0]), unknown[0])
    ws = data["workshop"]
    for key in ws:
        if key not in ("name", "date", "lead"):
            raise ProtocolError(path, N_("unknown field (allowed: name, date, lead)"),
                                doc.line("workshop", key), f"workshop.{key}")
    items = data.get("commitments")
    if not isinstance(items, list):
        raise ProtocolError(path, N_("expected a list"), doc.line("commitments"), "commitments")
    rows = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise ProtocolError(path, N_("every entry must be a mapping"),
                                doc.line("commitments", i), "commitments")
        for key in ("workshop", "workshop_date"):
            if key in item:
                raise ProtocolError(path, N_("unknown field (allowed: {known})"),
                                    doc.line("commitments", i, key), key,
                                    known=", ".join(CSV_COLUMNS[2:]))
        rows.append(_Raw({"workshop": ws.get("name"), "workshop_date": ws.get("date"),
                          "lead": item.get("lead", ws.get("lead")), **item},
                         doc.line("commitments", i), ("commitments", i)))
    return doc, rows


def _csv_rows(path: Path) -> list[_Raw]:
    doc = read_csv(path, CSV_COLUMNS, error=ProtocolError)
    missing = {"workshop", "workshop_date", "title", "owners", "due"} - set(doc.header)
    if missing:
        raise ProtocolError(path, N_("missing column(s) {names} (columns: {known})"), 1,
                            names=", ".join(sorted(missing)), known=", ".join(CSV_COLUMNS))
    return [_Raw(row, line) for line, row in doc.rows]


def _row(path: Path, doc: YamlDoc | None, raw: _Raw) -> Row:
    at = raw.at
    row = validate(RowIn, raw.data, doc if at else None, path, raw.line, at, error=ProtocolError)
    try:
        due = parse_due(row.due, row.workshop_date)
    except DueError as exc:
        line = doc.line(*at, "due") if doc is not None and at else raw.line
        raise ProtocolError(path, exc.message, line, "due", **exc.params) from None
    recurrence = row.recurrence or None
    return Row(row.workshop, row.workshop_date, row.field, row.title, tuple(row.owners), due,
               recurrence, row.lead or None, row.notes, raw.line)
