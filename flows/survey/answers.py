"""Typed answers to survey questions: "4", "eher ja", "stimme zu", "8 von 10", "nö", with typos.

Pure logic: ``parse_answer(question, text)`` returns the answer value or None."""

from __future__ import annotations

import difflib
import re

from flows.survey.definition import SCALE_LABELS, Question

_SCALE = {
    5: ["stimme voll zu", "stimme voll und ganz zu", "voll und ganz", "trifft voll zu",
        "trifft voll und ganz zu", "absolut", "auf jeden fall", "ja absolut", "sehr", "voll",
        "strongly agree", "totally agree", "fully agree", "completely"],
    4: ["stimme zu", "stimme eher zu", "eher ja", "trifft eher zu", "trifft zu", "eher zu",
        "ja eher", "überwiegend", "weitgehend", "agree", "rather agree", "mostly", "somewhat agree"],
    3: ["teils", "teils teils", "teils, teils", "weder noch", "neutral", "mittel", "geht so",
        "halb halb", "unentschieden", "neither", "neither nor", "partly", "so so"],
    2: ["stimme eher nicht zu", "eher nicht", "eher nein", "trifft eher nicht zu",
        "stimme nicht zu", "trifft nicht zu", "eher weniger", "nicht so", "rather disagree",
        "disagree", "rather not", "somewhat disagree"],
    1: ["stimme gar nicht zu", "stimme überhaupt nicht zu", "gar nicht", "überhaupt nicht",
        "trifft gar nicht zu", "trifft überhaupt nicht zu", "auf keinen fall", "strongly disagree",
        "not at all", "totally disagree"],
}
_YES = ["ja", "jo", "jep", "jup", "jawohl", "klar", "genau", "sicher", "eher ja", "ja klar",
        "yes", "yep", "yeah", "sure", "rather yes"]
_NO = ["nein", "nö", "noe", "ne", "nee", "nope", "eher nein", "eher nicht", "nicht wirklich",
       "no", "rather not", "not really"]
LATER = re.compile(r"^(später|spaeter|spater|nicht jetzt|jetzt nicht|morgen|gleich|bitte später|"
                   r"später bitte|frag mich später|later|not now|ask me later|maybe later)[.! ]*$",
                   re.I)
SKIP = re.compile(r"^(überspringen|ueberspringen|skip|keine angabe|kein kommentar|nichts|"
                  r"nein danke|-|–|no comment|nothing)[.! ]*$", re.I)


def normalize(text: str) -> str:
    """Lower case, umlauts spelled out as such, punctuation and extra spaces removed."""
    t = text.lower().strip()
    for a, b in (("ae", "ä"), ("oe", "ö"), ("ue", "ü")):
        t = re.sub(rf"(?<=[bcdfghjklmnprstvwz]){a}", b, t)
    t = re.sub(r"[^\wäöüß ]+", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def _number(text: str) -> int | None:
    """The one whole number in the text ("4", "eine 8", "8/10" -> 8), else None."""
    found = re.findall(r"\d+", text)
    if len(found) == 2 and found[1] == "10" and re.search(r"\d\s*(/|von|of|out of)\s*10", text):
        return int(found[0])
    return int(found[0]) if len(found) == 1 else None


def _lookup(text: str, table: dict[str, int]) -> int | None:
    key = normalize(text)
    if key in table:
        return table[key]
    close = difflib.get_close_matches(key, list(table), n=1, cutoff=0.82)
    return table[close[0]] if close else None


def _table(pairs: dict[int, list[str]]) -> dict[str, int]:
    return {normalize(p): v for v, phrases in pairs.items() for p in phrases}


_SCALE_TABLE = _table({v: [*ps, SCALE_LABELS["de"][v - 1], SCALE_LABELS["en"][v - 1]]
                       for v, ps in _SCALE.items()})
_YESNO_TABLE = _table({1: _YES, 0: _NO})


def parse_answer(q: Question, text: str) -> int | None:
    """The value of a typed answer to a closed question, or None when it is not one."""
    number = _number(text)
    if q.type == "enps":
        return number if number is not None and 0 <= number <= 10 else None
    if q.type == "scale":
        if number is not None:
            return number if 1 <= number <= 5 else None
        own = {normalize(lbl): i for opts in q.options.values() for i, lbl in enumerate(opts, 1)}
        return _lookup(text, {**_SCALE_TABLE, **own})
    if q.type == "yesno":
        if number is not None:
            return {1: 1, 2: 0}.get(number)
        return _lookup(text, _YESNO_TABLE)
    if q.type == "choice":
        n = len(q.options["de"])
        if number is not None:
            return number if 1 <= number <= n else None
        own = {normalize(lbl): i for opts in q.options.values() for i, lbl in enumerate(opts, 1)}
        found = _lookup(text, own)
        if found is not None:
            return found
        key = normalize(text)
        hits = {i for label, i in own.items() if len(key) >= 4 and key in label}
        return hits.pop() if len(hits) == 1 else None
    return None
