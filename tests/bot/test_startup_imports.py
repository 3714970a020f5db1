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
