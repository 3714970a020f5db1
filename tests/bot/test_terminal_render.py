"""The terminal shows what Slack shows as blocks: source, links, attachment, numbered choices."""

from __future__ import annotations

from bot.adapters.terminal import render
from flows.types import Action, Choice, Reply


def test_render_shows_source_attachment_and_numbered_choices() -> None:
    reply = Reply("Ergebnisse der Pulsbefragung", source="Kommune21 03/2022",
                  choices=(Choice("Ja", Action("x:y", "1")), Choice("Nein", Action("x:y", "0"))),
                  meta={"file": "var/charts/survey-puls-run-1.png"})
    assert render(reply, "Quelle").splitlines() == [
        "Ergebnisse der Pulsbefragung", "  [Quelle: Kommune21 03/2022]",
        "  [var/charts/survey-puls-run-1.png]", "  1) Ja", "  2) Nein"]
