"""Turn journey steps into replies for one recipient: placeholders, checklist buttons, catch-up."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from flows.onboarding.journeys import Item, Step
from flows.types import Action, Choice, Note, Reply, Translator


@dataclass(frozen=True)
class StepNote(Note, kind="onboarding.step"):
    """The message is this step of a journey ("catch-up": the steps missed before joining)."""

    step: str


@dataclass(frozen=True)
class MovedNote(Note, kind="onboarding.moved"):
    """The message says that the first working day moved to ``start``."""

    start: date


@dataclass(frozen=True)
class PateNote(Note, kind="onboarding.pate"):
    """The message is about finding the Pate/Patin of this enrolment (asking, introducing)."""

    enrolment: int


def done_action(item: Item, enrolment_id: int) -> Action:
    return Action(f"onboarding:done:{item.id}", str(enrolment_id))


def checklist_lines(items: Sequence[Item], done: set[str]) -> list[str]:
    return [f"{'☑' if i.id in done else '☐'} {i.text}" for i in items]


def item_choices(t: Translator, items: Sequence[Item], done: set[str], enrolment_id: int
                 ) -> tuple[Choice, ...]:
    label = t.gettext("Done: {item}")
    return tuple(Choice(label.format(item=i.text), done_action(i, enrolment_id))
                 for i in items if i.id not in done)


def step_reply(t: Translator, step: Step, values: Mapping[str, str], enrolment_id: int,
               done: set[str], with_checklist: bool) -> Reply:
    """One step's message; the person on the journey also gets its checklist with buttons."""
    lines = [f"*{step.title}*", " ".join(step.message.format_map(values).split())]
    choices: tuple[Choice, ...] = ()
    if with_checklist and step.checklist:
        lines += ["", *checklist_lines(step.checklist, done)]
        choices = item_choices(t, step.checklist, done, enrolment_id)
    return Reply("\n".join(lines), choices=choices,
                 note=StepNote(step.id))


def catch_up_reply(t: Translator, steps: Sequence[Step], values: Mapping[str, str],
                   enrolment_id: int, done: set[str], with_checklist: bool,
                   header: str | None = None) -> Reply:
    """One message summarising every step that was due before the enrolment; ``header`` (already
    translated and filled in) replaces the standard opening."""
    lines = [header or t.gettext("You joined this journey a little later, so here is in one "
                                 "message what you have missed so far:")]
    items: list[Item] = []
    for step in steps:
        lines += ["", f"*{step.title}*", " ".join(step.message.format_map(values).split())]
        items += list(step.checklist)
    choices: tuple[Choice, ...] = ()
    if with_checklist and items:
        lines += ["", t.gettext("Your checklist so far:"), *checklist_lines(items, done)]
        choices = item_choices(t, items, done, enrolment_id)
    return Reply("\n".join(lines), choices=choices,
                 note=StepNote("catch-up"))


def late_header(t: Translator, values: Mapping[str, str], to_hire: bool, kind: str) -> str:
    """The opening of a catch-up sent after the first working day: in the past tense."""
    if kind != "onboarding":
        return t.gettext("This journey was entered a little later, so here is in one message what "
                         "has happened so far:")
    if to_hire:
        return t.gettext("A warm welcome, {name}! Your first working day was {start_date}. I am "
                         "flurfunk, the city administration's digital assistant, and I accompany "
                         "you through the first months. You were entered a little later, so here "
                         "is in one message what you have missed so far:").format_map(values)
    return t.gettext("{name} started in your team on {start_date} and was entered a little "
                     "later, so here is in one message what you have missed so far:"
                     ).format_map(values)


def progress_text(t: Translator, done: int, total: int) -> str:
    return t.gettext("{done} of {total} done").format(done=done, total=total)


def enrolled_text(t: Translator, user: str, journey: str, start_text: str) -> str:
    return t.gettext("Enrolled {user} on the journey {journey} from {date}.").format(
        user=user, journey=journey, date=start_text)
