"""Journeys as content: load ``content/onboarding/<journey>.<locale>.yml`` and validate every field."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from flows.files import FileError, as_error, read_yaml
from flows.schema import MAX_TEXT, Strict, Text, bounded, refuse, validate
from flows.types import N_

KINDS = {"onboarding": ("hire", "lead", "pate"), "handover": ("leaver", "lead", "successor")}
PLACEHOLDERS = {"name", "lead", "pate", "successor", "start_date"}
_WHEN = re.compile(r"^(day|week|month)\s+(-?\d{1,3})$")
_ID = re.compile(r"^[a-z0-9_-]{1,64}$")
_FILE = re.compile(r"^([a-z0-9_-]+)\.([a-z]{2})\.ya?ml$")


class JourneyError(FileError):
    """A journey file is broken; the message names file, line and field."""


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    id: str
    when: str  # "day -3", "week 2", "month 6"
    title: str
    message: str
    audience: tuple[str, ...]
    checklist: tuple[Item, ...] = ()

    def due_date(self, start: date) -> date:
        """Day 1 is the start date; day -3 three days before; week N and month N count from it."""
        unit, n = self.when.split()
        k = int(n)
        if unit == "day":
            return start + timedelta(days=k - 1 if k >= 1 else k)
        if unit == "week":
            return start + timedelta(weeks=k)
        return add_months(start, k)


@dataclass(frozen=True)
class Journey:
    name: str
    kind: str
    locale: str
    title: str
    steps: tuple[Step, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for s in self.steps for i in s.checklist)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


def add_months(d: date, months: int) -> date:
    """``d`` plus ``months`` calendar months, clamped to the month's last day."""
    m = d.month - 1 + months
    year, month = d.year + m // 12, m % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


class Journeys:
    """All journeys by name and locale; a locale missing a journey falls back to German."""

    def __init__(self, journeys: dict[tuple[str, str], Journey]) -> None:
        self._by = journeys

    @classmethod
    def load(cls, folder: Path) -> Journeys:
        found: dict[tuple[str, str], Journey] = {}
        for path in sorted(folder.glob("*.y*ml")):
            m = _FILE.match(path.name)
            if not m:
                raise JourneyError(path, N_("name the file <journey>.<locale>.yml"))
            found[(m[1], m[2])] = parse_journey(path, m[1], m[2])
        names = {n for n, _ in found}
        for name in names:
            if (name, "de") not in found:
                raise JourneyError(folder, N_("journey {name} has no German file {name}.de.yml"),
                                   name=name)
            de = found[(name, "de")]
            for (n, loc), other in found.items():
                if n == name and loc != "de":
                    _same_shape(de, other, folder / f"{name}.{loc}.yml")
        return cls(found)

    def names(self) -> list[str]:
        return sorted({n for n, _ in self._by})

    def get(self, name: str, locale: str = "de") -> Journey | None:
        return self._by.get((name, locale)) or self._by.get((name, "de"))


def _same_shape(de: Journey, other: Journey, path: Path) -> None:
    """Every locale must have the same steps, timing, audiences and checklist ids as German."""
    def shape(j: Journey) -> list[Any]:
        return [(s.id, s.when, s.audience, tuple(i.id for i in s.checklist)) for s in j.steps]
    if de.kind != other.kind or shape(de) != shape(other):
        raise JourneyError(path, N_("steps, timing, audience or checklist ids differ from the "
                                    "German file (they must match; only texts are translated)"))


def _ident(value: str) -> str:
    if not _ID.match(value):
        raise refuse(N_("use lower-case letters, digits, - and _ only"))
    return value


def _when(value: str) -> str:
    when = " ".join(value.split()).lower()
    if not _WHEN.match(when):
        raise refuse(N_("write 'day N', 'week N' or 'month N' (N may be negative), not {value}"),
                     value=repr(value))
    return when


def _placeholders(message: str) -> str:
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(message) if f is not None}
    except ValueError as exc:
        raise refuse(N_("broken placeholder ({problem}); write {{{{ and }}}} for a literal brace"),
                     problem=str(exc)) from None
    if not fields <= PLACEHOLDERS:
        raise refuse(N_("unknown placeholder(s) {names}; allowed: {allowed}"),
                     names=", ".join(sorted(fields - PLACEHOLDERS)),
                     allowed=", ".join(sorted(PLACEHOLDERS)))
    return message


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Ident = Annotated[str, AfterValidator(_ident)]
Word = Annotated[str, StringConstraints(min_length=1), bounded(max_length=200)]


class ItemIn(Strict):
    """A checklist item: id, text and optional keywords that tick it off in chat."""

    id: Ident
    text: Text
    keywords: list[Word] = []


class StepIn(Strict):
    """One step of a journey file."""

    id: Ident
    when: Annotated[str, AfterValidator(_when)]
    title: Text
    message: Annotated[str, StringConstraints(min_length=1), bounded(max_length=MAX_TEXT),
                       AfterValidator(_placeholders)]
    audience: Annotated[list[str], BeforeValidator(_as_list), Field(min_length=1)] | None = None
    checklist: list[ItemIn] = []


class JourneyIn(Strict):
    """A journey file: kind, title and steps."""

    kind: Literal["onboarding", "handover"]
    title: Text
    steps: Annotated[list[StepIn], Field(min_length=1)]


def parse_journey(path: Path, name: str, locale: str) -> Journey:
    """Parse and validate one journey file; raises JourneyError naming file, line and field."""
    doc = read_yaml(path, error=JourneyError)
    if not isinstance(doc.data, dict):
        raise JourneyError(path, N_("expected a mapping with kind, title and steps"), 1)
    raw = validate(JourneyIn, doc.data, doc, path, error=JourneyError)
    steps = []
    seen: set[str] = set()
    for i, s in enumerate(raw.steps):
        audience = tuple(s.audience or [KINDS[raw.kind][0]])
        if not set(audience) <= set(KINDS[raw.kind]):
            raise as_error(JourneyError, doc.error(
                N_("for a {kind} journey use {allowed}"), "steps", i, "audience", kind=raw.kind,
                allowed=", ".join(KINDS[raw.kind])))
        for keys, ident in ((("id",), s.id),
                            *((("checklist", j, "id"), item.id) for j, item in enumerate(s.checklist))):
            if ident in seen:
                raise as_error(JourneyError, doc.error(N_("{value} is used twice"), "steps", i,
                                                       *keys, value=repr(ident)))
            seen.add(ident)
        items = tuple(Item(item.id, item.text, tuple(item.keywords)) for item in s.checklist)
        steps.append(Step(s.id, s.when, s.title, s.message, audience, items))
    return Journey(name, raw.kind, locale, raw.title, tuple(steps))

