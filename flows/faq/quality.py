"""Knowledge-base quality: held-out questions, what the bot did with each, and the figures."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from flows.types import Translator, UserError

OUT_OF_SCOPE = "out_of_scope"
Kind = Literal["answer", "refer", "suggest", "fallback", "feature"]
DECLINED = ("refer", "suggest", "fallback")  # no entry answered (whom to ask, did you mean, fallback)


@dataclass(frozen=True)
class Question:
    """One held-out question: its text, the entry id that answers it (or out_of_scope), language."""

    text: str
    gold: str
    lang: str


@dataclass(frozen=True)
class Outcome:
    """What the bot did: answered with an entry (in a locale), named whom to ask (a referral
    entry: no answer), suggested entries, fell back, or routed the question to a feature intent
    (lunch, surveys, ...)."""

    kind: Kind
    entry: str | None = None
    locale: str | None = None
    suggested: tuple[str, ...] = ()


Answerer = Callable[[str, str], Outcome]  # (question, asker's locale) -> outcome


def load_heldout(path: Path) -> list[Question]:
    """Read tests/data/kb_heldout.yml: ``entries: {id: {de: [...], en: [...]}}`` and
    ``out_of_scope: {de: [...], en: [...]}``."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        questions = [
            Question(str(text), str(entry_id), str(lang))
            for entry_id, by_lang in doc["entries"].items()
            for lang, texts in by_lang.items()
            for text in texts
        ]
        questions += [
            Question(str(text), OUT_OF_SCOPE, str(lang))
            for lang, texts in doc["out_of_scope"].items()
            for text in texts
        ]
    except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise UserError(
            f"{path}: not a held-out file (expected 'entries: {{id: {{de: [...], en: [...]}}}}' "
            f"and 'out_of_scope: {{de: [...], en: [...]}}'): {exc}"
        ) from exc
    return questions


@dataclass(frozen=True)
class LanguageCase:
    """One question of a language set: its text and its language (None: no evidence either
    way, e.g. "VPN" or "Homeoffice": the asker's locale decides)."""

    text: str
    lang: str | None


LANGUAGE_LABELS = {"de": "de", "en": "en", "none": None}


def load_language_set(path: Path) -> list[LanguageCase]:
    """Read tests/data/lang_dev.yml: ``version: 1`` and lists ``en:``, ``de:``, ``none:``."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if doc.get("version") != 1 or not set(doc) - {"version"} <= set(LANGUAGE_LABELS):
            raise KeyError("version: 1 and only en, de, none")
        cases = [LanguageCase(text, LANGUAGE_LABELS[key])
                 for key in LANGUAGE_LABELS for text in doc.get(key) or []]
        if not all(isinstance(c.text, str) and c.text for c in cases):
            raise TypeError("every question is a text")
    except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise UserError(f"{path}: not a language set (expected 'version: 1' and lists 'en:', "
                        f"'de:', 'none:' of questions): {exc}") from exc
    return cases


@dataclass(frozen=True)
class LanguageScores:
    """How a language guess does on a language set; a None guess means the asker's locale."""

    n_en: int
    n_de: int
    n_none: int
    en_as_en: float  # English questions guessed English: answered in English for a German asker
    de_as_de: float  # German questions guessed German: answered in German for an English asker
    de_as_en: float  # German questions guessed English: answered in English for everyone (0!)
    none_as_none: float  # no-evidence fragments left to the asker's locale
    wrong: tuple[tuple[str, str | None, str | None], ...]  # (text, language, guess)


def score_language(guess: Callable[[str], str | None],
                   cases: Sequence[LanguageCase]) -> LanguageScores:
    """Guess every case's language and compare."""
    got = [(c, guess(c.text)) for c in cases]

    def share(lang: str | None, want: str | None) -> float:
        of = [g for c, g in got if c.lang == lang]
        return _share(sum(g == want for g in of), len(of))

    return LanguageScores(
        n_en=sum(c.lang == "en" for c in cases), n_de=sum(c.lang == "de" for c in cases),
        n_none=sum(c.lang is None for c in cases), en_as_en=share("en", "en"),
        de_as_de=share("de", "de"), de_as_en=share("de", "en"), none_as_none=share(None, None),
        wrong=tuple((c.text, c.lang, g) for c, g in got if g != c.lang))


@dataclass
class KbScores:
    """The figures the issue asks for; rates are shares of the named denominators."""

    n_in: int = 0
    n_oos: int = 0
    right: float = 0.0  # in scope: answered with the right entry
    right_or_suggested: float = 0.0  # in scope: answered right, or the right entry suggested
    oos_rejection: float = 0.0  # out of scope: no entry answered and no feature triggered
    referred_in: int = 0  # in-scope questions that got a referral (whom to ask) instead
    referred_oos: int = 0  # out-of-scope questions that got a referral
    confident_wrong: float = 0.0  # all questions: answered with an entry that is not the gold one
    confident_wrong_in: float = 0.0  # in scope: answered with another entry
    confident_wrong_oos: float = 0.0  # out of scope: answered with some entry
    feature_routed: int = 0  # questions sent to a feature intent instead
    english_n: int = 0  # English in-scope questions that got an answer
    english_in_english: float = 0.0  # of those, answered in English (asker's locale German)
    german_n: int = 0  # German in-scope questions that got an answer
    german_in_english: float = 0.0  # of those, answered in English (should be none, any locale)
    wrong: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self, with_errors: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            k: (round(v, 4) if isinstance(v, float) else v)
            for k, v in self.__dict__.items() if k != "wrong"
        }
        if with_errors:
            out["errors"] = self.wrong
        return out


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def score(questions: Sequence[Question], outcomes: Sequence[Outcome]) -> KbScores:
    """Compare outcomes with the gold labels."""
    pairs = list(zip(questions, outcomes, strict=True))
    inscope = [(q, o) for q, o in pairs if q.gold != OUT_OF_SCOPE]
    oos = [(q, o) for q, o in pairs if q.gold == OUT_OF_SCOPE]
    wrong_in = sum(o.kind == "answer" and o.entry != q.gold for q, o in inscope)
    wrong_oos = sum(o.kind == "answer" for _, o in oos)
    english = [o for q, o in inscope if q.lang == "en" and o.kind == "answer"]
    german = [o for q, o in inscope if q.lang == "de" and o.kind == "answer"]
    s = KbScores(n_in=len(inscope), n_oos=len(oos))
    s.right = _share(sum(o.kind == "answer" and o.entry == q.gold for q, o in inscope), len(inscope))
    s.right_or_suggested = _share(
        sum((o.kind == "answer" and o.entry == q.gold) or q.gold in o.suggested
            for q, o in inscope), len(inscope))
    s.oos_rejection = _share(sum(o.kind in DECLINED for _, o in oos), len(oos))
    s.referred_in = sum(o.kind == "refer" for _, o in inscope)
    s.referred_oos = sum(o.kind == "refer" for _, o in oos)
    s.confident_wrong = _share(wrong_in + wrong_oos, len(pairs))
    s.confident_wrong_in = _share(wrong_in, len(inscope))
    s.confident_wrong_oos = _share(wrong_oos, len(oos))
    s.feature_routed = sum(o.kind == "feature" for _, o in pairs)
    s.english_n = len(english)
    s.english_in_english = _share(sum(o.locale == "en" for o in english), len(english))
    s.german_n = len(german)
    s.german_in_english = _share(sum(o.locale == "en" for o in german), len(german))
    s.wrong = [
        {"text": q.text, "gold": q.gold, "lang": q.lang, "kind": o.kind, "entry": o.entry,
         "suggested": list(o.suggested)}
        for q, o in pairs
        if not ((q.gold == OUT_OF_SCOPE and o.kind in DECLINED)
                or (o.kind == "answer" and o.entry == q.gold))
    ]
    return s


def evaluate(answer: Answerer, questions: Sequence[Question], locale: str = "de") -> KbScores:
    """Ask every question as a user with ``locale`` and score what came back."""
    return score(questions, [answer(q.text, locale) for q in questions])


def as_text(title: str, s: KbScores, t: Translator) -> str:
    """The figures of one answer path, in ``t``'s language."""
    p = t.format_percent
    return "\n".join([
        t.gettext("== {title} ({n_in} in scope, {n_oos} near-domain out of scope)").format(
            title=title, n_in=s.n_in, n_oos=s.n_oos),
        t.gettext("right (top answer): {right}   right or among suggestions: {suggested}").format(
            right=p(s.right), suggested=p(s.right_or_suggested)),
        t.gettext("near-domain rejection: {share}").format(share=p(s.oos_rejection)),
        t.gettext("referred (whom to ask): {inside} in scope, {outside} out of scope").format(
            inside=s.referred_in, outside=s.referred_oos),
        t.gettext("CONFIDENT WRONG: {share} of all questions (in scope {inside}, out of scope "
                  "{outside})").format(share=p(s.confident_wrong), inside=p(s.confident_wrong_in),
                                       outside=p(s.confident_wrong_oos)),
        t.gettext("routed to a feature intent: {n}").format(n=s.feature_routed),
        t.gettext("English questions answered in English: {share} of {n}").format(
            share=p(s.english_in_english), n=s.english_n),
        t.gettext("German questions answered in English: {share} of {n}").format(
            share=p(s.german_in_english), n=s.german_n),
    ])
