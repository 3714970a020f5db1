"""``flurfunk survey create FILE | list | send ID | close ID | results ID``: pulse surveys.

Results are for the survey's owner (and admins); every view and export is audited."""

from __future__ import annotations

import argparse
import csv
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.commands.common import UsageError, authorize, parse_now, runtime
from bot.config import Settings
from bot.jobs import run_after_commit
from bot.runtime import Runtime
from flows.survey import jobs, messages, service
from flows.survey.chart import render_png
from flows.survey.definition import field_line, parse_survey
from flows.types import JobContext
from storage.models.survey import Survey, SurveyRun


def _ctx(rt: Runtime, uow: Any) -> JobContext:
    return JobContext(uow, rt.translations, rt.configs["survey"])


async def _survey(rt: Runtime, survey_id: str) -> Survey:
    async with rt.uow() as uow:
        survey = await uow.survey.get(survey_id)
        if survey is None:
            known = ", ".join(s.id for s in await uow.survey.all()) or "none"
            raise UsageError(f"no survey {survey_id!r} (known: {known})")
    return survey


async def cmd_create(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.file)
    sdef = parse_survey(path, tz=settings.timezone)  # everything validated before any write
    now = datetime.now(UTC)
    async with runtime(settings) as rt:
        actor = await authorize(rt, args.actor, {"hr"}, "survey.create", path.name)
        async with rt.uow() as uow:
            if await uow.people.get(sdef.owner) is None:
                raise UsageError(f"{field_line(path, 'owner')}: {sdef.owner!r} is not in the "
                                 "directory")
            listed = sdef.audience.get("people", [])
            known = await uow.people.get_many(listed)
            missing = [p for p in listed if p not in known]
            if missing:
                raise UsageError(f"{field_line(path, 'audience', 'people')}: not in the "
                                 f"directory: {', '.join(missing)}")
            for key, attr in (("departments", "department"), ("sites", "site")):
                named = sdef.audience.get(key, [])
                present = {getattr(p, attr) for p in await uow.people.all()} if named else set()
                absent = [d for d in named if d not in present]
                if absent:  # a survey for a department nobody works in reaches nobody
                    raise UsageError(f"{field_line(path, 'audience', key)}: nobody in the "
                                     f"directory works there: {', '.join(absent)}")
            if await uow.survey.get(sdef.id) is not None and not args.update:
                raise UsageError(f"{field_line(path, 'id')}: a survey {sdef.id!r} exists already "
                                 "(use --update to replace its definition)")
            refusal = service.lowered_thresholds(rt.translations.for_locale(None),
                                                 list(await uow.survey.runs(sdef.id)), sdef)
            if refusal:
                raise UsageError(f"{field_line(path, 'anonymity')}: {refusal}")
            await uow.survey.save(sdef.id, sdef.to_dict(), sdef.owner, now)
            await uow.commit()
    print(f"{path}: survey {sdef.id!r} saved ({len(sdef.questions)} questions, "
          f"schedule {next(iter(sdef.schedule.items()))[1]}, by {actor})")
    return 0


def _run_row(run: SurveyRun, responded: int) -> dict[str, Any]:
    return {"run": run.id, "opened": run.opened_at.isoformat(), "closes": run.closes_at.isoformat(),
            "status": run.status, "invited": run.invited, "done": responded}


async def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    async with runtime(settings) as rt:
        await authorize(rt, args.actor, {"hr"}, "survey.list")
        rows: list[dict[str, Any]] = []
        async with rt.uow() as uow:
            for s in await uow.survey.all():
                sdef = service.definition(s)
                runs = [_run_row(r, await uow.survey.responded_count(r.id))
                        for r in await uow.survey.runs(s.id)]
                rows.append({"id": s.id, "title": sdef.title["de"], "owner": s.owner,
                             "schedule": sdef.schedule, "threshold": sdef.threshold,
                             "runs": runs})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        sched = next(iter(r["schedule"].items()))
        print(f"{r['id']:<24} {r['title']}  (owner {r['owner']}, {sched[0]} {sched[1]})")
        for run in r["runs"]:
            print(f"    run {run['run']:>3}  {run['opened'][:16]} .. {run['closes'][:16]}  "
                  f"{run['status']:<6}  {run['done']}/{run['invited']} done")
    return 0


async def cmd_send(args: argparse.Namespace, settings: Settings) -> int:
    now = parse_now(args.now, settings.timezone)
    async with runtime(settings) as rt:
        await authorize(rt, args.actor, {"hr"}, "survey.send", args.id)
        survey = await _survey(rt, args.id)
        async with rt.uow() as uow:
            if any(r.survey_id == args.id for r in await uow.survey.runs(status="open")):
                raise UsageError(f"survey {args.id!r} has an open run; close it first")
            run = await service.start_run(uow, rt.translations, rt.configs["survey"].keys, survey,
                                          now, now)
            await uow.commit()
    print(f"survey {args.id!r}: run {run.id} sent to {run.invited} people, open until "
          f"{run.closes_at.isoformat()}")
    threshold = service.definition(survey).threshold
    if run.invited < threshold:
        print(f"note: fewer people were asked than the anonymity threshold ({threshold}); "
              "the results will be withheld")
    return 0


async def cmd_close(args: argparse.Namespace, settings: Settings) -> int:
    now = parse_now(args.now, settings.timezone)
    async with runtime(settings) as rt:
        await authorize(rt, args.actor, {"hr"}, "survey.close", args.id)
        await _survey(rt, args.id)
        async with rt.uow() as uow:
            runs = [r for r in await uow.survey.runs(args.id, "open")]
            if not runs:
                raise UsageError(f"survey {args.id!r} has no open run")
            ctx = _ctx(rt, uow)
            result = await jobs.finish_run(ctx, runs[-1], now)
            await uow.commit()
            await run_after_commit(ctx)
    state = "withheld" if result.get("withheld") else "sent to the owner"
    print(f"survey {args.id!r}: run {runs[-1].id} closed, {result['respondents']} responses; "
          f"results {state}")
    return 0


async def _may_see(rt: Runtime, actor: str | None, survey: Survey, action: str, target: str) -> None:
    """The owner sees the results, and admins; every view or export goes to the audit log."""
    if actor is not None and actor == survey.owner:
        async with rt.uow() as uow:
            await uow.audit.record(actor, action, target, datetime.now(UTC))
            await uow.commit()
        return
    await authorize(rt, actor, set(), action, target)


def _csv_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for q in result.get("questions", []):
        base = {"question": q["id"], "type": q["type"]}
        if q.get("withheld") or "distribution" not in q:
            rows.append({**base, "segment": "", "n": q["n"],
                         "withheld": q.get("reason", "") if q.get("withheld") else ""})
            continue
        groups = [("", q), *((g["segment"], g) for g in q.get("segments", []))]
        for segment, g in groups:
            for d in g["distribution"]:
                rows.append({**base, "segment": segment, "n": g["n"], "value": d["value"],
                             "label": d["label"], "count": d["count"], "share": d["share"],
                             "mean": g.get("mean", ""), "median": g.get("median", ""),
                             "enps": g.get("enps", "")})
    return rows


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fp:
        writer = csv.DictWriter(fp, CSV_FIELDS)
        writer.writeheader()
        writer.writerows(rows)


def _write_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(data)


CSV_FIELDS = ["question", "type", "segment", "n", "value", "label", "count", "share", "mean",
              "median", "enps", "withheld"]


def _print_text(rt: Runtime, locale: str, survey: Survey, result: dict[str, Any]) -> None:
    t = rt.translations.for_locale(locale)
    sdef = service.definition(survey)
    if result["status"] != "closed":
        print(f"survey {survey.id!r}, run {result['run']}: withheld: {result['reason']}")
        return
    print(messages.summary(t, sdef, result))
    if result.get("withheld"):
        print(f"  ({result['reason']})")
    for q in result.get("questions", []):
        if q.get("withheld"):
            print(f"  {q['id']}: withheld: {q['reason']}")
            continue
        for d in q.get("distribution", []):
            print(f"  {q['id']:<16} {d['label'][:40]:<40} {d['count']:>6}  {d['share'] * 100:5.1f} %")
        for g in q.get("segments", []):
            figure = g.get("enps", g.get("mean", g.get("yes_share", "")))
            print(f"  {q['id']:<16}   {g['segment']}: n = {g['n']}, {figure}")
        if q.get("segments_hidden"):
            print(f"  {q['id']:<16}   {q['segments_hidden']} segment(s) hidden (too small)")
        for tr in q.get("trend", []):
            print(f"  {q['id']:<16}   earlier run {tr['run']} ({tr['opened']}): {tr['value']} "
                  f"(n = {tr['n']})")
        for c in q.get("comments", []):
            print(f"  {q['id']:<16} \u201e{c}\u201c")


async def cmd_results(args: argparse.Namespace, settings: Settings) -> int:
    async with runtime(settings) as rt:
        survey = await _survey(rt, args.id)
        await _may_see(rt, args.actor, survey, "survey.results", args.id)
        for kind, target in (("csv", args.csv), ("chart", args.chart)):
            if target:
                await _may_see(rt, args.actor, survey, f"survey.export.{kind}",
                               f"{args.id} -> {Path(target).name}")
        async with rt.uow() as uow:
            runs = await uow.survey.runs(args.id)
            if args.run is not None:
                runs = [r for r in runs if r.id == args.run]
            if not runs:
                raise UsageError(f"survey {args.id!r} has no run{' ' + str(args.run) if args.run else ''}")
            closed = [r for r in runs if r.status == "closed"]
            run = closed[-1] if closed and args.run is None else runs[-1]
            result = await service.run_result(uow, survey, run, args.locale)
        if args.csv:
            _write_csv(Path(args.csv), _csv_rows(result))
        if args.chart:
            png = render_png(service.definition(survey).text("title", args.locale), result)
            if png is None:
                raise UsageError(f"--chart: nothing to draw, results are withheld "
                                 f"({result.get('reason', 'every question withheld')})")
            _write_bytes(Path(args.chart), png)
        if args.json:
            print(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            _print_text(rt, args.locale, survey, result)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("survey", help="pulse surveys with anonymous results")
    c = p.add_subparsers(dest="survey_command", required=True)
    s = c.add_parser("create", help="import a survey definition (YAML, all or nothing)")
    s.add_argument("file")
    s.add_argument("--update", action="store_true", help="replace an existing definition")
    s.set_defaults(func=cmd_create)
    s = c.add_parser("list", help="surveys and their runs")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_list)
    s = c.add_parser("send", help="send a survey now (a new run)")
    s.add_argument("id")
    s.add_argument("--now", help="start at this ISO date/time")
    s.set_defaults(func=cmd_send)
    s = c.add_parser("close", help="close the open run now and send the owner the results")
    s.add_argument("id")
    s.add_argument("--now", help="close as of this ISO date/time")
    s.set_defaults(func=cmd_close)
    s = c.add_parser("results", help="results of the latest closed run (aggregates only)")
    s.add_argument("id")
    s.add_argument("--run", type=int, help="a particular run (default: the latest closed one)")
    s.add_argument("--json", action="store_true", help="JSON, saying plainly what is withheld and why")
    s.add_argument("--csv", metavar="FILE", help="write the aggregates as CSV")
    s.add_argument("--chart", metavar="FILE", help="write a PNG chart")
    s.add_argument("--locale", default="de", choices=["de", "en"])
    s.set_defaults(func=cmd_results)
