"""The core conversation keeps no personal data of its own (the foundation's directory entry,
conversation state and messages are declared in flows/privacy/data.py)."""

from __future__ import annotations

from flows.types import PersonalData

PERSONAL_DATA: tuple[PersonalData, ...] = ()
