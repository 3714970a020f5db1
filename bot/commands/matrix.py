"""``flurfunk people sync-matrix``: Matrix ids for the directory from the homeserver's user
directory (dry run unless ``--apply``; an id already in the directory only with ``--force``)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from bot.commands.common import authorize
from bot.config import ConfigError, Settings
from bot.runtime import Runtime
from flows.types import N_


async def cmd_sync_matrix(args: argparse.Namespace, settings: Settings) -> int:
    import aiohttp

    from bot.adapters.matrix.client import Secrets, _saved_session
    from bot.adapters.matrix.directory import DirectoryError, plan, searcher
    from bot.i18n import Translations

    cfg = settings.matrix
    if not (cfg.homeserver and cfg.user_id):
        raise ConfigError("Matrix", N_("set {names} (see README, Matrix)"),
                          names="matrix.homeserver, matrix.user_id")
    token = Secrets.from_env().access_token
    if not token and (saved := _saved_session(settings.path(cfg.store_dir), cfg.user_id)):
        token = saved[1]
    if not token:
        raise ConfigError("Matrix", N_("set MATRIX_ACCESS_TOKEN, or start flurfunk serve --matrix "
                                       "once to log in with MATRIX_PASSWORD"))
    t = Translations(default=settings.default_locale, tz=settings.timezone).for_locale(None)
    server = cfg.user_id.partition(":")[2]
    async with Runtime(settings, nlu=False) as rt:
        mode = "apply" + (",force" if args.force else "") if args.apply else "dry-run"
        await authorize(rt, args.actor, {"hr"}, "people.sync-matrix", mode)
        async with rt.uow() as uow:
            people = list(await uow.people.all())
        try:
            async with aiohttp.ClientSession() as http:
                result = await plan(people, searcher(http, cfg.homeserver, token), server, args.force)
        except DirectoryError as exc:
            raise ConfigError("Matrix", N_("the homeserver refused the user directory search "
                                           "({code})"), code=exc.code) from exc
        except aiohttp.ClientError as exc:
            raise ConfigError("Matrix", N_("{url} not reachable ({error})"), url=cfg.homeserver,
                              error=type(exc).__name__) from exc
        changes = [*result.new, *result.replaced]
        for f in result.new:
            print(t.gettext("{person}: {matrix_id} (new)").format(person=f.person_id,
                                                                   matrix_id=f.matrix_id))
        for f in result.replaced:
            print(t.gettext("{person}: {matrix_id} (replaces {old})").format(
                person=f.person_id, matrix_id=f.matrix_id, old=f.old))
        for f in result.kept:
            print(t.gettext("{person}: keeps {old} (the homeserver has {matrix_id}; --force "
                            "replaces it)").format(person=f.person_id, old=f.old,
                                                   matrix_id=f.matrix_id))
        for f in result.taken:
            print(t.gettext("{person}: {matrix_id} already belongs to someone else in the "
                            "directory; skipped").format(person=f.person_id, matrix_id=f.matrix_id))
        for pid in result.ambiguous:
            print(t.gettext("{person}: several accounts fit; skipped (set matrix_id by "
                            "import)").format(person=pid))
        if args.apply and changes:
            async with rt.uow() as uow:
                now = datetime.now(UTC)
                for f in changes:
                    await uow.people.upsert(f.person_id, now, matrix_id=f.matrix_id)
                await uow.commit()
    print(t.gettext("Matrix: {set} to set, {kept} kept, {same} already right, {missing} not "
                    "found, {ambiguous} ambiguous.").format(
        set=len(changes), kept=len(result.kept), same=result.same,
        missing=len(result.missing), ambiguous=len(result.ambiguous)))
    if not args.apply:
        print(t.gettext("Dry run: nothing changed. Run again with --apply to save."))
    elif changes:
        print(t.gettext("Saved."))
    return 0


def register_people(people: argparse._SubParsersAction) -> None:
    """Adds ``sync-matrix`` under ``flurfunk people``."""
    s = people.add_parser("sync-matrix",
                          help=N_("fill matrix_id from the homeserver's user directory (dry run)"))
    s.add_argument("--apply", action="store_true", help=N_("save the matches (default: only show)"))
    s.add_argument("--force", action="store_true",
                   help=N_("also replace a matrix_id the directory already has"))
    s.set_defaults(func=cmd_sync_matrix)
