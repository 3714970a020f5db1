"""The admin CLI: start, list, status (with --json), and the journey driven by ``flurfunk tick``."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pytest

from tests.conftest import CliRun
from tests.onboarding.helpers import step

PEOPLE = """\
- {id: sarah, name: Sarah Personal, department: Personalamt, roles: [admin, hr]}
- {id: bernd, name: Bernd Leiter, department: Sozialamt, roles: [lead]}
- {id: anna, name: Anna Andere, department: Sozialamt, roles: [lead]}
- {id: lena, name: Lena Neu, department: Sozialamt, lead: bernd}
- {id: clara, name: Clara Alt, department: Sozialamt, lead: bernd}
- {id: olaf, name: Olaf Rente, department: Sozialamt, lead: bernd}
"""


@pytest.fixture
def cli(run_cli: CliRun, tmp_path: Path) -> CliRun:
    (tmp_path / "people.yml").write_text(PEOPLE, encoding="utf-8")

    run = run_cli

    assert run("people", "import", str(tmp_path / "people.yml"))[0] == 0
    return run


def test_start_list_status_and_tick(cli) -> None:  # type: ignore[no-untyped-def]
    hr = ("--as", "sarah")
    code, out, _ = cli(*hr, "onboarding", "start", "--user", "lena", "--start", "2026-09-07",
                       "--now", "2026-08-20T10:00", "--json")
    assert code == 0 and json.loads(out)["lead"] == "bernd"
    code, out, _ = cli(*hr, "onboarding", "start", "--user", "olaf", "--start", "2026-12-16",
                       "--journey", "handover", "--successor", "clara", "--now", "2026-08-20T10:00")
    assert code == 0 and "olaf" in out and "16. Dezember 2026" in out

    code, out, _ = cli("tick", "--now", "2026-09-04T09:00", "--json")
    assert code == 0 and json.loads(out)["delivered"] >= 2  # welcome, lead note, Pate request
    code, out, _ = cli("inbox", "--user", "lena", "--json")
    assert [step(m) for m in json.loads(out)] == ["welcome"]
    code, out, _ = cli("tick", "--now", "2026-09-04T09:10", "--json")
    code, out, _ = cli("inbox", "--user", "lena", "--json")
    assert len(json.loads(out)) == 1  # nothing twice

    code, out, _ = cli(*hr, "onboarding", "status", "--user", "lena", "--json")
    (row,) = json.loads(out)
    sent = {s["id"]: s["sent"] for s in row["steps"]}
    assert sent["welcome"] and not sent["first-day"]
    assert row["checklist_total"] == 8 and len(row["checklist"]) == 8

    code, out, _ = cli(*hr, "onboarding", "list", "--json")
    assert {(r["user"], r["journey"]) for r in json.loads(out)} == {
        ("lena", "onboarding"), ("olaf", "handover")}
    # a lead sees only their own people, and only checklist progress
    code, out, _ = cli("--as", "bernd", "onboarding", "list", "--json")
    rows = json.loads(out)
    assert {r["user"] for r in rows} == {"lena", "olaf"}
    assert set(rows[0]) == {"user", "name", "journey", "checklist_done", "checklist_total"}
    code, out, _ = cli("--as", "anna", "onboarding", "list", "--json")
    assert json.loads(out) == []
    code, _, err = cli("--as", "anna", "onboarding", "status", "--user", "lena")
    assert code == 2 and "Keine Begleitung von lena, die Sie sehen dürfen" in err
    code, _, err = cli("--as", "lena", "onboarding", "list")
    assert code == 2 and "fehlt die Rolle" in err


def test_bad_input_gets_a_clear_message(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("onboarding", "start", "--user", "lena", "--start", "2026-09-07")
    assert code == 2 and "--as KENNUNG" in err
    cli = partial(cli, "--as", "sarah")
    code, _, err = cli("onboarding", "start", "--user", "nobody", "--start", "2026-09-07")
    assert code == 2 and "nobody steht nicht im Verzeichnis" in err
    code, _, err = cli("onboarding", "start", "--user", "lena", "--start", "7.9.2026")
    assert code == 2 and "--start: Bitte das Datum als JJJJ-MM-TT angeben" in err
    code, _, err = cli("onboarding", "start", "--user", "lena", "--start", "2026-09-07",
                       "--journey", "ausbildung")
    assert code == 2 and "Eine Begleitung „ausbildung“ gibt es nicht" in err
    assert cli("onboarding", "start", "--user", "lena", "--start", "2026-09-07")[0] == 0
    code, _, err = cli("onboarding", "start", "--user", "lena", "--start", "2026-09-07")
    assert code == 2 and "lena ist schon in der Begleitung onboarding" in err


def test_hr_names_a_pate_by_hand_audited_in_german(cli) -> None:  # type: ignore[no-untyped-def]
    hr = ("--as", "sarah")
    assert cli(*hr, "onboarding", "start", "--user", "lena", "--start", "2027-03-30",
               "--now", "2027-03-01T10:00")[0] == 0
    code, _, err = cli(*hr, "onboarding", "pate", "--user", "lena", "--pate", "niemand",
                       "--now", "2027-03-01T10:00")
    assert code == 2 and "niemand ist keine andere Person im Verzeichnis" in err
    code, _, err = cli(*hr, "onboarding", "pate", "--user", "clara", "--pate", "lena")
    assert code == 2 and "clara hat keine laufende Einarbeitung" in err
    code, _, err = cli("--as", "bernd", "onboarding", "pate", "--user", "lena", "--pate", "olaf")
    assert code == 2 and "fehlt die Rolle" in err
    code, out, _ = cli(*hr, "onboarding", "pate", "--user", "lena", "--pate", "olaf",
                       "--now", "2027-03-01T10:00")
    assert code == 0 and out.strip() == ("Olaf Rente ist jetzt Patin bzw. Pate von Lena Neu. Ich "
                                         "habe die beiden in einer gemeinsamen Nachricht "
                                         "miteinander bekannt gemacht.")
    code, out, _ = cli(*hr, "onboarding", "status", "--user", "lena", "--json")
    assert json.loads(out)[0]["pate"] == "olaf"
    code, out, _ = cli(*hr, "privacy", "audit", "--json")
    assert any(e["actor"] == "sarah" and e["action"] == "onboarding.pate"
               and e["target"] == "lena" for e in json.loads(out))
    cli("tick", "--now", "2027-03-01T10:30")
    code, out, _ = cli("inbox", "--user", "olaf", "--json")
    assert any("Darf ich vorstellen? Olaf Rente begleitet Lena Neu" in m["text"]
               for m in json.loads(out))
