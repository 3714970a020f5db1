"""``flurfunk kb import FILE|DIR``: store knowledge-base entries (YAML, CSV or a folder of
Markdown files) in one transaction, all or nothing, idempotent, admin only and audit-logged.
``flurfunk kb list [FILE|DIR]`` and ``flurfunk kb check [FILE|DIR]`` report on the stored
entries, or on a file before it is imported.

Entries missing from an import are kept (and listed); ``--replace`` removes them."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bot.commands.common import UsageError, admin_t, authorize
from bot.config import Settings
from bot.i18n import Translations
from bot.runtime import Runtime
from flows.faq import kb_check, store
from flows.faq.entries import Entry, read_entries
from flows.types import N_


def _t(settings: Settings) -> Any:
    return Translations(default=settings.default_locale, tz=settings.timezone).for_locale(None)


def _today(value: str | None, tz: str) -> date:
    if not value:
        from zoneinfo import ZoneInfo

        return datetime.now(UTC).astimezone(ZoneInfo(tz)).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError("--today", N_("not a date; write YYYY-MM-DD, e.g. 2026-09-01")) from None


def _entry_dict(e: Entry) -> dict[str, Any]:
    return e.model_dump(mode="json")


async def _entries(args: argparse.Namespace, settings: Settings) -> tuple[list[Entry], str]:
    """The entries of the file given, else the stored ones (before the first import: the
    shipped knowledge base, which the bot imports on its first start); and where they are."""
    if args.path:
        return read_entries(Path(args.path)), args.path
    async with Runtime(settings, nlu=False) as rt:
        async with rt.uow() as uow:
            if await uow.kb.version() is not None:
                return await store.stored(uow), _t(settings).gettext("the database")
    shipped = settings.path(settings.content_dir) / "kb"
    return store.read_shipped(shipped), str(shipped)


async def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    entries, where = await _entries(args, settings)
    if args.json:
        print(json.dumps([_entry_dict(e) for e in entries], ensure_ascii=False, indent=2))
        return 0
    t = _t(settings)
    print(t.gettext("{n} entries in {path}").format(n=len(entries), path=where))
    referral = t.gettext("referral")
    for e in entries:
        kind = f"  ({referral})" if e.referral else ""
        print(f"{e.id}  [{e.locale}]  {e.reviewed.isoformat()}  {e.owner}: {e.question}{kind}")
    return 0


async def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    today = _today(args.today, settings.timezone)
    if args.days < 1:
        raise UsageError("--days", N_("at least {min}"), min=1)
    if not 50 <= args.bar <= 100:
        raise UsageError("--bar", N_("a number from 50 to 100"))
    entries, _ = await _entries(args, settings)
    found = kb_check.check(entries, today, args.days, args.bar)
    if args.json:
        print(json.dumps({"entries": len(entries), "today": today.isoformat(),
                          **found.as_dict()}, ensure_ascii=False, indent=2))
        return 0
    print("\n".join(report(found, len(entries), today, args.days, _t(settings))))
    return 0


async def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.path)
    entries = read_entries(path)  # every file and field checked before anything is written
    now = datetime.now(UTC)
    async with Runtime(settings, nlu=False) as rt:
        actor = await authorize(rt, args.actor, set(), "kb.import", path.name)
        t = await admin_t(rt, actor)
        async with rt.uow() as uow:
            result = await store.import_entries(uow, entries, actor, now, replace=args.replace)
            await uow.commit()
    if args.json:
        print(json.dumps({"added": result.added, "changed": result.changed,
                          "unchanged": result.unchanged, "removed": result.removed,
                          "kept": result.kept, "version": result.version},
                         ensure_ascii=False, indent=2))
        return 0
    print("\n".join(import_report(result, path, t)))
    return 0


def import_report(result: store.ImportResult, path: Path, t: Any) -> list[str]:
    """What an import did, in ``t``'s language."""
    lines = [t.gettext("{path}: {added} added, {changed} changed, {unchanged} unchanged, "
                       "{removed} removed.").format(
        path=path, added=len(result.added), changed=len(result.changed),
        unchanged=len(result.unchanged), removed=len(result.removed))]
    if not result.changes:
        lines.append(t.gettext("Nothing changed: the knowledge base already has these entries."))
    for label, ids in ((N_("Added:"), result.added), (N_("Changed:"), result.changed),
                       (N_("Removed:"), result.removed)):
        if ids:
            lines.append(f"{t.gettext(label)} {', '.join(ids)}")
    if result.kept:
        lines.append(t.gettext("Kept, though not in the file ({n}; --replace removes them): "
                               "{ids}").format(n=len(result.kept), ids=", ".join(result.kept)))
    if result.changes:
        lines.append(t.gettext("The running assistant answers with them within a minute."))
    return lines


def report(found: kb_check.Findings, n: int, today: date, days: int, t: Any) -> list[str]:
    """The findings as text lines in ``t``'s language."""
    lines = [t.gettext("{n} entries checked on {today}.").format(n=n, today=today.isoformat())]
    if not found:
        return [*lines, t.gettext("No findings.")]
    if found.due:
        lines.append(t.gettext("Due for review (last reviewed more than {days} days ago): {n}").format(
            days=days, n=len(found.due)))
        lines += ["  " + t.gettext("{id} ({locale}): reviewed {reviewed}, {age} days ago; owner: {owner}")
                  .format(id=d.id, locale=d.locale, reviewed=d.reviewed.isoformat(), age=d.days,
                          owner=d.owner) for d in found.due]
    if found.overlaps:
        lines.append(t.gettext("Entries that may answer the same questions: {n}").format(
            n=len(found.overlaps)))
        lines += ["  " + t.gettext("{first} and {second} ({locale}, {score} %): \u201e{a}\u201c / "
                           "\u201e{b}\u201c").format(first=o.first, second=o.second,
                                                    locale=o.locale, score=o.score,
                                                    a=o.first_phrase, b=o.second_phrase)
                  for o in found.overlaps]
    if found.missing:
        lines.append(t.gettext("Missing translations: {n}").format(n=len(found.missing)))
        lines += ["  " + t.gettext("{id}: in {present}, missing in {missing}").format(
            id=m.id, present=", ".join(m.present), missing=", ".join(m.missing))
            for m in found.missing]
    return lines


def register_kb(kb: argparse._SubParsersAction) -> None:
    """Add ``import``, ``check`` and ``list`` to the ``kb`` command group."""
    s = kb.add_parser("import", help=N_("store the entries of a file or folder (admin only; all "
                                     "or nothing; entries not in the file are kept)"))
    s.add_argument("path", metavar="FILE|DIR",
                   help=N_("a YAML or CSV file, or a folder of Markdown files"))
    s.add_argument("--replace", action="store_true",
                   help=N_("remove stored entries that are not in the file"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_import)
    s = kb.add_parser("check", help=N_("entries due for review, overlapping entries, missing "
                                    "translations (exit 0 with findings, 2 on invalid files)"))
    s.add_argument("path", metavar="FILE|DIR", nargs="?",
                   help=N_("a file to check before importing (default: the stored entries)"))
    s.add_argument("--today", help=N_("the day to check against (YYYY-MM-DD; default today)"))
    s.add_argument("--days", type=int, default=kb_check.REVIEW_DAYS,
                   help=N_("an entry is due for review after this many days (default 365)"))
    s.add_argument("--bar", type=int, default=kb_check.OVERLAP_BAR,
                   help=N_("similarity (0-100) from which two phrasings count as the same question"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_check)
    s = kb.add_parser("list", help=N_("the stored entries, or those of a file or folder"))
    s.add_argument("path", metavar="FILE|DIR", nargs="?",
                   help=N_("a file or folder to list (default: the stored entries)"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_list)
