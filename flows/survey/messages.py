"""Texts and choices of survey messages: invitation, questions, thanks, results summary."""

from __future__ import annotations

from datetime import datetime

from flows.survey.definition import Question, SurveyDef
from flows.survey.results import RunResult
from flows.types import Action, Choice, Reply, Translator


def invitation(t: Translator, sdef: SurveyDef, run_id: int, closes_at: datetime,
               reminder: bool = False) -> Reply:
    """The invitation (or the reminder) with "take part" and "later" buttons."""
    loc = t.locale
    head = (t.gettext("Reminder: the survey \u201e{title}\u201c is still open until {date}.")
            if reminder else t.gettext("Survey: \u201e{title}\u201c")).format(
        title=sdef.text("title", loc), date=t.format_datetime(closes_at, "short"))
    lines = [head]
    if sdef.intro and not reminder:
        lines.append(sdef.text("intro", loc))
    lines.append(t.ngettext("%(n)d question, about two minutes.", "%(n)d questions, about two "
                            "minutes.", len(sdef.questions)) % {"n": len(sdef.questions)})
    lines.append(t.gettext("Your answers are stored without your name; results are shown only "
                           "from {k} answers on. Answer until {date}. Or write "
                           "\u201eUmfrage\u201c.").format(
        k=sdef.threshold, date=t.format_datetime(closes_at, "short")))
    return Reply("\n".join(lines), choices=(
        Choice(t.gettext("Take part now"), Action(f"survey:start:{run_id}"), "primary"),
        Choice(t.gettext("Later"), Action(f"survey:later:{run_id}")),
    ))


def _labels(t: Translator, q: Question) -> list[tuple[str, int | None]]:
    loc = t.locale
    if q.type == "scale":
        return [(f"{v} \u2013 {q.label(loc, v)}", v) for v in q.values()]
    if q.type == "enps":
        return [(str(v), v) for v in q.values()]
    if q.type == "yesno":
        return [(t.gettext("Yes"), 1), (t.gettext("No"), 0)]
    if q.type == "choice":
        return [(q.label(loc, v), v) for v in q.values()]
    return [(t.gettext("Skip"), None)]


def question(t: Translator, sdef: SurveyDef, run_id: int, q: Question, hint: str = "") -> Reply:
    """One question with its answers as choices (buttons, numbered lines), plus "later"."""
    number = [x.id for x in sdef.questions].index(q.id) + 1
    lines = [t.gettext("Question {n} of {total}: {text}").format(
        n=number, total=len(sdef.questions), text=q.text.get(t.locale) or q.text["de"])]
    if q.type == "enps":
        lines.append(t.gettext("0 = not at all likely, 10 = extremely likely"))
    if q.type == "text":
        lines.append(t.gettext("Write your answer in your own words, or skip."))
    if hint:
        lines.insert(0, hint)
    choices = [Choice(label, Action(f"survey:answer:{run_id}",
                                    f"{q.id}|{'' if value is None else value}"))
               for label, value in _labels(t, q)]
    choices.append(Choice(t.gettext("Later"), Action(f"survey:later:{run_id}")))
    # not kept in the conversation state: which choices someone was offered would show how
    # far they got (the flow reads typed numbers and words itself)
    return Reply("\n".join(lines), choices=tuple(choices), keep_choices=False)


def thanks(t: Translator, sdef: SurveyDef, closes_at: datetime) -> Reply:
    return Reply(t.gettext("Thank you! Your answers are stored without your name. Results "
                           "follow after the survey closes on {date}, and only if at least {k} "
                           "people took part.").format(
        date=t.format_datetime(closes_at, "short"), k=sdef.threshold))


def summary(t: Translator, sdef: SurveyDef, result: RunResult) -> str:
    """A short text of a run's results for the owner (chart attached separately)."""
    title = sdef.text("title", t.locale)
    if result.withheld:
        return t.gettext("Survey \u201e{title}\u201c has closed. Results are withheld: {n} "
                         "people answered, fewer than the anonymity threshold of {k}.").format(
            title=title, n=result.respondents, k=result.threshold)
    rate = result.participation_rate or 0.0
    lines = [t.gettext("Survey \u201e{title}\u201c has closed: {n} of {invited} people answered "
                       "({rate} %).").format(title=title, n=result.respondents,
                                             invited=result.invited, rate=round(rate * 100))]
    for q in result.questions:
        before = ""
        if q.trend:
            before = " " + t.gettext("(before: {value})").format(value=q.trend[-1].value)
        f = q.figures
        if q.withheld:
            lines.append(t.gettext("\u2022 {text}: withheld (too few answers)").format(
                text=q.text))
        elif f is None:
            lines.append(t.gettext("\u2022 {text}: {n} comments").format(text=q.text, n=q.n))
        elif f.enps is not None:
            lines.append(t.gettext("\u2022 {text}: eNPS {value} (n = {n})").format(
                text=q.text, value=f.enps, n=q.n) + before)
        elif f.mean is not None:
            lines.append(t.gettext("\u2022 {text}: mean {value} (n = {n})").format(
                text=q.text, value=f.mean, n=q.n) + before)
        elif f.yes_share is not None:
            lines.append(t.gettext("\u2022 {text}: {value} % yes (n = {n})").format(
                text=q.text, value=round(f.yes_share * 100), n=q.n) + before)
        else:
            top = max(f.distribution, key=lambda d: d.count)
            lines.append(t.gettext("\u2022 {text}: most often \u201e{label}\u201c (n = {n})").format(
                text=q.text, label=top.label, n=q.n))
    return "\n".join(lines)
