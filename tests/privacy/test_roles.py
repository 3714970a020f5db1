"""Roles on admin commands and the audit log: bootstrap as system, then --as with a role."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CliRun

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli(run_cli: CliRun) -> CliRun:

    run = run_cli

    return run


def test_first_import_runs_as_system_then_roles_apply(cli) -> None:  # type: ignore[no-untyped-def]
    people = str(ROOT / "content" / "demo" / "people.yml")
    assert cli("people", "import", people)[0] == 0  # no admin yet: bootstrap as "system"
    code, _, err = cli("people", "import", people)
    assert code == 2 and "--as KENNUNG" in err
    code, _, err = cli("--as", "anna.berger", "people", "import", people)
    assert code == 2 and "anna.berger fehlt die Rolle admin, hr" in err
    assert cli("--as", "sarah.miller", "people", "import", people)[0] == 0  # hr and admin
    code, out, _ = cli("--as", "sarah.miller", "privacy", "audit", "--json")
    entries = json.loads(out)
    assert [(e["actor"], e["action"]) for e in entries] == [
        ("sarah.miller", "privacy.audit"), ("sarah.miller", "people.import"),
        ("anna.berger", "people.import:refused"), ("?", "people.import:refused"),
        ("system", "people.import")]  # refusals are written as refusals
    assert entries[1]["target"] == "people.yml"


def test_lead_cannot_read_the_processing_record(cli) -> None:  # type: ignore[no-untyped-def]
    cli("people", "import", str(ROOT / "content" / "demo" / "people.yml"))
    code, _, err = cli("--as", "markus.keller", "privacy", "report")
    assert code == 2 and "fehlt die Rolle admin" in err
    code, out, _ = cli("--as", "sarah.miller", "privacy", "report", "--locale", "en")
    assert code == 0 and "Record of processing activities" in out
