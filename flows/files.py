"""One safe way to read every YAML and CSV file: safe types, no aliases, no duplicate keys, dates
as text, encodings and delimiters detected; every problem names file, line and field."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

import safeyaml
from flows.types import N_, UserError

MAX_BYTES = safeyaml.MAX_BYTES
T = TypeVar("T")
R = TypeVar("R")


class Msgid(str):
    """A parameter of a FileError that is itself a message to translate (``N_()``-marked)."""


class FileError(UserError):
    """A file is broken: file, line, field and a message (an English msgid with parameters).

    ``str()`` is English; ``render(t)`` says it in the translator's language (German first).
    """

    def __init__(self, path: Path | str, message: str, line: int | None = None,
                 field: str | None = None, **params: Any) -> None:
        self.path, self.line, self.field = str(path), line, field
        self.message, self.params = message, params
        super().__init__(self.render(None))

    def render(self, t: Any) -> str:
        """The message in ``t``'s language (``None``: English)."""
        gettext = t.gettext if t is not None else (lambda s: s)
        params = {k: gettext(v) if isinstance(v, Msgid) else v for k, v in self.params.items()}
        text = gettext(self.message).format(**params)
        if self.line is not None and self.field:
            where = gettext("{file}, line {line}, field '{field}'").format(
                file=self.path, line=self.line, field=self.field)
        elif self.field:
            where = gettext("{file}, field '{field}'").format(file=self.path, field=self.field)
        elif self.line is not None:
            where = gettext("{file}, line {line}").format(file=self.path, line=self.line)
        else:
            where = self.path
        return f"{where}: {text}"


class FileErrors(FileError):
    """Several problems found in one pass (every file of a folder, every entry of a file), all
    said at once, so that an export of 150 files is not fixed one error per run. A FileError:
    its file, line and field are the first problem's."""

    SHOWN = 20  # at most this many are listed, then how many more there are

    def __init__(self, errors: Sequence[FileError]) -> None:
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(first.path, first.message, first.line, first.field, **first.params)

    def render(self, t: Any) -> str:
        n = len(self.errors)
        gettext = t.gettext if t is not None else (lambda s: s)
        ngettext = t.ngettext if t is not None else (lambda s, p, k: s if k == 1 else p)
        lines = [ngettext("{n} problem:", "{n} problems:", n).format(n=n),
                 *(f"- {e.render(t)}" for e in self.errors[: self.SHOWN])]
        if n > self.SHOWN:
            lines.append(gettext("... and {n} more").format(n=n - self.SHOWN))
        return "\n".join(lines)


def each(items: Iterable[T], read: Callable[[T], R]) -> list[R]:
    """``read(item)`` for every item, going on past a FileError: one problem is raised as it
    is, several together as FileErrors; nothing is returned unless every item could be read."""
    out: list[R] = []
    errors: list[FileError] = []
    for item in items:
        try:
            out.append(read(item))
        except FileErrors as exc:
            errors.extend(exc.errors)
        except FileError as exc:
            errors.append(exc)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise FileErrors(errors)
    return out


def read_text(path: Path, kind: str = "file") -> str:
    """The file's text: UTF-8 (with or without BOM), else Windows-1252 (German Excel);
    a byte neither can read is named with its line."""
    try:
        if path.is_dir():
            raise FileError(path, N_("this is a folder, not a file"))
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileError(path, N_("file not found")) from None
    except OSError as exc:
        raise FileError(path, N_("cannot read the file ({reason})"), reason=exc.strerror) from None
    if len(data) > MAX_BYTES:
        raise FileError(path, N_("the file is larger than {n} MB"), n=MAX_BYTES // 1_000_000)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _decode_error(path, data, exc) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if kind != "csv":
            raise _decode_error(path, data, exc) from None
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc2:
            raise _decode_error(path, data, exc2) from None


def _decode_error(path: Path, data: bytes, exc: UnicodeDecodeError) -> FileError:
    line = data[: exc.start].count(b"\n") + 1
    return FileError(path, N_("unreadable characters; save the file as UTF-8"), line=line)


# --- YAML (parsed by safeyaml, the one safe parser shared with nlu) ---------------------


@dataclass
class YamlDoc:
    """A parsed YAML file: plain data (dict, list, str, int, float, bool, None) and its nodes,
    so that every field can be named with its line."""

    path: Path
    data: Any
    root: yaml.Node | None

    def node(self, *keys: str | int) -> yaml.Node | None:
        """The node at ``keys`` (or None when the path does not exist)."""
        node = self.root
        for key in keys:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == str(key)), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
            else:
                return None
        return node

    def line(self, *keys: str | int) -> int:
        """The line of the deepest existing node on the path ``keys`` (1 for the document)."""
        line = self.root.start_mark.line + 1 if self.root is not None else 1
        node = self.root
        for key in keys:
            nxt = None
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if k.value == str(key):
                        nxt, line = v, k.start_mark.line + 1
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                nxt = node.value[key]
                line = nxt.start_mark.line + 1
            if nxt is None:
                break
            node = nxt
        return line

    def error(self, message: str, *keys: str | int, **params: Any) -> FileError:
        """A FileError for the field at ``keys``."""
        return FileError(self.path, message, self.line(*keys), field_name(keys) or None, **params)


def field_name(keys: tuple[Any, ...] | list[Any]) -> str:
    """``people[2].name`` from ``("people", 2, "name")``."""
    out = ""
    for k in keys:
        out += f"[{k}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return out


def read_yaml(path: Path, text: str | None = None, error: type[FileError] = FileError) -> YamlDoc:
    """Parse one YAML file safely; raise ``error`` (a FileError) naming the line of the first
    problem."""
    try:
        return _read_yaml(path, text)
    except FileError as exc:
        raise as_error(error, exc) from None


def as_error(error: type[FileError], exc: FileError) -> FileError:
    """``exc`` as the feature's own FileError subclass (same file, line, field and message)."""
    if type(exc) is error:
        return exc
    return error(exc.path, exc.message, exc.line, exc.field, **exc.params)


def _read_yaml(path: Path, text: str | None) -> YamlDoc:
    text = read_text(path) if text is None else text
    try:
        data, root = safeyaml.parse(text)
    except safeyaml.Refused as exc:
        raise FileError(path, exc.message, line=exc.line, **exc.params) from None
    return YamlDoc(path, data, root)


# --- CSV ----------------------------------------------------------------------------------


@dataclass
class CsvDoc:
    """A parsed CSV file: the header and each non-empty row with its line (values stripped,
    empty values left out)."""

    path: Path
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    delimiter: str = ","


def _delimiter(header: str) -> str:
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: header.count(d) for d in ",;\t"}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_csv(path: Path, columns: tuple[str, ...] | None = None, text: str | None = None,
             error: type[FileError] = FileError) -> CsvDoc:
    """Parse a CSV file (``,``, ``;`` or tab; UTF-8 or Windows-1252). Unterminated quotes,
    extra fields, unknown or repeated columns and an empty file are errors with their line."""
    try:
        return _read_csv(path, columns, text)
    except FileError as exc:
        raise as_error(error, exc) from None


def _read_csv(path: Path, columns: tuple[str, ...] | None, text: str | None) -> CsvDoc:
    text = read_text(path, kind="csv") if text is None else text
    if "\x00" in text:
        raise FileError(path, N_("the file contains NUL characters (is it really a CSV file?)"),
                        line=text[: text.index("\x00")].count("\n") + 1)
    lines = text.splitlines()
    first = next((i for i, s in enumerate(lines) if s.strip()), None)
    if first is None:
        raise FileError(path, N_("the file is empty; the first line names the columns"))
    delimiter = _delimiter(lines[first])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    doc: CsvDoc | None = None
    start = 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if not any(v.strip() for v in record):
                continue
            if any("\n" in v or "\r" in v for v in record):
                raise FileError(path, N_("a quote (\") is not closed; the field runs into the next "
                                         "line"), line=line)
            values = [v.strip() for v in record]
            if doc is None:
                doc = _header(path, line, values, columns, delimiter)
                continue
            if len(values) > len(doc.header):
                raise FileError(path, N_("{n} fields, but the first line names {m} columns"),
                                line=line, n=len(values), m=len(doc.header))
            doc.rows.append((line, {k: v for k, v in zip(doc.header, values, strict=False) if v}))
    except csv.Error:
        raise FileError(path, N_("a quote (\") is not closed"), line=start) from None
    if doc is None:  # only empty fields (",,,")
        raise FileError(path, N_("the file is empty; the first line names the columns"))
    if not doc.rows:
        raise FileError(path, N_("no rows below the header line"), line=first + 1)
    return doc


def _header(path: Path, line: int, values: list[str], columns: tuple[str, ...] | None,
            delimiter: str) -> CsvDoc:
    header = [v.lower() for v in values]
    for i, name in enumerate(header):
        if not name:
            raise FileError(path, N_("column {n} has no name"), line=line, n=i + 1)
        if name in header[:i]:
            raise FileError(path, N_("the column {name} appears twice"), line=line, name=name)
    if columns is not None:
        unknown = [h for h in header if h not in columns]
        if unknown:
            raise FileError(path, N_("unknown column(s) {names} (known: {known})"), line=line,
                            names=", ".join(unknown), known=", ".join(columns))
    return CsvDoc(path, header, delimiter=delimiter)

