"""The knowledge base in the database: import (all or nothing, idempotent), the stored entries
as ``Entry`` objects, and the first start (the shipped content imported once).

Shared by ``flurfunk kb import|list|check``, the live retriever (``flows.faq.live``) and the
owners' digest. Re-importing the same file changes nothing; entries missing from an import
are kept unless ``replace`` is given. Phrasings owners add from the digest (``learned``) are
kept across imports: the file does not know them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from flows.faq.entries import Entry, read_entries
from flows.files import FileError
from flows.types import N_
from storage.models.faq import KbEntry
from storage.uow import UnitOfWork

SYSTEM = "system"  # imported_by of the shipped content imported on first start
FIELDS = ("question", "alternatives", "answer", "source", "links", "owner", "reviewed",
          "keywords", "kind")


def content_hash(entry: Entry) -> str:
    """sha256 over the entry's imported fields (id and locale are the key); an ordinary entry's
    kind is left out, so entries stored before kinds existed keep their hash."""
    data = entry.model_dump(mode="json", include=set(FIELDS))
    if not entry.referral:
        del data["kind"]
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False)
                          .encode()).hexdigest()


@dataclass
class ImportResult:
    """What an import did (ids as ``id (locale)``)."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # stored, not in the import, not removed
    version: int | None = None  # the new version; None when nothing changed

    @property
    def changes(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def _key(entry_id: str, locale: str) -> str:
    return f"{entry_id} ({locale})"


def to_entry(row: KbEntry) -> Entry:
    """A stored row as an ``Entry``; learned phrasings are alternatives like the imported ones."""
    extra = [p for p in row.learned if p not in row.alternatives]
    return Entry.model_construct(
        id=row.id, locale=row.locale, question=row.question,
        alternatives=[*row.alternatives, *extra], answer=row.answer, source=row.source,
        links=list(row.links), owner=row.owner, reviewed=row.reviewed,
        keywords=list(row.keywords), kind=row.kind)


async def stored(uow: UnitOfWork) -> list[Entry]:
    """Every stored entry, by id and locale."""
    return [to_entry(r) for r in await uow.kb.entries()]


async def import_entries(uow: UnitOfWork, entries: Sequence[Entry], actor: str, now: datetime,
                         replace: bool = False) -> ImportResult:
    """Add new entries, update changed ones (by content hash), leave equal ones alone; with
    ``replace`` remove stored entries the import lacks. Flushes, does not commit: the caller
    commits once (all or nothing). The version is bumped only when something changed."""
    result = ImportResult()
    existing = {(r.id, r.locale): r for r in await uow.kb.entries()}
    seen = set()
    for e in entries:
        seen.add((e.id, e.locale))
        digest = content_hash(e)
        row = existing.get((e.id, e.locale))
        if row is not None and row.content_hash == digest:
            result.unchanged.append(_key(e.id, e.locale))
            continue
        values = e.model_dump(include=set(FIELDS))
        if row is None:
            uow.kb.add(KbEntry(id=e.id, locale=e.locale, learned=[], content_hash=digest,
                               imported_at=now, imported_by=actor, **values))
            result.added.append(_key(e.id, e.locale))
        else:
            for name, value in values.items():
                setattr(row, name, value)
            row.content_hash, row.imported_at, row.imported_by = digest, now, actor
            result.changed.append(_key(e.id, e.locale))
    missing = sorted(k for k in existing if k not in seen)
    if replace:
        await uow.kb.remove(missing)
        result.removed = [_key(*k) for k in missing]
    else:
        result.kept = [_key(*k) for k in missing]
    await uow.flush()
    if result.changes or await uow.kb.version() is None:
        result.version = await uow.kb.bump(now)
    return result


def read_shipped(kb_dir: Path) -> list[Entry]:
    """The shipped knowledge base: every YAML/CSV file in ``kb_dir`` (or its Markdown files),
    read all or nothing; an id and locale twice across files is an error."""
    files = sorted(p for p in kb_dir.iterdir() if p.suffix.lower() in (".yml", ".yaml", ".csv")) \
        if kb_dir.is_dir() else []
    if not files:
        return read_entries(kb_dir)
    found = [e for f in files for e in read_entries(f)]
    dupes = sorted({(e.id, e.locale) for e in found
                    if sum(1 for o in found if (o.id, o.locale) == (e.id, e.locale)) > 1})
    if dupes:
        raise FileError(kb_dir, N_("the entry {id} ({locale}) appears in more than one file"),
                        field="id", id=dupes[0][0], locale=dupes[0][1])
    return found


async def seed(uow: UnitOfWork, shipped: Path, now: datetime) -> ImportResult | None:
    """First start: when nothing was ever imported, import the shipped knowledge base
    (``content/kb``) as ``system``. None when the table was already set up (an admin's
    first import also counts: the demo content is then never added)."""
    if await uow.kb.version() is not None:
        return None
    return await import_entries(uow, read_shipped(shipped), SYSTEM, now)


async def add_alternative(uow: UnitOfWork, entry_id: str, locale: str, phrase: str,
                          now: datetime) -> bool:
    """Add ``phrase`` to an entry's learned phrasings (from the digest's button) and bump the
    version, so the next rebuild of the retriever uses it. False when the entry is gone or
    already has it."""
    row = await uow.kb.get(entry_id, locale)
    if row is None or phrase in row.learned or phrase in row.alternatives:
        return False
    row.learned = [*row.learned, phrase]
    await uow.flush()
    await uow.kb.bump(now)
    return True
