"""``flurfunk doctor`` for surveys: the key directory of the per-run data keys (it exists and is
writable, only the service's account may enter it, it is not inside the database's own
directory, and every open run's key is there). Counts and paths only."""

from __future__ import annotations

import os
from pathlib import Path

from flows.survey.vault import KeyStore
from flows.types import N_, Translator
from storage.models.survey import SurveyRun

FIX_CONFIG = N_("correct [features.survey] in flurfunk.toml")


def _inside(path: Path, parent: Path) -> bool:
    try:
        path.resolve().relative_to(parent.resolve())
    except ValueError:
        return False
    return True


def key_dir_problems(t: Translator, keys: KeyStore, open_runs: list[SurveyRun],
                     database_dirs: list[Path]) -> tuple[bool, str, str]:
    """(ok, what was found, how to fix it) for the key directory, in ``t``'s language.
    ``database_dirs``: where the database keeps its files, when that can be known (the SQLite
    file's folder, PostgreSQL's data_directory); keys there would travel with every copy."""
    where = keys.directory
    if not where.is_dir():
        if open_runs:
            return False, t.gettext(
                "key directory {dir} is missing, but {n} survey run(s) are open: their answers "
                "cannot be read").format(dir=where, n=len(open_runs)), t.gettext(
                "mount the key directory again (several instances: the same shared directory); "
                "if it is lost for good: flurfunk survey close ID --key-lost")
        return True, t.gettext("key directory {dir} does not exist yet (the first survey sent "
                               "creates it)").format(dir=where), ""
    if not os.access(where, os.W_OK | os.X_OK):
        return False, t.gettext("key directory {dir} is not writable for this account").format(
            dir=where), t.gettext("give the service account of flurfunk write access to it")
    for db_dir in database_dirs:
        if _inside(where, db_dir):
            return False, t.gettext(
                "key directory {dir} lies inside the database's directory {db}: every copy of "
                "the database would carry the keys").format(dir=where, db=db_dir), t.gettext(
                "move it elsewhere ([features.survey] key_dir) and keep it out of backups")
    mode = where.stat().st_mode & 0o777
    if mode & 0o077:
        return False, t.gettext(
            "key directory {dir} can be read by other accounts (permissions {mode:o})").format(
            dir=where, mode=mode), t.gettext("run: chmod 700 {dir}").format(dir=where)
    missing = [r.id for r in open_runs if r.key_id is None or not keys.exists(r.key_id)]
    if missing:
        return False, t.gettext(
            "the data key of open survey run(s) {runs} is missing in {dir}").format(
            runs=", ".join(map(str, missing)), dir=where), t.gettext(
            "mount the shared key directory on this server too; if a key is lost for good: "
            "flurfunk survey close ID --key-lost")
    return True, t.gettext("key directory {dir}: private, keys of all {n} open run(s) "
                           "present").format(dir=where, n=len(open_runs)), ""
