"""Knowledge-base entries as content: YAML, CSV (UTF-8 and cp1252, ``;``) and Markdown folders
read all or nothing; every broken file is named with file, line and field in German."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.i18n import Translations
from flows.faq.entries import read_entries
from flows.files import FileError, FileErrors

ROOT = Path(__file__).resolve().parents[2]
DE = Translations(default="de").for_locale(None)

ENTRY = """\
- id: urlaub-antrag
  locale: de
  question: Wie beantrage ich Urlaub?
  alternatives:
  - Wo reiche ich meinen Urlaubsantrag ein?
  answer: Den Urlaub beantragen Sie im Personalportal; die Führungskraft genehmigt ihn.
  source: Dienstvereinbarung Arbeitszeit
  links:
  - https://example.org/urlaub
  owner: Personalamt
  reviewed: '2026-10-15'
  keywords: [Urlaubsantrag]
"""

CSV_HEADER = "id;question;alternatives;answer;source;links;owner;reviewed;locale\n"
CSV_ROW = ("gleitzeit-konto;Wie viele Plusstunden darf ich haben?;Gleitzeitkonto Obergrenze | "
           "Wie viele Überstunden darf ich ansammeln?;Bis zu 40 Stunden Guthaben.;DV Arbeitszeit;"
           "https://example.org/a | https://example.org/b;Personalamt;2026-01-05;de\n")

MD = """\
---
id: vpn-zugang
locale: de
question: Wie komme ich von zu Hause ins städtische Netz?
alternatives:
  - VPN einrichten
owner: IT-Service
source: IT-Handbuch
reviewed: "2025-03-01"
---

Über **VPN**; den Zugang richtet der IT-Service ein.
"""


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def _yml(tmp_path: Path, body: str) -> Path:
    return _write(tmp_path / "kb.yml", "version: 1\nentries:\n" + body)


def _german(exc: FileError) -> str:
    return exc.render(DE)


def test_yaml_file_is_read(tmp_path: Path) -> None:
    (e,) = read_entries(_yml(tmp_path, ENTRY))
    assert (e.id, e.locale, e.reviewed) == ("urlaub-antrag", "de", date(2026, 10, 15))
    assert e.alternatives == ["Wo reiche ich meinen Urlaubsantrag ein?"]
    assert e.links == ["https://example.org/urlaub"] and e.keywords == ["Urlaubsantrag"]
    assert e.phrasings == ("Wie beantrage ich Urlaub?", "Wo reiche ich meinen Urlaubsantrag ein?")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_is_read_in_excel_encodings_with_semicolons(tmp_path: Path, encoding: str) -> None:
    (e,) = read_entries(_write(tmp_path / "kb.csv", CSV_HEADER + CSV_ROW, encoding))
    assert e.alternatives == ["Gleitzeitkonto Obergrenze", "Wie viele Überstunden darf ich ansammeln?"]
    assert e.links == ["https://example.org/a", "https://example.org/b"]
    assert e.reviewed == date(2026, 1, 5) and e.keywords == []


def test_csv_with_commas_and_quotes(tmp_path: Path) -> None:
    text = ('id,question,answer,source,owner,reviewed,locale,keywords\n'
            'a,"Darf ich, wenn ich krank bin, arbeiten?",Nein.,TVöD,Personalamt,2026-02-01,en,'
            'krank | AU\n')
    (e,) = read_entries(_write(tmp_path / "kb.csv", text))
    assert e.question == "Darf ich, wenn ich krank bin, arbeiten?" and e.keywords == ["krank", "AU"]


def test_markdown_folder_is_read(tmp_path: Path) -> None:
    _write(tmp_path / "export" / "it" / "vpn.md", MD)
    _write(tmp_path / "export" / "vpn-en.md", MD.replace("locale: de", "locale: en"))
    entries = read_entries(tmp_path / "export")
    assert sorted(e.locale for e in entries) == ["de", "en"]
    assert entries[0].answer == "Über **VPN**; den Zugang richtet der IT-Service ein."
    assert entries[0].reviewed == date(2025, 3, 1)


def test_the_public_test_kb_passes_the_reader() -> None:
    entries = read_entries(ROOT / "tests/data/kb_public/entries.yml")
    assert len(entries) == 171 and {e.locale for e in entries} == {"de"}
    assert all(e.owner and e.source and e.answer for e in entries)


def test_the_shipped_kb_is_in_the_entry_format() -> None:
    for locale in ("de", "en"):
        entries = read_entries(ROOT / f"content/kb/{locale}.yml")
        assert len(entries) >= 17 and {e.locale for e in entries} == {locale}


# --- errors: file, line and field, in German ------------------------------------------------

@pytest.mark.parametrize(("old", "new", "line", "field", "german"), [
    ("'2026-10-15'", "'2026-02-31'", 13, "reviewed", "2026-02-31"),
    ("  answer: Den Urlaub beantragen Sie im Personalportal; die Führungskraft genehmigt ihn.\n",
     "", 3, "answer", "fehlt"),
    ("  question: Wie beantrage ich Urlaub?\n", "  question: [Wie, Urlaub]\n", 5,
     "question", "Text"),
    ("  keywords: [Urlaubsantrag]\n", "  keywords: [Urlaubsantrag]\n  colour: red\n", 15,
     "colour", "unbekannt"),
    ("https://example.org/urlaub", "example.org/urlaub", 11, "links[0]", "https://"),
    ("locale: de", "locale: fr", 4, "locale", "de"),
])
def test_yaml_errors_name_line_and_field_in_german(tmp_path: Path, old: str, new: str, line: int,
                                                  field: str, german: str) -> None:
    assert old in ENTRY
    path = _yml(tmp_path, ENTRY.replace(old, new))
    with pytest.raises(FileError) as err:
        read_entries(path)
    assert (err.value.path, err.value.line, err.value.field) == (str(path), line, field)
    text = _german(err.value)
    assert text.startswith(f"{path}, Zeile {line}, Feld „{field}“: ") and german in text
    assert text != str(err.value)  # German, not the English msgid


def test_duplicate_id_names_both_places(tmp_path: Path) -> None:
    second = ENTRY.replace("question: Wie beantrage", "question: Wann beantrage")
    path = _yml(tmp_path, ENTRY + second)
    with pytest.raises(FileError) as err:
        read_entries(path)
    assert (err.value.line, err.value.field) == (15, "id")
    assert "Zeile 3" in _german(err.value) and "urlaub-antrag (de)" in _german(err.value)
    # the same id in the other locale is one entry in two locales, not a duplicate
    assert len(read_entries(_yml(tmp_path, ENTRY + second.replace("locale: de", "locale: en")))) == 2


def test_duplicate_id_across_markdown_files_names_both_files(tmp_path: Path) -> None:
    _write(tmp_path / "a.md", MD)
    _write(tmp_path / "b.md", MD)
    with pytest.raises(FileError) as err:
        read_entries(tmp_path)
    assert err.value.path == str(tmp_path / "b.md") and str(tmp_path / "a.md") in _german(err.value)


def test_yaml_file_without_version_or_entries(tmp_path: Path) -> None:
    with pytest.raises(FileError) as err:
        read_entries(_write(tmp_path / "kb.yml", "entries:\n" + ENTRY))
    assert err.value.field == "version"
    with pytest.raises(FileError, match="appears twice"):
        read_entries(_yml(tmp_path, ENTRY.replace("  owner: Personalamt\n",
                                                  "  owner: Personalamt\n  owner: IT\n")))


@pytest.mark.parametrize(("header", "row", "line", "field", "german"), [
    (CSV_HEADER, CSV_ROW.replace("2026-01-05", "2026-02-31"), 3, "reviewed", "2026-02-31"),
    (CSV_HEADER, CSV_ROW.replace(";Bis zu 40 Stunden Guthaben.;", ";;"), 3, "answer", "fehlt"),
    (CSV_HEADER.replace("locale", "sprache"), CSV_ROW, 2, None, "sprache"),
    (CSV_HEADER.replace(";owner", ""), CSV_ROW.replace(";Personalamt", ""), 2, None, "owner"),
    (CSV_HEADER, CSV_ROW.replace(";de\n", ";deutsch\n"), 3, "locale", "de"),
])
def test_csv_errors_name_line_and_field_in_german(tmp_path: Path, header: str, row: str, line: int,
                                                 field: str | None, german: str) -> None:
    path = _write(tmp_path / "kb.csv", "\n" + header + row, "cp1252")
    with pytest.raises(FileError) as err:
        read_entries(path)
    assert (err.value.line, err.value.field) == (line, field)
    text = _german(err.value)
    assert text.startswith(f"{path}, Zeile {line}") and german in text and text != str(err.value)


def test_csv_duplicate_row_names_both_lines(tmp_path: Path) -> None:
    path = _write(tmp_path / "kb.csv", CSV_HEADER + CSV_ROW + CSV_ROW)
    with pytest.raises(FileError) as err:
        read_entries(path)
    assert err.value.line == 3 and "Zeile 2" in _german(err.value)


@pytest.mark.parametrize(("text", "line", "field", "german"), [
    (MD.replace('"2025-03-01"', '"2026-02-31"'), 9, "reviewed", "2026-02-31"),
    (MD.split("---\n\n")[0] + "---\n\n", 11, "answer", "fehlt"),
    (MD.replace("owner: IT-Service\n", ""), 2, "owner", "fehlt"),
    (MD.replace("source:", "answer: x\nsource:"), 8, "answer", "Text unter"),
    (MD.replace("question: Wie", "question: &q Wie"), 4, None, "Anker"),
    (MD.removeprefix("---\n"), 1, None, "---"),
])
def test_markdown_errors_name_line_and_field_in_german(tmp_path: Path, text: str, line: int,
                                                      field: str | None, german: str) -> None:
    path = _write(tmp_path / "export" / "vpn.md", text)
    with pytest.raises(FileError) as err:
        read_entries(tmp_path / "export")
    assert (err.value.path, err.value.line, err.value.field) == (str(path), line, field)
    assert german in _german(err.value) and _german(err.value) != str(err.value)


def test_one_broken_file_in_a_folder_fails_the_whole_folder(tmp_path: Path) -> None:
    _write(tmp_path / "a.md", MD)
    _write(tmp_path / "b.md", MD.replace("vpn-zugang", "vpn zugang"))
    with pytest.raises(FileError) as err:
        read_entries(tmp_path)
    assert err.value.path == str(tmp_path / "b.md") and err.value.field == "id"


def test_every_broken_file_of_a_folder_is_named_at_once(tmp_path: Path) -> None:
    _write(tmp_path / "a.md", MD)
    _write(tmp_path / "b.md", MD.replace("vpn-zugang", "vpn zugang"))
    _write(tmp_path / "c" / "d.md", MD.replace("locale: de", "locale: fr"))
    _write(tmp_path / "e.md", MD.replace("question:", "frage:"))
    with pytest.raises(FileErrors) as err:
        read_entries(tmp_path)
    assert [(e.path, e.line, e.field) for e in err.value.errors] == [
        (str(tmp_path / "b.md"), 2, "id"), (str(tmp_path / "c" / "d.md"), 3, "locale"),
        (str(tmp_path / "e.md"), 4, "frage")]
    german = _german(err.value).splitlines()
    assert german[0] == "3 Probleme:" and german[1].startswith(f"- {tmp_path / 'b.md'}, Zeile 2, Feld")
    assert err.value.path == str(tmp_path / "b.md")  # a FileError: the first problem's place


def test_every_broken_entry_of_a_file_is_named_and_the_list_is_capped(tmp_path: Path) -> None:
    rows = "".join(CSV_ROW.replace("gleitzeit-konto", f"g{i}").replace(";de\n", ";fr\n")
                   for i in range(FileErrors.SHOWN + 5))
    with pytest.raises(FileErrors) as err:
        read_entries(_write(tmp_path / "kb.csv", CSV_HEADER + rows))
    assert [e.line for e in err.value.errors] == list(range(2, FileErrors.SHOWN + 7))
    german = _german(err.value).splitlines()
    assert german[0] == f"{FileErrors.SHOWN + 5} Probleme:"
    assert len(german) == FileErrors.SHOWN + 2 and german[-1] == "... und 5 weitere"
    one = _yml(tmp_path, ENTRY + ENTRY.replace("urlaub-antrag", "b").replace("locale: de",
                                                                           "locale: xx"))
    with pytest.raises(FileError) as single:  # one problem is said as before, without a list
        read_entries(one)
    assert not isinstance(single.value, FileErrors) and single.value.field == "locale"


def test_empty_folder_and_unknown_kind(tmp_path: Path) -> None:
    with pytest.raises(FileError, match="no Markdown files"):
        read_entries(tmp_path)
    with pytest.raises(FileError, match="unknown kind"):
        read_entries(_write(tmp_path / "kb.json", "{}"))


def test_front_matter_is_read_as_safely_as_every_yaml_file(tmp_path: Path) -> None:
    """A plain ``yaml.safe_load`` of the front matter (what front-matter libraries do) expands an
    alias, keeps the last of two repeated keys silently and crashes on an impossible date; the
    reader refuses each with the file's line."""
    alias = MD.replace("owner: IT-Service", "owner: &o IT-Service\nsource_owner: *o")
    twice = MD.replace("owner: IT-Service", "owner: IT-Service\nowner: Kämmerei")
    bad_date = MD.replace('reviewed: "2025-03-01"', "reviewed: 2025-02-30")
    assert yaml.safe_load(alias.split("---\n")[1])["source_owner"] == "IT-Service"
    assert yaml.safe_load(twice.split("---\n")[1])["owner"] == "Kämmerei"
    with pytest.raises(ValueError):
        yaml.safe_load(bad_date.split("---\n")[1])
    for text, line, german in ((alias, 7, "Anker"), (twice, 8, "zweimal"),
                               (bad_date, 9, "2025-02-30")):
        path = _write(tmp_path / "x.md", text)
        with pytest.raises(FileError) as err:
            read_entries(path)
        assert err.value.line == line and german in _german(err.value)


def test_a_csv_kind_column_marks_referrals_and_an_empty_cell_is_an_ordinary_entry(
        tmp_path: Path) -> None:
    header = CSV_HEADER.replace(";locale\n", ";locale;kind\n")
    rows = CSV_ROW.replace(";de\n", ";de;referral\n") + CSV_ROW.replace(
        "gleitzeit-konto", "gleitzeit-kern").replace(";de\n", ";de;\n")
    first, second = read_entries(_write(tmp_path / "kb.csv", header + rows))
    assert (first.kind, first.referral) == ("referral", True)
    assert (second.kind, second.referral) == ("answer", False)


def test_an_unknown_kind_names_line_and_field(tmp_path: Path) -> None:
    header = CSV_HEADER.replace(";locale\n", ";locale;kind\n")
    path = _write(tmp_path / "kb.csv", header + CSV_ROW.replace(";de\n", ";de;verweis\n"))
    with pytest.raises(FileError) as err:
        read_entries(path)
    assert (err.value.line, err.value.field) == (2, "kind")
    assert "referral" in _german(err.value)
