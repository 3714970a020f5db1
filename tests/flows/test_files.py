"""The one YAML and CSV reader: hostile and careless files give file, line and a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from flows.files import FileError, read_csv, read_yaml
from tests.german import german

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join('*' + p for _ in range(9))}]\n"
    for p, n in zip("abcdefgh", "bcdefghi", strict=True))


def _yaml(tmp_path: Path, text: str) -> Path:
    f = tmp_path / "f.yml"
    f.write_text(text, encoding="utf-8")
    return f


@pytest.mark.parametrize(("text", "line", "words"), [
    ("start_date: 2027-02-31\n", None, None),  # a date stays text: no exception inside PyYAML
    ("a: 1\nb: 2\na: 3\n", 3, "appears twice (first on line 1)"),
    ("- !!python/object/apply:os.system [ls]\n", 1, "python/object/apply:os.system"),
    ("x: !!binary aGk=\n", 1, "binary"),
    ("x: &a 1\ny: *a\n", 1, "anchors and aliases"),
    ("base: {a: 1}\nother:\n  <<: {b: 2}\n", 3, "not allowed"),
    ("? [a, b]\n: 1\n", 1, "plain word"),
    ("x: " + "[" * 60 + "]" * 60 + "\n", 1, "nested too deeply"),
    ("x: " + "9" * 5000 + "\n", None, "cannot be read"),
    ("- a\n- [b\n", 2, "a list in square brackets [ ] is not closed"),  # the last line, not the next
    ("a: b: c\n", 1, "a colon (:) where no field can begin"),
    ("a:\n\tb: 1\n", 2, "a tab character: indent with spaces"),
    ("a: @x\n", 1, "a value cannot begin with @: put the value in quotation marks"),
    ('a: "x\n', 1, "a quotation mark is not closed"),
    ("a: |0\n", 1, "not valid YAML (expected indentation indicator"),  # others: quoted
])
def test_yaml_refusals_name_the_line(tmp_path: Path, text: str, line: int | None, words: str | None) -> None:
    f = _yaml(tmp_path, text)
    if words is None:
        assert read_yaml(f).data == {"start_date": "2027-02-31"}
        return
    with pytest.raises(FileError) as err:
        read_yaml(f)
    assert err.value.line == line
    assert words in str(err.value) and str(f) in str(err.value)


def test_billion_laughs_is_refused_and_would_expand_without_the_loader(tmp_path: Path) -> None:
    f = _yaml(tmp_path, LAUGHS)
    assert len(LAUGHS) < 800
    with pytest.raises(FileError, match="anchors and aliases"):
        read_yaml(f)
    # the weakened setup (PyYAML's own safe loader) builds the bomb: 9**9 leaves behind one key
    weak = yaml.safe_load("\n".join(LAUGHS.splitlines()[:4]))
    assert len(weak["d"]) == 9 and len(weak["d"][0][0]) == 9


def test_plain_safe_load_crashes_on_an_impossible_date(tmp_path: Path) -> None:
    with pytest.raises(ValueError):  # the weakened setup: the traceback the issue saw
        yaml.safe_load("start_date: 2027-02-31\n")
    assert read_yaml(_yaml(tmp_path, "start_date: 2027-02-31\n")).data["start_date"] == "2027-02-31"


def test_yaml_must_be_utf8_and_names_the_line(tmp_path: Path) -> None:
    f = tmp_path / "f.yml"
    f.write_bytes("a: 1\nname: Jörg\n".encode("latin-1"))
    with pytest.raises(FileError) as err:
        read_yaml(f)
    assert err.value.line == 2 and "UTF-8" in str(err.value)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(FileError, match="not found"):
        read_yaml(tmp_path / "nope.yml")
    with pytest.raises(FileError, match="folder"):
        read_csv(tmp_path)


HEADER = "id,name,department\n"


def _csv(tmp_path: Path, data: bytes | str) -> Path:
    f = tmp_path / "f.csv"
    f.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return f


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    doc = read_csv(_csv(tmp_path, (HEADER + "jb,Jörg Bäß,Straßenbau\n").encode(encoding)))
    assert doc.header == ["id", "name", "department"]
    assert doc.rows == [(2, {"id": "jb", "name": "Jörg Bäß", "department": "Straßenbau"})]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters(tmp_path: Path, delimiter: str) -> None:
    text = (HEADER + "a,\"Anna, B.\",Amt\n").replace(",", delimiter).replace(
        f"Anna{delimiter} B.", "Anna, B.")
    doc = read_csv(_csv(tmp_path, text))
    assert doc.delimiter == delimiter and doc.rows[0][1]["name"] == "Anna, B."


@pytest.mark.parametrize(("body", "line", "words"), [
    ('a,"Anna,Amt\nb,Bert,Amt\nc,Cem,Amt\n', 2, "not closed"),
    ("a,Anna,Amt\nb,Bert,Amt,extra\n", 3, "4 fields"),
    ("", 1, "no rows"),
    ("a,Anna\x00,Amt\n", 2, "NUL"),
])
def test_csv_broken_rows_name_their_line(tmp_path: Path, body: str, line: int, words: str) -> None:
    with pytest.raises(FileError) as err:
        read_csv(_csv(tmp_path, HEADER + body))
    assert err.value.line == line and words in str(err.value)


def test_csv_empty_file_and_unknown_columns(tmp_path: Path) -> None:
    with pytest.raises(FileError, match="empty"):
        read_csv(_csv(tmp_path, "\n\n"))
    with pytest.raises(FileError, match="unknown column"):
        read_csv(_csv(tmp_path, HEADER + "a,b,c\n"), columns=("id", "name"))
    with pytest.raises(FileError, match="twice"):
        read_csv(_csv(tmp_path, "id,id\na,b\n"))


def test_csv_undecodable_byte_is_named_with_its_line(tmp_path: Path) -> None:
    # 0x81 is neither UTF-8 nor Windows-1252
    with pytest.raises(FileError) as err:
        read_csv(_csv(tmp_path, HEADER.encode() + b"a,b,c\nd,\x81,f\n"))
    assert err.value.line == 3


def test_feature_readers_use_the_loader(tmp_path: Path) -> None:
    """Knowledge base, icebreakers, synonyms and journeys: the issue's tracebacks are German
    messages with file, line and field now (each reader checks a pydantic schema)."""
    from flows.faq.entries import read_entries
    from flows.faq.kb import ContentError
    from flows.faq.retrieval import load_synonyms
    from flows.files import FileError
    from flows.lunch.icebreakers import IcebreakerError, load_icebreakers
    from flows.onboarding.journeys import JourneyError, parse_journey

    kb = _yaml(tmp_path, "version: 1\nentries:\n- id: a\n  locale: de\n  question: T\n"
                         "  answer: A\n  source: S\n  owner: o\n  reviewed: 2026-02-31\n")
    with pytest.raises(FileError) as err:
        read_entries(kb)
    assert german(err.value) == f"{kb}, Zeile 9, Feld „reviewed“: dieses Datum gibt es nicht: 2026-02-31"
    ice = tmp_path / "ice"
    ice.mkdir()
    (ice / "icebreakers.de.yml").write_text("questions: [a, b\n", encoding="utf-8")
    with pytest.raises(IcebreakerError) as err:
        load_icebreakers(ice)
    assert german(err.value) == (f"{ice / 'icebreakers.de.yml'}, Zeile 1: eine Liste in eckigen "
                                 "Klammern [ ] ist nicht geschlossen, oder ihre Einträge sind nicht "
                                 "durch Kommas getrennt")
    (ice / "icebreakers.de.yml").write_text("questions:\n  - Wer?\n  - [Was, Wie]\n", encoding="utf-8")
    with pytest.raises(IcebreakerError) as err:
        load_icebreakers(ice)
    assert german(err.value) == (f"{ice / 'icebreakers.de.yml'}, Zeile 3, Feld „questions[1]“: "
                                 "erwartet wird ein Text")
    syn = _yaml(tmp_path, "groups:\n  - [homeoffice, remote]\n  - []\n")
    with pytest.raises(ContentError) as err:
        load_synonyms(syn)
    assert german(err.value) == f"{syn}, Zeile 3, Feld „groups[1]“: fehlt"
    journey = _yaml(tmp_path, "kind: []\ntitle: T\nsteps: []\n")
    with pytest.raises(JourneyError) as err:
        parse_journey(journey, "j", "de")
    assert german(err.value).startswith(f"{journey}, Zeile 1, Feld „kind“: erlaubt: ")
