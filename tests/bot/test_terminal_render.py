"""The terminal shows what Slack shows as blocks: source, links, attachment, numbered choices."""

from __future__ import annotations

import ast
import json
import typing
from dataclasses import fields, replace
from datetime import date
from pathlib import Path

import pytest

from bot.adapters.terminal import render
from flows.commitments.messages import DigestNote, HandoverNote, ReminderNote
from flows.faq.messages import AnswerNote
from flows.lunch.messages import RoundNote
from flows.onboarding.messages import MovedNote, PateNote, StepNote
from flows.types import Action, Choice, File, Note, Reply
from tests.conftest import FEATURES


def test_render_shows_source_attachment_and_numbered_choices() -> None:
    reply = Reply("Ergebnisse der Pulsbefragung", source="Kommune21 03/2022",
                  choices=(Choice("Ja", Action("x:y", "1")), Choice("Nein", Action("x:y", "0"))),
                  attachments=(File("var/charts/survey-puls-run-1.png", "puls.png", "image/png"),))
    assert render(reply, "Quelle").splitlines() == [
        "Ergebnisse der Pulsbefragung", "  [Quelle: Kommune21 03/2022]",
        "  [var/charts/survey-puls-run-1.png]", "  1) Ja", "  2) Nein"]


def test_attachments_and_notes_survive_the_outbox_and_older_rows_keep_their_file() -> None:
    reply = Reply("Ergebnisse", attachments=(File("var/c.png", "c.png", "image/png"),),
                  note=StepNote("welcome"))
    assert reply.to_dict()["attachments"] == [
        {"kind": "file", "path": "var/c.png", "name": "c.png", "mime_type": "image/png"}]
    assert reply.to_dict()["note"] == {"kind": "onboarding.step", "step": "welcome"}
    assert Reply.from_dict(reply.to_dict()) == reply
    older = {"text": "Ergebnisse", "meta": {"file": "var/c.png", "file_name": "c.png",
                                            "mime_type": "image/png", "step": "s"}}
    # queued before attachments and notes were typed: the file stays, the old record is dropped
    assert Reply.from_dict(older) == replace(reply, note=None)
    assert File("var/charts/x.png").shown_name == "x.png"


@pytest.mark.parametrize("note", [
    StepNote("catch-up"), MovedNote(date(2026, 9, 7)), PateNote(3), RoundNote(12),
    ReminderNote(((5, "due"), (7, "overdue"))), HandoverNote(5), AnswerNote("urlaub"),
    DigestNote(1, 5, 4, 0, flagged=(7,), stopped=(5, 9)),
])
def test_every_kind_of_note_comes_back_typed_from_its_json(note: Note) -> None:
    stored = json.loads(json.dumps(Reply("x", note=note).to_dict()))
    assert Reply.from_dict(stored).note == note
    assert note.kind.split(".")[0] in FEATURES


def test_notes_are_declared_once_per_kind_and_unknown_kinds_are_none() -> None:
    with pytest.raises(TypeError, match="declared twice"):
        type("Other", (Note,), {}, kind="onboarding.step")
    assert Note.from_dict({"kind": "nobody.knows", "x": 1}) is None
    assert Note.from_dict(None) is None


def test_reply_carries_no_untyped_dict() -> None:
    """What goes with a reply is typed: no ``dict`` or ``Any`` among its fields."""
    hints = typing.get_type_hints(Reply)
    untyped = [f.name for f in fields(Reply)
               if "dict" in str(hints[f.name]) or "Any" in str(hints[f.name])]
    assert untyped == []


def reads_the_note(source: str) -> list[int]:
    """The lines where ``source`` looks at a reply's note (or the old ``meta``) or names a kind."""
    return [n.lineno for n in ast.walk(ast.parse(source))
            if (isinstance(n, ast.Attribute) and n.attr in ("note", "meta"))
            or (isinstance(n, ast.Constant) and n.value == "note")
            or (isinstance(n, ast.Name) and n.id.endswith("Note"))]


def test_adapters_render_typed_attachments_and_never_read_the_features_note() -> None:
    """``Reply.note`` is the feature's own record (a step, a digest's counts): no adapter looks
    at it (nor at a stored reply's "note"), so an adapter cannot come to know a feature through
    it."""
    root = Path(__file__).resolve().parents[2] / "bot" / "adapters"
    found = [f"{p.name}:{line}" for p in sorted(root.rglob("*.py"))
             for line in reads_the_note(p.read_text(encoding="utf-8"))]
    assert found == []
    bad = 'def render(reply, d):\n    return reply.note.step, d["note"], StepNote\n'
    assert reads_the_note(bad) == [2, 2, 2]  # the check can fail
