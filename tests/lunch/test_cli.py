"""``flurfunk lunch join|leave|run|stats`` through the real command line parser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CliRun

DIRECTORY = """people:
  - {id: hr.admin, name: Hanna Rath, department: Personalstelle, site: Am Wall, roles: [admin]}
  - {id: anna, name: Anna Berger, department: Jugendamt, site: Vegesack}
  - {id: ben, name: Ben Kaya, department: Sozialamt, site: Vegesack}
  - {id: cora, name: Cora Lüders, department: Elterngeld, site: Vegesack}
  - {id: dana, name: Dana Wolff, department: Teilhabe, site: Vegesack}
  - {id: emil, name: Emil Roth, department: Jugendamt, site: Am Wall}
  - {id: hr.en, name: Helen Rye, department: Personalstelle, site: Am Wall, roles: [hr], locale: en}
"""


@pytest.fixture
def cli(run_cli: CliRun, tmp_path: Path) -> CliRun:

    run = run_cli

    people = tmp_path / "people.yml"
    people.write_text(DIRECTORY, encoding="utf-8")
    assert run("people", "import", str(people))[0] == 0
    return run


def test_join_is_all_or_nothing_and_needs_a_role(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("lunch", "join", "--user", "anna")
    assert code == 2 and "mit --as KENNUNG angeben" in err
    code, _, err = cli("--as", "anna", "lunch", "join", "--user", "anna")
    assert code == 2 and "anna fehlt die Rolle admin, hr" in err
    code, _, err = cli("--as", "hr.admin", "lunch", "join", "--user", "anna", "--user", "nobody")
    assert code == 2 and "--user: nicht im Verzeichnis: nobody" in err and "Traceback" not in err
    code, out, _ = cli("--as", "hr.admin", "lunch", "stats", "--json")
    assert json.loads(out)["participants"] == 0  # nothing of the valid ids was written
    code, out, _ = cli("--as", "hr.admin", "lunch", "join", "--user", "anna", "--user", "ben",
                       "--user", "cora", "--user", "dana", "--user", "emil")
    assert (code, out) == (0, "5 angemeldet, 0 waren schon dabei\n")
    code, out, _ = cli("--as", "hr.admin", "lunch", "leave", "--user", "emil", "--user", "emil")
    assert (code, out) == (0, "1 abgemeldet, 0 waren nicht dabei\n")
    code, out, _ = cli("--as", "hr.en", "lunch", "leave", "--user", "emil")  # an English admin
    assert (code, out) == (0, "0 left, 1 were not taking part\n")


def test_run_dry_run_json_and_rerun(cli) -> None:  # type: ignore[no-untyped-def]
    admin = ("--as", "hr.admin")
    cli(*admin, "lunch", "join", "--user", "anna", "--user", "ben", "--user", "cora",
        "--user", "dana", "--user", "emil")
    code, out, _ = cli(*admin, "lunch", "run", "--dry-run", "--seed", "7", "--now",
                       "2026-09-07T09:00", "--json")
    dry = json.loads(out)
    assert code == 0 and set(dry) == {"round", "groups", "relaxed"} and dry["round"] is None
    assert sorted(sorted(g["members"]) for g in dry["groups"] if g["site"] == "Vegesack")[0][0] == "anna"
    assert all(set(g) == {"site", "members"} and len(g["members"]) == 2 for g in dry["groups"])
    assert dry["relaxed"] == [{"site": "Am Wall", "constraint": "alone", "count": 1}]
    again = json.loads(cli(*admin, "lunch", "run", "--dry-run", "--seed", "7", "--now",
                           "2026-09-07T09:00", "--json")[1])
    assert again == dry  # deterministic given the seed
    code, out, _ = cli(*admin, "lunch", "run", "--now", "2026-09-07T09:00", "--json")
    real = json.loads(out)
    assert code == 0 and isinstance(real["round"], int)
    assert sorted(m for g in real["groups"] for m in g["members"]) == ["anna", "ben", "cora", "dana"]
    code, out, _ = cli(*admin, "lunch", "run", "--now", "2026-09-08T10:00")
    assert out.startswith(f"Runde 2026-W37 (Nr. {real['round']}) lief schon; nichts erneut gesendet")
    code, out, _ = cli(*admin, "lunch", "run", "--now", "2026-09-14T09:00")
    assert out.startswith("Runde 2026-W38 (Nr. ") and "Nachrichten im Postausgang eingereiht" in out
    code, out, _ = cli(*admin, "lunch", "stats", "--json")
    stats = json.loads(out)
    assert stats == {"participants": 5, "rounds": 2, "pairs": 4, "cross_department_share": 1.0,
                     "repeats": 0, "met_yes": None, "met_no": None, "met_rate": None,
                     "met_withheld": "weniger als 5 Antworten"}  # German first, JSON too
    code, out, _ = cli(*admin, "lunch", "stats")
    assert "Paare über Ämter hinweg: 100% von 4" in out
    assert "getroffen (nur Antworten je Runde): zurückgehalten" in out
