"""Icebreaker questions as content: ``content/lunch/icebreakers.<locale>.yml`` with a list
``questions``, read by the safe reader and checked by a schema (file, line, field, German)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints

from flows.files import FileError, read_yaml
from flows.schema import Strict, bounded, validate
from flows.types import N_

Question = Annotated[str, StringConstraints(min_length=1), bounded(max_length=500)]


class IcebreakerError(FileError):
    """An icebreaker file is broken; the message names file, line and field."""


class IcebreakersIn(Strict):
    questions: Annotated[list[Question], Field(min_length=1)]


def load_icebreakers(folder: Path) -> dict[str, list[str]]:
    """The questions per locale (``icebreakers.de.yml`` -> ``de``); a broken file is an
    IcebreakerError naming its line and field."""
    out: dict[str, list[str]] = {}
    for path in sorted(folder.glob("icebreakers.*.yml")):
        doc = read_yaml(path, error=IcebreakerError)
        if not isinstance(doc.data, dict):
            raise IcebreakerError(path, N_("expected questions: with a list of texts"), doc.line())
        out[path.name.split(".")[1]] = list(
            validate(IcebreakersIn, doc.data, doc, path, error=IcebreakerError).questions)
    return out
