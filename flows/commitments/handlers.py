"""Chat: taking on a commitment, "Was steht bei mir an?", and the reminder buttons with their
follow-up questions (new date and reason, comment, hand-over)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from flows.commitments import messages, service
from flows.commitments.capture import parse_take
from flows.commitments.config import CommitmentsConfig
from flows.commitments.protocol import PERSON_ID
from flows.people import find_person
from flows.types import Action, Choice, FlowContext, Incoming, Outgoing, Reply
from nlu.dates import extract_dates
from nlu.types import Parse
from storage.models.commitments import Commitment

# the words around a typed new date or hand-over ("neuer Termin 20.6.", "übergeben an Lena")
LEAD_IN = re.compile(r"^(neuer\s+termin|neues\s+datum|verschieben|verschoben|new\s+date|postpone"
                     r"|move)?\s*(auf|bis|am|to|until|on)?\b", re.IGNORECASE)
HANDOVER_WORDS = re.compile(r"\b(übergeben|übergebe|uebergeben|übergabe|hand(ing)?\s+over|give|"
                            r"an|to|bitte|please|it|das|die|den)\b", re.IGNORECASE)


def _today(ctx: FlowContext) -> date:
    config: CommitmentsConfig = ctx.config
    return config.calendar.today(ctx.now)


def _confirm(ctx: FlowContext, title: str, due: date) -> list[Reply]:
    t = ctx.t
    return [Reply(
        t.gettext("I'll note: \u201e{title}\u201c, due on {date}. Is that right?").format(
            title=title, date=t.format_date(due)),
        choices=(Choice(t.gettext("Yes, note it"), Action("commitments:take", f"{due}|{title}"),
                        "primary"),
                 Choice(t.gettext("No"), Action("commitments:take", "no"))),
    )]


async def take(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    taken = parse_take(msg.text, ctx.user.locale, _today(ctx))
    if taken is None:
        return [Reply(ctx.t.gettext("What do you take on, and by when? For example: \u201eIch "
                                    "übernehme das Konzept für die Infoveranstaltung bis 1.9.\u201c"))]
    if taken.due is None:
        ctx.expect("commitments_takedate", {"title": taken.title})
        return [Reply(ctx.t.gettext("By when will you do \u201e{title}\u201c? (for example "
                                    "15.10.)").format(title=taken.title))]
    return _confirm(ctx, taken.title, taken.due)


async def take_date(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply] | None:
    found = extract_dates(msg.text, ctx.user.locale, _today(ctx))
    if not found:
        ctx.expect("commitments_takedate", ctx.state)
        return [Reply(ctx.t.gettext("I didn't find a date. Please give one such as 15.10. "
                                    "(or say \u201eabbrechen\u201c)."))]
    return _confirm(ctx, ctx.state["title"], found[0].value)


async def take_confirm(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    t = ctx.t
    if action.value == "no" or "|" not in action.value:
        return [Reply(t.gettext("Okay, I haven't noted anything."))]
    due_text, title = action.value.split("|", 1)
    config: CommitmentsConfig = ctx.config
    # the person's own list: no lead, so no digest about it reaches anyone else
    item = await service.capture(ctx.uow, config.chat_workshop, ctx.user.id, None,
                                 title, date.fromisoformat(due_text), ctx.now)
    return [Reply(t.gettext("Noted: \u201e{title}\u201c by {date}. I'll remind you in good "
                            "time.").format(title=item.title, date=t.format_date(item.due)))]


async def my_list(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    items = await ctx.uow.commitments.for_person(ctx.user.id)
    return [messages.my_list(ctx.t, items, _today(ctx))]


async def _mine(ctx: FlowContext, action: Action) -> Commitment | None:
    """The commitment the button names, when this person owns or leads it."""
    raw = action.target or action.value
    if not raw.isdigit():
        return None
    item = await ctx.uow.commitments.get(int(raw))
    if item is None or (ctx.user.id not in item.owners and ctx.user.id != item.lead):
        return None
    return item


def _not_yours(ctx: FlowContext) -> list[Reply]:
    return [Reply(ctx.t.gettext("I can't find that agreement among yours. Say \u201eWas steht "
                                "bei mir an?\u201c to see your list."))]


async def done(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    item = await _mine(ctx, action)
    if item is None:
        return _not_yours(ctx)
    if item.status == "done":
        return [Reply(ctx.t.gettext("\u201e{title}\u201c is already marked done.").format(
            title=item.title))]
    finished = await service.mark_done(ctx.uow, item, ctx.user.id, ctx.now)
    if finished:
        return [Reply(ctx.t.gettext("Thank you! \u201e{title}\u201c is marked done.").format(
            title=item.title))]
    return [Reply(ctx.t.gettext("Thank you! This occurrence of \u201e{title}\u201c is noted; "
                                "the next one is due on {date}.").format(
        title=item.title, date=ctx.t.format_date(item.due)))]


async def ask_new_date(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    item = await _mine(ctx, action)
    if item is None:
        return _not_yours(ctx)
    ctx.state = {"id": item.id}
    if msg.text and extract_dates(msg.text, ctx.user.locale, _today(ctx)):
        return await new_date(ctx, msg, Parse("commitments_newdate", 1.0)) or []  # "neuer Termin 20.6."
    ctx.expect("commitments_newdate", {"id": item.id})
    return [Reply(ctx.t.gettext("By when can you manage \u201e{title}\u201c? Please give the new "
                                "date (for example 15.10.) and, briefly, why.").format(
        title=item.title))]


async def new_date(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply] | None:
    today = _today(ctx)
    found = [f for f in extract_dates(msg.text, ctx.user.locale, today) if f.value >= today]
    if not found:
        ctx.expect("commitments_newdate", ctx.state)
        return [Reply(ctx.t.gettext("I didn't find a date from today on. Please give one such "
                                    "as 15.10. (or say \u201eabbrechen\u201c)."))]
    reason = (msg.text[:found[0].start] + msg.text[found[0].end:]).strip(" .,;:-")
    reason = LEAD_IN.sub("", reason).strip(" .,;:-")
    if len(reason.split()) < 2:
        ctx.expect("commitments_reason", {**ctx.state, "date": found[0].value.isoformat()})
        return [Reply(ctx.t.gettext("And briefly: what got in the way?"))]
    return await _save_new_date(ctx, int(ctx.state["id"]), found[0].value, reason)


async def set_date(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    """A new date and reason from a form (Slack's modal): value ``YYYY-MM-DD|reason``."""
    item = await _mine(ctx, action)
    if item is None:
        return _not_yours(ctx)
    when_text, _, rest = action.value.partition("|")
    why, _, ok = rest.rpartition("|") if rest.endswith("|ok") else (rest, "", "")
    try:
        when = date.fromisoformat(when_text)
    except ValueError:
        when = None
    if when is None or when < _today(ctx):
        ctx.expect("commitments_newdate", {"id": item.id})
        return [Reply(ctx.t.gettext("I didn't find a date from today on. Please give one such "
                                    "as 15.10. (or say \u201eabbrechen\u201c)."))]
    return await _save_new_date(ctx, item.id, when, why.strip(), confirmed=ok == "ok")


async def reason(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply] | None:
    return await _save_new_date(ctx, int(ctx.state["id"]), date.fromisoformat(ctx.state["date"]),
                                msg.text.strip())


async def _save_new_date(ctx: FlowContext, item_id: int, when: date, why: str,
                         confirmed: bool = False) -> list[Reply]:
    item = await ctx.uow.commitments.get(item_id)
    if item is None:
        return _not_yours(ctx)
    config: CommitmentsConfig = ctx.config
    cal = config.calendar
    if not confirmed and not cal.is_working_day(when):
        t, before = ctx.t, cal.on_or_before(when)
        cid = str(item.id)
        return [Reply(t.gettext("{date} is not a working day (a weekend or public holiday). Keep "
                                "it anyway, or take the working day before, {before}?").format(
            date=t.format_date(when), before=t.format_date(before)), choices=(
            Choice(t.gettext("Take {date}").format(date=t.format_date(before, "medium")),
                   Action(f"commitments:setdate:{cid}", f"{before.isoformat()}|{why}|ok"),
                   "primary"),
            Choice(t.gettext("Keep {date}").format(date=t.format_date(when, "medium")),
                   Action(f"commitments:setdate:{cid}", f"{when.isoformat()}|{why}|ok"))))]
    old = item.due
    await service.new_date(ctx.uow, item, ctx.user.id, when, why, ctx.now)
    return [Reply(ctx.t.gettext("Re-agreed: \u201e{title}\u201c is now due on {new} (before: "
                                "{old}). The old date and your reason stay in the history."
                                ).format(title=item.title, new=ctx.t.format_date(when),
                                         old=ctx.t.format_date(old)))]


async def ask_comment(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    item = await _mine(ctx, action)
    if item is None:
        return _not_yours(ctx)
    ctx.expect("commitments_comment", {"id": item.id})
    return [Reply(ctx.t.gettext("Your comment on \u201e{title}\u201c?").format(title=item.title))]


async def add_comment(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply] | None:
    item = await ctx.uow.commitments.get(int(ctx.state["id"]))
    if item is None:
        return _not_yours(ctx)
    await service.comment(ctx.uow, item, ctx.user.id, msg.text.strip(), ctx.now)
    return [Reply(ctx.t.gettext("Thank you, your comment is noted."))]


async def ask_handover(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    item = await _mine(ctx, action)
    if item is None:
        return _not_yours(ctx)
    named = HANDOVER_WORDS.sub(" ", msg.text or "").strip(" .,;:-")
    if named and not named.isdigit():  # "übergeben an Lena", "hand over to lena"
        ctx.state = {"id": item.id}
        return await handover(ctx, replace(msg, text=named),
                              Parse("commitments_handover", 1.0)) or []
    ctx.expect("commitments_handover", {"id": item.id})
    return [Reply(ctx.t.gettext("To whom do you hand over \u201e{title}\u201c? Please give their "
                                "user id (for example mueller).").format(title=item.title))]


async def handover(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply] | None:
    t = ctx.t
    to = msg.text.strip().lstrip("@").lower()
    person = await ctx.uow.people.get(to) if PERSON_ID.match(to) else None
    if person is None:
        named = await find_person(ctx.uow, msg.text, {ctx.user.id})
        if len(named) > 1:
            ctx.expect("commitments_handover", ctx.state)
            return [Reply(t.gettext("That fits several people: {names}. Please give the user "
                                    "id.").format(names=", ".join(
                f"{p.name or p.id} ({p.id})" for p in named[:5])))]
        person = named[0] if named else None
        to = person.id if person else to
    if person is None or to == ctx.user.id:
        ctx.expect("commitments_handover", ctx.state)
        return [Reply(t.gettext("I don't know anyone else with the user id \u201e{id}\u201c. "
                                "Please give a user id from the directory (or say "
                                "\u201eabbrechen\u201c).").format(id=to))]
    item = await ctx.uow.commitments.get(int(ctx.state["id"]))
    if item is None:
        return _not_yours(ctx)
    await service.hand_over(ctx.uow, item, ctx.user.id, to, ctx.now)
    ws = {w.id: w.name for w in await ctx.uow.commitments.workshops()}[item.workshop_id]
    tt = ctx.translations.for_locale(person.locale)
    config: CommitmentsConfig = ctx.config
    reply = messages.handed_over(tt, ctx.user.name or ctx.user.id, item, ws)
    await ctx.send(Outgoing(f"commitments:handover:{item.id}:{to}:{ctx.now.isoformat()}", [to],
                            reply, config.calendar.next_working_moment(ctx.now)))
    return [Reply(t.gettext("Handed over to {name}; I've let them know.").format(
        name=person.name or person.id))]


async def _handed_to_me(ctx: FlowContext, action: Action) -> tuple[Commitment, str] | None:
    """The item and who handed it to this person, while it is still theirs."""
    item = await _mine(ctx, action)
    if item is None:
        return None
    events = (await ctx.uow.commitments.events([item.id])).get(item.id, [])
    giver = next((e.actor for e in reversed(events) if e.kind == "handover"
                  and e.text == ctx.user.id), None)
    return (item, giver) if giver else None


async def accept(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    """The new owner takes the handed-over agreement on."""
    found = await _handed_to_me(ctx, action)
    if found is None:
        return _not_yours(ctx)
    item, _ = found
    await service.comment(ctx.uow, item, ctx.user.id, "accepted", ctx.now, kind="accepted")
    return [Reply(ctx.t.gettext("Thank you! \u201e{title}\u201c is now yours; I'll remind you "
                                "in good time.").format(title=item.title))]


async def decline(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    """The new owner cannot take it on: it goes back to the giver, who is told (in working
    hours)."""
    found = await _handed_to_me(ctx, action)
    if found is None:
        return _not_yours(ctx)
    item, giver = found
    await service.hand_over(ctx.uow, item, ctx.user.id, giver, ctx.now, kind="declined")
    back = await ctx.uow.people.get(giver)
    tt = ctx.translations.for_locale(back.locale if back else None)
    text = tt.gettext("{name} cannot take over \u201e{title}\u201c; it is back with you.").format(
        name=ctx.user.name or ctx.user.id, title=item.title)
    config: CommitmentsConfig = ctx.config
    await ctx.send(Outgoing(f"commitments:declined:{item.id}:{giver}:{ctx.now.isoformat()}",
                            [giver], Reply(text, choices=tuple(messages.item_choices(tt, item, None))),
                            config.calendar.next_working_moment(ctx.now)))
    return [Reply(ctx.t.gettext("Understood: \u201e{title}\u201c goes back to {name}; I've let "
                                "them know.").format(title=item.title,
                                                     name=(back.name or giver) if back else giver))]


async def home(ctx: FlowContext) -> list[Reply]:
    """The overview section: open agreements with their buttons."""
    return await my_list(ctx, Incoming(ctx.user.id), Parse("commitments_list", 1.0))
