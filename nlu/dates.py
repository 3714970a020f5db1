"""Rule-based dates in German and English: "bis 15.8.", "nächsten Freitag", "in 2 Wochen"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_NUMERIC = re.compile(r"\b(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.(?P<y>\d{2,4})?(?!\d)")
_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
_MONTHS = {
    "januar": 1, "jan": 1, "january": 1, "februar": 2, "feb": 2, "february": 2,
    "maerz": 3, "märz": 3, "march": 3, "mar": 3, "april": 4, "apr": 4, "mai": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "dezember": 12, "december": 12, "dez": 12, "dec": 12,
}
_NAMED = re.compile(
    r"\b(?P<d>\d{1,2})\.?\s+(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")\b\.?(?:\s+(?P<y>\d{4}))?",
    re.IGNORECASE,
)
_MONTH_END = re.compile(
    r"\b(?P<edge>ende|end\s+of|anfang|beginning\s+of|start\s+of)\s+(?P<mon>"
    + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?(?:\s+(?P<y>\d{4}))?",
    re.IGNORECASE,
)
_RELATIVE_DAYS = {
    "heute": 0, "today": 0, "morgen": 1, "tomorrow": 1, "übermorgen": 2, "uebermorgen": 2,
}
_WEEKDAYS = {
    "montag": 0, "monday": 0, "dienstag": 1, "tuesday": 1, "mittwoch": 2, "wednesday": 2,
    "donnerstag": 3, "thursday": 3, "freitag": 4, "friday": 4, "samstag": 5, "saturday": 5,
    "sonntag": 6, "sunday": 6,
}
_IN_N = re.compile(
    r"\bin\s+(?P<n>\d+|einer|einem|zwei|drei|vier|one|two|three|four|a)\s+"
    r"(?P<unit>tag(?:en)?|days?|wochen?|weeks?|monat(?:en)?|months?)\b",
    re.IGNORECASE,
)
_WORD_NUM = {"einer": 1, "einem": 1, "one": 1, "a": 1, "zwei": 2, "two": 2, "drei": 3,
             "three": 3, "vier": 4, "four": 4}


@dataclass(frozen=True)
class FoundDate:
    value: date
    start: int
    end: int
    text: str


def _future(d: int, m: int, y: str | None, today: date) -> date | None:
    try:
        if y:
            year = int(y) + (2000 if len(y) == 2 else 0)
            return date(year, m, d)
        candidate = date(today.year, m, d)
        if candidate < today - timedelta(days=1):
            candidate = date(today.year + 1, m, d)
        return candidate
    except ValueError:
        return None


def extract_dates(text: str, locale: str = "de", today: date | None = None) -> list[FoundDate]:
    """All dates mentioned in ``text``; year-less dates are taken in the coming twelve months."""
    today = today or datetime.now().date()
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, value: date | None) -> None:
        if value is None or any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(FoundDate(value, start, end, text[start:end]))

    for m in _ISO.finditer(text):
        add(m.start(), m.end(), _future(int(m["d"]), int(m["m"]), m["y"], today))
    for m in _NUMERIC.finditer(text):
        add(m.start(), m.end(), _future(int(m["d"]), int(m["m"]), m["y"], today))
    for m in _NAMED.finditer(text):
        add(m.start(), m.end(), _future(int(m["d"]), _MONTHS[m["mon"].lower()], m["y"], today))
    for m in _MONTH_END.finditer(text):  # "Ende Juni": the last day; "Anfang Juli": the first
        month = _MONTHS[m["mon"].lower()]
        last = (date(2001, month % 12 + 1, 1) - timedelta(days=1)).day if month != 12 else 31
        day = last if m["edge"].lower().startswith(("ende", "end")) else 1
        if month == 2 and day > 28:
            day = 28  # the leap day is left to the year below
        add(m.start(), m.end(), _future(day, month, m["y"], today))
    lower = text.lower()
    for word, days in _RELATIVE_DAYS.items():
        for m in re.finditer(rf"\b{word}\b", lower):
            add(m.start(), m.end(), today + timedelta(days=days))
    for m in _IN_N.finditer(text):
        raw = m["n"].lower()
        n = int(raw) if raw.isdigit() else _WORD_NUM[raw]
        unit = m["unit"].lower()
        if unit.startswith(("tag", "day")):
            delta = timedelta(days=n)
        elif unit.startswith(("woche", "week")):
            delta = timedelta(weeks=n)
        else:
            delta = timedelta(days=30 * n)
        add(m.start(), m.end(), today + delta)
    for word, wd in _WEEKDAYS.items():
        for m in re.finditer(rf"\b(?:(?:nächsten|naechsten|next|am|on|bis|until)\s+)?{word}\b", lower):
            ahead = (wd - today.weekday()) % 7 or 7
            add(m.start(), m.end(), today + timedelta(days=ahead))
    if not found:
        found.extend(_dateparser(text, locale, today))
    return sorted(found, key=lambda f: f.start)


def _dateparser(text: str, locale: str, today: date) -> list[FoundDate]:
    """Last resort for phrasings the rules miss ("Ende nächster Woche")."""
    if not re.search(r"\d|woche|week|monat|month|ende", text, re.IGNORECASE):
        return []
    from dateparser.search import search_dates

    base = datetime(today.year, today.month, today.day, 12)
    settings = {"PREFER_DATES_FROM": "future", "RELATIVE_BASE": base}
    try:
        hits = search_dates(text, languages=[locale[:2], "de", "en"], settings=settings) or []
    except Exception:  # dateparser can choke on odd input; dates are optional
        return []
    out = []
    for phrase, when in hits:
        if not re.search(r"[a-zA-Z]", phrase) and not re.search(r"\d", phrase):
            continue
        start = text.find(phrase)
        out.append(FoundDate(when.date(), start, start + len(phrase), phrase))
    return out


def parse_date(text: str, locale: str = "de", today: date | None = None) -> date | None:
    """The first date in ``text``, or None."""
    hits = extract_dates(text, locale, today)
    return hits[0].value if hits else None
