"""The self-check document for the follow-up workshop: every agreement, its status and history."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date

from flows.commitments.messages import status_label
from flows.commitments.summary import status
from flows.types import Translator
from storage.models.commitments import Commitment, CommitmentEvent, CommitmentWorkshop


def history_line(t: Translator, e: CommitmentEvent, names: Mapping[str, str] | None = None
                 ) -> str:
    names = names or {}
    when = t.format_date(e.at.date(), "medium")
    if e.kind == "newdate":
        text = t.gettext("re-agreed: {old} \u2192 {new}").format(
            old=t.format_date(e.old_due, "medium") if e.old_due else "?",
            new=t.format_date(e.new_due, "medium") if e.new_due else "?")
        return f"{when}: {text}" + (f" \u2013 {e.text}" if e.text else "")
    if e.kind == "done":
        return f"{when}: " + t.gettext("done (due {date})").format(
            date=t.format_date(e.old_due, "medium") if e.old_due else "?")
    if e.kind == "comment":
        return f"{when}: " + t.gettext("comment: {text}").format(text=e.text)
    if e.kind == "handover":
        return f"{when}: " + t.gettext("handed over to {person}").format(
            person=names.get(e.text, e.text))
    if e.kind == "declined":
        return f"{when}: " + t.gettext("declined by {actor}, back with {person}").format(
            actor=names.get(e.actor, e.actor), person=names.get(e.text, e.text))
    if e.kind == "accepted":
        return f"{when}: " + t.gettext("accepted by {actor}").format(
            actor=names.get(e.actor, e.actor))
    if e.kind == "imported" and e.new_due:
        return f"{when}: " + t.gettext("date changed in the protocol: {date}").format(
            date=t.format_date(e.new_due, "medium"))
    return ""


def markdown(t: Translator, ws: CommitmentWorkshop, items: Sequence[Commitment],
             events: dict[int, list[CommitmentEvent]], today: date, flag_days: int,
             names: Mapping[str, str] | None = None) -> str:
    """Markdown: summary, then one section per field of action in the protocol's order, each
    agreement with its people's names (``names``: id -> name) and history."""
    names = names or {}
    s = status(items, today, flag_days)
    c = s.counts
    out = [
        "# " + t.gettext("Self-check: {workshop}").format(workshop=ws.name), "",
        t.gettext("Workshop of {date}; status on {today}.").format(
            date=t.format_date(ws.held_on, "long"), today=t.format_date(today, "long")), "",
        t.gettext("Done: {done} · open: {open} · overdue: {overdue} · re-agreed: {reagreed}"
                  ).format(**c) + "  ",
        t.gettext("Progress: {done} of {total} agreements done ({pct}).").format(
            done=s.counts["done"], total=s.total, pct=f"{s.progress}\u00a0%"), "",
        t.gettext("Where a date has passed: what got in the way, and what do we agree now?"), "",
    ]
    fields: dict[str, list[Commitment]] = {}
    for item in sorted(items, key=lambda i: i.id):  # ids follow the protocol's order
        fields.setdefault(item.field or t.gettext("Other"), []).append(item)
    for name, group in fields.items():
        out += [f"## {name}", ""]
        for item in group:
            due = t.format_date(item.due, "medium")
            if item.due != item.original_due:
                due += " (" + t.gettext("originally {date}").format(
                    date=t.format_date(item.original_due, "medium")) + ")"
            out.append(f"- **{item.title}** \u2013 {status_label(t, item, today)}")
            out.append("  - " + t.gettext("Who: {owners}").format(
                owners=", ".join(names.get(o, o) for o in item.owners)))
            out.append("  - " + t.gettext("When: {due}").format(due=due)
                       + (" \u00b7 " + t.gettext("monthly") if item.recurrence == "monthly" else ""))
            if item.notes:
                out.append("  - " + t.gettext("Notes: {notes}").format(notes=item.notes))
            for e in events.get(item.id, []):
                line = history_line(t, e, names)
                if line:
                    out.append(f"  - {line}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def to_html(md: str, title: str, lang: str = "de") -> str:
    """A small, dependency-free rendering of the Markdown above (headings, lists, bold); a nested
    list sits inside its parent's ``<li>``, as HTML requires."""
    body: list[str] = []
    depth = 0
    for raw in md.splitlines():
        indent = (len(raw) - len(raw.lstrip(" "))) // 2 + 1 if raw.lstrip().startswith("- ") else 0
        while depth > indent:
            body.append("</li></ul>")
            depth -= 1
        text = html.escape(raw.strip().removeprefix("- ").removesuffix("  "))
        parts = text.split("**")
        text = "".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(parts))
        if indent:
            if depth == indent:
                body.append("</li>")
            while depth < indent:
                body.append("<ul>")
                depth += 1
            body.append(f"<li>{text}")
        elif raw.startswith("## "):
            body.append(f"<h2>{text[3:]}</h2>")
        elif raw.startswith("# "):
            body.append(f"<h1>{text[2:]}</h1>")
        elif text:
            body.append(f"<p>{text}</p>")
    body += ["</li></ul>"] * depth
    return (f"<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>"
            f"{html.escape(title)}</title></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
