"""Journeys as content: load ``content/onboarding/<journey>.<locale>.yml`` and validate every field."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from flows.files import FileError, read_yaml

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
                raise JourneyError(f"{path}: name the file <journey>.<locale>.yml")
            found[(m[1], m[2])] = parse_journey(path, m[1], m[2])
        names = {n for n, _ in found}
        for name in names:
            if (name, "de") not in found:
                raise JourneyError(f"{folder}: journey {name!r} has no German file {name}.de.yml")
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
        raise JourneyError(f"{path}: steps, timing, audience or checklist ids differ from the "
                           f"German file (they must match; only texts are translated)")


def _line(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 1


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v
    return None


def parse_journey(path: Path, name: str, locale: str) -> Journey:
    """Parse and validate one journey file; raises JourneyError naming file, line and field."""
    doc = read_yaml(path, error=JourneyError)
    root, data = doc.root, doc.data
    if not isinstance(data, dict):
        raise JourneyError(f"{path}, line 1: expected a mapping with kind, title and steps")
    unknown = set(data) - {"kind", "title", "steps"}
    if unknown:
        raise JourneyError(f"{path}, line 1: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        raise JourneyError(f"{path}, line {_line(_child(root, 'kind'))}, field 'kind': use "
                           f"{' or '.join(KINDS)}")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise JourneyError(f"{path}, line {_line(_child(root, 'title'))}, field 'title': missing")
    steps_node = _child(root, "steps")
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps or not isinstance(steps_node, yaml.SequenceNode):
        raise JourneyError(f"{path}, line {_line(steps_node)}, field 'steps': expected a list of steps")
    steps = [_parse_step(path, kind, raw, node)
             for raw, node in zip(raw_steps, steps_node.value, strict=True)]
    seen: set[str] = set()
    for step, node in zip(steps, steps_node.value, strict=True):
        for ident in (step.id, *(i.id for i in step.checklist)):
            if ident in seen:
                raise JourneyError(f"{path}, line {_line(node)}, field 'id': {ident!r} is used twice")
            seen.add(ident)
    return Journey(name, kind, locale, title.strip(), tuple(steps))


def _parse_step(path: Path, kind: str, raw: Any, node: yaml.Node) -> Step:
    def where(field: str) -> str:
        return f"{path}, line {_line(_child(node, field) or node)}, field '{field}'"

    if not isinstance(raw, dict):
        raise JourneyError(f"{path}, line {_line(node)}: expected a step (a mapping)")
    unknown = set(raw) - {"id", "when", "title", "message", "audience", "checklist"}
    if unknown:
        raise JourneyError(f"{path}, line {_line(node)}: unknown field(s) "
                           f"{', '.join(sorted(map(str, unknown)))}")
    for field in ("id", "when", "title", "message"):
        if not isinstance(raw.get(field), str | int) or not str(raw[field]).strip():
            raise JourneyError(f"{where(field)}: missing")
    step_id = str(raw["id"])
    if not _ID.match(step_id):
        raise JourneyError(f"{where('id')}: use lower-case letters, digits, - and _ only")
    when = " ".join(str(raw["when"]).split()).lower()
    if not _WHEN.match(when):
        raise JourneyError(f"{where('when')}: write 'day N', 'week N' or 'month N' (N may be "
                           f"negative), got {raw['when']!r}")
    audience = raw.get("audience", [KINDS[kind][0]])
    if isinstance(audience, str):
        audience = [audience]
    if (not isinstance(audience, list) or not audience
            or not all(isinstance(a, str) for a in audience) or not set(audience) <= set(KINDS[kind])):
        raise JourneyError(f"{where('audience')}: for a {kind} journey use "
                           f"{', '.join(KINDS[kind])}")
    message = str(raw["message"]).strip()
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(message) if f is not None}
    except ValueError as exc:
        raise JourneyError(f"{where('message')}: broken placeholder ({exc}); "
                           "write {{ and }} for a literal brace") from exc
    if not fields <= PLACEHOLDERS:
        raise JourneyError(f"{where('message')}: unknown placeholder(s) "
                           f"{', '.join(sorted(fields - PLACEHOLDERS))}; allowed: "
                           f"{', '.join(sorted(PLACEHOLDERS))}")
    items = _parse_items(path, raw.get("checklist", []), _child(node, "checklist"))
    return Step(step_id, when, str(raw["title"]).strip(), message, tuple(audience), items)


def _parse_items(path: Path, raw: Any, node: yaml.Node | None) -> tuple[Item, ...]:
    if not isinstance(raw, list) or (raw and not isinstance(node, yaml.SequenceNode)):
        raise JourneyError(f"{path}, line {_line(node)}, field 'checklist': expected a list of items")
    items = []
    for entry, n in zip(raw, node.value if isinstance(node, yaml.SequenceNode) else [], strict=True):
        where = f"{path}, line {_line(n)}, field 'checklist'"
        if not isinstance(entry, dict) or set(entry) - {"id", "text", "keywords"}:
            raise JourneyError(f"{where}: each item needs id, text and optional keywords")
        if not _ID.match(str(entry.get("id", ""))):
            raise JourneyError(f"{where}.id: use lower-case letters, digits, - and _ only")
        if not isinstance(entry.get("text"), str) or not entry["text"].strip():
            raise JourneyError(f"{where}.text: missing")
        keywords = entry.get("keywords", [])
        if not isinstance(keywords, list) or not all(isinstance(k, str) and k for k in keywords):
            raise JourneyError(f"{where}.keywords: expected a list of words")
        items.append(Item(str(entry["id"]), entry["text"].strip(), tuple(keywords)))
    return tuple(items)
