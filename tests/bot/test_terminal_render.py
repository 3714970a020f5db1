"""The terminal shows what Slack shows as blocks: source, links, attachment, numbered choices."""

from __future__ import annotations

from bot.adapters.terminal import render
from flows.types import Action, Choice, File, Reply


def test_render_shows_source_attachment_and_numbered_choices() -> None:
    reply = Reply("Ergebnisse der Pulsbefragung", source="Kommune21 03/2022",
                  choices=(Choice("Ja", Action("x:y", "1")), Choice("Nein", Action("x:y", "0"))),
                  attachments=(File("var/charts/survey-puls-run-1.png", "puls.png", "image/png"),))
    assert render(reply, "Quelle").splitlines() == [
        "Ergebnisse der Pulsbefragung", "  [Quelle: Kommune21 03/2022]",
        "  [var/charts/survey-puls-run-1.png]", "  1) Ja", "  2) Nein"]


def test_attachments_survive_the_outbox_and_older_rows_keep_their_file() -> None:
    reply = Reply("Ergebnisse", attachments=(File("var/c.png", "c.png", "image/png"),),
                  meta={"step": "s"})
    assert reply.to_dict()["attachments"] == [
        {"kind": "file", "path": "var/c.png", "name": "c.png", "mime_type": "image/png"}]
    assert Reply.from_dict(reply.to_dict()) == reply
    older = {"text": "Ergebnisse", "meta": {"file": "var/c.png", "file_name": "c.png",
                                            "mime_type": "image/png", "step": "s"}}
    assert Reply.from_dict(older) == reply  # queued before attachments were typed
    assert File("var/charts/x.png").shown_name == "x.png"


def test_adapters_render_typed_attachments_and_never_read_the_features_meta() -> None:
    """``Reply.meta`` is the feature's own record (a step, a digest's counts): no adapter looks
    at it, so an adapter cannot come to know a feature through it."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "bot" / "adapters"
    found = [f"{p.name}:{n.lineno}" for p in sorted(root.rglob("*.py"))
             for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
             if isinstance(n, ast.Attribute) and n.attr == "meta"]
    assert found == []
