"""The knowledge base: the shipped content is entries in the owner format (de + en, same ids),
covers the required topics, and no per-entry training data is left anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.faq.kb import ContentError, KnowledgeBase
from tests.german import german

ROOT = Path(__file__).resolve().parents[2]
REQUIRED_FACTS = {
    "mobile-work-extent": ["40"],
    "mobile-work-vpn": ["VPN"],
    "first-day": ["Dienstausweis"],
    "staff-council": ["Personalrat"],
}


def test_shipped_content_loads_in_both_locales_with_the_same_ids() -> None:
    kb = KnowledgeBase.load(ROOT / "content" / "kb")
    assert len(kb.ids()) >= 17
    for entry_id in kb.ids():
        assert kb.locales(entry_id) == {"de", "en"}, entry_id
        de, en = kb.by_id(entry_id, "de"), kb.by_id(entry_id, "en")
        assert de is not None and en is not None and (de.locale, en.locale) == ("de", "en")
        assert de.source and de.owner and de.alternatives, entry_id


@pytest.mark.parametrize(("entry_id", "facts"), REQUIRED_FACTS.items())
def test_required_facts_are_answered(entry_id: str, facts: list[str]) -> None:
    entry = KnowledgeBase.load(ROOT / "content" / "kb").by_id(entry_id, "de")
    assert entry is not None and entry.locale == "de"
    for fact in facts:
        assert fact in entry.answer


def test_no_faq_intent_is_left_in_the_training_data() -> None:
    """Entries are content: the classifier keeps feature intents only (issue 16, item 1)."""
    from bot.runtime import load_training_data
    from flows import all_features

    intents = load_training_data(all_features(ROOT / "content")).intents
    assert not [i for i in intents if i.startswith("faq")]
    assert {"lunch_join", "survey_start", "commitments_take", "out_of_scope"} <= set(intents)


def test_a_lookup_in_a_missing_locale_falls_back_to_german() -> None:
    kb = KnowledgeBase.load(ROOT / "content" / "kb")
    de = [e for e in kb.entries if e.locale == "de"]
    only_german = KnowledgeBase(de)
    found = only_german.by_id("mobile-work-vpn", "en")
    assert found is not None and found.locale == "de"
    assert only_german.by_id("no-such-entry", "de") is None


def test_an_entry_without_a_german_version_is_refused(tmp_path: Path) -> None:
    (tmp_path / "en.yml").write_text(
        "version: 1\nentries:\n- id: x\n  locale: en\n  question: X?\n  answer: A\n"
        "  source: S\n  owner: O\n  reviewed: 2026-01-01\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        KnowledgeBase.load(tmp_path)
    assert "x" in german(err.value) and german(err.value).startswith(str(tmp_path))


def test_a_broken_entry_names_file_line_and_field(tmp_path: Path) -> None:
    (tmp_path / "de.yml").write_text(
        "version: 1\nentries:\n- id: x\n  locale: de\n  question: X?\n  answer: A\n"
        "  source: S\n  owner: O\n  reviewed: neulich\n", encoding="utf-8")
    with pytest.raises(Exception) as err:
        KnowledgeBase.load(tmp_path)
    assert "Zeile 9, Feld „reviewed“" in german(err.value)
