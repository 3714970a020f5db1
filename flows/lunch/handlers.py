"""Chat: join, leave, pause until a date, status, preferences, "passt diese Woche nicht", and
the answers to "Hat es geklappt?"."""

from __future__ import annotations

from datetime import timedelta

from flows.lunch import messages, service
from flows.lunch.config import LunchConfig
from flows.lunch.prefs import match_site, parse_weekdays, says_next_week
from flows.outcome import Outcome
from flows.types import Action, FlowContext, Incoming, Reply
from nlu.dates import extract_dates
from nlu.types import Parse
from storage.models.lunch import LunchParticipant


def _config(ctx: FlowContext) -> LunchConfig:
    config: LunchConfig = ctx.config
    return config


def _days_text(ctx: FlowContext, days: list[int]) -> str:
    if not days:
        return ctx.t.gettext("any day")
    return ", ".join(ctx.t.format_weekday(d) for d in sorted(days))


def _settings_line(ctx: FlowContext, part: LunchParticipant) -> str:
    site = part.site or ctx.user.site or ctx.t.gettext("not known yet")
    return ctx.t.gettext("Site: {site}. Days that suit you: {days}.").format(
        site=site, days=_days_text(ctx, part.weekdays))


def _rhythm(ctx: FlowContext) -> str:
    if _config(ctx).every_weeks == 1:
        return ctx.t.gettext("every Monday morning")
    return ctx.t.gettext("every {n} weeks on Monday morning").format(n=_config(ctx).every_weeks)


async def _known_sites(ctx: FlowContext) -> list[str]:
    sites = {p.site for p in await ctx.uow.people.all() if p.site}
    sites.update(p.site for p in await ctx.uow.lunch.participants(active_only=False) if p.site)
    return sorted(sites)


async def join(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    t = ctx.t
    part, changed = await ctx.uow.lunch.join(ctx.user.id, ctx.now)
    days = parse_weekdays(msg.text, ctx.user.locale)
    if days is not None:
        part.weekdays = sorted(days)
    first = (t.gettext("Welcome to lunch roulette! Groups go out {when}.").format(when=_rhythm(ctx))
             if changed else t.gettext("You are already taking part in lunch roulette."))
    if not (part.site or ctx.user.site):
        ctx.expect("lunch_site")
        return [Reply(first + " " + t.gettext("At which site do you usually work? (for example "
                                               "Rathaus)"))]
    return [Reply(first + " " + _settings_line(ctx, part) + " " + t.gettext(
        "To change the days, say for example \u201eIch kann nur dienstags und donnerstags\u201c."))]


async def site_answer(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply] | None:
    text = msg.text.strip()
    site = match_site(text, await _known_sites(ctx)) or text[:120]
    part, _ = await ctx.uow.lunch.join(ctx.user.id, ctx.now)
    part.site = site
    return [Reply(ctx.t.gettext("Thank you, noted.") + " " + _settings_line(ctx, part))]


async def leave(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    if not await ctx.uow.lunch.leave(ctx.user.id, ctx.now):
        return [Reply(ctx.t.gettext("You are not taking part in lunch roulette at the moment. "
                                    "Say \u201eIch mache beim Lunch-Roulette mit\u201c to join."))]
    return [Reply(ctx.t.gettext("You have left lunch roulette; no more groups for you. Your "
                                "preferences stay in case you come back (\u201eMeine Daten "
                                "löschen\u201c removes everything)."))]


async def pause(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    part = await ctx.uow.lunch.participant(ctx.user.id)
    if part is None or not part.active:
        return [Reply(ctx.t.gettext("You are not taking part in lunch roulette at the moment, so "
                                    "there is nothing to pause."))]
    today = ctx.now.astimezone(_config(ctx).tz).date()
    if says_next_week(msg.text) and not extract_dates(msg.text, ctx.user.locale, today):
        return await _skip_next_week(ctx)
    return await _pause_until(ctx, msg.text, part)


async def pause_date(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply] | None:
    part = await ctx.uow.lunch.participant(ctx.user.id)
    if part is None:
        return None
    return await _pause_until(ctx, msg.text, part)


async def _pause_until(ctx: FlowContext, text: str, part: LunchParticipant) -> list[Reply]:
    t = ctx.t
    today = ctx.now.astimezone(_config(ctx).tz).date()
    found = [f.value for f in extract_dates(text, ctx.user.locale, today) if f.value >= today]
    if not found:
        ctx.expect("lunch_pause")
        return [Reply(t.gettext("Until when should I pause your lunch roulette? Please give the "
                                "last day, for example 15.8. (or say \u201eabbrechen\u201c)."))]
    part.paused_until, part.updated_at = max(found), ctx.now
    replies = [Reply(t.gettext("Paused until {date}. From the round after that you are in again "
                               "automatically.").format(date=t.format_date(max(found), "long")))]
    rnd = await service.current_round(ctx.uow, _config(ctx), ctx.now)
    if rnd is not None and await service.skip(
            ctx.uow, ctx.translations, ctx.user, rnd.id, ctx.now,
            _config(ctx).calendar.next_working_moment(ctx.now)) is Outcome.DONE:
        replies.append(Reply(t.gettext("I've also told your group of this week that you can't "
                                       "make it.")))
    return replies


async def status(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    t = ctx.t
    config = _config(ctx)
    part = await ctx.uow.lunch.participant(ctx.user.id)
    rnd = await service.current_round(ctx.uow, config, ctx.now)
    member = await ctx.uow.lunch.membership(rnd.id, ctx.user.id) if rnd else None
    if rnd is not None and member is not None and member.group_id is not None:
        group, members = await ctx.uow.lunch.group(member.group_id)
        others = [m for m in members if m.person_id != ctx.user.id]
        people = await ctx.uow.people.get_many(m.person_id for m in others)
        site = group.site if group else ""
        lines = [f"• {messages.person_line(t, people.get(m.person_id), m.person_id, site)}"
                 + (" " + t.gettext("(can't make it)") if m.skipped else "") for m in others]
        head = (t.gettext("You said this week doesn't suit you. Your group would have been:")
                if member.skipped else t.gettext("This week you are having lunch with:"))
        tail = ([t.gettext("Suggested day: {day}.").format(day=t.format_weekday(group.weekday))]
                if group and group.weekday is not None else [])
        return [Reply("\n".join([head, *lines, *tail]),
                      choices=() if member.skipped else (messages.skip_choice(t, rnd.id),))]
    if rnd is not None and member is not None:
        return [Reply(t.gettext("This week I found nobody at your site to have lunch with you, "
                                "sorry. You are in again next round."))]
    if part is None or not part.active:
        return [Reply(t.gettext("You are not taking part in lunch roulette. Say \u201eIch mache "
                                "beim Lunch-Roulette mit\u201c to join."))]
    today = ctx.now.astimezone(config.tz).date()
    if part.paused_until and part.paused_until >= today:
        return [Reply(t.gettext("Your lunch roulette is paused until {date}.").format(
            date=t.format_date(part.paused_until, "long")) + " " + _settings_line(ctx, part))]
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    while not service.is_round_week(monday, config):
        monday += timedelta(weeks=1)
    return [Reply(t.gettext("You are not in a group yet. The next groups go out on {date}.").format(
        date=t.format_date(monday, "long")) + " " + _settings_line(ctx, part))]


async def preferences(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    t = ctx.t
    days = parse_weekdays(msg.text, ctx.user.locale)
    site = match_site(msg.text, await _known_sites(ctx))
    part = await ctx.uow.lunch.participant(ctx.user.id)
    if days is None and site is None:
        shown = [_settings_line(ctx, part)] if part else []
        return [Reply(" ".join([*shown, t.gettext(
            "Tell me the days that suit you (\u201edienstags und donnerstags\u201c, \u201eegal\u201c) "
            "or your site (\u201eMein Standort ist Rathaus\u201c).")]))]
    joined = part is None or not part.active
    if part is None or not part.active:
        part, _ = await ctx.uow.lunch.join(ctx.user.id, ctx.now)
    if days is not None:
        part.weekdays = sorted(days)
    if site is not None:
        part.site = site
    part.updated_at = ctx.now
    text = t.gettext("Noted.") + " " + _settings_line(ctx, part)
    if joined:
        text += " " + t.gettext("You are now taking part in lunch roulette.")
    return [Reply(text)]


async def skip(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    if says_next_week(msg.text):
        return await _skip_next_week(ctx)
    rnd = await service.current_round(ctx.uow, _config(ctx), ctx.now)
    return await _skip(ctx, rnd.id if rnd else None)


async def _skip_next_week(ctx: FlowContext) -> list[Reply]:
    """Out of next week's round only: a pause up to its Monday, this week's group untouched."""
    t, config = ctx.t, _config(ctx)
    part = await ctx.uow.lunch.participant(ctx.user.id)
    if part is None or not part.active:
        return [Reply(t.gettext("You are not taking part in lunch roulette at the moment, so "
                                "there is nothing to pause."))]
    today = ctx.now.astimezone(config.tz).date()
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    if not service.is_round_week(monday, config):
        return [Reply(t.gettext("There is no round next week anyway; this week's group stays as "
                                "it is."))]
    if not part.paused_until or part.paused_until < monday:
        part.paused_until, part.updated_at = monday, ctx.now
    return [Reply(t.gettext("All right: you are not in the round on {date}, and in again after "
                            "that. This week's group stays as it is.").format(
        date=t.format_date(monday, "long")))]


async def skip_button(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    return await _skip(ctx, action.number)


async def _skip(ctx: FlowContext, round_id: int | None) -> list[Reply]:
    t = ctx.t
    outcome = Outcome.NONE if round_id is None else await service.skip(
        ctx.uow, ctx.translations, ctx.user, round_id, ctx.now,
        _config(ctx).calendar.next_working_moment(ctx.now))
    if outcome is Outcome.DONE:
        return [Reply(t.gettext("All right, you're out for this week; I've let the others know. "
                                "Next round you are in again."))]
    if outcome is Outcome.ALREADY:
        return [Reply(t.gettext("I've already told your group that this week doesn't suit you."))]
    return [Reply(t.gettext("You are in no lunch group this week. To pause for longer, say for "
                            "example \u201eBin bis 15.8. im Urlaub\u201c."))]


async def met_button(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    outcome = Outcome.NONE if action.number is None else await service.answer_followup(
        ctx.uow, ctx.user.id, action.number, action.value == "yes")
    if outcome is Outcome.DONE:
        return [Reply(ctx.t.gettext("Thank you! It only goes into this round's total."))]
    if outcome is Outcome.ALREADY:
        return [Reply(ctx.t.gettext("You have already answered for this round, thank you."))]
    return [Reply(ctx.t.gettext("That question is not for you, or the round is over."))]


async def home(ctx: FlowContext) -> list[Reply]:
    """The overview section: this week's group, a pause, or how to join."""
    return await status(ctx, Incoming(ctx.user.id), Parse("lunch_status", 1.0))
