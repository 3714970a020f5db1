"""Reading a workshop protocol (YAML or CSV) into validated rows; nothing is written here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from flows.commitments.calendar import RECURRENCE_WORDS, RECURRENCES, parse_due
from flows.files import FileError, read_csv, read_yaml
from flows.schema import check_text, limit
from storage.models.commitments import Commitment, CommitmentWorkshop

PERSON_ID = re.compile(r"^[\w.@+-]{1,64}$")
CSV_COLUMNS = ("workshop", "workshop_date", "field", "title", "owners", "due", "recurrence",
               "lead", "notes")
LINE = "__line__"


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


def read_protocol(path: Path) -> list[Row]:
    """Parse ``path`` (.yml/.yaml or .csv); raise ProtocolError on the first problem."""
    if path.suffix.lower() == ".csv":
        raws = _csv_rows(path)
    elif path.suffix.lower() in (".yml", ".yaml"):
        raws = _yaml_rows(path)
    else:
        raise ProtocolError(f"{path}: unknown file type (use .yml, .yaml or .csv)")
    rows = [_row(path, raw) for raw in raws]
    if not rows:
        raise ProtocolError(f"{path}: no commitments found")
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row.workshop, row.title)
        if key in seen:
            raise ProtocolError(f"{path}, line {row.line}, field 'title': {row.title!r} appears "
                                f"twice in workshop {row.workshop!r} (first at line {seen[key]})")
        seen[key] = row.line
    return rows


def _yaml_rows(path: Path) -> list[dict[str, Any]]:
    doc = read_yaml(path, error=ProtocolError)
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("workshop"), dict):
        raise ProtocolError(f"{path}, line 1, field 'workshop': expected a 'workshop' section "
                            "with name, date and lead")
    ws = data["workshop"]
    items = data.get("commitments")
    if not isinstance(items, list):
        raise ProtocolError(f"{path}, line {doc.line('commitments')}, field 'commitments': "
                            "expected a list")
    rows = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise ProtocolError(f"{path}, line {doc.line('commitments', i)}, field 'commitments': "
                                "every entry must be a mapping")
        rows.append({"workshop": ws.get("name"), "workshop_date": ws.get("date"),
                     "lead": item.get("lead", ws.get("lead")), **item,
                     LINE: doc.line("commitments", i)})
    return rows


def _csv_rows(path: Path) -> list[dict[str, Any]]:
    doc = read_csv(path, CSV_COLUMNS, error=ProtocolError)
    missing = {"workshop", "workshop_date", "title", "owners", "due"} - set(doc.header)
    if missing:
        raise ProtocolError(f"{path}, line 1: missing column(s) {', '.join(sorted(missing))} "
                            f"(columns: {', '.join(CSV_COLUMNS)})")
    return [{**row, LINE: line} for line, row in doc.rows]


def _row(path: Path, raw: dict[str, Any]) -> Row:
    line = raw.get(LINE, 0)

    def fail(field: str, problem: str) -> ProtocolError:
        return ProtocolError(f"{path}, line {line}, field '{field}': {problem}")

    allowed = {*CSV_COLUMNS, LINE}
    for key in raw:
        if key not in allowed:
            raise fail(str(key), f"unknown field (allowed: {', '.join(CSV_COLUMNS[2:])})")

    def text(field: str, required: bool, max_len: int | None) -> str:
        value = raw.get(field)
        if value is not None and not isinstance(value, str | int | float):
            raise fail(field, "expected a text")
        value = "" if value is None else str(value).strip()
        try:
            check_text(value)
        except ValueError:
            raise fail(field, "contains control characters (such as NUL); remove them") from None
        if required and not value:
            raise fail(field, "missing")
        if max_len is not None and len(value) > max_len:
            raise fail(field, f"longer than {max_len} characters")
        return value

    workshop = text("workshop", True, limit(CommitmentWorkshop.name))
    held = raw.get("workshop_date")
    try:
        held_on = held if isinstance(held, date) else date.fromisoformat(str(held).strip())
    except ValueError:
        raise fail("workshop_date", f"not a date (YYYY-MM-DD): {held!r}") from None
    owners_raw = raw.get("owners")
    if isinstance(owners_raw, str):
        owners_raw = [o for o in re.split(r"[;,\s]+", owners_raw) if o]
    if not isinstance(owners_raw, list) or not owners_raw:
        raise fail("owners", "at least one owner (person id) is needed")
    if not all(isinstance(o, str) for o in owners_raw):
        raise fail("owners", "expected a list of person ids")
    owners = tuple(o.strip() for o in owners_raw)
    for owner in owners:
        if not PERSON_ID.match(owner):
            raise fail("owners", f"not a person id: {owner!r}")
    if len(set(owners)) != len(owners):
        raise fail("owners", "an owner is listed twice")
    due_raw = raw.get("due")
    if due_raw is None or str(due_raw).strip() == "":
        raise fail("due", "missing (a date such as 2012-09-01, or 72h, 3 Tage, 2 Wochen, 1 Monat)")
    try:
        due = due_raw if isinstance(due_raw, date) else parse_due(str(due_raw), held_on)
    except ValueError as exc:
        raise fail("due", str(exc)) from None
    said = " ".join(text("recurrence", False, limit(Commitment.recurrence)).lower().split()) or None
    recurrence = RECURRENCE_WORDS.get(said, said) if said else None
    if recurrence is not None and recurrence not in RECURRENCES:
        raise fail("recurrence", f"unknown {said!r} (allowed: monatlich, monthly)")
    lead = text("lead", False, limit(Commitment.lead)) or None
    if lead is not None and not PERSON_ID.match(lead):
        raise fail("lead", f"not a person id: {lead!r}")
    return Row(workshop, held_on, text("field", False, limit(Commitment.field)),
               text("title", True, limit(Commitment.title)),
               owners, due, recurrence, lead, text("notes", False, 4000), line)
