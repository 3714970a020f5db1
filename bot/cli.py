"""The ``flurfunk`` command line: chat, say, admin commands, tick and serve."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

from bot import cli_i18n, commands, logs
from bot.adapters import terminal
from bot.commands.common import UsageError, authorize, check_ids, parse_now
from bot.config import ConfigError, Settings, load_settings
from bot.i18n import Translations
from bot.routing import RoutingError
from bot.runtime import NotMigratedError, Runtime, embedded_model
from flows.files import FileError
from flows.types import N_, UserError
from nlu.training_data import TrainingDataError
from storage import db

log = logging.getLogger(__name__)
Command = Callable[[argparse.Namespace, Settings], Awaitable[int]]


def _t(settings: Settings):  # type: ignore[no-untyped-def]
    return Translations(default=settings.default_locale, tz=settings.timezone).for_locale(None)


def _clock(args: argparse.Namespace, settings: Settings) -> Callable[[], datetime]:
    """The real time, or ``--now`` (fixed, for replaying a conversation on any day)."""
    if getattr(args, "now", None):
        fixed = parse_now(args.now, settings.timezone)
        return lambda: fixed
    return lambda: datetime.now(UTC)


async def cmd_say(args: argparse.Namespace, settings: Settings) -> int:
    clock = _clock(args, settings)
    async with Runtime(settings, warm_up=False) as rt:  # one message: nothing built ahead
        await terminal.say(rt, args.user, " ".join(args.text), clock())
    return 0


async def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    clock = _clock(args, settings)
    async with Runtime(settings) as rt:
        await terminal.chat(rt, args.user, clock, args.jsonl)
    return 0


async def cmd_inbox(args: argparse.Namespace, settings: Settings) -> int:
    async with Runtime(settings, nlu=False) as rt:
        await rt.sender().drain(datetime.now(UTC))
        async with rt.uow() as uow:
            if await uow.people.get(args.user) is None:
                raise UsageError("--user", N_("{value} is not in the directory"), value=args.user)
            items = await uow.inbox.list(args.user)
            await uow.inbox.mark_read(args.user, datetime.now(UTC))
            await uow.commit()
        terminal.inbox(rt, items, args.json, None)
    return 0


async def cmd_people_import(args: argparse.Namespace, settings: Settings) -> int:
    from flows.directory import import_people, parse_people  # pydantic: only for importing

    rows = parse_people(Path(args.file))
    async with Runtime(settings, nlu=False) as rt:
        await authorize(rt, args.actor, {"hr"}, "people.import", Path(args.file).name)
        async with rt.uow() as uow:
            created, updated = await import_people(uow, rows, datetime.now(UTC), args.file)
            await uow.commit()
    print(_t(settings).gettext("Imported {n} people ({created} new, {updated} updated).").format(
        n=len(rows), created=created, updated=updated))
    return 0


async def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    engine = db.make_engine(settings.db_url)
    try:
        await db.upgrade(engine)
    finally:
        await engine.dispose()
    print(_t(settings).gettext("Database is up to date."))
    return 0


async def cmd_nlu_train(args: argparse.Namespace, settings: Settings) -> int:
    from bot.runtime import all_features

    features = all_features(settings.path(settings.content_dir))
    _, trained = embedded_model(settings, features)
    t = _t(settings)
    msg = t.gettext("Model trained.") if trained else t.gettext("Model is up to date.")
    print(msg, f"({settings.path(settings.nlu.model_path)})")
    return 0


async def cmd_nlu_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from bot.evaluate import compare, comparison_table, confident_wrong_excess, run_evaluation

    t = _t(settings)
    if args.backend != "embedded":
        backends = ["embedded", "rasa"] if args.backend == "both" else [args.backend]
        figures = await compare(settings, Path(args.heldout), backends)
        if args.json:
            print(json.dumps([f.as_dict() for f in figures], indent=2, ensure_ascii=False))
        else:
            print(comparison_table(figures, t))
        excess = confident_wrong_excess(figures)
        if excess is not None and not args.json:
            sign = "+" if excess >= 0 else "−"
            print(t.gettext("Rasa's confident-wrong rate minus the embedded model's: "
                            "{excess} percentage points").format(
                excess=sign + t.format_decimal(abs(excess) * 100, 1)))
        return 1 if args.strict and excess is not None and excess > 0 else 0
    report = run_evaluation(settings, Path(args.heldout), folds=args.folds)
    print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False) if args.json
          else report.text(t))
    return 0 if report.passes() or not args.strict else 1


async def cmd_kb_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from bot.kb_evaluate import run, table
    from flows.faq.quality import as_text

    figures = run(settings, Path(args.heldout), args.locale, Path(args.kb) if args.kb else None)
    if args.json:
        print(json.dumps([f.as_dict() for f in figures], indent=2, ensure_ascii=False))
    else:
        t = _t(settings)
        print("\n\n".join([*(as_text(f.name, f.scores, t) for f in figures), table(figures, t)]))
    return 0


async def cmd_faq_unanswered(args: argparse.Namespace, settings: Settings) -> int:
    async with Runtime(settings, nlu=False) as rt:
        await authorize(rt, args.actor, {"hr"}, "faq.unanswered")
        async with rt.uow() as uow:
            rows = await uow.faq.top_unanswered(args.limit)
    if args.json:
        print(json.dumps([{"question": r.example, "count": r.count, "locale": r.locale,
                           "last_seen": r.last_seen.isoformat()} for r in rows],
                         ensure_ascii=False, indent=2))
    else:
        t = _t(settings)
        if not rows:
            print(t.gettext("No unanswered questions so far."))
        for r in rows:
            print(f"{r.count:5d}  {r.example}")
    return 0


async def cmd_tick(args: argparse.Namespace, settings: Settings) -> int:
    now = parse_now(args.now)
    async with Runtime(settings, nlu=False) as rt:
        results = await rt.jobs.run_due(now)
        drained = await rt.sender().drain(now) if not args.no_deliver else None
    out: dict[str, Any] = {"now": now.isoformat(), "jobs": [{"job": r.job_id, "slot": r.slot.isoformat(),
                                             "count": r.count} for r in results]}
    if drained is not None:
        out["delivered"] = drained.delivered
    delivered = _t(settings).gettext("delivered: {n}").format(n=out.get("delivered", 0))
    print(json.dumps(out, ensure_ascii=False) if args.json else
          "\n".join([f"{r['job']} @ {r['slot']}: {r['count']}" for r in out["jobs"]] + [delivered]))
    return 0


async def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from bot.doctor import as_lines, run_checks

    checks = await run_checks(settings)
    print("\n".join(as_lines(checks, _t(settings))))
    return 0 if all(c.ok for c in checks) else 1


async def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.serve import serve

    return await serve(settings, args)


# The commands defined in this module; ``people`` and ``kb`` take more from bot/commands.
CORE = ("chat", "say", "inbox", "people", "db", "nlu", "faq", "kb", "tick", "doctor", "serve")


class _NoCommand(Exception):
    pass


class _Peek(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NoCommand(message)


def _peek(argv: list[str]) -> argparse.Namespace | None:
    """The global options and the rest of ``argv``, or None when they cannot be read."""
    peek = _Peek(add_help=False)
    peek.add_argument("--config")
    peek.add_argument("-v", "--verbose", action="store_true")
    peek.add_argument("--as", dest="actor")
    peek.add_argument("rest", nargs=argparse.REMAINDER)
    try:
        return peek.parse_known_args(argv)[0]
    except _NoCommand:
        return None


def command_of(argv: list[str]) -> str | None:
    """The sub-command ``argv`` names (after the global options), or None when it names none
    or cannot be read: then the whole parser is built and argparse says what is wrong."""
    seen = _peek(argv)
    return seen.rest[0] if seen is not None and seen.rest else None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``command`` (one that ``argv`` names), the sub-commands of
    other modules are left out, so that their modules are not imported (start time)."""
    whole = command not in CORE and command not in commands.MODULES
    p = cli_i18n.Parser(prog="flurfunk", description=N_("flurfunk, the city's assistant"))
    p.add_argument("--config", help=N_("path to flurfunk.toml"))
    p.add_argument("-v", "--verbose", action="store_true")
    p.add_argument("--as", dest="actor", default=os.environ.get("FLURFUNK_ACTOR"),
                   help=N_("who runs an admin command (person id; env FLURFUNK_ACTOR)"))
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("chat", help=N_("chat in the terminal"))
    s.add_argument("--user", required=True)
    s.add_argument("--jsonl", action="store_true", help=N_("one JSON object per input line"))
    s.add_argument("--now", help=N_("ISO date/time the conversation takes place (simulation, tests)"))
    s.set_defaults(func=cmd_chat)

    s = sub.add_parser("say", help=N_("send one message and print the reply"))
    s.add_argument("--user", required=True)
    s.add_argument("text", nargs="+", help=N_("the message"))
    s.add_argument("--now", help=N_("ISO date/time of the message (simulation, tests)"))
    s.set_defaults(func=cmd_say)

    s = sub.add_parser("inbox", help=N_("proactive messages delivered to a local user"))
    s.add_argument("--user", required=True)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_inbox)

    people = sub.add_parser("people", help=N_("the people directory")).add_subparsers(
        dest="people_command", required=True)
    s = people.add_parser("import", help=N_("import people from CSV or YAML (all or nothing)"))
    s.add_argument("file", help=N_("the CSV or YAML file"))
    s.set_defaults(func=cmd_people_import)
    if whole or command == "people":
        from bot.commands import matrix as matrix_commands
        from bot.commands import slack as slack_commands

        slack_commands.register_people(people)
        matrix_commands.register_people(people)

    dbp = sub.add_parser("db", help=N_("database")).add_subparsers(dest="db_command", required=True)
    dbp.add_parser("upgrade", help=N_("apply migrations")).set_defaults(func=cmd_db_upgrade)

    nlu = sub.add_parser("nlu", help=N_("language understanding")).add_subparsers(
        dest="nlu_command", required=True)
    nlu.add_parser("train", help=N_("train the embedded model")).set_defaults(func=cmd_nlu_train)
    s = nlu.add_parser("evaluate", help=N_("cross-validation plus the held-out set"))
    s.add_argument("--heldout", default="tests/data",
                   help=N_("a held-out file, or a folder of nlu_heldout*.yml files"))
    s.add_argument("--folds", type=int, default=5,
                   help=N_("cross-validation folds (default %(default)s)"))
    s.add_argument("--json", action="store_true")
    s.add_argument("--strict", action="store_true",
                   help=N_("exit 1 when below the quality bar (both: when Rasa is confidently wrong "
                        "more often than the embedded model)"))
    s.add_argument("--backend", choices=["embedded", "rasa", "both"], default="embedded",
                   help=N_("rasa/both: feature-intent figures side by side on the held-out sets, "
                        "knowledge-base questions as negatives (trains and serves Rasa if needed)"))
    s.set_defaults(func=cmd_nlu_evaluate)

    faq = sub.add_parser("faq", help=N_("knowledge base")).add_subparsers(dest="faq_command",
                                                                      required=True)
    s = faq.add_parser("unanswered", help=N_("most frequent unanswered questions"))
    s.add_argument("--limit", type=int, default=20)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_faq_unanswered)

    kb = sub.add_parser("kb", help=N_("knowledge base: evaluate, check, list")).add_subparsers(
        dest="kb_command", required=True)
    s = kb.add_parser("evaluate", help=N_("right, rejection, confident wrong and language figures"))
    s.add_argument("--heldout", default="tests/data/kb_heldout.yml",
                   help=N_("the held-out questions (default %(default)s)"))
    s.add_argument("--kb", help=N_("the entries to evaluate (file or folder; default: the shipped "
                                "knowledge base), e.g. tests/data/kb_public/entries.yml"))
    s.add_argument("--locale", default="de", help=N_("the asker's locale (default de)"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_kb_evaluate)
    if whole or command == "kb":
        from bot.commands import kb as kb_commands

        kb_commands.register_kb(kb)

    s = sub.add_parser("tick", help=N_("run every job due up to now, then deliver the outbox"))
    s.add_argument("--now", help=N_("ISO date/time (Europe/Berlin unless an offset is given)"))
    s.add_argument("--json", action="store_true")
    s.add_argument("--no-deliver", action="store_true", help=N_("leave the outbox for the sender"))
    s.set_defaults(func=cmd_tick)

    sub.add_parser("doctor", help=N_("check the installation and say what to fix")).set_defaults(
        func=cmd_doctor)

    s = sub.add_parser("serve", help=N_("run the scheduler and outbox sender (and messengers)"))
    s.add_argument("--slack", choices=["socket", "http"],
                   help=N_("connect to Slack: socket (outbound only) or http (Events API)"))
    s.add_argument("--matrix", action="store_true",
                   help=N_("also connect to Matrix (settings [matrix], MATRIX_ACCESS_TOKEN or "
                           "MATRIX_PASSWORD)"))
    s.add_argument("--host", default="0.0.0.0", help=N_("HTTP mode: address to listen on"))
    s.add_argument("--port", type=int, default=3000, help=N_("HTTP mode: port"))
    s.set_defaults(func=cmd_serve)

    if whole or command in commands.MODULES:
        commands.register(sub, None if whole else command)
    return p


def _settings(config: str | None) -> Settings | UserError:
    """The settings, or what is wrong with them (ConfigError, SettingError: said once the
    command line is read)."""
    try:
        return load_settings(Path(config) if config else None)
    except UserError as exc:
        return exc


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    seen = _peek(argv)
    # the settings first: help and argparse's errors in the installation's language (German
    # when the settings cannot be read; their error is reported once the command is known)
    loaded = _settings(seen.config if seen is not None else None)
    with cli_i18n.speaking(_t(loaded if isinstance(loaded, Settings) else Settings())):
        args = build_parser(command_of(argv)).parse_args(argv)
    if seen is None or args.config != seen.config:
        loaded = _settings(args.config)
    settings: Settings | None = None
    try:
        check_ids(args)
        if isinstance(loaded, UserError):
            raise loaded
        settings = loaded
        logs.setup(logging.INFO if args.verbose else logging.WARNING, settings.log_json,
                   settings.default_locale)
        return asyncio.run(args.func(args, settings))
    except (ConfigError, UserError, TrainingDataError, NotMigratedError) as exc:
        print(f"flurfunk: {say_error(exc, settings)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def say_error(exc: BaseException, settings: Settings | None) -> str:
    """The error in the installation's language (German unless configured otherwise)."""
    locale = settings.default_locale if settings is not None else "de"
    t = Translations(default=locale).for_locale(None)
    if isinstance(exc, TrainingDataError):  # nlu cannot import flows: the same message, German
        exc = FileError(exc.path, exc.message, exc.line, None, **exc.params)
    if isinstance(exc, FileError | RoutingError):
        return exc.render(t)
    return t.gettext(str(exc))  # a fixed N_()-marked message (NotMigratedError), else as it is
