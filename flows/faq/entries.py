"""Knowledge-base entries as content their owners keep: the entry schema and readers for YAML,
CSV and a folder of Markdown files with front matter (all or nothing; errors name file, line
and field). Pure: reads files, stores nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from flows.files import FileError, YamlDoc, each, read_csv, read_text, read_yaml
from flows.schema import IsoDate, Strict, an_id, bounded, validate
from flows.types import N_

LOCALES = ("de", "en")
CSV_COLUMNS = ("id", "question", "alternatives", "answer", "source", "links", "owner",
               "reviewed", "locale", "keywords", "kind")
CSV_REQUIRED = tuple(c for c in CSV_COLUMNS
                     if c not in ("alternatives", "links", "keywords", "kind"))
LIST_SEPARATOR = " | "  # alternatives, links and keywords in one CSV cell
MAX_ENTRIES = 5000
_URL = re.compile(r"^(https?://|mailto:)\S+$")
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*$\r?\n?", re.DOTALL | re.MULTILINE)


def _link(value: str) -> str:
    if not _URL.match(value):
        msgid = N_("not a web address; write it with https://")
        raise PydanticCustomError("flurfunk", msgid, {"msgid": msgid})
    return value


Text = Annotated[str, Field(min_length=1), bounded(max_length=300)]
LongText = Annotated[str, Field(min_length=1), bounded(max_length=4000)]
Link = Annotated[str, bounded(max_length=2000), AfterValidator(_link)]


class Entry(Strict):
    """One entry in one locale; the same id in ``de`` and ``en`` is one entry in two locales.

    ``kind: referral``: a topic this knowledge base deliberately does not answer ("Urlaub"); its
    ``answer`` says whom to ask. A question it matches best gets that, never an answer from
    another entry nor a "did you mean" (flows/faq/retrieval.py)."""

    id: Annotated[str, an_id()]
    locale: Literal["de", "en"]
    question: Text
    alternatives: list[Text] = Field(default_factory=list, max_length=100)
    answer: LongText
    source: Annotated[str, Field(min_length=1), bounded(max_length=1000)]
    links: list[Link] = Field(default_factory=list, max_length=20)
    owner: Annotated[str, Field(min_length=1), bounded(max_length=200)]
    reviewed: IsoDate
    keywords: list[Text] = Field(default_factory=list, max_length=50)
    kind: Literal["answer", "referral"] = "answer"

    @property
    def referral(self) -> bool:
        return self.kind == "referral"

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The question and its alternative phrasings."""
        return (self.question, *self.alternatives)


class EntryFile(Strict):
    """A YAML knowledge-base file: ``version: 1`` and the list of entries."""

    version: Literal[1]
    entries: list[Any] = Field(min_length=1, max_length=MAX_ENTRIES)


@dataclass(frozen=True)
class Place:
    """Where an entry was read: file and line."""

    path: str
    line: int


def read_entries(path: Path) -> list[Entry]:
    """Every entry in ``path``: a ``.yml``/``.yaml`` or ``.csv`` file, one ``.md`` file or a
    folder of ``.md`` files. Raises a FileError at the first problem; returns nothing partial."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.md") if p.is_file())
        if not files:
            raise FileError(path, N_("no Markdown files (*.md) in this folder"))
        found = each(files, read_markdown)  # every broken file named at once
    elif path.suffix.lower() in (".yml", ".yaml"):
        found = read_yaml_entries(path)
    elif path.suffix.lower() == ".csv":
        found = read_csv_entries(path)
    elif path.suffix.lower() == ".md":
        found = [read_markdown(path)]
    elif not path.exists():
        raise FileError(path, N_("file not found"))
    else:
        raise FileError(path, N_("unknown kind of file; use .yml, .csv, .md or a folder of .md "
                                 "files"))
    return _unique(found)


def _unique(found: list[tuple[Entry, Place]]) -> list[Entry]:
    seen: dict[tuple[str, str], Place] = {}
    for entry, place in found:
        first = seen.setdefault((entry.id, entry.locale), place)
        if first is not place:
            raise FileError(place.path, N_("the entry {id} ({locale}) appears twice (first: "
                                           "{first_file}, line {first_line})"), place.line, "id",
                            id=entry.id, locale=entry.locale, first_file=first.path,
                            first_line=first.line)
    return [entry for entry, _ in found]


def read_yaml_entries(path: Path) -> list[tuple[Entry, Place]]:
    """Entries of a YAML file (``version: 1``, ``entries: [...]``) with their places."""
    doc = read_yaml(path)
    top = validate(EntryFile, doc.data, doc, path)
    return each(enumerate(top.entries), lambda item: (
        validate(Entry, item[1], doc, path, at=("entries", item[0])),
        Place(str(path), doc.line("entries", item[0]))))


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(LIST_SEPARATOR.strip()) if v.strip()]


def read_csv_entries(path: Path) -> list[tuple[Entry, Place]]:
    """Entries of a CSV file (one row each; lists separated by `` | ``) with their places."""
    text = read_text(path, kind="csv")
    doc = read_csv(path, CSV_COLUMNS, text=text)
    missing = [c for c in CSV_REQUIRED if c not in doc.header]
    if missing:
        header_line = next(i for i, s in enumerate(text.splitlines(), 1) if s.strip())
        raise FileError(path, N_("missing column(s) {names}"), line=header_line,
                        names=", ".join(missing))
    if len(doc.rows) > MAX_ENTRIES:
        raise FileError(path, N_("more than {n} entries"), n=MAX_ENTRIES)

    def entry(numbered: tuple[int, dict[str, str]]) -> tuple[Entry, Place]:
        line, row = numbered
        data: dict[str, Any] = dict(row)
        for name in ("alternatives", "links", "keywords"):
            data[name] = _split(row.get(name))
        if not (row.get("kind") or "").strip():  # an empty cell: an ordinary entry
            data.pop("kind", None)
        return validate(Entry, data, None, path, line=line), Place(str(path), line)

    return each(doc.rows, entry)


def read_markdown(path: Path) -> tuple[Entry, Place]:
    """One entry from a Markdown file: YAML front matter between ``---`` lines, the text below
    it is the answer. The front matter goes through the same safe reader as every YAML file."""
    text = read_text(path)
    match = _FRONT.match(text.lstrip("\ufeff"))
    if match is None:
        raise FileError(path, N_("no front matter: the file starts with a line '---', the fields "
                                 "(id, locale, question, ...), another '---', then the answer"),
                        line=1)
    # a blank first line in place of the opening '---' keeps the line numbers of the file
    doc = read_yaml(path, text="\n" + match.group(1))
    if not isinstance(doc.data, dict):
        raise FileError(path, N_("expected a mapping (field: value)"), line=2)
    body_line = text[: match.end()].count("\n") + 1
    if "answer" in doc.data:
        raise doc.error(N_("the answer is the text below the front matter, not a field"),
                        "answer")
    body = text[match.end():].strip()
    data = {**doc.data, "answer": body}
    entry = _validate_markdown(data, doc, path, body_line)
    return entry, Place(str(path), 1)


def _validate_markdown(data: dict[str, Any], doc: YamlDoc, path: Path, body_line: int) -> Entry:
    try:
        return validate(Entry, data, doc, path)
    except FileError as exc:
        if exc.field == "answer":  # the body, not a front-matter field
            raise FileError(path, exc.message, body_line, "answer", **exc.params) from None
        raise
