"""``flurfunk survey create FILE | list | send ID | close ID | results ID``: pulse surveys.

Results are for the survey's owner (and admins); every view and export is audited."""

from __future__ import annotations

import argparse
import csv
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.commands.common import UsageError, admin_t, authorize, parse_now
from bot.config import Settings
from bot.jobs import run_after_commit
from bot.runtime import Runtime
from flows.survey import jobs, messages, service
from flows.survey.chart import render_png
from flows.survey.definition import field_error, parse_survey
from flows.survey.results import RunResult
from flows.types import N_, JobContext, Translator
from storage.models.survey import Survey, SurveyRun


def _ctx(rt: Runtime, uow: Any) -> JobContext:
    return JobContext(uow, rt.translations, rt.configs["survey"])


async def _survey(rt: Runtime, survey_id: str) -> Survey:
    async with rt.uow() as uow:
        survey = await uow.survey.get(survey_id)
        if survey is None:
            known = ", ".join(s.id for s in await uow.survey.all()) or "-"
            raise UsageError("id", N_("no survey {id} (known: {known})"), id=repr(survey_id),
                             known=known)
    return survey


async def cmd_create(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.file)
    sdef = parse_survey(path, tz=settings.timezone)  # everything validated before any write
    now = datetime.now(UTC)
    async with Runtime(settings, nlu=False) as rt:
        actor = await authorize(rt, args.actor, {"hr"}, "survey.create", path.name)
        t = await admin_t(rt, actor)  # before the unit of work: one connection at a time
        async with rt.uow() as uow:
            if await uow.people.get(sdef.owner) is None:
                raise field_error(path, N_("{id} is not in the directory"), "owner",
                                  id=repr(sdef.owner))
            listed = sdef.audience.get("people", [])
            known = await uow.people.get_many(listed)
            missing = [p for p in listed if p not in known]
            if missing:
                raise field_error(path, N_("not in the directory: {ids}"), "audience", "people",
                                  ids=", ".join(missing))
            for key, attr in (("departments", "department"), ("sites", "site")):
                named = sdef.audience.get(key, [])
                present = {getattr(p, attr) for p in await uow.people.all()} if named else set()
                absent = [d for d in named if d not in present]
                if absent:  # a survey for a department nobody works in reaches nobody
                    raise field_error(path, N_("nobody in the directory works there: {names}"),
                                      "audience", key, names=", ".join(absent))
            if await uow.survey.get(sdef.id) is not None and not args.update:
                raise field_error(path, N_("a survey {id} exists already (use --update to replace "
                                           "its definition)"), "id", id=repr(sdef.id))
            runs = list(await uow.survey.runs(sdef.id))
            refusal = service.lowered_thresholds(t, runs, sdef)
            if refusal:
                raise field_error(path, N_("refused: {reason}"), "anonymity", reason=refusal)
            stored = await uow.survey.get(sdef.id)
            if stored is not None:
                refusal = service.changed_while_open(t, runs, service.definition(stored), sdef)
                if refusal:
                    raise field_error(path, N_("refused: {reason}"), "questions", reason=refusal)
            await uow.survey.save(sdef.id, sdef.to_dict(), sdef.owner, now)
            await uow.commit()
    print(t.gettext("{file}: survey {id} saved ({n} questions, schedule {schedule}, by {actor})").format(
        file=path, id=repr(sdef.id), n=len(sdef.questions),
        schedule=next(iter(sdef.schedule.items()))[1], actor=actor))
    return 0


def _run_row(run: SurveyRun, responded: int) -> dict[str, Any]:
    return {"run": run.id, "opened": run.opened_at.isoformat(), "closes": run.closes_at.isoformat(),
            "status": run.status, "invited": run.invited, "done": responded}


async def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    async with Runtime(settings, nlu=False) as rt:
        await authorize(rt, args.actor, {"hr"}, "survey.list")
        t = await admin_t(rt, args.actor)
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
        print(t.gettext("{id}  {title}  (owner {owner}, {kind} {schedule})").format(
            id=f"{r['id']:<24}", title=r["title"], owner=r["owner"], kind=sched[0],
            schedule=sched[1]))
        for run in r["runs"]:
            print("    " + t.gettext("run {run}  {opened} .. {closes}  {status}  {done}/{invited} "
                                     "done").format(run=f"{run['run']:>3}", opened=run["opened"][:16],
                                                    closes=run["closes"][:16],
                                                    status=f"{run['status']:<6}", done=run["done"],
                                                    invited=run["invited"]))
    return 0


async def cmd_send(args: argparse.Namespace, settings: Settings) -> int:
    now = parse_now(args.now, settings.timezone)
    async with Runtime(settings, nlu=False) as rt:
        await authorize(rt, args.actor, {"hr"}, "survey.send", args.id)
        t = await admin_t(rt, args.actor)
        survey = await _survey(rt, args.id)
        async with rt.uow() as uow:
            if any(r.survey_id == args.id for r in await uow.survey.runs(status="open")):
                raise UsageError("id", N_("survey {id} has an open run; close it first"),
                                 id=repr(args.id))
            run = await service.start_run(uow, rt.translations, rt.configs["survey"].keys, survey,
                                          now, now)
            await uow.commit()
    print(t.gettext("survey {id}: run {run} sent to {n} people, open until {until}").format(
        id=repr(args.id), run=run.id, n=run.invited, until=t.format_datetime(run.closes_at, "short")))
    threshold = service.definition(survey).threshold
    if run.invited < threshold:
        print(t.gettext("note: fewer people were asked than the anonymity threshold ({threshold}); "
                        "the results will be withheld").format(threshold=threshold))
    return 0


async def cmd_close(args: argparse.Namespace, settings: Settings) -> int:
    now = parse_now(args.now, settings.timezone)
    async with Runtime(settings, nlu=False) as rt:
        action = "survey.close.key_lost" if args.key_lost else "survey.close"
        actor = await authorize(rt, args.actor, {"hr"}, action, args.id)
        t = await admin_t(rt, args.actor)
        await _survey(rt, args.id)
        keys = rt.configs["survey"].keys
        async with rt.uow() as uow:
            runs = [r for r in await uow.survey.runs(args.id, "open")]
            if not runs:
                raise UsageError("id", N_("survey {id} has no open run"), id=repr(args.id))
            run, ctx = runs[-1], _ctx(rt, uow)
            where = {"id": args.id, "run": run.id, "dir": keys.directory}
            present = run.key_id is not None and keys.exists(run.key_id)
            if args.key_lost:
                if present:
                    raise UsageError("--key-lost", service.KEY_PRESENT, **where)
                lost = await service.close_without_key(uow, keys, run, now,
                                                       rt.configs["survey"].tz)
                await uow.audit.record(actor, "survey.close.key_lost",
                                       f"{args.id} run {run.id}: {lost} unreadable", now)
                ctx.after_commit.append(lambda: service.after_close(uow, keys, run))
                await uow.commit()
                await run_after_commit(ctx)
                print(service.key_lost_report(t, args.id, run.id, lost))
                return 0
            if not present:
                raise UsageError("survey close", service.KEY_MISSING, **where)
            result = await jobs.finish_run(ctx, run, now)
            await uow.commit()
            await run_after_commit(ctx)
    message = (N_("survey {id}: run {run} closed, {n} responses; results withheld")
               if result.withheld else
               N_("survey {id}: run {run} closed, {n} responses; results sent to the owner"))
    print(t.gettext(message).format(id=repr(args.id), run=runs[-1].id, n=result.respondents))
    return 0


async def _may_see(rt: Runtime, actor: str | None, survey: Survey, action: str, target: str) -> None:
    """The owner sees the results, and admins; every view or export goes to the audit log."""
    if actor is not None and actor == survey.owner:
        async with rt.uow() as uow:
            await uow.audit.record(actor, action, target, datetime.now(UTC))
            await uow.commit()
        return
    await authorize(rt, actor, set(), action, target)


def _csv_rows(result: RunResult, t: Translator) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for q in result.questions:
        base = {"question": q.id, "type": q.type}
        if q.withheld or q.figures is None:
            rows.append({**base, "segment": "", "n": q.n,
                         "withheld": q.withheld.text(t) if q.withheld else ""})
            continue
        for g in (q.figures, *(q.segments or ())):
            for d in g.distribution:
                rows.append({**base, "segment": g.segment or "", "n": g.n, "value": d.value,
                             "label": d.label, "count": d.count, "share": d.share,
                             "mean": _blank(g.mean), "median": _blank(g.median),
                             "enps": _blank(g.enps)})
    return rows


def _blank(value: float | None) -> float | str:
    return "" if value is None else value


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fp:
        writer = csv.DictWriter(fp, CSV_FIELDS)
        writer.writeheader()
        writer.writerows(rows)


def _write_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(data)


CSV_FIELDS = ["question", "type", "segment", "n", "value", "label", "count", "share", "mean",
              "median", "enps", "withheld"]


def _print_text(rt: Runtime, locale: str, survey: Survey, result: RunResult) -> None:
    t = rt.translations.for_locale(locale)
    sdef = service.definition(survey)
    if result.status != "closed" and result.withheld:
        print(t.gettext("survey {id}, run {run}: withheld: {reason}").format(
            id=repr(survey.id), run=result.run, reason=result.withheld.text(t)))
        return
    print(messages.summary(t, sdef, result))
    if result.withheld:
        print(f"  ({result.withheld.text(t)})")
    for q in result.questions:
        if q.withheld:
            print("  " + t.gettext("{question}: withheld: {reason}").format(
                question=q.id, reason=q.withheld.text(t)))
            continue
        for d in q.figures.distribution if q.figures else ():
            print(f"  {q.id:<16} {d.label[:40]:<40} {d.count:>6}  {d.share * 100:5.1f} %")
        for g in q.segments or ():
            figure = next((v for v in (g.enps, g.mean, g.yes_share) if v is not None), "")
            print(f"  {q.id:<16}   {g.segment}: n = {g.n}, {figure}")
        if q.segments_hidden:
            print(f"  {q.id:<16}   " + t.ngettext(
                "{n} segment hidden (too small)", "{n} segments hidden (too small)",
                q.segments_hidden).format(n=q.segments_hidden))
        for tr in q.trend or ():
            print(f"  {q.id:<16}   " + t.gettext("earlier run {run} ({opened}): {value} (n = {n})")
                  .format(run=tr.run, opened=tr.opened, value=tr.value, n=tr.n))
        for c in q.comments or ():
            print(f"  {q.id:<16} \u201e{c}\u201c")


async def cmd_results(args: argparse.Namespace, settings: Settings) -> int:
    async with Runtime(settings, nlu=False) as rt:
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
                if args.run is not None:
                    raise UsageError("--run", N_("survey {id} has no run {run}"), id=repr(args.id),
                                     run=args.run)
                raise UsageError("id", N_("survey {id} has no run yet"), id=repr(args.id))
            closed = [r for r in runs if r.status == "closed"]
            run = closed[-1] if closed and args.run is None else runs[-1]
            result = await service.run_result(uow, survey, run, args.locale)
        t = rt.translations.for_locale(args.locale)
        if args.csv:
            _write_csv(Path(args.csv), _csv_rows(result, t))
        if args.chart:
            png = render_png(service.definition(survey).text("title", args.locale), result)
            if png is None:
                raise UsageError("--chart", N_("nothing to draw, results are withheld ({reason})"),
                                 reason=result.withheld.text(t) if result.withheld else "-")
            _write_bytes(Path(args.chart), png)
        if args.json:
            print(json.dumps(result.to_json(t), ensure_ascii=False, indent=2))
        else:
            _print_text(rt, args.locale, survey, result)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("survey", help=N_("pulse surveys with anonymous results"))
    c = p.add_subparsers(dest="survey_command", required=True)
    s = c.add_parser("create", help=N_("import a survey definition (YAML, all or nothing)"))
    s.add_argument("file", help=N_("the survey definition (YAML)"))
    s.add_argument("--update", action="store_true", help=N_("replace an existing definition"))
    s.set_defaults(func=cmd_create)
    s = c.add_parser("list", help=N_("surveys and their runs"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_list)
    s = c.add_parser("send", help=N_("send a survey now (a new run)"))
    s.add_argument("id", help=N_("the survey's id"))
    s.add_argument("--now", help=N_("start at this ISO date/time"))
    s.set_defaults(func=cmd_send)
    s = c.add_parser("close", help=N_("close the open run now and send the owner the results"))
    s.add_argument("id", help=N_("the survey's id"))
    s.add_argument("--now", help=N_("close as of this ISO date/time"))
    s.add_argument("--key-lost", action="store_true",
                   help=N_("the run's data key is lost for good: delete its unreadable answers"))
    s.set_defaults(func=cmd_close)
    s = c.add_parser("results", help=N_("results of the latest closed run (aggregates only)"))
    s.add_argument("id", help=N_("the survey's id"))
    s.add_argument("--run", type=int, help=N_("a particular run (default: the latest closed one)"))
    s.add_argument("--json", action="store_true", help=N_("JSON, saying plainly what is withheld and why"))
    s.add_argument("--csv", metavar="FILE", help=N_("write the aggregates as CSV"))
    s.add_argument("--chart", metavar="FILE", help=N_("write a PNG chart"))
    s.add_argument("--locale", default="de", choices=["de", "en"])
    s.set_defaults(func=cmd_results)
