"""Chat: taking part ("Umfrage"), answering by button, number or words, "später", the list of
open surveys and what anonymity means here."""

from __future__ import annotations

from typing import Any

from flows.survey import messages, service
from flows.survey.answers import LATER, SKIP, parse_answer
from flows.survey.config import SurveyConfig
from flows.survey.definition import MAX_TEXT, Question, SurveyDef
from flows.survey.vault import KeyStore
from flows.types import Action, Choice, FlowContext, Incoming, Reply
from nlu.types import FALLBACK, OUT_OF_SCOPE, Parse
from storage.models.survey import SurveyRun

FLOW = service.FLOW


async def _open_run(ctx: FlowContext, raw: str) -> tuple[SurveyRun, SurveyDef] | list[Reply]:
    """The run named by a button or flow, if this person may still answer it; else a reply."""
    t = ctx.t
    # locked (shared) for the rest of the message, so that a close waits for this answer
    run = await ctx.uow.survey.lock_run(int(raw)) if raw.isdigit() else None
    part = await ctx.uow.survey.participation(run.id, ctx.user.id) if run else None
    if run is None or part is None:
        return [Reply(t.gettext("I can't find that survey among the ones sent to you."))]
    if run.status != "open" or run.closes_at <= ctx.now:
        return [Reply(t.gettext("This survey has closed. Thank you for your interest!"))]
    if part.responded:
        return [Reply(t.gettext("You have already answered this survey. Thank you!"))]
    survey = await ctx.uow.survey.get(run.survey_id)
    assert survey is not None
    return run, service.definition(survey)


def _keys(ctx: FlowContext) -> KeyStore:
    config: SurveyConfig = ctx.config
    return config.keys


async def _ask(ctx: FlowContext, run: SurveyRun, sdef: SurveyDef, hint: str = "") -> list[Reply]:
    await service.begin(ctx.uow, _keys(ctx), run, sdef, ctx.user)
    answers = await service.answers_so_far(ctx.uow, _keys(ctx), run, ctx.user.id)
    q = service.next_question(sdef, answers)
    if q is None:  # cannot happen for a person not yet done; be safe
        return [messages.thanks(ctx.t, sdef, run.closes_at)]
    ctx.expect(FLOW, {"run": run.id})
    return [messages.question(ctx.t, sdef, run.id, q, hint)]


async def _store(ctx: FlowContext, run: SurveyRun, sdef: SurveyDef, q: Question, value: Any
                 ) -> list[Reply]:
    nxt = await service.answer(ctx.uow, _keys(ctx), run, sdef, ctx.user, q.id, value)
    if nxt is None:
        return [messages.thanks(ctx.t, sdef, run.closes_at)]
    ctx.expect(FLOW, {"run": run.id})
    return [messages.question(ctx.t, sdef, run.id, nxt)]


async def start(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    """"Umfrage": continue the oldest open survey where the person left off."""
    pending = await ctx.uow.survey.open_for(ctx.user.id)
    pending = [(r, p) for r, p in pending if r.closes_at > ctx.now]
    if not pending:
        return [Reply(ctx.t.gettext("No survey is waiting for you at the moment."))]
    found = await _open_run(ctx, str(pending[0][0].id))
    return found if isinstance(found, list) else await _ask(ctx, *found)


async def start_action(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    found = await _open_run(ctx, _run_of(action))
    return found if isinstance(found, list) else await _ask(ctx, *found)


async def _later(ctx: FlowContext, run: SurveyRun) -> list[Reply]:
    config: SurveyConfig = ctx.config
    t = ctx.t
    when = await service.postpone(ctx.uow, run, ctx.user.id,
                                  service.ask_again_at(ctx.now, config.calendar))
    if when is None:
        return [Reply(t.gettext("Okay. The survey stays open until {date}; write "
                                "\u201eUmfrage\u201c whenever you like.").format(
            date=t.format_datetime(run.closes_at, "short")))]
    return [Reply(t.gettext("Okay, I'll ask you again on {date}. Your answers so far are kept; "
                            "you can also write \u201eUmfrage\u201c at any time.").format(
        date=t.format_datetime(when, "short")))]


def _run_of(action: Action) -> str:
    """The run a button is about (``survey:start:<run>``; the value in buttons sent before)."""
    return action.target or action.value


async def later_action(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    found = await _open_run(ctx, _run_of(action))
    return found if isinstance(found, list) else await _later(ctx, found[0])


async def answer_action(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    """A button (or numbered choice): ``survey:answer:<run>`` with ``question|value``."""
    parts = [action.target, *action.value.split("|")] if action.target else \
        action.value.split("|")  # a button sent before the run moved into the id: run|q|value
    if len(parts) != 3:
        return [Reply(ctx.t.gettext("That answer button is no longer valid. Write "
                                    "\u201eUmfrage\u201c to continue the survey."))]
    found = await _open_run(ctx, parts[0])
    if isinstance(found, list):
        return found
    run, sdef = found
    answers = await service.answers_so_far(ctx.uow, _keys(ctx), run, ctx.user.id)
    q = sdef.question(parts[1])
    if q is None or q.id in answers:
        return await _ask(ctx, run, sdef)  # an old button: continue with the open question
    value: Any = None
    if parts[2] != "":
        if not parts[2].lstrip("-").isdigit() or int(parts[2]) not in q.values():
            return await _ask(ctx, run, sdef)
        value = int(parts[2])
    elif not q.optional:
        return await _ask(ctx, run, sdef)
    return await _store(ctx, run, sdef, q, value)


async def answer_text(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply] | None:
    """A typed answer to the open question ("4", "eher ja", "stimme zu", a comment)."""
    found = await _open_run(ctx, str(ctx.state.get("run", "")))
    if isinstance(found, list):
        return found
    run, sdef = found
    text = msg.text.strip()
    if LATER.match(text):
        return await _later(ctx, run)
    answers = await service.answers_so_far(ctx.uow, _keys(ctx), run, ctx.user.id)
    q = service.next_question(sdef, answers)
    if q is None:
        return None
    if q.type == "text":
        if SKIP.match(text):
            return await _store(ctx, run, sdef, q, None)
        return await _store(ctx, run, sdef, q, text[:MAX_TEXT])
    value = parse_answer(q, text)
    if value is not None:
        return await _store(ctx, run, sdef, q, value)
    if parse.intent not in (FALLBACK, OUT_OF_SCOPE, "") and not parse.intent.startswith(
            "survey_") and parse.confidence >= 0.6:
        return None  # something else entirely; the answers so far stay kept
    return await _ask(ctx, run, sdef, ctx.t.gettext(
        "I didn't understand that as an answer. Please pick one of the options (a number is "
        "fine), or say \u201espäter\u201c."))


async def my_surveys(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    t = ctx.t
    pending = [(r, p) for r, p in await ctx.uow.survey.open_for(ctx.user.id)
               if r.closes_at > ctx.now]
    if not pending:
        return [Reply(t.gettext("No survey is waiting for you at the moment."))]
    lines = [t.gettext("Open surveys for you:")]
    for run, _ in pending:
        survey = await ctx.uow.survey.get(run.survey_id)
        assert survey is not None
        lines.append(t.gettext("\u2022 \u201e{title}\u201c, open until {date}").format(
            title=service.definition(survey).text("title", t.locale),
            date=t.format_datetime(run.closes_at, "short")))
    lines.append(t.gettext("Write \u201eUmfrage\u201c to take part."))
    return [Reply("\n".join(lines))]


async def home(ctx: FlowContext) -> list[Reply]:
    """The overview section (Slack's App Home): each open survey with its "take part" button;
    nothing when none is waiting (the overview then shows its empty state)."""
    t = ctx.t
    replies = []
    for run, _ in await ctx.uow.survey.open_for(ctx.user.id):
        survey = await ctx.uow.survey.get(run.survey_id)
        if survey is None or run.closes_at <= ctx.now:
            continue
        replies.append(Reply(
            t.gettext("\u201e{title}\u201c, open until {date}").format(
                title=service.definition(survey).text("title", t.locale),
                date=t.format_datetime(run.closes_at, "short")),
            choices=(Choice(t.gettext("Take part now"), Action(f"survey:start:{run.id}"),
                            "primary"),)))
    return replies


async def anonymity(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    return [Reply(ctx.t.gettext(
        "Surveys are anonymous: while a survey runs, your answers are stored only encrypted, "
        "with a key that is not kept in the database and is destroyed when the survey closes. "
        "Then all answers are written at once, shuffled, without your name or user id and with "
        "no link to the list of who was asked (that list exists only to remind people who have "
        "not answered), and carry only that day's date. Results are shown only from a minimum "
        "number of answers (at least 5 unless the survey says more), groups such as departments "
        "only when both the group and everyone else are large enough, and comments only from a "
        "higher number and never by group. The Personalrat can read the details in "
        "docs/anonymity.md."))]
