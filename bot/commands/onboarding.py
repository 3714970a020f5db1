"""``flurfunk onboarding start|list|status``: enrol people on journeys and follow their progress."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from bot.commands.common import UsageError, authorize, parse_now
from bot.config import Settings
from bot.i18n import Translations, Translator
from bot.runtime import Runtime
from flows.onboarding.config import OnboardingConfig
from flows.onboarding.journeys import Journeys
from flows.onboarding.messages import enrolled_text
from flows.onboarding.plan import step_time
from flows.onboarding.service import name_pate
from flows.types import N_
from storage.models.onboarding import OnboardingEnrolment as Enrolment
from storage.uow import UnitOfWork


def _t(settings: Settings) -> Translator:
    """The default (German) translator for admin messages, usable before the runtime starts."""
    return Translations(default=settings.default_locale, tz=settings.timezone).for_locale(None)


def _journeys(settings: Settings) -> Journeys:
    return Journeys.load(settings.path(settings.content_dir) / "onboarding")


async def _scope(rt: Runtime, actor: str) -> str | None:
    """None when the actor sees everything (admin, hr, system); else the lead's id."""
    async with rt.uow() as uow:
        person = await uow.people.get(actor)
    if person is None or {"admin", "hr"} & set(person.roles):
        return None
    return actor


async def _row(uow: UnitOfWork, e: Enrolment, journeys: Journeys, full: bool) -> dict[str, Any]:
    j = journeys.get(e.journey)
    total = len(j.items) if j else 0
    done = await uow.onboarding.done_items(e.id)
    person = await uow.people.get(e.person_id)
    row: dict[str, Any] = {"user": e.person_id, "name": person.name if person else "",
                           "journey": e.journey, "checklist_done": len(done),
                           "checklist_total": total}
    if full:
        row.update({"id": e.id, "start": e.start_date.isoformat(), "status": e.status,
                    "lead": e.lead_id, "pate": e.pate_id, "successor": e.successor_id,
                    "enrolled_at": e.enrolled_at.isoformat()})
    return row


async def cmd_start(args: argparse.Namespace, settings: Settings) -> int:
    journeys = _journeys(settings)
    if journeys.get(args.journey) is None:
        raise UsageError("--journey", N_("there is no journey \u201e{journey}\u201c (known: {known})."),
                         journey=args.journey, known=", ".join(journeys.names()))
    try:
        start = date.fromisoformat(args.start)
    except ValueError as exc:
        raise UsageError("--start", N_("write the date as YYYY-MM-DD, for example 2027-03-30 (got "
                                       "\u201e{value}\u201c)."), value=args.start) from exc
    now = parse_now(args.now)
    t = _t(settings)
    async with Runtime(settings, nlu=False) as rt:
        await authorize(rt, args.actor, {"hr"}, "onboarding.start", args.user)
        async with rt.uow() as uow:
            person = await uow.people.get(args.user)
            if person is None:
                raise UsageError("--user", N_("{user} is not in the directory; import them with "
                                              "\u201eflurfunk people import\u201c first."),
                                 user=args.user)
            if args.successor and await uow.people.get(args.successor) is None:
                raise UsageError("--successor", N_("{user} is not in the directory; import them "
                                                   "with \u201eflurfunk people import\u201c first."),
                                 user=args.successor)
            if args.successor == args.user:
                raise UsageError("--successor", N_("a person cannot succeed themselves; name "
                                                   "someone else."))
            if any(e.journey == args.journey
                   for e in await uow.onboarding.of_person(args.user, active_only=True)):
                raise UsageError("--user", N_("{user} is already on the journey {journey}; see "
                                              "\u201eflurfunk onboarding status --user {user}\u201c."),
                                 user=args.user, journey=args.journey)
            e = await uow.onboarding.enrol(args.user, args.journey, start, now,
                                           lead_id=person.lead_id, successor_id=args.successor)
            row = await _row(uow, e, journeys, full=True)
            await uow.commit()
    t = rt.translations.for_locale(None)
    print(json.dumps(row, ensure_ascii=False) if args.json else
          enrolled_text(t, args.user, args.journey, t.format_date(start, "long")))
    return 0


async def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    journeys = _journeys(settings)
    async with Runtime(settings, nlu=False) as rt:
        actor = await authorize(rt, args.actor, {"hr", "lead"}, "onboarding.list")
        lead = await _scope(rt, actor)
        async with rt.uow() as uow:
            rows = await uow.onboarding.led_by(lead) if lead else (
                await uow.onboarding.all() if args.all else await uow.onboarding.active())
            out = [await _row(uow, e, journeys, full=lead is None) for e in rows]
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for r in out:
            extra = f"  {r['start']}  {r['status']}  pate={r['pate'] or '-'}" if "start" in r else ""
            print(f"{r['user']:<20} {r['journey']:<12} "
                  f"{r['checklist_done']}/{r['checklist_total']}{extra}")
    return 0


async def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    journeys = _journeys(settings)
    async with Runtime(settings, nlu=False) as rt:
        actor = await authorize(rt, args.actor, {"hr", "lead"}, "onboarding.status", args.user)
        lead = await _scope(rt, actor)
        cfg: OnboardingConfig = rt.configs["onboarding"]
        async with rt.uow() as uow:
            enrolments = await uow.onboarding.of_person(args.user)
            if lead:
                enrolments = [e for e in enrolments if e.lead_id == lead and e.status == "active"]
            out = []
            for e in enrolments:
                row = await _row(uow, e, journeys, full=lead is None)
                j = journeys.get(e.journey)
                if lead is None and j is not None:
                    done = await uow.onboarding.done_items(e.id)
                    times = [step_time(j, s, e.start_date, cfg.calendar) for s in j.steps]
                    row["steps"] = [{"id": s.id, "when": s.when, "audience": list(s.audience),
                                     "due": at.isoformat(), "sent": at <= e.done_through}
                                    for s, at in zip(j.steps, times, strict=True)]
                    row["checklist"] = [{"id": i.id, "text": i.text, "done": i.id in done}
                                        for i in j.items]
                out.append(row)
    if not out:
        raise UsageError("--user", N_("no journey of {user} that you may see (leads see their own "
                                      "team only)."), user=args.user)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    for r in out:
        print(f"{r['user']} ({r.get('name') or '-'}): {r['journey']}, "
              f"{r['checklist_done']}/{r['checklist_total']}")
        for s in r.get("steps", []):
            print(f"  {'✓' if s['sent'] else ' '} {s['when']:<9} {s['due'][:16]}  {s['id']}")
        for i in r.get("checklist", []):
            print(f"  {'☑' if i['done'] else '☐'} {i['text']}")
    return 0


async def cmd_pate(args: argparse.Namespace, settings: Settings) -> int:
    """Name the Pate/Patin of a person on an onboarding journey by hand (HR)."""
    now = parse_now(args.now)
    async with Runtime(settings, nlu=False) as rt:
        t = rt.translations.for_locale(None)
        actor = await authorize(rt, args.actor, {"hr"}, "onboarding.pate", args.user)
        cfg: OnboardingConfig = rt.configs["onboarding"]
        async with rt.uow() as uow:
            e = next((x for x in await uow.onboarding.of_person(args.user, active_only=True)
                      if x.journey == cfg.journey), None)
            if e is None:
                raise UsageError("--user", N_("{user} is not on an active onboarding journey; start "
                                              "one with \"flurfunk onboarding start\"."), user=args.user)
            pate = await uow.people.get(args.pate)
            if pate is None or pate.id == e.person_id:
                raise UsageError("--pate", N_("{pate} is not another person in the directory; give "
                                              "a user id from \"flurfunk people import\"."),
                                 pate=args.pate)
            await name_pate(uow, e, pate, actor, rt.translations, cfg, now, audit=False)
            hire = await uow.people.get(e.person_id)
            await uow.commit()
    print(t.gettext("{pate} is now the Pate/Patin of {name}. I have introduced them to each "
                    "other in a group message.").format(
        pate=pate.name or pate.id, name=(hire.name or hire.id) if hire else e.person_id))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("onboarding", help=N_("onboarding and handover journeys")).add_subparsers(
        dest="onboarding_command", required=True)
    s = p.add_parser("start", help=N_("enrol a person on a journey"))
    s.add_argument("--user", required=True)
    s.add_argument("--start", required=True, help=N_("first working day (handover: last one)"))
    s.add_argument("--journey", default="onboarding",
                   help=N_("the journey (default %(default)s; handover for leavers)"))
    s.add_argument("--successor", help=N_("who takes over (handover)"))
    s.add_argument("--now", help=N_("ISO date/time of the enrolment (tests)"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_start)
    s = p.add_parser("list", help=N_("people on journeys (a lead sees only their own team)"))
    s.add_argument("--all", action="store_true", help=N_("include ended journeys"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_list)
    s = p.add_parser("status", help=N_("one person's journey: steps and checklist"))
    s.add_argument("--user", required=True)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_status)
    s = p.add_parser("pate", help=N_("name the Pate/Patin of a new hire by hand"))
    s.add_argument("--user", required=True, help=N_("the new hire"))
    s.add_argument("--pate", required=True, help=N_("user id of the Pate/Patin"))
    s.add_argument("--now", help=N_("ISO date/time (tests)"))
    s.set_defaults(func=cmd_pate)
