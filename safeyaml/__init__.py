"""The one safe YAML parser (below flows and nlu, so both use it): safe types only, no anchors or
aliases, no duplicate or merge keys, bounded nesting and size, dates kept as text. A refusal is a
``Refused`` with an English msgid, its line and parameters; callers turn it into their error."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, NodeEvent
from yaml.resolver import Resolver

_CParser: Any
try:
    from yaml import _yaml  # libyaml, shipped in PyYAML's wheels

    _CParser = _yaml.CParser
except ImportError:  # pragma: no cover - a PyYAML built without libyaml
    _CParser = None

MAX_BYTES = 5_000_000  # no import or content file comes near this; bounds memory and time
MAX_DEPTH = 40  # nesting of YAML collections (deeper is a mistake or an attack)
# The tags a YAML file may use; dates are not among them: they are read as text and checked
# by the schema, so an impossible date is a clear message instead of an exception.
_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")}


def N_(message: str) -> str:
    """Marks a msgid for extraction (the flurfunk domain); translated where it is shown."""
    return message


# PyYAML's most frequent problems (yaml/scanner.py, yaml/parser.py), said as what to change;
# any other is quoted in English within "not valid YAML (...)". Literal braces are doubled: the
# messages go through str.format.
WORDED: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), m) for p, m in (
    (r"expected ',' or '\]', but got ", N_("a list in square brackets [ ] is not closed, or its "
                                          "items are not separated by commas")),
    (r"expected ',' or '\}', but got ", N_("a mapping in curly braces {{ }} is not closed, or its "
                                          "fields are not separated by commas")),
    (r"mapping values are not allowed here", N_("a colon (:) where no field can begin: the "
                                                "indentation is wrong, or a text with ': ' needs "
                                                "quotation marks")),
    (r"found character '\\t' that cannot start any token", N_("a tab character: indent with "
                                                              "spaces")),
    (r"found character '(?P<char>.+)' that cannot start any token",
     N_("a value cannot begin with {char}: put the value in quotation marks")),
    (r"expected <block end>, but found ", N_("the indentation does not fit the lines above")),
    (r"could not find expected ':'", N_("a colon (:) is missing after a field name")),
    (r"found unexpected end of stream", N_("a quotation mark is not closed")),
    (r"found unknown escape character", N_("a backslash in double quotation marks: use single "
                                           "quotation marks, or write two backslashes")),
    (r"sequence entries are not allowed here", N_("a list item (-) where none can begin: check "
                                                  "the indentation")),
))


def worded(problem: str) -> tuple[str, dict[str, str]]:
    """PyYAML's ``problem`` as one of our msgids with its parameters."""
    for pattern, message in WORDED:
        found = pattern.match(problem)
        if found:
            return message, found.groupdict()
    return N_("not valid YAML ({problem})"), {"problem": problem}


class Refused(Exception):
    """The YAML text is refused: an English msgid, the line (1-based, or None) and parameters."""

    def __init__(self, message: str, line: int | None = None, **params: Any) -> None:
        super().__init__(message.format(**params))
        self.message, self.line, self.params = message, line, params


class _Safe:
    """No anchors, aliases, timestamps or deep nesting (mixed into both loaders below)."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[attr-defined]
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
            raise Refused(N_("anchors and aliases (& and *) are not allowed; write the values out"),
                          line)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Refused(N_("nested too deeply"), line)
        try:
            return Composer.compose_node(self, parent, index)  # type: ignore[arg-type]
        finally:
            self.depth -= 1


class _Loader(_Safe, yaml.SafeLoader):
    """PyYAML's safe loader, all in Python: it words the refusals (problem and line)."""


if _CParser is not None:

    class _FastLoader(_Safe, Composer, _CParser, SafeConstructor, Resolver):  # type: ignore[misc]
        """The same loader on libyaml's scanner and parser (C, about eight times faster: most of
        the start time of reading the content); the composing and checks above stay in Python."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)


def read_utf8(path: Path) -> str:
    """The text of a UTF-8 file (with or without BOM); refused with the line of a bad byte."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise Refused(N_("cannot read the file ({reason})"), None, reason=exc.strerror) from None
    try:
        return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(N_("unreadable characters; save the file as UTF-8"),
                      raw[: exc.start].count(b"\n") + 1) from None


def parse(text: str) -> tuple[Any, yaml.Node | None]:
    """Plain data (dict, list, str, int, float, bool, None) and the root node of ``text``;
    raises Refused naming the line of the first problem."""
    if len(text) > MAX_BYTES:
        raise Refused(N_("the file is larger than {n} MB"), None, n=MAX_BYTES // 1_000_000)
    if "\x00" in text:
        raise Refused(N_("the file contains NUL characters"), text[: text.index("\x00")].count("\n") + 1)
    if _CParser is not None:
        try:
            return _load(_FastLoader(text))
        except (Refused, yaml.YAMLError, ValueError, RecursionError):
            pass  # refused: the Python loader below words it as always (problem and line)
    try:
        return _load(_Loader(text))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message, params = worded(exc.problem or exc.context or "")
        last = max(1, len(text.splitlines()))  # the end of the text is its last line, not the next
        raise Refused(message, min(mark.line + 1, last) if mark else None, **params) from None
    except yaml.reader.ReaderError as exc:
        raise Refused(N_("a character that YAML does not allow (#x{code:04x})"),
                      text[: exc.position].count("\n") + 1, code=exc.character) from None
    except yaml.YAMLError as exc:
        raise Refused(N_("not valid YAML ({problem})"), None, problem=str(exc)) from None
    except (ValueError, RecursionError):  # e.g. an integer of more than 4300 digits
        raise Refused(N_("a value cannot be read")) from None


def _load(loader: Any) -> tuple[Any, yaml.Node | None]:
    try:
        root = loader.get_single_node()
        if root is not None:
            _check(root)
        return (loader.construct_document(root) if root is not None else None), root
    finally:
        loader.dispose()


def _check(node: yaml.Node) -> None:
    """Refuse unsafe tags, non-text keys, duplicate keys and merge keys, naming the line."""
    for n in _walk(node):
        line = n.start_mark.line + 1
        if n.tag not in _TAGS:
            raise Refused(N_("the type {tag} is not allowed; write plain text, numbers or lists"),
                          line, tag=n.tag.removeprefix("tag:yaml.org,2002:"))
        if isinstance(n, yaml.MappingNode):
            seen: dict[str, int] = {}
            for k, _ in n.value:
                kline = k.start_mark.line + 1
                if not isinstance(k, yaml.ScalarNode) or k.tag == "tag:yaml.org,2002:null":
                    raise Refused(N_("a key must be a plain word"), kline)
                if k.tag == "tag:yaml.org,2002:merge" or k.value == "<<":
                    raise Refused(N_("merge keys (<<) are not allowed"), kline)
                if k.value in seen:
                    raise Refused(N_("the key {key} appears twice (first on line {first})"), kline,
                                  key=k.value, first=seen[k.value])
                seen[k.value] = kline


def _walk(node: yaml.Node) -> Iterator[yaml.Node]:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.extend((k, v))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
