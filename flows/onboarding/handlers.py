"""Chat handlers: tick off checklist items, show progress (own, or a lead's hires), Pate answers,
naming a Pate/Patin by hand (the lead or HR answers the "nobody found" message)."""

from __future__ import annotations

from flows.onboarding import messages
from flows.onboarding.checklist import match_items
from flows.onboarding.config import OnboardingConfig, OnboardingResources
from flows.onboarding.journeys import Item
from flows.onboarding.plan import step_time
from flows.onboarding.service import introduce, name_pate, propose_next
from flows.people import find_person
from flows.types import Action, FlowContext, Incoming, Reply, Translator
from nlu.types import Parse
from storage.models.onboarding import OnboardingEnrolment as Enrolment

PATE_NAME = "onboarding_pate_name"  # the flow of naming a Pate/Patin by hand
NO_NAME = {"abbrechen", "abbruch", "cancel", "stop", "nein", "no"}


def items_of(ctx: FlowContext, e: Enrolment) -> tuple[Item, ...]:
    res: OnboardingResources = ctx.resources
    j = res.journeys.get(e.journey, ctx.user.locale)
    return j.items if j else ()


def shown(ctx: FlowContext, e: Enrolment, done: set[str]) -> tuple[Item, ...]:
    """The items of the steps sent so far, plus any ticked off early: what the person has
    seen, so counts and buttons never run ahead of the journey."""
    res: OnboardingResources = ctx.resources
    j = res.journeys.get(e.journey, ctx.user.locale)
    if j is None:
        return ()
    cfg: OnboardingConfig = ctx.config
    sent = {i.id for s in j.steps if step_time(j, s, e.start_date, cfg.calendar)
            <= e.done_through for i in s.checklist}
    return tuple(i for i in j.items if i.id in sent or i.id in done)


def summary(t: Translator, items: tuple[Item, ...], done: set[str], total: int) -> str:
    n = len(done & {i.id for i in items})
    text = messages.progress_text(t, n, len(items))
    if n >= len(items) and len(items) < total:
        text += " " + t.gettext("That is everything for now; more items follow in the next "
                                "weeks.")
    elif n >= len(items):
        text += " " + t.gettext("Your checklist is complete. Well done!")
    return text


async def own_checklist(ctx: FlowContext) -> Enrolment | None:
    for e in await ctx.uow.onboarding.of_person(ctx.user.id, active_only=True):
        if items_of(ctx, e):
            return e
    return None


async def tick(ctx: FlowContext, e: Enrolment, item: Item) -> list[Reply]:
    t = ctx.t
    new = await ctx.uow.onboarding.mark_done(e.id, item.id, ctx.now)
    done = await ctx.uow.onboarding.done_items(e.id)
    items = shown(ctx, e, done)
    head = (t.gettext("Ticked off: {item}.") if new
            else t.gettext("That was already ticked off: {item}.")).format(item=item.text)
    text = f"{head} {summary(t, items, done, len(items_of(ctx, e)))}"
    return [Reply(text, choices=messages.item_choices(t, items, done, e.id))]


async def checklist_done(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    t = ctx.t
    e = await own_checklist(ctx)
    if e is None:
        return [Reply(t.gettext("You have no onboarding or handover checklist at the moment."))]
    done = await ctx.uow.onboarding.done_items(e.id)
    found = match_items(msg.text, items_of(ctx, e))  # early ticks are fine
    if len(found) == 1:
        return await tick(ctx, e, found[0])
    options = found or [i for i in shown(ctx, e, done) if i.id not in done]
    if not options:
        return [Reply(t.gettext("Your checklist is complete. Well done!"))]
    return [Reply(t.gettext("Which item have you finished?"),
                  choices=messages.item_choices(t, options, set(), e.id))]


async def done_button(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    expired = [Reply(ctx.t.gettext("That button has expired. Please ask me again."))]
    if not action.value.isdigit():
        return expired
    e = await ctx.uow.onboarding.get(int(action.value))
    item_id = action.target
    if e is None or e.person_id != ctx.user.id or e.status != "active":
        return expired
    item = next((i for i in items_of(ctx, e) if i.id == item_id), None)
    return expired if item is None else await tick(ctx, e, item)


async def progress(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    t = ctx.t
    replies: list[Reply] = []
    e = await own_checklist(ctx)
    if e is not None:
        done = await ctx.uow.onboarding.done_items(e.id)
        items = shown(ctx, e, done)
        text = "\n".join([t.gettext("Your checklist: {progress}.").format(
            progress=messages.progress_text(t, len(done & {i.id for i in items}), len(items))),
            *messages.checklist_lines(items, done)])
        replies.append(Reply(text, choices=messages.item_choices(t, items, done, e.id)))
    led = [x for x in await ctx.uow.onboarding.led_by(ctx.user.id) if x.journey and
           items_of(ctx, x)]
    if led:
        people = await ctx.uow.people.get_many([x.person_id for x in led])
        lines = [t.gettext("Checklist progress in your team:")]
        for x in led:
            p = people.get(x.person_id)
            done_x = await ctx.uow.onboarding.done_items(x.id)
            items_x = shown(ctx, x, done_x)
            progress_x = messages.progress_text(t, len(done_x & {i.id for i in items_x}),
                                              len(items_x))
            lines.append(f"• {(p.name or p.id) if p else x.person_id}: {progress_x}")
        replies.append(Reply("\n".join(lines)))
    return replies or [Reply(t.gettext(
        "You have no onboarding or handover checklist at the moment."))]


async def pate_answer(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    t = ctx.t
    cfg: OnboardingConfig = ctx.config
    e = await ctx.uow.onboarding.get(action.number) if action.number is not None else None
    proposal = await ctx.uow.onboarding.open_proposal(e.id, ctx.user.id) if e else None
    if e is None or proposal is None or e.status != "active" or e.pate_id is not None:
        return [Reply(t.gettext("This request is no longer open. Thank you all the same!"))]
    proposal.answered_at = ctx.now
    hire = await ctx.uow.people.get(e.person_id)
    name = (hire.name or hire.id) if hire else e.person_id
    if action.value != "yes":
        proposal.status = "declined"
        await ctx.uow.flush()
        await propose_next(ctx.uow, e, cfg, ctx.translations, ctx.now)
        return [Reply(t.gettext("Understood, I will ask someone else. Thank you for "
                                "letting me know."))]
    proposal.status, e.pate_id = "accepted", ctx.user.id
    await ctx.uow.flush()
    await introduce(ctx.uow, e, ctx.translations, ctx.now,
                    cfg.calendar.next_working_moment(ctx.now), cfg.calendar.today(ctx.now))
    return [Reply(t.gettext("Thank you! I have introduced you and {name} to each other in "
                            "a group message.").format(name=name))]



async def home(ctx: FlowContext) -> list[Reply]:
    """The overview section: the own checklist and, for leads, the team's progress."""
    return await progress(ctx, Incoming(ctx.user.id), Parse("onboarding_progress", 1.0))



async def _may_name(ctx: FlowContext, raw: str) -> Enrolment | None:
    """The active enrolment without Pate/Patin that this person leads (or any, for HR/admin)."""
    e = await ctx.uow.onboarding.get(int(raw)) if raw.isdigit() else None
    if e is None or e.status != "active":
        return None
    if ctx.user.id != e.lead_id and not {"hr", "admin"} & set(ctx.user.roles or []):
        return None
    return e


async def ask_pate_name(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    """The button on the "nobody found" message: ask for the name."""
    t = ctx.t
    e = await _may_name(ctx, action.target)
    if e is None:
        return [Reply(t.gettext("This request is no longer open. Thank you all the same!"))]
    hire = await ctx.uow.people.get(e.person_id)
    ctx.expect(PATE_NAME, {"id": e.id})
    return [Reply(t.gettext("Who should be the Pate/Patin of {name}? Please give the name or the "
                            "user id (or say \u201eabbrechen\u201c).").format(
        name=(hire.name or hire.id) if hire else e.person_id))]


async def pate_name(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply] | None:
    """The typed name: one person found is named; several or none are asked about again."""
    t = ctx.t
    if msg.text.strip().casefold() in NO_NAME:
        return [Reply(t.gettext("Okay, I have not named anyone."))]
    e = await _may_name(ctx, str(ctx.state.get("id", "")))
    if e is None:
        return [Reply(t.gettext("This request is no longer open. Thank you all the same!"))]
    found = await find_person(ctx.uow, msg.text, {e.person_id})
    if len(found) != 1:
        ctx.expect(PATE_NAME, ctx.state)
        if not found:
            return [Reply(t.gettext("I don't find \u201e{text}\u201c in the directory. Please give "
                                    "the full name or the user id (or say \u201eabbrechen\u201c)."
                                    ).format(text=msg.text.strip()))]
        names = ", ".join(f"{p.name or p.id} ({p.id})" for p in found[:5])
        return [Reply(t.gettext("That fits several people: {names}. Please give the user id."
                                ).format(names=names))]
    cfg: OnboardingConfig = ctx.config
    pate = found[0]
    await name_pate(ctx.uow, e, pate, ctx.user.id, ctx.translations, cfg, ctx.now)
    hire = await ctx.uow.people.get(e.person_id)
    return [Reply(t.gettext("{pate} is now the Pate/Patin of {name}. I have introduced them to "
                            "each other in a group message.").format(
        pate=pate.name or pate.id, name=(hire.name or hire.id) if hire else e.person_id))]
