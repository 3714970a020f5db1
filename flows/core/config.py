"""What the core conversation is given at start: the other features' help lines (it has no
[features.core] settings)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CoreResources:
    help_lines: tuple[str, ...]  # N_()-marked, translated when shown
