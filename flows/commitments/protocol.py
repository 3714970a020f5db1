"""Reading a workshop protocol (YAML or CSV) into validated rows; nothing is written here."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from flows.commitments.calendar import RECURRENCE_WORDS, RECURRENCES, parse_due
from flows.types import UserError

PERSON_ID = re.compile(r"^[\w.@+-]{1,64}$")
CSV_COLUMNS = ("workshop", "workshop_date", "field", "title", "owners", "due", "recurrence",
               "lead", "notes")
LINE = "__line__"


class ProtocolError(UserError):
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


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping (for error messages)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping  # type: ignore[return-value]


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_protocol(path: Path) -> list[Row]:
    """Parse ``path`` (.yml/.yaml or .csv); raise ProtocolError on the first problem."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProtocolError(f"{path}: cannot read the file ({exc})") from exc
    if path.suffix.lower() == ".csv":
        raws = _csv_rows(path, text)
    elif path.suffix.lower() in (".yml", ".yaml"):
        raws = _yaml_rows(path, text)
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


def _yaml_rows(path: Path, text: str) -> list[dict[str, Any]]:
    try:
        doc = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        raise ProtocolError(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("workshop"), dict):
        raise ProtocolError(f"{path}, line 1, field 'workshop': expected a 'workshop' section "
                            "with name, date and lead")
    ws = doc["workshop"]
    items = doc.get("commitments")
    if not isinstance(items, list):
        raise ProtocolError(f"{path}, line {doc.get(LINE, 1)}, field 'commitments': expected a list")
    rows = []
    for item in items:
        if not isinstance(item, dict):
            raise ProtocolError(f"{path}, field 'commitments': every entry must be a mapping")
        rows.append({"workshop": ws.get("name"), "workshop_date": ws.get("date"),
                     "lead": item.get("lead", ws.get("lead")), **item})
    return rows


def _csv_rows(path: Path, text: str) -> list[dict[str, Any]]:
    sample = text.splitlines()[0] if text else ""
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = {"workshop", "workshop_date", "title", "owners", "due"} - set(reader.fieldnames or [])
    if missing:
        raise ProtocolError(f"{path}, line 1: missing column(s) {', '.join(sorted(missing))} "
                            f"(columns: {', '.join(CSV_COLUMNS)})")
    rows = []
    for raw in reader:
        unknown = [k for k in raw if k not in CSV_COLUMNS]
        if unknown:
            raise ProtocolError(f"{path}, line 1: unknown column(s) {', '.join(map(str, unknown))}")
        rows.append({**{k: v for k, v in raw.items() if v not in (None, "")},
                     LINE: reader.line_num})
    return rows


def _row(path: Path, raw: dict[str, Any]) -> Row:
    line = raw.get(LINE, 0)

    def fail(field: str, problem: str) -> ProtocolError:
        return ProtocolError(f"{path}, line {line}, field '{field}': {problem}")

    allowed = {*CSV_COLUMNS, LINE}
    for key in raw:
        if key not in allowed:
            raise fail(str(key), f"unknown field (allowed: {', '.join(CSV_COLUMNS[2:])})")

    def text(field: str, required: bool, limit: int) -> str:
        value = raw.get(field)
        value = "" if value is None else str(value).strip()
        if required and not value:
            raise fail(field, "missing")
        if len(value) > limit:
            raise fail(field, f"longer than {limit} characters")
        return value

    workshop = text("workshop", True, 200)
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
    owners = tuple(str(o).strip() for o in owners_raw)
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
    said = " ".join(text("recurrence", False, 16).lower().split()) or None
    recurrence = RECURRENCE_WORDS.get(said, said) if said else None
    if recurrence is not None and recurrence not in RECURRENCES:
        raise fail("recurrence", f"unknown {said!r} (allowed: monatlich, monthly)")
    lead = text("lead", False, 64) or None
    if lead is not None and not PERSON_ID.match(lead):
        raise fail("lead", f"not a person id: {lead!r}")
    return Row(workshop, held_on, text("field", False, 200), text("title", True, 300), owners,
               due, recurrence, lead, text("notes", False, 4000), line)
