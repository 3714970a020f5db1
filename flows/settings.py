"""What a feature's config dataclass declares beyond field types: bounds, and checks that need
several fields. bot/config.py reads them when it validates ``[features.<name>]``; a field typed
``WorkCalendar`` is not set there but filled from the one ``[calendar]`` section."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from flows.types import Feature


def between(default: Any, lo: int | None = None, hi: int | None = None) -> Any:
    """A number field that must lie from ``lo`` to ``hi`` (a table of numbers: the same
    ``metadata={"between": (lo, hi)}`` beside ``default_factory=dict``)."""
    return field(default=default, metadata={"between": (lo, hi)})


class Invalid(ValueError):
    """Raised by a config's ``__post_init__``: ``key`` has a value of the right type that the
    feature cannot use; ``message`` is an N_() msgid formatted with ``params``."""

    def __init__(self, key: str, message: str, **params: Any) -> None:
        super().__init__(message.format(**params))
        self.key, self.message, self.params = key, message, params


def default_config(feature: Feature) -> Any:
    """The feature's config with every default (tests, and a Runtime-less dispatcher)."""
    return feature.config_type() if feature.config_type else None
