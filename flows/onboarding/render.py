"""Turn journey steps into replies for one recipient: placeholders, checklist buttons, catch-up."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flows.onboarding.journeys import Item, Step
from flows.types import Action, Choice, Reply, Translator


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
                 meta={"feature": "onboarding", "step": step.id})


def catch_up_reply(t: Translator, steps: Sequence[Step], values: Mapping[str, str],
                   enrolment_id: int, done: set[str], with_checklist: bool) -> Reply:
    """One message summarising every step that was due before the enrolment."""
    lines = [t.gettext("You joined this journey a little later, so here is in one message what "
                       "you have missed so far:")]
    items: list[Item] = []
    for step in steps:
        lines += ["", f"*{step.title}*", " ".join(step.message.format_map(values).split())]
        items += list(step.checklist)
    choices: tuple[Choice, ...] = ()
    if with_checklist and items:
        lines += ["", t.gettext("Your checklist so far:"), *checklist_lines(items, done)]
        choices = item_choices(t, items, done, enrolment_id)
    return Reply("\n".join(lines), choices=choices,
                 meta={"feature": "onboarding", "step": "catch-up"})


def progress_text(t: Translator, done: int, total: int) -> str:
    return t.gettext("{done} of {total} done").format(done=done, total=total)


def enrolled_text(t: Translator, user: str, journey: str, start_text: str) -> str:
    return t.gettext("Enrolled {user} on the journey {journey} from {date}.").format(
        user=user, journey=journey, date=start_text)
