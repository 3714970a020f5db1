"""Pure checklist logic: match "Dienstausweis abgeholt" to an item by fuzzy words; progress."""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from flows.onboarding.journeys import Item
from nlu.text import normalize

MIN_WORD = 3
MIN_RATIO = 0.8
# Words that say "done" or are too common to identify an item.
STOP = {"abgehakt", "abgeholt", "ausgefuellt", "bekommen", "bereits", "bin", "completed", "das",
        "dem", "den", "der", "die", "done", "eine", "einen", "eingerichtet", "erhalten",
        "erledigt", "fertig", "finished", "gelesen", "gemacht", "got", "hab", "habe", "have",
        "heute", "ich", "ist", "jetzt", "mein", "meine", "meinen", "mit", "picked", "schon",
        "sind", "the", "und", "with"}


# Words that say an item is done, and words that say it is not or that something is wrong: a
# message ticks an item off without asking only with one of the first and none of the second
# ("Dienstausweis abgeholt", not "Ausweis verloren", "VPN geht noch nicht" or "Dienstausweis
# wann"). Folded as normalize() folds (ä -> ae). The shipped items' own participles are among
# them ("Ablage beschrieben", "Key contacts noted"): tests/onboarding/test_checklist.py.
DONE = {"abgehakt", "abhaken", "abgeholt", "abgestimmt", "agreed", "ausgefuellt", "bekommen",
        "beschrieben", "besprochen", "completed", "described", "discussed", "documented",
        "dokumentiert", "done", "eingearbeitet", "eingerichtet", "erhalten", "erledigt",
        "erstellt", "fertig", "finished", "funktioniert", "geaendert", "geklappt", "gelesen",
        "gemacht", "got", "hab", "habe", "handed", "have", "inducted", "laeuft", "noted",
        "notiert", "picked", "received", "returned", "set", "signed", "uebergeben",
        "unterschrieben", "works", "written", "zurueckgegeben"}
NOT_DONE = {"defekt", "fehlt", "forgot", "kaputt", "kein", "keine", "keinen", "lost", "missing",
            "nich", "nicht", "noch", "not", "verloren", "vergessen", "wann", "weg", "when",
            "where", "wie", "wo", "yet"}


def says_done(text: str) -> bool:
    """Whether ``text`` says something is done (and nothing that says it is not)."""
    words = set(normalize(text).split())
    return bool(words & DONE) and not words & NOT_DONE


def _words(text: str) -> list[str]:
    return [w for w in normalize(text).split() if len(w) >= MIN_WORD and w not in STOP]


def _similar(a: str, b: str) -> float:
    if a == b or (min(len(a), len(b)) >= 6 and (a.startswith(b) or b.startswith(a))):
        return 1.0
    return SequenceMatcher(None, a, b).ratio()


def score(text: str, item: Item) -> float:
    """How well ``text`` names ``item``: the best word match against keywords and item text."""
    said = _words(text)
    keywords = {normalize(k) for k in item.keywords}
    best = 0.0
    for term in keywords | set(_words(item.text)):
        for word in said:
            best = max(best, _similar(word, term) * (1.0 if term in keywords else 0.9))
    return best


def match_items(text: str, items: Sequence[Item]) -> list[Item]:
    """Items the text most likely names (several when tied), or none below the threshold."""
    scored = [(score(text, i), i) for i in items]
    top = max((s for s, _ in scored), default=0.0)
    if top < MIN_RATIO:
        return []
    return [i for s, i in scored if s >= top - 0.02]
