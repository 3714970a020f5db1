"""Naming a Pate/Patin by hand in chat: the lead (or HR) answers the "nobody found" message."""

from __future__ import annotations

from flows.onboarding.config import OnboardingConfig
from flows.onboarding.service import name_pate
from flows.people import find_person
from flows.types import Action, FlowContext, Incoming, Reply
from nlu.types import Parse
from storage.models.onboarding import OnboardingEnrolment as Enrolment

FLOW = "onboarding_pate_name"
CANCEL = {"abbrechen", "abbruch", "cancel", "stop", "nein", "no"}


async def _allowed(ctx: FlowContext, raw: str) -> Enrolment | None:
    """The active enrolment without Pate/Patin that this person leads (or any, for HR/admin)."""
    e = await ctx.uow.onboarding.get(int(raw)) if raw.isdigit() else None
    if e is None or e.status != "active":
        return None
    if ctx.user.id != e.lead_id and not {"hr", "admin"} & set(ctx.user.roles or []):
        return None
    return e


async def ask(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    """The button on the "nobody found" message: ask for the name."""
    t = ctx.t
    e = await _allowed(ctx, action.target)
    if e is None:
        return [Reply(t.gettext("This request is no longer open. Thank you all the same!"))]
    hire = await ctx.uow.people.get(e.person_id)
    ctx.expect(FLOW, {"id": e.id})
    return [Reply(t.gettext("Who should be the Pate/Patin of {name}? Please give the name or the "
                            "user id (or say \u201eabbrechen\u201c).").format(
        name=(hire.name or hire.id) if hire else e.person_id))]


async def answer(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply] | None:
    """The typed name: one person found is named; several or none are asked about again."""
    t = ctx.t
    if msg.text.strip().casefold() in CANCEL:
        return [Reply(t.gettext("Okay, I have not named anyone."))]
    e = await _allowed(ctx, str(ctx.state.get("id", "")))
    if e is None:
        return [Reply(t.gettext("This request is no longer open. Thank you all the same!"))]
    found = await find_person(ctx.uow, msg.text, {e.person_id})
    if len(found) != 1:
        ctx.expect(FLOW, ctx.state)
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
