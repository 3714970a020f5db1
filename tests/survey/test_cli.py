"""``flurfunk survey create | list | send | close | results`` through the real command line parser:
validation without writes, roles, the audit log, results withheld with a reason, CSV and chart."""

from __future__ import annotations

import asyncio
import csv
import json
from datetime import datetime
from pathlib import Path

import pytest

from bot.config import Settings
from bot.runtime import Runtime
from flows.types import Action, Incoming
from tests.conftest import CliRun
from tests.survey.helpers import EXAMPLE, SURVEY, at, is_png, write

PEOPLE = ["people:", "  - {id: chef, name: Chef, roles: [admin], department: Hauptamt}",
          "  - {id: sarah.miller, name: Sarah Miller, roles: [hr], department: Personalamt}",
          "  - {id: hr.owner, name: Frau Personal, roles: [hr], department: Personalamt}",
          *[f"  - {{id: p{i}, name: P{i}, department: {'Sozialamt' if i < 7 else 'Jobcenter'}}}"
            for i in range(1, 11)]]


@pytest.fixture
def cli(run_cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRun:
    monkeypatch.setenv("FLURFUNK_FEATURES__SURVEY__CHART_DIR", str(tmp_path / "charts"))
    monkeypatch.setenv("FLURFUNK_FEATURES__SURVEY__KEY_DIR", str(tmp_path / "keys"))

    run = run_cli

    assert run("people", "import", str(write(tmp_path / "people.yml", "\n".join(PEOPLE))))[0] == 0
    return run


def answer(settings: Settings, run_id: int, people: list[str], when: datetime) -> None:
    """People answer by button (the chat itself is tested in test_flow)."""
    async def go() -> None:
        async with Runtime(settings, nlu=False) as rt:
            for i, person in enumerate(people):
                for value in (f"technik|{i % 5 + 1}", f"empfehlung|{9 + i % 2}", "mobil|1",
                              "anmerkung|"):
                    await rt.dispatcher.handle(Incoming(person, action=Action(
                        "survey:answer", f"{run_id}|{value}")), when)
    asyncio.run(go())


def test_create_validates_everything_and_needs_a_role(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = write(tmp_path / "bad.yml", SURVEY.replace("threshold: 5,", "threshold: 2,"))
    code, _, err = cli("--as", "chef", "survey", "create", str(bad))
    assert code == 2 and f"{bad}, Zeile 9, Feld „anonymity.threshold“: abgelehnt" in err
    assert "Traceback" not in err
    stranger = write(tmp_path / "stranger.yml", SURVEY.replace("owner: hr.owner", "owner: niemand"))
    code, _, err = cli("--as", "chef", "survey", "create", str(stranger))
    assert code == 2 and f"{stranger}, Zeile 3, Feld „owner“: 'niemand' steht nicht im Verzeichnis" in err
    code, _, err = cli("--as", "p1", "survey", "create", str(EXAMPLE))
    assert code == 2 and "p1 fehlt die Rolle" in err
    assert json.loads(cli("--as", "chef", "survey", "list", "--json")[1]) == []  # nothing written
    code, out, _ = cli("--as", "sarah.miller", "survey", "create", str(EXAMPLE))
    assert code == 0 and "Umfrage 'mobiles-arbeiten' gespeichert (6 Fragen" in out
    code, _, err = cli("--as", "sarah.miller", "survey", "create", str(EXAMPLE))
    assert code == 2 and (f"{EXAMPLE}, Zeile 4, Feld „id“: eine Umfrage 'mobiles-arbeiten' gibt es "
                          "schon (mit --update") in err
    assert cli("--as", "sarah.miller", "survey", "create", "--update", str(EXAMPLE))[0] == 0


def test_send_close_results_json_csv_chart_and_audit(cli, settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("--as", "chef", "survey", "create", str(write(tmp_path / "s.yml", SURVEY)))[0] == 0
    code, out, _ = cli("--as", "hr.owner", "survey", "send", "puls", "--now", "2026-09-01T09:00")
    assert code == 0 and out.startswith("Umfrage 'puls': Runde 1 an 13 Personen gesendet, offen bis ")
    code, _, err = cli("--as", "hr.owner", "survey", "send", "puls", "--now", "2026-09-01T10:00")
    assert code == 2 and "flurfunk: id: Umfrage 'puls' hat eine offene Runde; bitte zuerst schließen" in err
    code, out, _ = cli("--as", "hr.owner", "survey", "results", "puls", "--json")
    early = json.loads(out)
    assert early["withheld"] is True and early["reason_code"] == "open"
    assert early["reason"].startswith("die Umfrage ist noch offen; die Ergebnisse werden einmal")
    answer(settings, 1, [f"p{i}" for i in range(1, 9)], at("2026-09-02"))
    listed = json.loads(cli("--as", "chef", "survey", "list", "--json")[1])
    assert listed[0]["runs"][0]["done"] == 8 and listed[0]["runs"][0]["invited"] == 13
    code, out, _ = cli("--as", "hr.owner", "survey", "close", "puls", "--now", "2026-09-05T12:00")
    assert code == 0 and "8 Antworten; Ergebnisse an die Verantwortlichen gesendet" in out
    code, _, err = cli("--as", "sarah.miller", "survey", "results", "puls")
    assert code == 2 and "fehlt die Rolle admin" in err  # hr, but not the owner
    csv_path, png_path = tmp_path / "puls.csv", tmp_path / "puls.png"
    code, out, _ = cli("--as", "hr.owner", "survey", "results", "puls", "--json",
                       "--csv", str(csv_path), "--chart", str(png_path))
    result = json.loads(out)
    assert code == 0 and result["withheld"] is False and result["respondents"] == 8
    technik = result["questions"][0]
    assert technik["n"] == 8 and technik["mean"] == 2.62
    assert [s["segment"] for s in technik["segments"]] == []  # Sozialamt 6 leaves Jobcenter at 2
    assert result["questions"][3]["withheld"] is True  # no free text given
    assert is_png(png_path)
    with csv_path.open(encoding="utf-8") as fp:
        table = list(csv.DictReader(fp))
    assert {r["question"] for r in table} == {"technik", "empfehlung", "mobil", "anmerkung"}
    assert [r["count"] for r in table if r["question"] == "technik"] == ["2", "2", "2", "1", "1"]
    assert all(set(r) == {"question", "type", "segment", "n", "value", "label", "count", "share",
                          "mean", "median", "enps", "withheld"} for r in table)  # aggregates only
    code, text, _ = cli("--as", "chef", "survey", "results", "puls", "--locale", "de")
    assert code == 0 and "8 von 13 Personen haben geantwortet (62 %)" in text

    async def audit() -> list[tuple[str, str, str]]:
        async with Runtime(settings, nlu=False) as rt:
            async with rt.uow() as uow:
                return [(e.actor, e.action, e.target) for e in await uow.audit.recent()]
    entries = asyncio.run(audit())
    assert ("hr.owner", "survey.results", "puls") in entries
    assert ("hr.owner", "survey.export.csv", "puls -> puls.csv") in entries
    assert ("hr.owner", "survey.export.chart", "puls -> puls.png") in entries
    assert ("chef", "survey.results", "puls") in entries


def test_results_withheld_below_threshold_say_so(cli, settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("--as", "chef", "survey", "create", str(write(tmp_path / "s.yml", SURVEY)))[0] == 0
    assert cli("--as", "chef", "survey", "send", "puls", "--now", "2026-09-01T09:00")[0] == 0
    answer(settings, 1, ["p1", "p2", "p3", "p4"], at("2026-09-02"))
    assert cli("--as", "chef", "survey", "close", "puls", "--now", "2026-09-08T09:00")[0] == 0
    code, out, _ = cli("--as", "chef", "survey", "results", "puls", "--json")
    result = json.loads(out)
    assert code == 0 and result["withheld"] is True and result["questions"] == []
    assert result["reason"] == ("Ergebnisse zurückgehalten: 4 Personen haben teilgenommen, "
                                "weniger als die Anonymitätsschwelle von 5")  # HR reads German
    assert result["reason_code"] == "respondents"
    code, out, _ = cli("--as", "chef", "survey", "results", "puls", "--json", "--locale", "en")
    assert json.loads(out)["reason"] == ("results withheld: 4 respondents, fewer than the "
                                         "anonymity threshold of 5")
    code, text, _ = cli("--as", "chef", "survey", "results", "puls")
    assert code == 0 and "(Ergebnisse zurückgehalten: 4 Personen haben teilgenommen" in text
    code, _, err = cli("--as", "chef", "survey", "results", "puls", "--chart",
                       str(tmp_path / "x.png"))
    assert code == 2 and "--chart: nichts zu zeichnen, die Ergebnisse werden zurückgehalten" in err
    assert "weniger als die Anonymitätsschwelle von 5" in err
    assert not (tmp_path / "x.png").exists()
