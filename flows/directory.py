"""The people directory: parse CSV or YAML imports (all-or-nothing) and apply them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal, cast

from pydantic import AfterValidator, BeforeValidator, StringConstraints
from pydantic_core import PydanticCustomError

from flows.files import FileError, YamlDoc, each, read_csv, read_yaml
from flows.schema import IsoDate, Strict, an_id, bounded, validate
from flows.types import N_
from storage.models.core import Person
from storage.uow import UnitOfWork

FIELDS = ("id", "name", "email", "department", "site", "lead", "locale", "start_date", "slack_id",
          "roles", "matrix_id")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ROLES = {"admin", "hr", "lead"}
_MATRIX_ID = re.compile(r"^@[a-z0-9._=/+-]+:[A-Za-z0-9.-]+(:[0-9]{1,5})?$")  # spec: user identifiers


ImportError_ = FileError  # the old name: an import file is broken (file, line, field)


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise PydanticCustomError("flurfunk", N_("not an e-mail address"),
                                  {"msgid": N_("not an e-mail address")})
    return value


MATRIX_FORM = N_("use the form @name:server, e.g. @anna.berger:stadt.example")


def _matrix_id(value: str) -> str:
    if not _MATRIX_ID.match(value):
        raise PydanticCustomError("flurfunk", MATRIX_FORM, {"msgid": MATRIX_FORM})
    return value


def _roles(value: Any) -> Any:
    if isinstance(value, str):  # CSV: "hr;lead", "hr, lead" or "hr|lead"
        return [r.strip() for r in re.split(r"[;,|]", value) if r.strip()]
    return value


class PersonIn(Strict):
    """One row of a people file, every field checked against its column."""

    id: Annotated[str, an_id(Person.id)]
    name: Annotated[str, StringConstraints(min_length=1), bounded(Person.name)]
    email: Annotated[str, bounded(Person.email), AfterValidator(_email)] | None = None
    department: Annotated[str, bounded(Person.department)] | None = None
    site: Annotated[str, bounded(Person.site)] | None = None
    lead: Annotated[str, an_id(Person.lead_id)] | None = None
    locale: Annotated[Literal["de", "en"], BeforeValidator(
        lambda v: v.lower() if isinstance(v, str) else v)] = "de"
    start_date: IsoDate | None = None
    slack_id: Annotated[str, bounded(Person.slack_id), an_id(Person.slack_id)] | None = None
    roles: Annotated[list[Literal["admin", "hr", "lead"]], BeforeValidator(_roles)] = []
    matrix_id: Annotated[str, bounded(Person.matrix_id), AfterValidator(_matrix_id)] | None = None


@dataclass(frozen=True)
class PersonRow:
    line: int
    id: str
    fields: dict[str, Any]


def _rows(path: Path) -> tuple[YamlDoc | None, list[tuple[int, tuple[str | int, ...], Any]]]:
    """(the YAML document or None for CSV, [(line, path to the row, raw row)])."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        csv_doc = read_csv(path, FIELDS)
        return None, [(line, (), row) for line, row in csv_doc.rows]
    if suffix in {".yml", ".yaml"}:
        doc = read_yaml(path)
        data, at = doc.data, cast(tuple[str, ...], ())
        if isinstance(data, dict) and set(data) == {"people"}:
            data, at = data["people"], ("people",)
        if not isinstance(data, list):
            raise ImportError_(path, N_("expected a list of people (or a 'people:' list)"), 1)
        if not data:
            raise ImportError_(path, N_("no people in the file"), doc.line(*at))
        return doc, [(doc.line(*at, i), (*at, i), row) for i, row in enumerate(data)]
    raise ImportError_(path, N_("unsupported file type (use .csv, .yml or .yaml)"))


def parse_people(path: Path) -> list[PersonRow]:
    """Validate every row first; raises a FileError naming the problem (FileErrors naming
    every broken row, when there are several)."""
    doc, raws = _rows(path)

    def row(item: tuple[int, tuple[str | int, ...], Any]) -> PersonRow:
        line, at, raw = item
        person = validate(PersonIn, raw, doc, path, line, at)
        out: dict[str, Any] = person.model_dump(exclude={"id", "lead", "roles"}, exclude_none=True)
        if person.lead:
            out["lead_id"] = person.lead
        out["roles"] = sorted(set(person.roles))
        return PersonRow(line, person.id, out)

    rows = each(raws, row)
    _unique_in_file(path, rows)
    return rows


def _unique_in_file(path: Path, rows: list[PersonRow]) -> None:
    for key, field in (("id", "id"), ("slack_id", "slack_id"), ("matrix_id", "matrix_id"),
                       ("email", "email")):
        seen: dict[str, int] = {}
        for r in rows:
            value = r.id if key == "id" else r.fields.get(key)
            if value is None:
                continue
            folded = value.casefold()
            if folded in seen:
                raise ImportError_(path, N_("{value} already on line {first}"), r.line, field,
                                   value=value, first=seen[folded])
            seen[folded] = r.line
    for r in rows:
        if r.fields.get("lead_id") == r.id:
            raise ImportError_(path, N_("a person cannot lead themselves"), r.line, "lead")


async def check_against_directory(uow: UnitOfWork, path: Path, rows: list[PersonRow]) -> None:
    """Refuse what would clash with the stored directory: an id differing only in case, a
    messenger id or e-mail address of someone else, a lead who is nowhere to be found."""
    people = await uow.people.all()
    by_id = {p.id.casefold(): p for p in people}
    by_slack = {p.slack_id: p.id for p in people if p.slack_id}
    by_matrix = {p.matrix_id: p.id for p in people if p.matrix_id}
    by_email = {p.email.casefold(): p.id for p in people if p.email}
    in_file = {r.id for r in rows}
    for r in rows:
        same = by_id.get(r.id.casefold())
        if same is not None and same.id != r.id:
            raise ImportError_(path, N_("{value} is already in the directory as {other}"), r.line,
                               "id", value=r.id, other=same.id)
        slack, email = r.fields.get("slack_id"), r.fields.get("email")
        if slack and by_slack.get(slack, r.id) != r.id and by_slack[slack] not in in_file:
            raise ImportError_(path, N_("{value} belongs to {other} in the directory"), r.line,
                               "slack_id", value=slack, other=by_slack[slack])
        matrix = r.fields.get("matrix_id")
        if matrix and by_matrix.get(matrix, r.id) != r.id and by_matrix[matrix] not in in_file:
            raise ImportError_(path, N_("{value} belongs to {other} in the directory"), r.line,
                               "matrix_id", value=matrix, other=by_matrix[matrix])
        if email and by_email.get(email.casefold(), r.id) != r.id \
                and by_email[email.casefold()] not in in_file:
            raise ImportError_(path, N_("{value} belongs to {other} in the directory"), r.line,
                               "email", value=email, other=by_email[email.casefold()])
        lead = r.fields.get("lead_id")
        if lead and lead not in in_file and getattr(by_id.get(lead.casefold()), "id", None) != lead:
            raise ImportError_(path, N_("{value} is neither in this file nor in the directory"),
                               r.line, "lead", value=lead)


async def import_people(uow: UnitOfWork, rows: list[PersonRow], now: datetime,
                        path: Path | str = "") -> tuple[int, int]:
    """Upsert all rows in the caller's transaction; returns (created, updated)."""
    await check_against_directory(uow, Path(path) if path else Path("-"), rows)
    # messenger ids handed from one person of the file to another: free them first, so that
    # the unique column never sees two holders in between
    stored = await uow.people.get_many(r.id for r in rows)
    moving = [p for r in rows if (p := stored.get(r.id)) is not None and p.slack_id
              and p.slack_id != r.fields.get("slack_id", p.slack_id)]
    for person in moving:
        await uow.people.upsert(person.id, now, slack_id=None)
    moving = [p for r in rows if (p := stored.get(r.id)) is not None and p.matrix_id
              and p.matrix_id != r.fields.get("matrix_id", p.matrix_id)]
    for person in moving:
        await uow.people.upsert(person.id, now, matrix_id=None)
    created = updated = 0
    for r in rows:
        _, new = await uow.people.upsert(r.id, now, source="directory", **r.fields)
        created += new
        updated += not new
    return created, updated
