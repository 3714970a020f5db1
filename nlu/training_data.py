"""Rasa YAML NLU training data: read (with entity markup) and write, one source of truth."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import safeyaml
from safeyaml import N_

ENTITY = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<entity>[^)]+)\)")


class TrainingDataError(ValueError):
    """A training file is malformed: file, line, an English msgid and its parameters (the CLI
    says it in German first, as a ``flows.files.FileError``)."""

    def __init__(self, path: Path, message: str, line: int | None = None, **params: object) -> None:
        self.path, self.message, self.line, self.params = str(path), message, line, params
        where = f"{path}, line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {message.format(**params)}")


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    entities: tuple[tuple[int, int, str, str], ...] = ()  # start, end, entity, value
    markup: str = ""


@dataclass
class TrainingData:
    examples: list[Example] = field(default_factory=list)
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    regexes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def intents(self) -> list[str]:
        return sorted({e.intent for e in self.examples})

    def texts_and_labels(self) -> tuple[list[str], list[str]]:
        return [e.text for e in self.examples], [e.intent for e in self.examples]


def strip_markup(markup: str) -> Example:
    """Turn ``bin bis [15.8.](datum) weg`` into plain text with entity offsets."""
    text, ents, pos = [], [], 0
    offset = 0
    for m in ENTITY.finditer(markup):
        text.append(markup[pos : m.start()])
        offset += m.start() - pos
        value = m.group("text")
        ents.append((offset, offset + len(value), m.group("entity"), value))
        text.append(value)
        offset += len(value)
        pos = m.end()
    text.append(markup[pos:])
    return Example("".join(text), "", tuple(ents), markup)


def _read(path: Path) -> tuple[dict, Any]:
    try:
        doc, root = safeyaml.parse(safeyaml.read_utf8(path))
    except safeyaml.Refused as exc:
        raise TrainingDataError(path, exc.message, exc.line, **exc.params) from None
    if doc is None:
        return {}, root
    if not isinstance(doc, dict):
        raise TrainingDataError(path, N_("expected a mapping with nlu: (Rasa 3 training data)"), 1)
    return doc, root


def _line(root: Any, i: int) -> int | None:
    """The line of the ``i``-th (1-based) entry under ``nlu:``."""
    for key, value in getattr(root, "value", []):
        if key.value == "nlu" and isinstance(value, yaml.SequenceNode) and i <= len(value.value):
            return int(value.value[i - 1].start_mark.line) + 1
    return None


def load(paths: Iterable[Path]) -> TrainingData:
    """Read Rasa 3 NLU YAML files (the safe parser: no aliases, no duplicate keys, bounded);
    raises TrainingDataError naming file, line and entry."""
    data = TrainingData()
    for path in paths:
        doc, root = _read(path)
        blocks = doc.get("nlu", []) or []
        if not isinstance(blocks, list):
            raise TrainingDataError(path, N_("nlu: expected a list of entries"), 1)
        for i, block in enumerate(blocks, start=1):
            line = _line(root, i)
            if not isinstance(block, dict):
                raise TrainingDataError(path, N_("nlu entry {i}: expected a mapping"), line, i=i)
            examples = _examples(block, path, i, line)
            if "intent" in block:
                intent = str(block["intent"])
                for text in examples:
                    ex = strip_markup(text)
                    data.examples.append(Example(ex.text, intent, ex.entities, text))
            elif "synonym" in block:
                data.synonyms.setdefault(str(block["synonym"]), []).extend(examples)
            elif "regex" in block:
                data.regexes.setdefault(str(block["regex"]), []).extend(examples)
            else:
                raise TrainingDataError(path, N_("nlu entry {i}: needs intent, synonym or regex"),
                                        line, i=i)
    return data


def _examples(block: dict, path: Path, i: int, at: int | None) -> list[str]:
    raw = block.get("examples")
    if not isinstance(raw, str):
        raise TrainingDataError(path, N_("nlu entry {i}: field 'examples' must be a block string"),
                                at, i=i)
    lines = []
    for line in raw.splitlines():
        line = line.strip()
        if not line:
            continue
        if not line.startswith("- "):
            raise TrainingDataError(path, N_("nlu entry {i}: example lines start with '- ': {example}"),
                                    at, i=i, example=repr(line))
        lines.append(line[2:].strip())
    return lines


def dump(data: TrainingData, intents: Sequence[str] | None = None) -> str:
    """Write Rasa 3 NLU YAML (entity markup kept) for ``rasa train``."""
    out = ['version: "3.1"', "nlu:"]
    wanted = set(intents) if intents is not None else None
    for intent in data.intents:
        if wanted is not None and intent not in wanted:
            continue
        out.append(f"- intent: {intent}")
        out.append("  examples: |")
        for ex in data.examples:
            if ex.intent == intent:
                out.append(f"    - {ex.markup or ex.text}")
    for name, values in data.synonyms.items():
        out += [f"- synonym: {name}", "  examples: |"] + [f"    - {v}" for v in values]
    for name, values in data.regexes.items():
        out += [f"- regex: {name}", "  examples: |"] + [f"    - {v}" for v in values]
    return "\n".join(out) + "\n"
