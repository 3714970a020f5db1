"""The people directory: parse CSV or YAML imports (all-or-nothing) and apply them."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from flows.types import UserError
from storage.uow import UnitOfWork

FIELDS = ("id", "name", "email", "department", "site", "lead", "locale", "start_date", "slack_id",
          "roles", "matrix_id")
REQUIRED = ("id", "name")
_ID = re.compile(r"^[\w.@+-]{1,64}$")
_MATRIX_ID = re.compile(r"^@[a-z0-9._=/+-]+:[A-Za-z0-9.-]+(:[0-9]{1,5})?$")  # spec: user identifiers
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LOCALES = {"de", "en"}
_ROLES = {"admin", "hr", "lead"}


class ImportError_(UserError):
    """An import file is broken; the message names file, line and field."""


@dataclass(frozen=True)
class PersonRow:
    line: int
    id: str
    fields: dict[str, Any]


def _rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportError_(f"{path}: cannot read file ({exc})") from exc
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        unknown = set(reader.fieldnames or []) - set(FIELDS)
        if unknown:
            raise ImportError_(f"{path}, line 1: unknown column(s) {', '.join(sorted(unknown))}")
        return [(reader.line_num, dict(row)) for row in reader]
    if path.suffix.lower() in {".yml", ".yaml"}:
        try:
            nodes = yaml.compose(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f", line {mark.line + 1}" if mark else ""
            raise ImportError_(f"{path}{where}: not valid YAML") from exc
        data = yaml.safe_load(text)
        if isinstance(data, dict) and "people" in data:
            data = data["people"]
            nodes = next(v for k, v in nodes.value if k.value == "people")  # type: ignore[union-attr]
        if not isinstance(data, list):
            raise ImportError_(f"{path}: expected a list of people (or a 'people:' list)")
        return [(node.start_mark.line + 1, row) for node, row in zip(nodes.value, data, strict=True)]  # type: ignore[union-attr]
    raise ImportError_(f"{path}: unsupported file type (use .csv, .yml or .yaml)")


def _parse_row(path: Path, line: int, raw: Any) -> PersonRow:
    where = f"{path}, line {line}"
    if not isinstance(raw, dict):
        raise ImportError_(f"{where}: expected a mapping of fields")
    unknown = set(raw) - set(FIELDS)
    if unknown:
        raise ImportError_(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    row = {k: (v.strip() if isinstance(v, str) else v) for k, v in raw.items()}
    for name in REQUIRED:
        if not row.get(name):
            raise ImportError_(f"{where}, field '{name}': missing")
    if not _ID.match(str(row["id"])):
        raise ImportError_(f"{where}, field 'id': use letters, digits and . _ - @ + only")
    out: dict[str, Any] = {"name": str(row["name"])}
    for key in ("department", "site", "slack_id"):
        if row.get(key):
            out[key] = str(row[key])
    if row.get("email"):
        if not _EMAIL.match(str(row["email"])):
            raise ImportError_(f"{where}, field 'email': not an e-mail address")
        out["email"] = str(row["email"])
    if row.get("matrix_id"):
        if not _MATRIX_ID.match(str(row["matrix_id"])):
            raise ImportError_(f"{where}, field 'matrix_id': use the form @name:server, e.g. "
                               "@anna.berger:stadt.example")
        out["matrix_id"] = str(row["matrix_id"])
    if row.get("lead"):
        out["lead_id"] = str(row["lead"])
    locale = str(row.get("locale") or "de").lower()
    if locale not in _LOCALES:
        raise ImportError_(f"{where}, field 'locale': use de or en")
    out["locale"] = locale
    if row.get("start_date"):
        value = row["start_date"]
        try:
            out["start_date"] = value if isinstance(value, date) else date.fromisoformat(str(value))
        except ValueError as exc:
            raise ImportError_(f"{where}, field 'start_date': use YYYY-MM-DD") from exc
    roles = row.get("roles") or []
    if isinstance(roles, str):
        roles = [r.strip() for r in re.split(r"[;,|]", roles) if r.strip()]
    if not set(roles) <= _ROLES:
        raise ImportError_(f"{where}, field 'roles': allowed are {', '.join(sorted(_ROLES))}")
    out["roles"] = sorted(roles)
    return PersonRow(line, str(row["id"]), out)


def parse_people(path: Path) -> list[PersonRow]:
    """Validate every row first; raises ImportError_ at the first problem, naming it."""
    rows = [_parse_row(path, line, raw) for line, raw in _rows(path)]
    seen: dict[str, int] = {}
    for r in rows:
        if r.id in seen:
            raise ImportError_(f"{path}, line {r.line}, field 'id': {r.id} already on line {seen[r.id]}")
        seen[r.id] = r.line
    matrix_ids: dict[str, int] = {}
    for r in rows:
        mx = r.fields.get("matrix_id")
        if mx and mx in matrix_ids:
            raise ImportError_(f"{path}, line {r.line}, field 'matrix_id': {mx} already on line "
                               f"{matrix_ids[mx]}")
        if mx:
            matrix_ids[mx] = r.line
    for r in rows:
        if r.fields.get("lead_id") == r.id:
            raise ImportError_(f"{path}, line {r.line}, field 'lead': a person cannot lead themselves")
    return rows


async def import_people(uow: UnitOfWork, rows: list[PersonRow], now: datetime) -> tuple[int, int]:
    """Upsert all rows in the caller's transaction; returns (created, updated)."""
    created = updated = 0
    for r in rows:
        _, new = await uow.people.upsert(r.id, now, source="directory", **r.fields)
        created += new
        updated += not new
    return created, updated
