"""Hypothesis against the knowledge-base entry readers (YAML, CSV, Markdown front matter):
whatever the input, the only exception is a FileError (a clear message), never a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.faq.entries import CSV_COLUMNS, read_entries
from flows.files import FileError
from tests.flows.test_fuzz_files import FUZZ, cells, yaml_docs

csv_docs = st.builds(
    lambda head, rows, sep: "\n".join(sep.join(r) for r in [head, *rows]),
    st.lists(st.sampled_from(CSV_COLUMNS) | cells, min_size=1, max_size=10),
    st.lists(st.lists(cells | st.sampled_from(["2026-02-31", "de", "a | b", "https://x"]),
                      max_size=11), max_size=4),
    st.sampled_from([",", ";"]))
markdown_docs = st.builds(lambda front, body, close: f"---\n{front}\n{close}\n{body}", yaml_docs,
                          st.text(max_size=40), st.sampled_from(["---", "", "--- x", "..."]))


def _feed(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / name
        f.write_bytes(data)
        for path in (f, Path(tmp)) if name.endswith(".md") else (f,):
            try:
                read_entries(path)
            except FileError as exc:
                assert exc.render(None)


@FUZZ
@given(st.binary(max_size=300), st.sampled_from(["kb.yml", "kb.csv", "kb.md"]))
def test_random_bytes(data: bytes, name: str) -> None:
    _feed(data, name)


@FUZZ
@given(yaml_docs)
def test_yaml_documents(doc: str) -> None:
    _feed(("version: 1\nentries:\n- " + doc.replace("\n", "\n  ")).encode("utf-8", "replace"),
          "kb.yml")
    _feed(doc.encode("utf-8", "replace"), "kb.yml")


@FUZZ
@given(csv_docs, st.sampled_from(["utf-8", "cp1252"]))
def test_csv_documents(doc: str, encoding: str) -> None:
    _feed(doc.encode(encoding, "replace"), "kb.csv")


@FUZZ
@given(markdown_docs)
def test_markdown_documents(doc: str) -> None:
    _feed(doc.encode("utf-8", "replace"), "entry.md")


def test_the_fuzz_harness_reports_a_reader_that_crashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The weakened setup: a reader that lets a ValueError out fails the harness."""
    def crash(path: Path) -> None:
        raise ValueError("day is out of range for month")

    monkeypatch.setattr(f"{__name__}.read_entries", crash)
    with pytest.raises(ValueError):
        _feed(b"x", "kb.yml")
