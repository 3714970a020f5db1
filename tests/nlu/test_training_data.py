"""Rasa YAML training data: entity markup, round trip, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu.training_data import TrainingDataError, dump, load, strip_markup

YAML = """version: "3.1"
nlu:
- intent: lunch_pause
  examples: |
    - bin bis [15.8.](datum) im Urlaub
    - pause bis [1.9.](datum)
- synonym: Urlaub
  examples: |
    - urlaub
"""


def test_markup_is_stripped_with_offsets() -> None:
    ex = strip_markup("bin bis [15.8.](datum) im Urlaub")
    assert ex.text == "bin bis 15.8. im Urlaub"
    assert ex.entities == ((8, 13, "datum", "15.8."),)


def test_round_trip(tmp_path: Path) -> None:
    f = tmp_path / "nlu.yml"
    f.write_text(YAML)
    data = load([f])
    assert data.intents == ["lunch_pause"]
    f2 = tmp_path / "again.yml"
    f2.write_text(dump(data))
    again = load([f2])
    assert [e.markup for e in again.examples] == [e.markup for e in data.examples]
    assert again.synonyms == {"Urlaub": ["urlaub"]}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nlu:\n- intent: x\n  examples: [a]\n", "nlu entry 1: field 'examples'"),
        ("nlu:\n- intent: x\n  examples: |\n    kein Strich\n", "start with '- '"),
        ("nlu:\n- foo: x\n  examples: |\n    - a\n", "needs intent"),
        ("nlu: [\n", "not valid YAML"),
    ],
)
def test_errors(tmp_path: Path, text: str, message: str) -> None:
    f = tmp_path / "bad.yml"
    f.write_text(text)
    with pytest.raises(TrainingDataError, match=message):
        load([f])
