"""Icebreaker questions for the group messages, from ``content/lunch``."""

from __future__ import annotations

from pathlib import Path

from flows.files import read_yaml
from flows.types import UserError


def load_icebreakers(folder: Path) -> dict[str, list[str]]:
    """``icebreakers.<locale>.yml`` with a list ``questions``, per locale."""
    out: dict[str, list[str]] = {}
    for path in sorted(folder.glob("icebreakers.*.yml")):
        data = read_yaml(path).data or {}
        questions = data.get("questions") if isinstance(data, dict) else None
        if not isinstance(questions, list) or not all(isinstance(q, str) and q for q in questions):
            raise UserError(f"{path}: field 'questions': expected a list of texts")
        out[path.name.split(".")[1]] = questions
    return out
