"""FAQ replies: an entry with its source and feedback buttons, "did you mean", the fallback."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from flows.faq.digest import NOT_HELPFUL, Cluster
from flows.faq.kb import Entry
from flows.faq.kb_check import Due
from flows.types import Action, Choice, FlowContext, Note, Reply, Translator


@dataclass(frozen=True)
class AnswerNote(Note, kind="faq.answer"):
    """The message answers with this knowledge-base entry."""

    entry: str

_EMAIL = re.compile(r"\S+@\S+")
_NUMBER = re.compile(r"\d{4,}")
QUESTION_IN_BUTTON = 200  # characters of the question a "not helpful" button carries


def entry(ctx: FlowContext, found: Entry, question: str = "") -> Reply:
    """The entry in its own language (the question's), buttons and source label included; the
    "not helpful" button carries the question (redacted) for the owner's digest."""
    t = ctx.translations.for_locale(found.locale)
    asked = redact(question)[:QUESTION_IN_BUTTON].strip()
    return Reply(
        text=found.answer,
        source=found.source,
        links=found.links,
        kind="faq",
        note=AnswerNote(found.id),
        locale=found.locale if found.locale != ctx.user.locale else None,
        choices=(
            Choice(t.gettext("Helpful"), Action(f"faq:feedback:{found.id}", "yes")),
            Choice(t.gettext("Not helpful"), Action(f"faq:feedback:{found.id}",
                                                  f"no:{asked}" if asked else "no")),
        ),
    )


def referral(ctx: FlowContext, found: Entry) -> Reply:
    """A referral entry: no answer, whom to ask (its text), in its language, with its source; no
    feedback buttons and no "did you mean": the owners decided the topic is answered elsewhere."""
    return Reply(text=found.answer, source=found.source, links=found.links, kind="fallback",
                 locale=found.locale if found.locale != ctx.user.locale else None)


def unanswered(t: Translator, offered: Sequence[Entry]) -> Reply:
    """"Did you mean" with the offered entries (and whom to ask if none fits), or the polite
    fallback: a suggestion is not an answer, so the asker always learns whom to ask."""
    choices = tuple(Choice(e.question, Action(f"faq:show:{e.id}")) for e in offered)
    if choices:
        return Reply(t.gettext(
            "Did you perhaps mean one of these? If not: for questions about your employment, "
            "ask the Personalservice; for computers and access, the IT-Service desk."),
            choices=choices, kind="fallback")
    text = t.gettext(
        "I don't know that yet, sorry. For questions about your employment, ask the "
        "Personalservice; for computers and access, the IT-Service desk; everything else is "
        "in the intranet. I have passed your question on to the people who maintain my answers."
    )
    return Reply(text, kind="fallback")


def expired(t: Translator) -> Reply:
    return Reply(t.gettext("That button has expired. Please ask me again."))


def redact(text: str) -> str:
    """Keep a question for the content owners, without e-mail addresses or long numbers."""
    return _NUMBER.sub("…", _EMAIL.sub("…", text))[:300]


def language_offer(ctx: FlowContext, locale: str) -> Reply:
    """Once: "you asked in English; shall I write to you in English?" in that language."""
    t = ctx.translations.for_locale(locale)
    return Reply(t.gettext("You asked in English. Shall I write to you in English from now on? "
                           "(I will ask only this once.)"),
                 choices=(Choice(t.gettext("Yes, in English"), Action("faq:language",
                                                                     f"{locale}:yes"),
                                 style="primary"),
                          Choice(t.gettext("No, keep German"), Action("faq:language",
                                                                     f"{locale}:no"))),
                 locale=locale if locale != ctx.user.locale else None)


@dataclass
class Digest:
    """What one owner's weekly digest lists."""

    due: list[tuple[Due, Entry]] = field(default_factory=list)
    clusters: list[tuple[Cluster, Entry | None]] = field(default_factory=list)


def _quote(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def digest(t: Translator, found: Digest, today: date) -> Reply:
    """The weekly digest: entries due for review, then each cluster with its suggestion and a
    button that adds the wording to the entry (or "new entry needed")."""
    lines = [t.gettext("Your weekly knowledge-base digest")]
    if found.due:
        lines.append(t.gettext("Due for review: {n}").format(n=len(found.due)))
        lines += ["• " + t.gettext("\u201e{question}\u201c ({id}, {locale}): last reviewed {date}")
                  .format(question=_quote(e.question), id=d.id, locale=d.locale,
                          date=t.format_date(d.reviewed, "medium")) for d, e in found.due]
    choices = []
    for c, e in found.clusters:
        example = _quote(c.example)
        if e is None:
            lines.append("• " + t.ngettext(
                "{n} question like \u201e{example}\u201c got no answer: new entry needed.",
                "{n} questions like \u201e{example}\u201c got no answer: new entry needed.",
                c.count).format(n=c.count, example=example))
            continue
        if c.kind == NOT_HELPFUL:
            text = t.ngettext(
                "{n} question like \u201e{example}\u201c found \u201e{question}\u201c not helpful. "
                "Add it as another phrasing, or is a new entry needed?",
                "{n} questions like \u201e{example}\u201c found \u201e{question}\u201c not "
                "helpful. Add them as another phrasing, or is a new entry needed?", c.count)
        else:
            text = t.ngettext(
                "{n} question like \u201e{example}\u201c got no answer. Add it as another "
                "phrasing of \u201e{question}\u201c?",
                "{n} questions like \u201e{example}\u201c got no answer. Add them as another "
                "phrasing of \u201e{question}\u201c?", c.count)
        lines.append("• " + text.format(n=c.count, example=example, question=_quote(e.question)))
        choices.append(Choice(t.gettext("Add \u201e{example}\u201c").format(
            example=_quote(c.example, 40)), Action("faq:adopt", f"{e.id}:{e.locale}:{c.example}")))
    if not found.clusters:
        lines.append(t.gettext("No questions this week that at least three people asked and "
                               "nobody could answer."))
    return Reply("\n".join(lines), choices=tuple(choices))
