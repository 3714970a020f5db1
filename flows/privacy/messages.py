"""Privacy replies: what is kept about a person, and the question before erasing it."""

from __future__ import annotations

from flows.types import Action, Choice, Reply, Translator


def shown(t: Translator, found: list[tuple[str, list[str]]]) -> Reply:
    """``found``: (categories msgid, lines) of each kind of data that has something."""
    lines = [t.gettext("This is what I keep about you:")]
    for categories, items in found:
        lines.append(f"\n{t.gettext(categories)}:")
        lines += [f"• {line}" for line in items]
    lines.append("\n" + t.gettext(
        "Survey answers are stored without any link to you, so they cannot be shown or "
        "deleted per person. Say \"Meine Daten löschen\" to erase your data."))
    return Reply("\n".join(lines))


def ask_erase(t: Translator) -> Reply:
    return Reply(
        t.gettext("Shall I erase your data? Lunch history, onboarding data, participation "
                  "markers and messages are deleted; open commitments go to your leader; "
                  "anonymous survey answers stay anonymous. This cannot be undone."),
        choices=(
            Choice(t.gettext("Yes, erase my data"), Action("privacy:erase", "yes"), "danger"),
            Choice(t.gettext("No, keep it"), Action("privacy:erase", "no")),
        ),
    )
