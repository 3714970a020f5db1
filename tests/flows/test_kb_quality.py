"""Knowledge-base quality on the held-out questions: the set itself, the scoring, the ceilings."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from bot.kb_evaluate import build, measure, retrieval_answerer
from flows.faq.entries import read_entries
from flows.faq.kb import KnowledgeBase
from flows.faq.quality import OUT_OF_SCOPE, Outcome, Question, load_heldout, score
from flows.faq.retrieval import Retriever
from flows.types import UserError

ROOT = Path(__file__).resolve().parents[2]
HELDOUT = ROOT / "tests" / "data" / "kb_heldout.yml"
PUBLIC = ROOT / "tests" / "data" / "kb_public"

# Floors at the level the entry-based retrieval reaches on the held-out sets (benchmarks/
# RESULTS.md, "Session 24, ranking"), minus a small margin (about two points; the confident-wrong
# ceiling is the achieved figure plus about one point). A regression fails. The confident-wrong
# ceiling is the figure that matters most: an answer that looks authoritative and is wrong.
# Tighten these when retrieval gets better; never loosen them to make a change pass.
# Session 25 re-set the shipped floors once, because the set itself changed: 19 entries and 101
# held-out questions for the seed documents were added ("Session 25, shipped knowledge base covers
# the seeds" in RESULTS.md); on the old 425 questions alone right fell 72.0 -> 67.8 %.
# Session 29 raised the floors for the fused ranking (RESULTS.md, "Session 29"); its shipped
# confident-wrong figure rose 1.5 -> 2.1 %, still under the ceiling, which stays where it was.
CONFIDENT_WRONG_MAX = 0.025  # achieved 2.1 % (session 29; 1.5 % before the fused ranking, 1.9 % lexical)
RIGHT_MIN = 0.76  # achieved 78.4 % (session 29, the fused ranking; was 67.4 %)
RIGHT_OR_SUGGESTED_MIN = 0.96  # achieved 98.7 %
OOS_REJECTION_MIN = 0.93  # achieved 94.4 %
ENGLISH_IN_ENGLISH_MIN = 0.97  # achieved 100 % of 59 (session 26, flows/faq/language.py; was 91.5 %)
GERMAN_IN_ENGLISH_MAX = 0.0  # asker's locale German: achieved 0 of 209 (before and after session 26)
EN_ASKER_GERMAN_IN_ENGLISH_MAX = 0.05  # asker's locale English: achieved 3.8 % of 209 (was 2.4 %)
BOT_RIGHT_MIN = 0.75  # the bot's path (classifier first): achieved 77.6 % (was 66.9 %)
BOT_FEATURE_ROUTED_MAX = 30  # FAQ and near-domain questions a feature intent took
PUBLIC_CONFIDENT_WRONG_MAX = 0.02  # at scale (171 entries): achieved 0.9 % (before and after)
PUBLIC_RIGHT_MIN = 0.48  # achieved 50.0 % (was 33.8 %): far below the 90 %, RESULTS.md
PUBLIC_RIGHT_OR_SUGGESTED_MIN = 0.92  # achieved 94.5 % (was 91.1 %)
# Parse time is no longer asserted here (a timed test; the project's rule puts performance in
# benchmarks/): `flurfunk kb evaluate` reports p50/p99 per mode side by side, RESULTS.md session 26.


def _shipped() -> Retriever:
    kb = KnowledgeBase.load(ROOT / "content" / "kb")
    return Retriever.build(kb.entries, ROOT / "content" / "synonyms.yml")


def test_heldout_set_is_big_enough_and_every_label_is_a_shipped_entry() -> None:
    questions = load_heldout(HELDOUT)
    inscope = [q for q in questions if q.gold != OUT_OF_SCOPE]
    oos = [q for q in questions if q.gold == OUT_OF_SCOPE]
    assert len(inscope) >= 300 and len(oos) >= 100
    english = sum(q.lang == "en" for q in inscope) / len(inscope)
    assert 0.15 <= english <= 0.30
    assert {q.lang for q in questions} == {"de", "en"}
    ids = {e.id for e in KnowledgeBase.load(ROOT / "content" / "kb").entries if not e.referral}
    assert {q.gold for q in inscope} == ids  # every shipped entry is asked about, nothing else


def test_no_kb_heldout_question_is_in_the_training_data() -> None:
    from bot.runtime import load_training_data
    from flows import all_features
    from nlu.text import normalize

    train = {normalize(e.text) for e in load_training_data(all_features(ROOT / "content")).examples}
    leaked = [q.text for q in load_heldout(HELDOUT) if normalize(q.text) in train]
    assert leaked == []


def test_a_broken_heldout_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "h.yml"
    bad.write_text("entries: [1, 2]\n", encoding="utf-8")
    with pytest.raises(UserError, match="not a held-out file"):
        load_heldout(bad)


QS = [
    Question("wie viel homeoffice", "mobile-work-extent", "de"),
    Question("how much home office", "mobile-work-extent", "en"),
    Question("vpn", "mobile-work-vpn", "de"),
    Question("urlaub beantragen", OUT_OF_SCOPE, "de"),
    Question("kantine", OUT_OF_SCOPE, "de"),
]


def test_scoring_counts_confident_wrong_apart_from_rejection() -> None:
    outcomes = [
        Outcome("answer", "mobile-work-extent", "de"),
        Outcome("answer", "mobile-work-extent", "en"),
        Outcome("suggest", suggested=("mobile-work-vpn",)),
        Outcome("answer", "mobile-work-arrange", "de"),  # the "urlaub" confident wrong
        Outcome("fallback"),
    ]
    s = score(QS, outcomes)
    assert s.right == pytest.approx(2 / 3)
    assert s.right_or_suggested == 1.0
    assert s.oos_rejection == 0.5
    assert s.confident_wrong == pytest.approx(1 / 5)
    assert (s.confident_wrong_in, s.confident_wrong_oos) == (0.0, 0.5)
    assert (s.english_n, s.english_in_english) == (1, 1.0)
    assert (s.german_n, s.german_in_english) == (1, 0.0)
    assert [e["text"] for e in s.wrong] == ["vpn", "urlaub beantragen"]
    s = score(QS, [Outcome("answer", "mobile-work-extent", "en"), *outcomes[1:]])
    assert (s.german_n, s.german_in_english) == (1, 1.0)


def test_a_path_that_always_answers_breaks_the_ceiling() -> None:
    """The ceiling test below can fail: a path that never says "I don't know" is far above it."""
    always = measure("always", lambda text, locale: Outcome("answer", "mobile-work-extent", "de"),
                     load_heldout(HELDOUT))
    assert always.scores.confident_wrong > CONFIDENT_WRONG_MAX
    assert always.scores.oos_rejection < OOS_REJECTION_MIN


def _errors(s: object) -> str:
    return "\n".join(f"{e['text']!r}: {e['gold']} -> {e['kind']} {e['entry']}"
                      for e in s.wrong)  # type: ignore[attr-defined]


def test_retrieval_stays_within_its_floors_on_the_shipped_heldout_set() -> None:
    s = measure("retrieval", retrieval_answerer(_shipped(), None), load_heldout(HELDOUT)).scores
    assert s.confident_wrong <= CONFIDENT_WRONG_MAX, _errors(s)
    assert s.right >= RIGHT_MIN, _errors(s)
    assert s.right_or_suggested >= RIGHT_OR_SUGGESTED_MIN, _errors(s)
    assert s.oos_rejection >= OOS_REJECTION_MIN, _errors(s)
    assert s.english_in_english >= ENGLISH_IN_ENGLISH_MIN, _errors(s)
    assert s.german_in_english <= GERMAN_IN_ENGLISH_MAX, _errors(s)


def test_german_questions_from_an_english_asker_are_rarely_answered_in_english() -> None:
    """A German question the guess is unsure of keeps the asker's locale (English here)."""
    s = measure("retrieval", retrieval_answerer(_shipped(), None), load_heldout(HELDOUT),
                locale="en").scores
    assert s.german_in_english <= EN_ASKER_GERMAN_IN_ENGLISH_MAX


def test_the_bots_path_keeps_faq_questions_away_from_feature_intents(tmp_path: Path) -> None:
    settings = Settings(content_dir=str(ROOT / "content"), var_dir=str(tmp_path))
    retriever, model = build(settings)
    s = measure("bot", retrieval_answerer(retriever, model), load_heldout(HELDOUT)).scores
    assert s.confident_wrong <= CONFIDENT_WRONG_MAX, _errors(s)
    assert s.right >= BOT_RIGHT_MIN, _errors(s)
    assert s.feature_routed <= BOT_FEATURE_ROUTED_MAX, _errors(s)


def test_retrieval_at_scale_stays_within_its_floors() -> None:
    """The public test knowledge base (171 entries) with its own held-out questions."""
    entries = read_entries(PUBLIC / "entries.yml")
    retriever = Retriever.build(entries, ROOT / "content" / "synonyms.yml")
    f = measure("public", retrieval_answerer(retriever, None), load_heldout(PUBLIC / "heldout.yml"))
    s = f.scores
    assert s.n_in >= 300 and s.n_oos >= 80
    assert s.confident_wrong <= PUBLIC_CONFIDENT_WRONG_MAX, _errors(s)
    assert s.right >= PUBLIC_RIGHT_MIN, _errors(s)
    assert s.right_or_suggested >= PUBLIC_RIGHT_OR_SUGGESTED_MIN, _errors(s)


def test_without_the_coverage_gate_retrieval_answers_wrongly_far_more(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gates are what keep "Wie beantrage ich Urlaub?" from the mobile-work answer."""
    from flows.faq import retrieval

    for gate in ("COVER_MIN", "LEAD_MIN", "SIM_MIN", "FUSED_LEAD_MIN", "FUSED_COVER_MIN"):
        monkeypatch.setattr(retrieval, gate, 0.0)
    monkeypatch.setattr(retrieval, "DENSE_SIM_MIN", -1.0)
    s = measure("weakened", retrieval_answerer(_shipped(), None), load_heldout(HELDOUT)).scores
    assert s.confident_wrong > 2 * CONFIDENT_WRONG_MAX


def test_the_dev_sets_share_no_question_with_the_heldout_sets() -> None:
    from nlu.text import normalize

    for dev, heldout in ((ROOT / "tests/data/kb_dev.yml", HELDOUT),
                         (PUBLIC / "dev.yml", PUBLIC / "heldout.yml")):
        held = {normalize(q.text) for q in load_heldout(heldout)}
        assert not [q.text for q in load_heldout(dev) if normalize(q.text) in held]


def test_no_question_is_asked_twice_in_a_dev_or_heldout_set() -> None:
    """A repeated question counts twice in every figure."""
    from collections import Counter

    from nlu.text import normalize

    for path in (ROOT / "tests/data/kb_dev.yml", HELDOUT, PUBLIC / "dev.yml", PUBLIC / "heldout.yml"):
        seen = Counter(normalize(q.text) for q in load_heldout(path))
        assert not [t for t, n in seen.items() if n > 1], path


@pytest.mark.parametrize(("dev", "kb", "min_in", "min_oos", "min_per_entry"), [
    (ROOT / "tests/data/kb_dev.yml", ROOT / "content" / "kb", 280, 200, 5),
    (PUBLIC / "dev.yml", PUBLIC / "entries.yml", 470, 150, 2),
])
def test_the_dev_sets_are_big_enough_to_show_a_small_regression(
        dev: Path, kb: Path, min_in: int, min_oos: int, min_per_entry: int) -> None:
    """Session 26 sized the dev sets so that two questions move a figure by well under a point;
    every label is an entry that exists (a renamed id would otherwise count as a wrong answer)."""
    from collections import Counter

    questions = load_heldout(dev)
    per_entry = Counter(q.gold for q in questions if q.gold != OUT_OF_SCOPE)
    assert sum(per_entry.values()) >= min_in
    assert sum(q.gold == OUT_OF_SCOPE for q in questions) >= min_oos
    ids = {e.id for e in (KnowledgeBase.load(kb).entries if kb.is_dir() else read_entries(kb))
           if not e.referral}  # a referral answers no question: no question is labelled with it
    assert set(per_entry) == ids
    assert min(per_entry.values()) >= min_per_entry
    assert {q.lang for q in questions} == {"de", "en"}
