"""What a step that may have happened before did: done now, already done, or nothing to do."""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    DONE = "done"  # done now (skipped the round, counted the answer)
    ALREADY = "already"  # done before: the person pressed the button twice
    NONE = "none"  # nothing to do: not in a group of that round, round over
