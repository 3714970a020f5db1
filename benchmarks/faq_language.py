"""The answer language on the DEVELOPMENT sets (issue 16, item 3): how often the language guess
(flows/faq/language.py) gets English questions as English, German ones as German, German ones as
English (should be never) and leaves no-evidence fragments to the asker's locale; beside it the
whole-text lingua guess of before (confidence >= 0.7). Never run it on a held-out file.
Run: .venv/bin/python -m benchmarks.faq_language [--wrong]  (--wrong lists the misses)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from flows.faq import quality
from flows.faq.kb import KnowledgeBase
from flows.faq.language import LanguageGuess

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "data"


def whole_text() -> Callable[[str], str | None]:
    """The guess before session 26: lingua on the whole question, 0.7 or the asker's locale."""
    from lingua import Language, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.GERMAN).build()

    def guess(text: str) -> str | None:
        english = detector.compute_language_confidence(text, Language.ENGLISH)
        return "en" if english >= 0.7 else "de" if english <= 0.3 else None

    return guess


def dev_sets() -> dict[str, list[quality.LanguageCase]]:
    out = {"lang_dev.yml": quality.load_language_set(DEV / "lang_dev.yml")}
    for name in ("kb_dev.yml", "kb_public/dev.yml"):
        out[name] = [quality.LanguageCase(q.text, q.lang)
                     for q in quality.load_heldout(DEV / name)]
    return out


def line(name: str, s: quality.LanguageScores) -> str:
    return (f"| {name} | {s.en_as_en:.1%} of {s.n_en} | {s.de_as_de:.1%} of {s.n_de} "
            f"| {s.de_as_en:.1%} | {s.none_as_none:.1%} of {s.n_none} |")


def main(show_wrong: bool) -> None:
    entries = KnowledgeBase.load(ROOT / "content" / "kb").entries
    c0 = time.process_time()
    LanguageGuess(entries)  # the first one imports scikit-learn's and stop-words' lists
    first = time.process_time() - c0
    c0 = time.process_time()
    new = LanguageGuess(entries)  # as on every rebuild of the retriever
    built = time.process_time() - c0
    print("| set | guess | English as English | German as German | German as English "
          "| fragments left to the locale |\n|---|---|---|---|---|---|")
    for name, cases in dev_sets().items():
        for label, guess in (("whole text (before)", whole_text()), ("per word (after)", new)):
            s = quality.score_language(guess, cases)
            print(line(f"{name} | {label}", s))
            if show_wrong and guess is new:
                for text, lang, got in s.wrong:
                    print(f"    {lang} -> {got}: {text}")
    cases = [c for set_ in dev_sets().values() for c in set_]
    new = LanguageGuess(entries)  # a cold word cache: each question's words looked up once
    c0 = time.process_time()
    for c in cases:
        new(c.text)
    per = (time.process_time() - c0) / len(cases) * 1000
    print(f"\nLanguageGuess(entries) for the shipped KB: {built * 1000:.1f} ms CPU, "
          f"{len(new.names)} names (the first in a process: {first * 1000:.0f} ms, imports); "
          f"{per:.3f} ms CPU per question ({len(cases)} questions)")


if __name__ == "__main__":
    main("--wrong" in sys.argv[1:])
