"""The knowledge base: YAML entries per locale under content/kb, validated with line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from flows.files import FileError, read_yaml

REQUIRED = ("id", "intent", "title", "answer", "source", "owner", "reviewed")


class ContentError(FileError):
    """A content file is broken; the message names file, line and field."""


@dataclass(frozen=True)
class Entry:
    id: str
    intent: str
    title: str
    answer: str
    source: str
    links: tuple[str, ...]
    owner: str
    reviewed: date
    locale: str


def _entry(raw: Any, path: Path, locale: str, line: int) -> Entry:
    if not isinstance(raw, dict):
        raise ContentError(f"{path}, line {line}: every entry must be a mapping")
    for name in REQUIRED:
        value = raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ContentError(f"{path}, line {line}: field '{name}' is missing or empty")
    try:
        reviewed = date.fromisoformat(str(raw["reviewed"]).strip())
    except ValueError:
        raise ContentError(f"{path}, line {line}: field 'reviewed' must be a date that exists "
                           "(YYYY-MM-DD)") from None
    for name in (*REQUIRED, "title", "answer", "source"):
        if not isinstance(raw.get(name), str | int | float):
            raise ContentError(f"{path}, line {line}: field '{name}' must be a text")
    links = raw.get("links") or []
    if not isinstance(links, list) or not all(isinstance(x, str) for x in links):
        raise ContentError(f"{path}, line {line}: field 'links' must be a list of addresses")
    intent = str(raw["intent"])
    if not intent.startswith("faq_"):
        raise ContentError(f"{path}, line {line}: field 'intent' must start with 'faq_'")
    return Entry(
        id=str(raw["id"]), intent=intent, title=str(raw["title"]).strip(),
        answer=str(raw["answer"]).strip(), source=str(raw["source"]).strip(),
        links=tuple(links), owner=str(raw["owner"]), reviewed=reviewed, locale=locale,
    )


def load_file(path: Path, locale: str) -> list[Entry]:
    doc = read_yaml(path, error=ContentError)
    if not isinstance(doc.data, list):
        raise ContentError(f"{path}: expected a list of entries")
    entries = [_entry(raw, path, locale, doc.line(i)) for i, raw in enumerate(doc.data)]
    seen: dict[str, str] = {}
    for e in entries:
        for key in (e.id, e.intent):
            if key in seen:
                raise ContentError(f"{path}: '{key}' is used by more than one entry")
            seen[key] = e.id
    return entries


class KnowledgeBase:
    """Entries by locale and intent; lookups fall back to German."""

    def __init__(self, entries: list[Entry], default: str = "de") -> None:
        self.default = default
        self._by = {(e.locale, e.intent): e for e in entries}
        self.entries = entries

    @classmethod
    def load(cls, directory: Path, default: str = "de") -> KnowledgeBase:
        files = sorted(directory.glob("*.yml"))
        if not files:
            raise ContentError(f"{directory}: no knowledge-base files (*.yml) found")
        entries = [e for f in files for e in load_file(f, f.stem)]
        kb = cls(entries, default)
        missing = {i for (loc, i) in kb._by if loc == default} ^ set(kb.intents())
        if missing:
            raise ContentError(f"{directory}: intents without a {default} entry: {sorted(missing)}")
        return kb

    def intents(self) -> list[str]:
        return sorted({e.intent for e in self.entries})

    def get(self, intent: str, locale: str) -> Entry | None:
        return self._by.get((locale, intent)) or self._by.get((self.default, intent))

    def by_id(self, entry_id: str, locale: str) -> Entry | None:
        for e in self.entries:
            if e.id == entry_id and e.locale == locale:
                return e
        return next((e for e in self.entries if e.id == entry_id), None)
