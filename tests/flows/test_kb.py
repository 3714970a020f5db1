"""The knowledge base: the shipped content loads and covers the required topics; errors locate."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.faq.kb import ContentError, KnowledgeBase, load_file

ROOT = Path(__file__).resolve().parents[2]
REQUIRED_FACTS = {
    "faq_mobile_extent": ["40"],
    "faq_mobile_vpn": ["VPN"],
    "faq_first_day": ["Dienstausweis"],
    "faq_staff_council": ["Personalrat"],
}


def test_shipped_content_loads_in_both_locales() -> None:
    kb = KnowledgeBase.load(ROOT / "content" / "kb")
    for intent in kb.intents():
        de, en = kb.get(intent, "de"), kb.get(intent, "en")
        assert de is not None and en is not None
        assert de.locale == "de" and en.locale == "en", intent
        assert de.source and de.owner


@pytest.mark.parametrize(("intent", "facts"), REQUIRED_FACTS.items())
def test_required_facts_are_answered(intent: str, facts: list[str]) -> None:
    kb = KnowledgeBase.load(ROOT / "content" / "kb")
    entry = kb.get(intent, "de")
    if entry is None:
        pytest.fail(f"knowledge base lacks {intent}")
    for fact in facts:
        assert fact in entry.answer


ENTRY = """- id: x
  intent: faq_x
  title: X?
  answer: Antwort
  source: Quelle
  owner: Amt
  reviewed: 2026-01-01
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (ENTRY.replace("  answer: Antwort\n", ""), "line 1: field 'answer' is missing"),
        (ENTRY + ENTRY.replace("id: x", "id: y"), "'faq_x' is used by more than one entry"),
        (ENTRY.replace("2026-01-01", "neulich"), "line 1: field 'reviewed' must be a date"),
        (ENTRY.replace("faq_x", "x"), "field 'intent' must start with 'faq_'"),
        ("- id: [\n", "line 2"),
    ],
)
def test_broken_content_names_file_line_and_field(tmp_path: Path, text: str, message: str) -> None:
    f = tmp_path / "de.yml"
    f.write_text(text)
    with pytest.raises(ContentError) as err:
        load_file(f, "de")
    assert str(f) in str(err.value) and message in str(err.value)
