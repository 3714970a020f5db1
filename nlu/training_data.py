"""Rasa YAML NLU training data: read (with entity markup) and write, one source of truth."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ENTITY = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<entity>[^)]+)\)")


class TrainingDataError(ValueError):
    """A training file is malformed; the message names file and intent."""


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


def load(paths: Iterable[Path]) -> TrainingData:
    """Read Rasa 3 NLU YAML files; raises TrainingDataError naming file and block."""
    data = TrainingData()
    for path in paths:
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise TrainingDataError(f"{path}: not valid YAML: {exc}") from exc
        for i, block in enumerate(doc.get("nlu", []) or [], start=1):
            if not isinstance(block, dict):
                raise TrainingDataError(f"{path}: nlu entry {i}: expected a mapping")
            examples = _examples(block, path, i)
            if "intent" in block:
                intent = str(block["intent"])
                for line in examples:
                    ex = strip_markup(line)
                    data.examples.append(Example(ex.text, intent, ex.entities, line))
            elif "synonym" in block:
                data.synonyms.setdefault(str(block["synonym"]), []).extend(examples)
            elif "regex" in block:
                data.regexes.setdefault(str(block["regex"]), []).extend(examples)
            else:
                raise TrainingDataError(f"{path}: nlu entry {i}: needs intent, synonym or regex")
    return data


def _examples(block: dict, path: Path, i: int) -> list[str]:
    raw = block.get("examples")
    if not isinstance(raw, str):
        raise TrainingDataError(f"{path}: nlu entry {i}: field 'examples' must be a block string")
    lines = []
    for line in raw.splitlines():
        line = line.strip()
        if not line:
            continue
        if not line.startswith("- "):
            raise TrainingDataError(f"{path}: nlu entry {i}: example lines start with '- ': {line!r}")
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
