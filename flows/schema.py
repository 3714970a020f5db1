"""Field types for file schemas (pydantic): text limited by its database column, ids, ISO dates;
and ``validate`` turning a pydantic error into a FileError with file, line and field."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    ValidationError,
)
from pydantic_core import PydanticCustomError
from sqlalchemy import Column, String

from flows.files import FileError, YamlDoc, field_name
from flows.types import N_

M = TypeVar("M", bound=BaseModel)
# Control characters PostgreSQL refuses (NUL) or that break a terminal or a Slack message.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_ID = re.compile(r"^[\w.@+-]+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Strict(BaseModel):
    """A file schema: unknown fields refused, numbers accepted where text is asked, never lists."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True,
                              str_strip_whitespace=True, defer_build=True)  # built when first used


def _fail(message: str, **params: Any) -> PydanticCustomError:
    return PydanticCustomError("flurfunk", message, {**params, "msgid": message})


def refuse(message: str, **params: Any) -> PydanticCustomError:
    """The error a custom validator raises: an ``N_()``-marked msgid with its parameters."""
    return _fail(message, **params)


def limit(column: Any) -> int | None:
    """The length limit of a String column (``Person.__table__.c.name`` -> 200)."""
    col: Column[Any] = column.property.columns[0] if hasattr(column, "property") else column
    return col.type.length if isinstance(col.type, String) else None


def check_text(value: str, max_length: int | None = None) -> str:
    """Refuse control characters and text longer than ``max_length``; same on every database."""
    if _CONTROL.search(value):
        raise _fail(N_("contains control characters (such as NUL); remove them"))
    if max_length is not None and len(value) > max_length:
        raise _fail(N_("longer than {max} characters ({n})"), max=max_length, n=len(value))
    return value


def bounded(column: Any = None, max_length: int | None = None) -> Any:
    """A validator for text bounded like its column: ``Annotated[str, bounded(Person.name)]``."""
    n = max_length if max_length is not None else (limit(column) if column is not None else None)
    return AfterValidator(lambda v: check_text(v, n))


def check_id(value: str, max_length: int = 64) -> str:
    """A person or object id: letters, digits and . _ - @ + only, at most ``max_length``."""
    check_text(value, max_length)
    if not value or not _ID.match(value):
        raise _fail(N_("use letters, digits and . _ - @ + only"))
    return value


def an_id(column: Any = None) -> Any:
    """A validator for an id bounded by its column: ``Annotated[str, an_id(Person.id)]``."""
    n = (limit(column) if column is not None else None) or 64
    return AfterValidator(lambda v: check_id(v, n))


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        raise _fail(N_("not a date; write YYYY-MM-DD, e.g. 2026-09-01"))
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise _fail(N_("no such date: {value}"), value=value.strip()) from None


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
MAX_TEXT = 4000  # a text in a content file (an answer, a message) without a column of its own


# required text (not empty) in a content file, e.g. an answer
Text = Annotated[str, StringConstraints(min_length=1), bounded(max_length=MAX_TEXT)]

_MESSAGES = {
    "missing": N_("missing"),
    "extra_forbidden": N_("unknown field"),
    "string_type": N_("expected a text"),
    "int_type": N_("expected a whole number"),
    "int_parsing": N_("expected a whole number"),
    "int_from_float": N_("expected a whole number"),
    "float_type": N_("expected a number"),
    "float_parsing": N_("expected a number"),
    "bool_type": N_("expected true or false"),
    "bool_parsing": N_("expected true or false"),
    "list_type": N_("expected a list"),
    "dict_type": N_("expected a mapping (field: value)"),
    "model_type": N_("expected a mapping (field: value)"),
    "model_attributes_type": N_("expected a mapping (field: value)"),
    "string_too_long": N_("longer than {max} characters ({n})"),
    "string_too_short": N_("missing"),
    "too_short": N_("missing"),
    "too_long": N_("at most {max} entries"),
    "greater_than_equal": N_("at least {min}"),
    "less_than_equal": N_("at most {max}"),
}


def to_file_error(exc: ValidationError, doc: YamlDoc | None, path: Any, line: int | None = None,
                  at: tuple[str | int, ...] = (), error: type[FileError] = FileError) -> FileError:
    """The first pydantic error as a FileError (line from the YAML nodes, or ``line``)."""
    errors = exc.errors(include_url=False)
    # a misspelt field is both "unknown" and "missing": the unknown one is the cause
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    ctx = dict(err.get("ctx") or {})
    kind = err["type"]
    if kind == "flurfunk":
        message, params = ctx.pop("msgid"), ctx
    elif kind == "literal_error":
        # pydantic's "'a', 'b' or 'c'" is English; a comma list reads in every language
        message, params = N_("allowed: {allowed}"), {
            "allowed": str(ctx.get("expected", "")).replace(" or ", ", ")}
    else:
        message = _MESSAGES.get(kind, N_("invalid value"))
        params = {"max": ctx.get("max_length", ctx.get("le", "")), "min": ctx.get("ge", ""),
                  "n": len(err["input"]) if isinstance(err.get("input"), str | list) else ""}
    names = _named(tuple(err["loc"]))
    where_line = doc.line(*at, *names) if doc is not None else line
    return error(path, message, where_line, field_name(names) or None, **params)


def _named(loc: tuple[Any, ...]) -> list[Any]:
    # pydantic names the branch of a union or a function validator in loc; keep the data path
    return [k for k in loc if not (isinstance(k, str) and ("[" in k or k.startswith("function-")))]


def validate(model: type[M], data: Any, doc: YamlDoc | None, path: Any, line: int | None = None,
             at: tuple[str | int, ...] = (), error: type[FileError] = FileError) -> M:
    """``model`` from ``data``, or a FileError at the first problem (file, line, field)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise to_file_error(exc, doc, path, line, at, error) from None
