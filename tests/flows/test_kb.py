"""The knowledge base: the shipped content loads and covers the required topics; errors locate."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.faq.kb import ContentError, KnowledgeBase, load_file
from tests.german import german

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
        (ENTRY.replace("  answer: Antwort\n", ""), "Zeile 1, Feld „answer“: fehlt"),
        (ENTRY.replace("Antwort", "'  '"), "Zeile 4, Feld „answer“: fehlt"),
        (ENTRY + ENTRY.replace("id: x", "id: y"),
         "Zeile 9, Feld „intent“: faq_x steht in mehr als einem Eintrag (auch Eintrag 1)"),
        (ENTRY.replace("2026-01-01", "neulich"), "Zeile 7, Feld „reviewed“: kein Datum"),
        (ENTRY.replace("2026-01-01", "2026-02-31"),
         "Zeile 7, Feld „reviewed“: dieses Datum gibt es nicht: 2026-02-31"),
        (ENTRY.replace("faq_x", "x"), "Zeile 2, Feld „intent“: eine FAQ-Absicht beginnt mit faq_"),
        (ENTRY.replace("title: X?", "title: [X, Y]"), "Zeile 3, Feld „title“: erwartet wird ein Text"),
        (ENTRY + "  colour: red\n", "Zeile 8, Feld „colour“: unbekanntes Feld"),
        ("- id: [\n", "Zeile 2: kein gültiges YAML"),
    ],
)
def test_broken_content_names_file_line_and_field(tmp_path: Path, text: str, message: str) -> None:
    """Every field is checked by the schema (EntryIn); the error is German, with file and line."""
    f = tmp_path / "de.yml"
    f.write_text(text)
    with pytest.raises(ContentError) as err:
        load_file(f, "de")
    assert german(err.value).startswith(f"{f}, ") and message in german(err.value)
