"""``kb check`` findings: due for review, entries answering the same questions, missing
translations; and the ``flurfunk kb check`` / ``kb list`` commands in German."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import yaml
from rapidfuzz import fuzz, utils

from flows.faq import kb_check
from flows.faq.entries import Entry, read_entries
from tests.conftest import CliRun

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = ROOT / "tests/data/kb_public/entries.yml"


def _entry(id: str, question: str, locale: str = "de", reviewed: str = "2026-01-10",
           alternatives: tuple[str, ...] = ()) -> Entry:
    return Entry.model_validate({"id": id, "locale": locale, "question": question,
                                 "alternatives": list(alternatives), "answer": "Antwort.",
                                 "source": "Quelle", "owner": "Personalamt",
                                 "reviewed": reviewed})


def test_due_for_review_after_the_configured_days() -> None:
    entries = [_entry("alt", "Wie beantrage ich Urlaub?", reviewed="2025-01-09"),
               _entry("grenze", "Was ist Gleitzeit?", reviewed="2025-01-10"),
               _entry("frisch", "Wer zahlt den Bürostuhl?", reviewed="2026-06-01")]
    today = date(2026, 1, 10)
    assert [(d.id, d.days) for d in kb_check.due_for_review(entries, today)] == [("alt", 366)]
    assert [d.id for d in kb_check.due_for_review(entries, today, days=30)] == ["alt", "grenze"]
    assert kb_check.due_for_review(entries, date(2025, 6, 1)) == []


def test_two_entries_answering_the_same_question_are_named() -> None:
    entries = [_entry("urlaub", "Wie beantrage ich Urlaub?"),
               _entry("urlaub-2", "Bildungszeit", alternatives=("Wo beantrage ich meinen Urlaub?",)),
               _entry("gleittag", "Wie beantrage ich einen Gleittag?"),
               _entry("urlaub-en", "Wie beantrage ich Urlaub?", locale="en")]
    (o,) = kb_check.overlaps(entries)
    assert (o.first, o.second, o.locale) == ("urlaub", "urlaub-2", "de")
    assert (o.first_phrase, o.second_phrase) == ("Wie beantrage ich Urlaub?",
                                                 "Wo beantrage ich meinen Urlaub?")
    assert o.score >= kb_check.OVERLAP_BAR
    # a near miss ("einen Gleittag" vs "Urlaub") stays below the bar; one entry never pairs
    # with itself, nor an entry with its own translation
    assert fuzz.token_set_ratio("Wie beantrage ich einen Gleittag?", "Wie beantrage ich Urlaub?",
                                processor=utils.default_process) < kb_check.OVERLAP_BAR
    assert kb_check.overlaps(entries[2:]) == []


def test_the_public_kb_has_no_overlaps_at_the_bar_but_would_at_a_low_one() -> None:
    entries = read_entries(PUBLIC)
    assert kb_check.overlaps(entries) == []
    # the check can fire on this file: at 80 it pairs the "Wie beantrage ich ...?" questions
    assert kb_check.overlaps(entries, bar=80)


def test_missing_translations_name_the_id_and_the_locale() -> None:
    entries = [_entry("vpn", "VPN?"), _entry("vpn", "VPN?", locale="en"),
               _entry("urlaub", "Urlaub?"), _entry("canteen", "Canteen?", locale="en")]
    missing = kb_check.missing_translations(entries)
    assert [(m.id, m.present, m.missing) for m in missing] == [
        ("canteen", ("en",), ("de",)), ("urlaub", ("de",), ("en",))]
    assert kb_check.missing_translations(entries[:2]) == []
    assert kb_check.missing_translations([_entry("a", "A?"), _entry("b", "B?")]) == []


def _kb(tmp_path: Path) -> Path:
    entries = [
        {"id": "urlaub", "locale": "de", "question": "Wie beantrage ich Urlaub?",
         "answer": "Im Portal.", "source": "DV", "owner": "Personalamt", "reviewed": "2024-05-01"},
        {"id": "urlaub-2", "locale": "de", "question": "Wo beantrage ich meinen Urlaub?",
         "answer": "Im Portal.", "source": "DV", "owner": "Personalamt", "reviewed": "2026-05-01"},
        {"id": "urlaub", "locale": "en", "question": "How do I apply for leave?",
         "answer": "In the portal.", "source": "DV", "owner": "Personalamt",
         "reviewed": "2026-05-01"}]
    path = tmp_path / "kb.yml"
    path.write_text(yaml.safe_dump({"version": 1, "entries": entries}, allow_unicode=True),
                    encoding="utf-8")
    return path


def test_cli_check_lists_findings_in_german_and_exits_0(run_cli: CliRun, tmp_path: Path) -> None:
    code, out, err = run_cli("kb", "check", str(_kb(tmp_path)), "--today", "2026-06-01")
    assert code == 0, err
    assert "3 Einträge geprüft am 2026-06-01." in out
    assert "Zur Prüfung fällig" in out and "urlaub (de): geprüft am 2024-05-01, vor 761 Tagen" in out
    assert "urlaub und urlaub-2 (de" in out
    assert "urlaub-2: vorhanden in de, fehlt in en" in out
    code, out, _ = run_cli("kb", "check", str(_kb(tmp_path)), "--today", "2026-06-01", "--json")
    found = json.loads(out)
    assert [d["id"] for d in found["due"]] == ["urlaub"] and len(found["overlaps"]) == 1
    assert found["missing"] == [{"id": "urlaub-2", "present": ["de"], "missing": ["en"]}]


def test_cli_check_without_findings(run_cli: CliRun, tmp_path: Path) -> None:
    code, out, _ = run_cli("kb", "check", str(PUBLIC), "--today", "2026-11-01")
    assert code == 0 and "171 Einträge geprüft" in out and "Keine Befunde." in out


def test_cli_refuses_an_invalid_file_in_german(run_cli: CliRun, tmp_path: Path) -> None:
    path = _kb(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("2024-05-01", "2026-02-31"),
                    encoding="utf-8")
    for command in ("check", "list"):
        code, out, err = run_cli("kb", command, str(path))
        assert code == 2 and out == ""
        assert "Feld „reviewed“: dieses Datum gibt es nicht: 2026-02-31" in err
        assert "Traceback" not in err
    code, _, err = run_cli("kb", "check", str(PUBLIC), "--today", "2026-13-01")
    assert code == 2 and "--today" in err and "kein Datum" in err


def test_cli_list(run_cli: CliRun, tmp_path: Path) -> None:
    code, out, _ = run_cli("kb", "list", str(_kb(tmp_path)))
    assert code == 0 and out.splitlines()[0].startswith("3 Einträge in ")
    assert "urlaub  [en]  2026-05-01  Personalamt: How do I apply for leave?" in out
    code, out, _ = run_cli("kb", "list", str(_kb(tmp_path)), "--json")
    assert [(e["id"], e["locale"]) for e in json.loads(out)] == [
        ("urlaub", "de"), ("urlaub-2", "de"), ("urlaub", "en")]
