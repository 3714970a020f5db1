"""``flurfunk lunch join|leave --user ID ... | run | stats``: lunch roulette for admins and HR."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import Any

from bot.commands.common import UsageError, admin_t, authorize, parse_now
from bot.config import Settings
from bot.runtime import Runtime
from flows.lunch import service
from flows.lunch.config import LunchConfig
from flows.lunch.icebreakers import load_icebreakers
from flows.lunch.stats import MIN_ANSWERS, met_rate, pair_figures
from flows.types import N_


async def _members(args: argparse.Namespace, settings: Settings, join: bool) -> int:
    users = list(dict.fromkeys(args.user))
    now = datetime.now(UTC)
    verb = "join" if join else "leave"
    async with Runtime(settings, nlu=False) as rt:
        await authorize(rt, args.actor, {"hr"}, f"lunch.{verb}", ",".join(users)[:200])
        t = await admin_t(rt, args.actor)
        async with rt.uow() as uow:
            known = await uow.people.get_many(users)
            unknown = [u for u in users if u not in known]
            if unknown:  # all or nothing
                raise UsageError("--user", N_("not in the directory: {ids}"), ids=", ".join(unknown))
            changed = 0
            for user in users:
                if join:
                    changed += (await uow.lunch.join(user, now))[1]
                else:
                    changed += await uow.lunch.leave(user, now)
            await uow.commit()
    message = (N_("{changed} joined, {same} already taking part") if join else
               N_("{changed} left, {same} were not taking part"))
    print(t.gettext(message).format(changed=changed, same=len(users) - changed))
    return 0


async def cmd_join(args: argparse.Namespace, settings: Settings) -> int:
    return await _members(args, settings, join=True)


async def cmd_leave(args: argparse.Namespace, settings: Settings) -> int:
    return await _members(args, settings, join=False)


async def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    now = parse_now(args.now, settings.timezone)
    icebreakers = load_icebreakers(settings.path(settings.content_dir) / "lunch")
    async with Runtime(settings, nlu=False) as rt:
        await authorize(rt, args.actor, {"hr"}, "lunch.run", "dry-run" if args.dry_run else "")
        t = await admin_t(rt, args.actor)
        config: LunchConfig = rt.configs["lunch"]
        async with rt.uow() as uow:
            outcome = await service.run_round(uow, rt.translations, config, icebreakers, now,
                                              seed=args.seed, dry_run=args.dry_run)
            await uow.commit()
    g = outcome.grouping
    if args.json:
        print(json.dumps({"round": outcome.round_id,
                          "groups": [{"site": x.site, "members": list(x.members)} for x in g.groups],
                          "relaxed": [r.to_dict() for r in g.relaxed]}, ensure_ascii=False, indent=2))
        return 0
    if outcome.created:
        head = N_("round {key} (id {id}): messages queued in the outbox")
    elif outcome.round_id is not None:
        head = N_("round {key} (id {id}) ran already; nothing sent again")
    else:
        head = N_("round {key}: dry run, nothing stored or sent")
    print(t.gettext(head).format(key=outcome.key, id=outcome.round_id))
    for x in g.groups:
        day = "" if x.weekday is None else "  " + t.gettext("(day {n})").format(n=x.weekday + 1)
        print(f"  {x.site}: {', '.join(x.members)}{day}")
    for person in g.alone:
        print("  " + t.gettext("alone this round: {person}").format(person=person))
    for r in g.relaxed:
        print("  " + t.gettext("relaxed at {site}: {constraint} ({count})").format(
            site=r.site, constraint=r.constraint, count=r.count))
    return 0


async def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    async with Runtime(settings, nlu=False) as rt:
        await authorize(rt, args.actor, {"hr"}, "lunch.stats")
        t = await admin_t(rt, args.actor)
        config: LunchConfig = rt.configs["lunch"]
        async with rt.uow() as uow:
            participants = len(await uow.lunch.participants(active_only=True))
            rounds = await uow.lunch.rounds()
            history = [(r.week_start, [[m.person_id for m in members if not m.skipped]
                                       for _, members in await uow.lunch.groups(r.id)])
                       for r in rounds]
            department = {p.id: p.department or "" for p in await uow.people.all()}
    figures = pair_figures(history, department, config.recency_weeks)
    yes, no = sum(r.met_yes for r in rounds), sum(r.met_no for r in rounds)
    rate = met_rate(yes, no)
    data: dict[str, Any] = {
        "participants": participants, "rounds": len(rounds), "pairs": figures.pairs,
        "cross_department_share": round(figures.cross_share, 3), "repeats": figures.repeats,
        "met_yes": None if rate is None else yes, "met_no": None if rate is None else no,
        "met_rate": None if rate is None else round(rate, 3),
    }
    if rate is None:
        data["met_withheld"] = t.gettext("fewer than {n} answers").format(n=MIN_ANSWERS)
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        rate_text = (t.gettext("withheld (fewer than {n} answers)").format(n=MIN_ANSWERS)
                     if rate is None else t.gettext("{share} of {n} answers").format(
                         share=f"{rate:.0%}", n=yes + no))
        print(t.gettext("participants: {participants}\nrounds: {rounds}\n"
                        "cross-department pairs: {share} of {pairs}\n"
                        "repeats within {weeks} weeks: {repeats}\n"
                        "met (per round answers only): {rate}").format(
            participants=participants, rounds=len(rounds), share=f"{figures.cross_share:.0%}",
            pairs=figures.pairs, weeks=config.recency_weeks, repeats=figures.repeats, rate=rate_text))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lunch", help=N_("lunch roulette: sign-ups, rounds, figures"))
    c = p.add_subparsers(dest="lunch_command", required=True)
    for name, func, text in (("join", cmd_join, N_("sign people up (from a sign-up list)")),
                             ("leave", cmd_leave, N_("take people off lunch roulette"))):
        s = c.add_parser(name, help=text)
        s.add_argument("--user", action="append", required=True, metavar="ID",
                       help=N_("a person id from the directory (repeat for several)"))
        s.set_defaults(func=func)
    s = c.add_parser("run", help=N_("group this week's participants and queue the messages"))
    s.add_argument("--dry-run", action="store_true", help=N_("show the groups; store and send nothing"))
    s.add_argument("--seed", type=int, help=N_("random seed (default: derived from the week)"))
    s.add_argument("--now", help=N_("the round's week as an ISO date/time (default: now)"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_run)
    s = c.add_parser("stats", help=N_("participants, rounds, cross-department share, repeats, met rate"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)
