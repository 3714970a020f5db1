"""Texts and buttons for reminders, the weekly digest and the personal list (translator in)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flows.commitments.calendar import Stage
from flows.commitments.summary import Status
from flows.types import N_, Action, Choice, Field, Form, Note, Reply, Translator
from storage.models.commitments import Commitment


@dataclass(frozen=True)
class ReminderNote(Note, kind="commitments.reminder"):
    """The message reminds of these commitments: (id, stage) each."""

    items: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class HandoverNote(Note, kind="commitments.handover"):
    """The message offers this commitment to its new owner."""

    commitment: int


@dataclass(frozen=True)
class DigestNote(Note, kind="commitments.digest"):
    """The weekly digest: counts by category, the ids flagged as long overdue and those whose
    reminders stopped."""

    done: int
    open: int
    overdue: int
    reagreed: int
    flagged: tuple[int, ...] = ()
    stopped: tuple[int, ...] = ()


def item_line(t: Translator, item: Commitment, workshop: str, kind: str,
              today: date | None = None) -> str:
    """One reminder line: before / due / overdue. A due date on a weekend or holiday, announced
    on the working day before it (``today``), says so instead of "today"."""
    values = {"title": item.title, "workshop": workshop, "date": t.format_date(item.due)}
    if kind == Stage.BEFORE:
        line = t.gettext("{title} ({workshop}): due on {date}.").format(**values)
    elif kind == Stage.DUE and today is not None and today < item.due:
        line = t.gettext("{title} ({workshop}): due on {date} \u2013 today is the last working "
                         "day before it.").format(**values)
    elif kind == Stage.DUE:
        line = t.gettext("{title} ({workshop}): due today ({date}).").format(**values)
    else:
        line = t.gettext("{title} ({workshop}): was due on {date}. What got in the way? Tell me "
                         "briefly and agree a new date.").format(**values)
    if item.recurrence == "monthly":
        line += " " + t.gettext("(recurs monthly)")
    return line


def item_choices(t: Translator, item: Commitment, number: int | None) -> list[Choice]:
    suffix = f" ({number})" if number is not None else ""
    cid = str(item.id)
    says = {  # what people type instead of pressing (German and English always)
        "done": ("erledigt", "fertig", "done", "finished", t.gettext("done")),
        "newdate": ("neuer termin", "verschieben", "verschoben", "new date", "postpone",
                    "move to", t.gettext("new date")),
        "handover": ("übergeben", "übergebe", "hand over", "handing over", t.gettext("hand over")),
    }
    return [
        Choice(t.gettext("Done") + suffix, Action(f"commitments:done:{cid}", cid), "primary",
               says["done"]),
        Choice(t.gettext("New date") + suffix, Action(f"commitments:newdate:{cid}", cid),
               says=says["newdate"]),
        Choice(t.gettext("Comment") + suffix, Action(f"commitments:comment:{cid}", cid)),
        Choice(t.gettext("Hand over") + suffix, Action(f"commitments:handover:{cid}", cid),
               says=says["handover"]),
    ]


def nudge(t: Translator, items: Sequence[tuple[Commitment, str, str]],
          today: date | None = None) -> Reply:
    """One combined reminder for one person: (item, workshop name, stage) each."""
    numbered = len(items) > 1
    lines = [t.gettext("Hello! A short reminder of what you agreed to:")]
    choices: list[Choice] = []
    for n, (item, workshop, kind) in enumerate(items, start=1):
        prefix = f"{n}. " if numbered else "• "
        lines.append(prefix + item_line(t, item, workshop, kind, today))
        choices += item_choices(t, item, n if numbered else None)
    return Reply("\n".join(lines), choices=tuple(choices),
                 note=ReminderNote(tuple((item.id, kind) for item, _, kind in items)))


def handed_over(t: Translator, giver: str, item: Commitment, workshop: str) -> Reply:
    """To the new owner: what was handed over, with Accept and Decline."""
    cid = str(item.id)
    text = t.gettext("{name} has handed an agreement over to you:").format(name=giver)
    return Reply(text + "\n• " + item_line(t, item, workshop, "before"),
                 choices=(Choice(t.gettext("Accept"), Action(f"commitments:accept:{cid}", cid),
                                 "primary"),
                          Choice(t.gettext("Decline"), Action(f"commitments:decline:{cid}", cid))),
                 note=HandoverNote(item.id))


def digests(t: Translator, parts: Sequence[Reply], stopped: Sequence[Commitment],
            overdue_max: int) -> Reply:
    """One weekly message per lead: the digest of each workshop, and once the items whose
    overdue reminders stopped."""
    lines = [r.text for r in parts]
    if stopped:
        lines.append("\n".join([t.ngettext(
            "Reminders stopped after {n} unanswered overdue reminder (please follow up):",
            "Reminders stopped after {n} unanswered overdue reminders (please follow up):",
            overdue_max).format(n=overdue_max), *(f"• {i.title}" for i in stopped)]))
    notes = [r.note for r in parts if isinstance(r.note, DigestNote)]
    return Reply("\n\n".join(lines), note=DigestNote(
        done=sum(n.done for n in notes), open=sum(n.open for n in notes),
        overdue=sum(n.overdue for n in notes), reagreed=sum(n.reagreed for n in notes),
        flagged=tuple(i for n in notes for i in n.flagged),
        stopped=tuple(i.id for i in stopped)))


def digest(t: Translator, workshop: str, held_on: date, s: Status, flag_days: int) -> Reply:
    """The weekly team-level status of one workshop for its lead."""
    c = s.counts
    lines = [
        t.gettext("Weekly status of the workshop \u201e{workshop}\u201c ({date}):").format(
            workshop=workshop, date=t.format_date(held_on, "long")),
        t.gettext("Done: {done} · open: {open} · overdue: {overdue} · re-agreed: {reagreed}"
                  ).format(**c),
        t.gettext("Progress: {done} of {total} agreements done ({pct}).").format(
            done=s.counts["done"], total=s.total, pct=f"{s.progress}\u00a0%"),
    ]
    if s.flagged:
        lines.append(t.gettext("Overdue for more than {days} days (worth raising in the team):"
                               ).format(days=flag_days))
        lines += [t.ngettext("• {title}: {n} day overdue", "• {title}: {n} days overdue", n
                             ).format(title=item.title, n=n) for item, n in s.flagged]
    else:
        lines.append(t.gettext("Nothing is overdue for more than {days} days.").format(
            days=flag_days))
    return Reply("\n".join(lines), note=DigestNote(
        c["done"], c["open"], c["overdue"], c["reagreed"], tuple(i.id for i, _ in s.flagged)))


def status_label(t: Translator, item: Commitment, today: date) -> str:
    if item.status == "done":
        return t.gettext("done")
    if item.due < today:
        return t.gettext("overdue")
    return t.gettext("re-agreed") if item.status == "reagreed" else t.gettext("open")


def my_list(t: Translator, items: Sequence[Commitment], today: date) -> Reply:
    if not items:
        return Reply(t.gettext("You have no open agreements. Say for example \u201eIch übernehme "
                               "das Protokoll bis 15.10.\u201c to note one."))
    lines = [t.gettext("Your open agreements:")]
    choices: list[Choice] = []
    for n, item in enumerate(items, start=1):
        lines.append(t.gettext("{n}. {title}: due on {date} ({status})").format(
            n=n, title=item.title, date=t.format_date(item.due), status=status_label(t, item, today)))
        choices += item_choices(t, item, n if len(items) > 1 else None)
    return Reply("\n".join(lines), choices=tuple(choices))


# The "Neuer Termin" button's form (a modal in Slack; in chat, ask_new_date asks for the same).
NEW_DATE = Form(N_("New date"), (
    Field("date", N_("By when can you manage it?"), kind="date"),
    Field("reason", N_("What got in the way?"), multiline=True, max_length=500),
), submit="commitments:setdate")
