"""Typed answers to open questions: "1", "Ja, gern" or "neuer Termin 20.6." picks a choice of the
last reply or of a recent proactive message (terminal inbox), and says which one when unclear."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flows.types import Action, Choice
from nlu.text import normalize
from storage.models.core import InboxMessage
from storage.uow import UnitOfWork

RECENT = timedelta(days=7)  # proactive messages older than this no longer take typed answers
MAX_EXTRA = 3  # words beyond the choice's own (a name, a reason) that an answer may carry
# words that carry no meaning of their own in a short answer
STOP = {"ich", "ja", "die", "der", "das", "den", "dem", "an", "auf", "zu", "bis", "am", "gern",
        "gerne", "bitte", "mal", "es", "i", "the", "to", "a", "please", "on", "it", "for", "is",
        "ist", "schon", "jetzt", "now", "already", "mein", "meine", "my", "sie", "ihr", "mich"}
_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_DATEISH = re.compile(r"^\d{1,4}([./-]\d{1,4}){0,2}[.]?$")


def _words(text: str) -> list[str]:
    return normalize(text).split()


def _label_words(label: str) -> set[str]:
    return {w for w in _words(label) if not _NUMBER.match(w)}


def extra_words(text: str, choice: dict[str, Any]) -> int | None:
    """None when the typed words do not name this choice (all words of its label, or one of its
    phrases); else how many other meaningful words they carry (a name, a reason: 0 = none)."""
    said = _words(text)
    keys = [_label_words(str(choice["label"]))] + [set(_words(p)) for p in choice.get("says", [])]
    if not any(key and key <= set(said) for key in keys):
        return None
    known = set().union(*keys)
    return len([w for w in said if w not in known and w not in STOP and not _DATEISH.match(w)])


def covers(text: str, choice: dict[str, Any]) -> bool:
    """Whether the typed words name this choice, with at most a few other words besides."""
    extra = extra_words(text, choice)
    return extra is not None and extra <= MAX_EXTRA


@dataclass
class Open:
    """One message with choices the person may still answer."""

    choices: list[dict[str, Any]]
    snippet: str
    message: InboxMessage | None = None  # None: the choices of the last reply


@dataclass
class Found:
    action: Action | None = None
    source: Open | None = None
    ambiguous: list[tuple[Open, dict[str, Any]]] = field(default_factory=list)
    say_which: bool = False  # several recent questions: the reply names the one it answers


def snippet(text: str, size: int = 70) -> str:
    """The first line of a message, shortened, without Markdown stars."""
    first = next((line for line in text.replace("*", "").splitlines() if line.strip()), "")
    return first if len(first) <= size else first[: size - 1].rstrip() + "\u2026"


def group(choice: dict[str, Any]) -> str:
    """Choices about the same thing share the last part of their action id (``commitments:done:5``
    and ``commitments:newdate:5``; ``onboarding:pate:7`` yes and no): one answer closes all."""
    return str(choice.get("action", "")).rsplit(":", 1)[-1]


async def open_questions(uow: UnitOfWork, person_id: str, now: datetime
                         ) -> tuple[list[Open], int]:
    """Recent proactive messages of this person with choices not answered yet (newest first),
    and how many recent messages had choices at all (answered or not)."""
    out, asked = [], 0
    for m in await uow.inbox.list(person_id):
        if m.delivered_at < now - RECENT or not m.payload.get("choices"):
            continue
        asked += 1
        done = set(m.payload.get("answered", []))
        choices = [c for c in m.payload["choices"] if group(c) not in done]
        if choices:
            out.append(Open(choices, snippet(str(m.payload.get("text", ""))), m))
    return out[::-1], asked


def find(text: str, last: Sequence[dict[str, Any]], recent: Sequence[Open]) -> Found:
    """The choice a typed answer picks: a number answers the only open question (or the last
    reply's); words answer whichever single choice they name; several: ambiguous."""
    stripped = text.strip().rstrip(".)")
    everywhere = [Open(list(last), "", None), *recent]
    exact = [(o, c) for o in everywhere for c in o.choices
             if normalize(str(c["label"])) == normalize(stripped)]  # "4" on a 0-10 scale
    if len(exact) == 1:
        return Found(Choice.from_dict(exact[0][1]).action, exact[0][0])
    if exact:
        return Found(ambiguous=exact)
    if stripped.isdigit():
        if last or len(recent) != 1:
            return Found(ambiguous=[(o, c) for o in recent
                                    for i, c in enumerate(o.choices, 1) if str(i) == stripped]
                         if not last and len(recent) > 1 else [])
        choices = recent[0].choices
        if 1 <= int(stripped) <= len(choices):
            return Found(Choice.from_dict(choices[int(stripped) - 1]).action, recent[0])
        return Found()
    hits = [(o, c) for o in everywhere for c in o.choices if covers(text, c)]
    if len(hits) == 1:
        o, c = hits[0]
        return Found(Choice.from_dict(c).action, o)
    return Found(ambiguous=hits)


async def mark_answered(uow: UnitOfWork, person_id: str, action: Action, now: datetime) -> None:
    """Every recent message of this person offering this very action: its group is answered."""
    for m in await uow.inbox.list(person_id):
        if m.delivered_at < now - RECENT:
            continue
        for c in m.payload.get("choices", []):
            if c.get("action") == action.id and c.get("value", "") == action.value:
                m.payload = {**m.payload,
                             "answered": sorted({*m.payload.get("answered", []), group(c)})}
                break
