"""The result of parsing one message."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol


@dataclass(frozen=True)
class Entity:
    entity: str
    value: Any
    start: int = -1
    end: int = -1
    source: str = "rule"


@dataclass(frozen=True)
class Parse:
    """Intent with confidence, entities, ranking and which engine produced it."""

    intent: str
    confidence: float
    entities: tuple[Entity, ...] = ()
    source: str = "embedded"
    ranking: tuple[tuple[str, float], ...] = field(default=())

    def entity(self, name: str) -> Any | None:
        for e in self.entities:
            if e.entity == name:
                return e.value
        return None


OUT_OF_SCOPE = "out_of_scope"
FALLBACK = "nlu_fallback"
THRESHOLD = 0.25  # the embedded model's confidence bar (chosen in benchmarks/RESULTS.md)


class Parser(Protocol):
    async def parse(self, text: str, locale: str = "de", today: date | None = None) -> Parse: ...
