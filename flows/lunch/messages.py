"""Texts of lunch roulette: the group introduction, the lone-person note, skip and follow-up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from flows.types import Action, Choice, Note, Reply, Translator


@dataclass(frozen=True)
class RoundNote(Note, kind="lunch.round"):
    """The message introduces a group of this lunch round."""

    round: int


class Named(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def department(self) -> str | None: ...


def person_line(t: Translator, person: Named | None, person_id: str, site: str) -> str:
    """``Anna Berger (Sozialamt, Rathaus)``: name, department and site only."""
    name = (person.name if person else "") or person_id
    dept = (person.department if person else None) or t.gettext("department unknown")
    return f"{name} ({dept}, {site})"


def skip_choice(t: Translator, round_id: int) -> Choice:
    return Choice(t.gettext("Doesn't suit me this week"), Action(f"lunch:skip:{round_id}"))


def group_message(t: Translator, lines: Sequence[str], weekday: int | None, icebreaker: str,
                  round_id: int) -> Reply:
    """The introduction a new group gets together (one message, every member a recipient)."""
    text = [t.gettext("Lunch roulette: this week you are having lunch together!")]
    text += [f"• {line}" for line in lines]
    if weekday is not None:
        text.append(t.gettext("A day that suits all of you: {day}. Just agree on the time and "
                              "place here.").format(day=t.format_weekday(weekday)))
    else:
        text.append(t.gettext("Just agree on a day, the time and the place here."))
    if icebreaker:
        text.append(t.gettext("A question to get started: {question}").format(question=icebreaker))
    text.append(t.gettext("Can't make it? Say \u201ePasst diese Woche nicht\u201c and I'll let "
                          "the others know."))
    return Reply("\n".join(text), choices=(skip_choice(t, round_id),), note=RoundNote(round_id))


def alone_message(t: Translator, site: str) -> Reply:
    return Reply(t.gettext("Lunch roulette: this week I found nobody at {site} to have lunch with "
                           "you, sorry! You stay on the list and are among the first next round."
                           ).format(site=site))


def skip_notice(t: Translator, name: str, remaining: int) -> Reply:
    """What the rest of a group hears when someone drops out of this round."""
    if remaining >= 2:
        return Reply(t.gettext("Lunch roulette: {name} can't make it this week, unfortunately, "
                               "and sends kind regards. Enjoy your lunch anyway!").format(name=name))
    return Reply(t.gettext("Lunch roulette: {name} can't make it this week, unfortunately, and "
                           "sends kind regards. So your lunch is off this time; next round you "
                           "are in again.").format(name=name))


def followup(t: Translator, round_id: int) -> Reply:
    return Reply(
        t.gettext("Lunch roulette: did your lunch work out this week? (Only counted per round, "
                  "never per person.)"),
        choices=(Choice(t.gettext("Yes, we met"), Action(f"lunch:met:{round_id}", "yes"), "primary"),
                 Choice(t.gettext("No, not this time"), Action(f"lunch:met:{round_id}", "no"))),
    )
