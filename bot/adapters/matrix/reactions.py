"""Choices as reactions (``m.reaction`` annotations,
https://spec.matrix.org/v1.11/client-server-api/#event-annotations-and-reactions) where that
fits: a survey scale (keycaps 0️⃣ … 🔟 for the labels 0 to 10, or
"1 – stimme zu") and yes/no (👍 👎). The bot adds the
options to its own message; a person's reaction answers like typing the choice (the number or
the label), so the dispatcher and the flows treat it like any typed answer.

Lists that do not fit get no reactions: free choices (a number does that better) and anything
destructive (``style="danger"``, such as erasing one's data: that is typed, never tapped).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from flows.types import Choice

KEYCAPS = {str(n): f"{n}\ufe0f\u20e3" for n in range(10)} | {"10": "\U0001f51f"}
NUMBER = re.compile(r"^\s*(\d{1,2})\s*(?:$|[–—-]\s)")  # "7", "1 – stimme gar nicht zu"
YES, NO = "\U0001f44d", "\U0001f44e"


def normalized(key: str) -> str:
    """Clients differ in variation selectors (``1⃣`` / ``1️⃣``, ``👍`` / ``👍️``)."""
    return key.replace("\ufe0f", "")


def offered(choices: Sequence[Choice]) -> dict[str, str]:
    """Reaction key -> the words that answer it (empty: no reactions for these choices)."""
    if not choices or any(c.style == "danger" for c in choices):
        return {}
    numbered = [(m.group(1), c.label) for c in choices if (m := NUMBER.match(c.label))]
    keys = {KEYCAPS[n]: label for n, label in numbered if n in KEYCAPS}
    if len(keys) > 1 and len(keys) == len(numbered):  # a scale: "0" … "10", "1 – stimme zu"
        return keys
    ends = {v: c.label for c in choices if (v := _verdict(c.action.value))}
    if len(choices) == 2 and set(ends) == {"yes", "no"}:
        return {YES: ends["yes"], NO: ends["no"]}
    return {}


def _verdict(value: str) -> str | None:
    """"yes"/"no" when a button's value says so: as its last part (``commitments:…:yes``) or
    its first, followed by what it is about (the FAQ's ``no:<question>``)."""
    parts = value.split(":")
    return next((p for p in (parts[-1], parts[0]) if p in {"yes", "no"}), None)


def answer(keys: dict[str, str], key: str) -> str | None:
    """The words a reaction ``key`` stands for among ``keys``, if it is one of them."""
    want = normalized(key)
    return next((text for k, text in keys.items() if normalized(k) == want), None)


def annotation(event_id: str, key: str) -> dict[str, object]:
    return {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}}
