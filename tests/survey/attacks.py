"""The adversary's tools: raw PostgreSQL pages (pageinspect), WAL bytes (pg_read_binary_file),
the raw SQLite file and its -wal; and the weakened set-ups that show each attack can succeed."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.runtime import Runtime
from flows.survey import messages, service
from flows.survey.vault import KeyStore, RunKey
from flows.types import Reply
from storage.repositories.survey import SurveyRepository


@dataclass(frozen=True)
class PlainKey:
    """A weakened run key: "seals" without encrypting and files each record under the person
    id itself (what the database held before)."""

    def tags(self, run_id: int, person_ids: list[str]) -> dict[str, str]:
        return {p: p for p in person_ids}

    def tag(self, run_id: int, person_id: str) -> str:
        return person_id

    def seal(self, payload: dict[str, Any], aad: bytes, size: int) -> bytes:
        data = json.dumps(payload, ensure_ascii=False).encode()
        return len(data).to_bytes(4, "big") + data + bytes(size - len(data) - 4)

    def open(self, blob: bytes, aad: bytes) -> dict[str, Any]:
        n = int.from_bytes(blob[:4], "big")
        payload: dict[str, Any] = json.loads(blob[4:4 + n])
        return payload


def weaken(monkeypatch: pytest.MonkeyPatch, *what: str) -> None:
    """Switch off protections: ``person_tags`` (records filed under the person id),
    ``plaintext`` (no encryption, filed under the person id), ``no_scrub`` (no VACUUM / WAL
    checkpoint), ``keep_keys`` (keys never destroyed), ``keep_state`` (conversation state not
    cleared at close), ``remember_choices`` (question choices kept in the state)."""
    if "person_tags" in what:  # encrypted, but filed under the person id (the old design)
        monkeypatch.setattr(RunKey, "tags", lambda self, run_id, ids: {p: p for p in ids})
    if "plaintext" in what:
        monkeypatch.setattr(service, "run_key", lambda keys, run: PlainKey())
    if "no_scrub" in what:
        async def no_scrub(self: SurveyRepository) -> None:
            return None
        monkeypatch.setattr(SurveyRepository, "scrub", no_scrub)
    if "keep_keys" in what:
        monkeypatch.setattr(KeyStore, "destroy", lambda self, key_id: False)
    if "keep_state" in what:
        async def keep(self: SurveyRepository, run_id: int, flow: str) -> int:
            return 0
        monkeypatch.setattr(SurveyRepository, "clear_conversations", keep)
    if "remember_choices" in what:
        question = messages.question

        def remembered(*args: Any, **kwargs: Any) -> Reply:
            return replace(question(*args, **kwargs), keep_choices=True)
        monkeypatch.setattr(messages, "question", remembered)


# PostgreSQL ----------------------------------------------------------------------------------
@dataclass
class Pages:
    """Every line pointer's tuple (live or dead) of a table and its TOAST table, and the raw
    bytes of every page (free space included)."""

    tuples: list[tuple[int, int, bytes]]  # (xmin, xmax, data)
    raw: bytes


async def pg_pages(rt: Runtime, table: str) -> Pages:
    tuples: list[tuple[int, int, bytes]] = []
    raw = b""
    async with rt.engine.begin() as conn:
        await conn.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
        toast = await conn.scalar(text(
            "SELECT reltoastrelid::regclass::text FROM pg_class WHERE oid = CAST(:t AS regclass)"
            " AND reltoastrelid <> 0"), {"t": table})
        for rel in [table, *([toast] if toast else [])]:
            blocks = int(await conn.scalar(text(
                "SELECT pg_relation_size(CAST(:r AS regclass)) / current_setting('block_size')::int"
            ), {"r": rel}) or 0)
            for block in range(blocks):
                raw += bytes(await conn.scalar(text("SELECT get_raw_page(:r, :b)"),
                                               {"r": rel, "b": block}))
                rows = await conn.execute(text(
                    "SELECT t_xmin::text::bigint, t_xmax::text::bigint, t_data "
                    "FROM heap_page_items(get_raw_page(:r, :b)) WHERE t_data IS NOT NULL"),
                    {"r": rel, "b": block})
                tuples += [(int(x), int(y), bytes(d)) for x, y, d in rows]
    return Pages(tuples, raw)


def varchar(value: str) -> bytes:
    """How PostgreSQL stores a short text value inline: a one-byte length header, the bytes."""
    data = value.encode()
    return bytes([((len(data) + 1) << 1) | 1]) + data


def xmin_links(pages: Pages, markers: dict[str, bytes]) -> set[str]:
    """The issue's attack: a tuple holding someone's answer (here: their unique comment) is
    joined on its transaction id to the participation row version written by the same
    transaction, or holds the person id itself. Returns the people pinned to their answers."""
    by_xmin: dict[int, set[str]] = defaultdict(set)
    for xmin, _, data in pages.tuples:
        for person in markers:
            if varchar(person) in data:
                by_xmin[xmin].add(person)
    linked = set()
    for xmin, _, data in pages.tuples:
        for person, marker in markers.items():
            if marker in data:
                candidates = by_xmin[xmin] | {p for p in markers if varchar(p) in data}
                if candidates == {person}:
                    linked.add(person)
    return linked


async def wal_position(rt: Runtime) -> str:
    async with rt.engine.connect() as conn:
        return str(await conn.scalar(text("SELECT pg_current_wal_insert_lsn()::text")))


async def wal_bytes(rt: Runtime, start: str, end: str | None = None) -> bytes:
    """The raw WAL from ``start`` to ``end`` (default: everything flushed so far), read from
    the segment files in pg_wal as a superuser can."""
    async with rt.engine.connect() as conn:
        if end is None:
            end = str(await conn.scalar(text("SELECT pg_current_wal_flush_lsn()::text")))
        seg = int(await conn.scalar(text(
            "SELECT pg_size_bytes(current_setting('wal_segment_size'))")) or 0)
        (first, first_off), = (await conn.execute(text(
            "SELECT file_name, file_offset FROM pg_walfile_name_offset("
            "CAST(CAST(:l AS text) AS pg_lsn))"), {"l": start})).all()
        (last, last_off), = (await conn.execute(text(
            "SELECT file_name, file_offset FROM pg_walfile_name_offset("
            "CAST(CAST(:l AS text) AS pg_lsn))"), {"l": end})).all()
        names = sorted(n for (n,) in (await conn.execute(text(
            "SELECT name FROM pg_ls_waldir() WHERE length(name) = 24"))).all()
            if first <= n <= last)
        assert names and names[0] == first and names[-1] == last, "WAL segments recycled"
        page = int(await conn.scalar(text("SELECT current_setting('wal_block_size')::int")) or 0)
        data = b"".join([bytes(await conn.scalar(text("SELECT pg_read_binary_file(:p)"),
                                                 {"p": f"pg_wal/{n}"})) for n in names])
    return _records(data, first_off, len(data) - seg + last_off, page, seg)


def _records(data: bytes, start: int, end: int, page: int, seg: int) -> bytes:
    """``data[start:end]`` without the WAL page headers (24 bytes, 40 at a segment's start),
    so that a value split across two WAL pages is found whole."""
    out = []
    for at in range(start - start % page, end, page):
        header = 40 if at % seg == 0 else 24
        out.append(data[max(at + header, start):min(at + page, end)])
    return b"".join(out)


def listing(directory: Path, pattern: str = "*") -> list[str]:
    """Names (without suffix) of the files in a directory, as someone on the server sees them."""
    return sorted(p.stem for p in Path(directory).glob(pattern))


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


# SQLite ------------------------------------------------------------------------------------
def sqlite_files(db: Path) -> dict[str, bytes]:
    """The database file and its -wal / -journal, as someone with file access reads them."""
    out = {}
    for suffix in ("", "-wal", "-journal"):
        path = Path(f"{db}{suffix}")
        if path.exists():
            out[suffix or "main"] = path.read_bytes()
    return out


def nearby_links(blobs: Iterable[bytes], markers: dict[str, bytes], window: int = 400
                 ) -> set[str]:
    """People whose id stands shortly before their own answer in the raw bytes (a row holding
    a person id and the answers): the nearest id before each answer found is the guess."""
    linked = set()
    for blob in blobs:
        for person, marker in markers.items():
            at = blob.find(marker)
            while at != -1:
                before = blob[max(0, at - window):at]
                found = [(before.rfind(p.encode()), len(p), p) for p in markers
                         if p.encode() in before]
                if found and max(found)[2] == person:
                    linked.add(person)
                at = blob.find(marker, at + 1)
    return linked


# A recording of the answer window ------------------------------------------------------------
WATCHED = ("survey_participation", "survey_sealed", "conversation_state")


def _plain(value: Any) -> Any:
    """A column value as something hashable (PostgreSQL's driver returns JSON as dicts)."""
    return json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value


class Recorder:
    """What a WAL archive (or a continuous backup) of the answer window holds, row by row:
    after every transaction the watched tables are read in full and every row version that is
    new since the last reading is kept, with the table and transaction it came from. (A model
    of the WAL at row level, the same on both databases: on PostgreSQL each of these versions
    is a heap record in the WAL, on SQLite a page image in the -wal.)"""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.seen: dict[str, set[tuple[Any, ...]]] = {t: set() for t in WATCHED}
        self.versions: list[tuple[int, str, tuple[Any, ...]]] = []  # (transaction, table, row)
        self.tx = 0

    async def read(self) -> None:
        self.tx += 1
        async with self.rt.engine.connect() as conn:
            for table in WATCHED:
                rows = {tuple(_plain(v) for v in r)
                        for r in (await conn.execute(text(f"SELECT * FROM {table}")))}
                for row in rows - self.seen[table]:
                    self.versions.append((self.tx, table, row))
                self.seen[table] = rows

    def written_for(self, people: Iterable[str], tables: Iterable[str]) -> dict[str, int]:
        """Per person: how many row versions written in the window carry their id in clear."""
        tables = set(tables)
        count: dict[str, int] = {p: 0 for p in people}
        for _, table, row in self.versions:
            if table in tables:
                for p in count:
                    if any(str(v) == p for v in row):
                        count[p] += 1
        return count
