"""The knowledge base: YAML entries per locale under content/kb, validated with line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator

from flows.files import FileError, read_yaml
from flows.schema import IsoDate, Strict, Text, an_id, refuse, validate
from flows.types import N_


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


def _faq_intent(value: str) -> str:
    if not value.startswith("faq_"):
        raise refuse(N_("an FAQ intent starts with faq_ (e.g. faq_mobile_extent)"))
    return value


class EntryIn(Strict):
    """One knowledge-base entry as written in content/kb/<locale>.yml."""

    id: Annotated[str, an_id()]
    intent: Annotated[str, an_id(), AfterValidator(_faq_intent)]
    title: Text
    answer: Text
    source: Text
    links: list[Text] = []
    owner: Text
    reviewed: IsoDate


def load_file(path: Path, locale: str) -> list[Entry]:
    """The entries of one file, every field checked (file, line, field at the first problem)."""
    doc = read_yaml(path, error=ContentError)
    if not isinstance(doc.data, list):
        raise ContentError(path, N_("expected a list of entries"), doc.line())
    entries = []
    for i, raw in enumerate(doc.data):
        row = validate(EntryIn, raw, doc, path, at=(i,), error=ContentError)
        entries.append(Entry(row.id, row.intent, row.title, row.answer, row.source,
                             tuple(row.links), row.owner, row.reviewed, locale))
    seen: dict[str, int] = {}
    for i, e in enumerate(entries):
        for key, name in ((e.id, "id"), (e.intent, "intent")):
            if key in seen:
                raise ContentError(path, N_("{value} is used by more than one entry (also entry {n})"),
                                   doc.line(i, name), name, value=key, n=seen[key] + 1)
            seen[key] = i
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
            raise ContentError(directory, N_("no knowledge-base files (*.yml) found"))
        entries = [e for f in files for e in load_file(f, f.stem)]
        kb = cls(entries, default)
        missing = {i for (loc, i) in kb._by if loc == default} ^ set(kb.intents())
        if missing:
            raise ContentError(directory, N_("intents without a {locale} entry: {intents}"),
                               locale=default, intents=", ".join(sorted(missing)))
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
