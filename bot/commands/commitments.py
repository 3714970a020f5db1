"""``flurfunk commitments import FILE | list | report WORKSHOP``: workshop agreements."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.commands.common import UsageError, admin_t, authorize, parse_now
from bot.config import Settings
from bot.runtime import Runtime
from flows.commitments import report, service
from flows.commitments.config import CommitmentsConfig
from flows.commitments.protocol import read_protocol
from flows.commitments.summary import category
from flows.types import N_


async def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    rows = read_protocol(Path(args.file))  # validate everything before touching the database
    now = datetime.now(UTC)
    async with Runtime(settings, nlu=False) as rt:
        actor = await authorize(rt, args.actor, {"lead"}, "commitments.import", args.file)
        t = await admin_t(rt, actor)
        async with rt.uow() as uow:
            result = await service.import_rows(uow, rows, now, actor)
            named = {p for r in rows for p in (*r.owners, r.lead) if p}
            known = set(await uow.people.get_many(named))
            await uow.commit()
    print(t.gettext("{file}: {created} new, {updated} updated, {unchanged} unchanged").format(
        file=args.file, created=result.created, updated=result.updated, unchanged=result.unchanged))
    if named - known:
        print(t.gettext("Not in the directory: {ids}. They get no reminders or digests until "
                        "they are imported with \"flurfunk people import\" (or correct the ids in "
                        "the protocol).").format(ids=", ".join(sorted(named - known))))
    return 0


async def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    now = parse_now(args.now, settings.timezone)
    async with Runtime(settings, nlu=False) as rt:
        await authorize(rt, args.actor, {"lead"}, "commitments.list", args.workshop or "")
        config: CommitmentsConfig = rt.configs["commitments"]
        today = config.calendar.today(now)
        async with rt.uow() as uow:
            workshops = {w.id: w for w in await uow.commitments.workshops()}
            ws_id = None
            if args.workshop:
                ws = next((w for w in workshops.values() if w.name == args.workshop), None)
                if ws is None:
                    raise UsageError("--workshop", N_("there is no workshop \u201e{name}\u201c "
                                                      "(known: {known})."), name=args.workshop,
                                     known=", ".join(w.name for w in workshops.values()) or "-")
                ws_id = ws.id
            items = [i for i in await uow.commitments.items(ws_id)
                     if (not args.owner or args.owner in i.owners)
                     and (not args.status or category(i, today) == args.status)]
            events = await uow.commitments.events(i.id for i in items)

    def history(item_id: int) -> list[dict[str, Any]]:
        """Old dates, reasons and every event, oldest first."""
        return [{"at": e.at.isoformat(), "kind": e.kind, "actor": e.actor,
                 "old_due": e.old_due.isoformat() if e.old_due else None,
                 "new_due": e.new_due.isoformat() if e.new_due else None, "text": e.text}
                for e in events.get(item_id, [])]

    rows: list[dict[str, Any]] = [{"id": i.id, "workshop": workshops[i.workshop_id].name, "field": i.field,
             "title": i.title, "owners": i.owners, "due": i.due.isoformat(),
             "original_due": i.original_due.isoformat(), "recurrence": i.recurrence,
             "status": category(i, today), "history": history(i.id)} for i in items]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            print(f"{r['id']:>4}  {r['due']}  {r['status']:<9} {', '.join(r['owners']):<24} "
                  f"{r['title']}")
    return 0


async def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    now = parse_now(args.now, settings.timezone)
    async with Runtime(settings, nlu=False) as rt:
        await authorize(rt, args.actor, {"lead"}, "commitments.report", args.workshop)
        config: CommitmentsConfig = rt.configs["commitments"]
        t = rt.translations.for_locale(args.locale)
        async with rt.uow() as uow:
            ws = await uow.commitments.workshop(args.workshop)
            if ws is None:
                names = ", ".join(w.name for w in await uow.commitments.workshops()) or "-"
                raise UsageError("workshop", N_("there is no workshop \u201e{name}\u201c (known: "
                                                "{known})."), name=args.workshop, known=names)
            items = await uow.commitments.items(ws.id)
            events = await uow.commitments.events(i.id for i in items)
            ids = {p for i in items for p in (*i.owners, i.lead)} | {
                x for evs in events.values() for e in evs for x in (e.actor, e.text)}
            named = {pid: p.name for pid, p in (await uow.people.get_many(
                x for x in ids if x)).items() if p.name}
        md = report.markdown(t, ws, items, events, config.calendar.today(now),
                             config.flag_after_days, named)
    print(report.to_html(md, ws.name, t.locale) if args.format == "html" else md, end="")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("commitments", help=N_("workshop agreements: who does what by when"))
    c = p.add_subparsers(dest="commitments_command", required=True)
    s = c.add_parser("import", help=N_("import a workshop protocol (YAML or CSV, all or nothing)"))
    s.add_argument("file", help=N_("the protocol file"))
    s.set_defaults(func=cmd_import)
    s = c.add_parser("list", help=N_("list agreements"))
    s.add_argument("--workshop", help=N_("only this workshop (its id)"))
    s.add_argument("--owner", help=N_("only this owner (person id)"))
    s.add_argument("--status", choices=["open", "done", "overdue", "reagreed"],
                   help=N_("only agreements with this status"))
    s.add_argument("--json", action="store_true")
    s.add_argument("--now", help=N_("evaluate overdue as of this ISO date/time"))
    s.set_defaults(func=cmd_list)
    s = c.add_parser("report", help=N_("self-check document for the follow-up workshop"))
    s.add_argument("workshop", help=N_("the workshop's id"))
    s.add_argument("--format", choices=["md", "html"], default="md",
                   help=N_("Markdown or HTML (default %(default)s)"))
    s.add_argument("--now", help=N_("status as of this ISO date/time"))
    s.add_argument("--locale", default="de", choices=["de", "en"])
    s.set_defaults(func=cmd_report)
