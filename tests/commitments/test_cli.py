"""``flurfunk commitments import | list | report`` through the real command line parser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.commitments.helpers import PADERBORN, WORKSHOP
from tests.conftest import CliRun


@pytest.fixture
def cli(run_cli: CliRun) -> CliRun:

    run = run_cli

    return run


def test_import_is_all_or_nothing_and_idempotent(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yml"
    bad.write_text(PADERBORN.read_text(encoding="utf-8").replace("due: 2012-12-31", "due: Herbst"),
                   encoding="utf-8")
    code, _, err = cli("commitments", "import", str(bad))
    assert code == 2 and "Traceback" not in err
    assert f"{bad}, Zeile 30, Feld „due“: kein Datum und keine relative Frist: 'Herbst'" in err
    code, out, _ = cli("commitments", "list", "--json")
    assert code == 0 and json.loads(out) == []  # nothing of the good rows was written
    first = cli("commitments", "import", str(PADERBORN))[1].splitlines()
    assert first[0].endswith("10 neu, 0 aktualisiert, 0 unverändert")
    assert first[1].startswith("Nicht im Verzeichnis: ")  # nobody imported in this test
    assert cli("commitments", "import", str(PADERBORN))[1].splitlines()[0].endswith(
        "0 neu, 0 aktualisiert, 10 unverändert")


def test_list_filters_and_report(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("commitments", "import", str(PADERBORN))[0] == 0
    code, out, _ = cli("commitments", "list", "--owner", "beninde", "--status", "overdue",
                       "--now", "2012-06-06T09:00", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["due"] for r in rows] == ["2012-05-25", "2012-06-05"]
    assert all("beninde" in r["owners"] and r["status"] == "overdue" for r in rows)
    code, md, _ = cli("commitments", "report", WORKSHOP, "--now", "2012-06-11T09:00")
    assert code == 0 and md.startswith(f"# Selbstkontrolle: {WORKSHOP}\n")
    assert "Erledigt: 0 · offen: 5 · überfällig: 5 · neu vereinbart: 0" in md
    assert "## Netzwerkmanagement" in md and "  - Wer: beninde, gailus" in md
    code, page, _ = cli("commitments", "report", WORKSHOP, "--format", "html",
                        "--now", "2012-06-11T09:00")
    assert page.startswith("<!DOCTYPE html>") and "<h2>Kundenorientierung</h2>" in page
    assert "<strong>TOP „Umgang mit Querschnittsthemen“" in page and page.count("<ul>") == page.count("</ul>")
    code, _, err = cli("commitments", "report", "Unbekannt")
    assert code == 2 and "Einen Workshop „Unbekannt“ gibt es nicht" in err
