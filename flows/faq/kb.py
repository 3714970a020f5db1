"""The knowledge base the bot answers from: a thin lookup over ``flows.faq.entries.Entry``.

The shipped entries are content in content/kb/*.yml (the new owner format: ``version: 1``,
``entries:``, the same id in ``de`` and ``en``); there are no per-entry classifier intents.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from flows.faq.entries import Entry, read_entries
from flows.files import FileError
from flows.types import N_

__all__ = ["ContentError", "Entry", "KnowledgeBase"]


class ContentError(FileError):
    """A content file is broken; the message names file, line and field."""


class KnowledgeBase:
    """Entries by id and locale; a lookup in a missing locale falls back to ``default``."""

    def __init__(self, entries: Iterable[Entry], default: str = "de") -> None:
        self.default = default
        self.entries = list(entries)
        self._by = {(e.id, e.locale): e for e in self.entries}

    @classmethod
    def load(cls, directory: Path, default: str = "de") -> KnowledgeBase:
        """Every ``*.yml`` under ``directory``; an id without a ``default`` entry is an error."""
        files = sorted(directory.glob("*.yml"))
        if not files:
            raise ContentError(directory, N_("no knowledge-base files (*.yml) found"))
        kb = cls([e for f in files for e in read_entries(f)], default)
        missing = sorted({e.id for e in kb.entries} - {i for i, loc in kb._by if loc == default})
        if missing:
            raise ContentError(directory, N_("entries without a {locale} version: {ids}"),
                               locale=default, ids=", ".join(missing))
        return kb

    def ids(self) -> list[str]:
        return sorted({e.id for e in self.entries})

    def locales(self, entry_id: str) -> set[str]:
        return {loc for i, loc in self._by if i == entry_id}

    def by_id(self, entry_id: str, locale: str) -> Entry | None:
        """The entry in ``locale``, else in the default locale, else in any."""
        found = self._by.get((entry_id, locale)) or self._by.get((entry_id, self.default))
        return found or next((e for e in self.entries if e.id == entry_id), None)
