"""The safe YAML parser reads with libyaml (C) and words refusals with PyYAML's Python loader:
both must give the same data, lines and refusals."""

from __future__ import annotations

import pytest
import yaml

import safeyaml

VALID = [
    "a: 1\nb: [x, 'y', \"z\"]\nc:\n  - d: true\n    e: null\n    f: 1.5\n",
    "text: |\n  Zeile eins\n  Zeile zwei: mit Doppelpunkt\nfolded: >\n  ein\n  Satz\n",
    "umlaute: Grüße aus Köln – „Anführung“ 😀\ndate: 2026-03-04\nzip: 01234\n",
    "- 1\n- - 2\n  - 3\n- {k: v}\n",
    "",
    "# nur ein Kommentar\n",
    "nlu:\n- intent: greet\n  examples: |\n    - hallo\n    - [morgen](datum)\n",
]
REFUSED = [
    "a: &x 1\nb: *x\n",  # anchors
    "a: 1\na: 2\n",  # duplicate key
    "<<: {a: 1}\n",  # merge key
    "a: !!python/object:os.system x\n",  # unsafe tag
    "a: b: c\n",  # not YAML
    "a:\n\t- tab\n",  # a tab
    "[" * 50 + "]" * 50,  # nested too deeply
    "a: [1, 2\n",  # unclosed
    "a: 1\n---\nb: 2\n",  # two documents
    "x: \x07\n",  # a control character
    "n: " + "9" * 5000 + "\n",  # an integer too long to read
]


def lines(node: yaml.Node | None) -> list[int]:
    return [n.start_mark.line for n in safeyaml._walk(node)] if node is not None else []


def python_parse(text: str) -> tuple[object, yaml.Node | None]:
    return safeyaml._load(safeyaml._Loader(text))


def test_libyaml_is_used() -> None:
    """PyYAML's wheels ship libyaml; without it the content would be read eight times slower."""
    assert safeyaml._CParser is not None


@pytest.mark.parametrize("text", VALID)
def test_fast_and_python_loader_agree(text: str) -> None:
    data, root = safeyaml._load(safeyaml._FastLoader(text))
    want, want_root = python_parse(text)
    assert data == want
    assert lines(root) == lines(want_root)
    assert safeyaml.parse(text)[0] == want


def refusal(text: str) -> tuple[str, int | None, dict]:
    with pytest.raises(safeyaml.Refused) as exc:
        safeyaml.parse(text)
    return exc.value.message, exc.value.line, exc.value.params


@pytest.mark.parametrize("text", REFUSED)
def test_refusals_are_the_python_loaders(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same message, line and parameters as with the Python loader alone (as before libyaml)."""
    got = refusal(text)
    monkeypatch.setattr(safeyaml, "_CParser", None)
    assert got == refusal(text)
    assert got[0]
