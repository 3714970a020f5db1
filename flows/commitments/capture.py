"""Pure parsing of "Ich übernehme das Konzept für die Infoveranstaltung bis 1.9." into title and date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from nlu.dates import extract_dates

_LEAD_IN = re.compile(
    r"^\s*(?:ok(?:ay)?,?\s+)?(?:"
    r"(?:ich\s+)?(?:übernehme|uebernehme|erledige|mache|kümmere\s+mich\s+um|kuemmere\s+mich\s+um"
    r"|nehme|schreibe|organisiere|kläre|klaere|bereite)"
    r"|(?:i\s*'?\s*ll|i\s+will|i\s+can|let\s+me)\s+(?:take(?:\s+on)?|do|handle|prepare|write|organi[sz]e)"
    r"|i\s+take(?:\s+on)?"
    r")\s+",
    re.IGNORECASE,
)
_TAIL = re.compile(r"\s*(?:bis\s+(?:zum|spätestens)?|bis|by|until|am|zum|on|spätestens)\s*$",
                   re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:das|die|den|dem|der|the|a|an)\s+", re.IGNORECASE)
_TRAILING = re.compile(r"\s*(?:vor|mit|auf|ab|an|over)?\s*$", re.IGNORECASE)

_EMPTY = {"ich", "das", "es", "dies", "it", "that", "this", "ich das", "das mal"}


@dataclass(frozen=True)
class Taken:
    title: str
    due: date | None


def parse_take(text: str, locale: str, today: date) -> Taken | None:
    """Title and (optional) due date of a commitment taken on in chat; None without a title."""
    body = _LEAD_IN.sub("", text, count=1)
    due = None
    dates = extract_dates(body, locale, today)
    if dates:
        last = dates[-1]
        due = last.value
        body = (_TAIL.sub("", body[:last.start]) + " " + body[last.end:])
    body = re.sub(r"\s+", " ", body).strip(" .!,;:")
    body = _TRAILING.sub("", body).strip(" .!,;:")
    body = _ARTICLE.sub("", body)
    if len(body) < 3 or body.lower() in _EMPTY:
        return None
    return Taken(body[0].upper() + body[1:], due)
