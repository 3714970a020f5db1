"""Structural guard for the start time: ``import bot.cli`` (every command's first step) must not
import the heavy libraries that only some commands or messages use. Timing lives in
benchmarks/startup.py; this only looks at ``sys.modules`` in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys

# Imported where they are used: charts, evaluation, Slack, Matrix, HTTP serving, Rasa, FAQ
# retrieval, migrations, the NLU model (tick and admin commands start without it), the survey
# vault's cryptography (only where a record is sealed or opened).
HEAVY = ("matplotlib", "sklearn", "slack_bolt", "slack_sdk", "nio", "uvicorn", "starlette",
         "aiohttp", "httpx", "alembic", "numpy", "simplemma", "rapidfuzz", "lingua",
         "compound_split", "cryptography")


def loaded_after(code: str) -> list[str]:
    """The HEAVY top-level packages in ``sys.modules`` after running ``code`` in a new process."""
    probe = f"import sys, json\n{code}\nprint(json.dumps(sorted({{m.split('.')[0] for m in " \
            f"sys.modules}} & set({list(HEAVY)!r}))))"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


def test_importing_the_cli_pulls_in_no_heavy_library() -> None:
    assert loaded_after("import bot.cli") == []


def test_the_probe_sees_a_heavy_import() -> None:
    """The same probe on a weakened setup (bot.cli plus a top-level chart import) fails."""
    assert loaded_after("import bot.cli\nimport matplotlib.pyplot") == ["matplotlib", "numpy"]


def test_a_command_imports_no_other_features_command_module() -> None:
    """``say`` and ``tick`` build a parser without the feature command modules; ``survey``
    imports its own module only; the whole parser (help, errors) still has every command."""
    probe = ("import sys\nfrom bot import cli\n"
             "for argv in (['say', '--user', 'a', 'x'], ['tick'], ['--as', 'x', 'survey', 'list']):\n"
             "    cli.build_parser(cli.command_of(argv)).parse_args(argv)\n"
             "print(sorted(m for m in sys.modules if m.startswith('bot.commands.')))")
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    assert out.stdout.split() == ["['bot.commands.common',", "'bot.commands.survey']"]


def test_the_whole_parser_is_built_when_argv_names_no_known_command() -> None:
    from bot import cli, commands

    assert cli.command_of(["--config", "x.toml", "tick", "--now", "2026-03-04"]) == "tick"
    assert cli.command_of(["-h"]) is None and cli.command_of(["--config"]) is None
    whole = cli.build_parser(cli.command_of(["nosuch"]))
    names = set(next(a for a in whole._actions if a.dest == "command").choices)
    assert set(commands.MODULES) | set(cli.CORE) == names
    only = cli.build_parser("survey")
    assert whole.parse_args(["survey", "list"]) == only.parse_args(["survey", "list"])
