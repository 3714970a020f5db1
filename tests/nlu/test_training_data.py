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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &x [1]\nnlu: *x\n", "anchors and aliases"),
        ("nlu: []\nnlu: []\n", "appears twice"),
        ("nlu: !!python/object/apply:os.system [ls]\n", "is not allowed"),
        ("nlu:\n" + "  - " * 1 + "[" * 60 + "]" * 60 + "\n", "nested too deeply"),
    ],
)
def test_unsafe_yaml_refused(tmp_path: Path, text: str, message: str) -> None:
    """The training data goes through the same safe parser as every other file (safeyaml)."""
    f = tmp_path / "bad.yml"
    f.write_text(text)
    with pytest.raises(TrainingDataError, match=message) as info:
        load([f])
    assert info.value.line is not None


def test_alias_bomb_would_expand_with_plain_safe_load(tmp_path: Path) -> None:
    """The weakened setup (yaml.safe_load, as before) accepts an alias bomb; load refuses it."""
    import yaml

    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n' \
           'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nnlu: []\n'
    assert len(yaml.safe_load(bomb)["c"]) == 9  # expanded: 729 strings from 4 lines
    f = tmp_path / "bomb.yml"
    f.write_text(bomb)
    with pytest.raises(TrainingDataError, match="anchors"):
        load([f])
