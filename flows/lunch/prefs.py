"""Reading preferences from chat text: weekdays ("dienstags und donnerstags", "Mo-Mi") and a
site among the known ones (typos allowed). Pure functions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import get_close_matches

DAY_NAMES = {
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
}
_SHORT_DE = {"mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4}
_SHORT_EN = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4}
_ANY = re.compile(r"\b(egal|jeder tag|jeden tag|alle tage|immer|any day|every day|whenever)\b")
_RANGE = re.compile(r"^(bis|-|–|to|through|until)$")
_TOKEN = re.compile(r"[a-zäöüß]+|[-–]")


def _day(token: str, locale: str) -> int | None:
    word = re.sub(r"(s|en)$", "", token) if len(token) > 4 else token  # dienstags -> dienstag
    if word in DAY_NAMES:
        return DAY_NAMES[word]
    if token in _SHORT_EN:
        return _SHORT_EN[token]
    if locale.startswith("de") and token in _SHORT_DE:
        return _SHORT_DE[token]
    if len(word) >= 6:
        close = get_close_matches(word, DAY_NAMES, n=1, cutoff=0.8)
        if close:
            return DAY_NAMES[close[0]]
    return None


def parse_weekdays(text: str, locale: str = "de") -> frozenset[int] | None:
    """Weekdays named in ``text`` (0=Monday); an empty set for "egal"; None when none named."""
    lower = text.lower()
    if _ANY.search(lower):
        return frozenset()
    tokens = _TOKEN.findall(lower)
    days: set[int] = set()
    last: int | None = None
    pending_range = False
    for tok in tokens:
        d = _day(tok, locale)
        if d is None:
            if _RANGE.match(tok):
                pending_range = last is not None
            elif tok not in ("zum", "zu", "am"):
                pending_range = False
            continue
        if pending_range and last is not None and last <= d:
            days.update(range(last, d + 1))
        days.add(d)
        last, pending_range = d, False
    return frozenset(days) if days else None


def match_site(text: str, sites: Iterable[str]) -> str | None:
    """The known site named in ``text`` (case and small typos ignored)."""
    known = {s.lower(): s for s in sites if s}
    lower = text.lower()
    for key in sorted(known, key=len, reverse=True):
        if re.search(rf"\b{re.escape(key)}\b", lower):
            return known[key]
    words = re.findall(r"[\wäöüß-]+", lower)
    candidates = words + [" ".join(words[i:i + 2]) for i in range(len(words) - 1)]
    for word in candidates:
        close = get_close_matches(word, known, n=1, cutoff=0.85)
        if close:
            return known[close[0]]
    return None


_NEXT_WEEK = re.compile(r"\b(n(ä|ae|a)chste[nr]?|kommende[nr]?|next)\s+woche\b|\bnext\s+week\b")


def says_next_week(text: str) -> bool:
    """Whether the text is about next week ("nächste Woche nicht", "next week"), not this one."""
    return bool(_NEXT_WEEK.search(text.lower()))
