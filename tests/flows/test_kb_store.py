"""``flurfunk kb import``: all or nothing, idempotent, added/changed/unchanged/removed, admin
only and audit-logged; ``kb list``/``kb check`` read the stored entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import CliRun

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = ROOT / "tests/data/kb_public/entries.yml"
DIRECTORY = """people:
  - {id: kb.admin, name: Karla Bode, department: IT-Service, site: Am Wall, roles: [admin]}
  - {id: hr.only, name: Hans Ohm, department: Personalstelle, site: Am Wall, roles: [hr]}
"""


def _entry(id: str, answer: str = "Im Personalportal.", locale: str = "de") -> dict:
    return {"id": id, "locale": locale, "question": f"Frage zu {id}?", "answer": answer,
            "source": "DV Arbeitszeit", "owner": "Personalamt", "reviewed": "2026-10-01"}


def _write(path: Path, *entries: dict) -> Path:
    path.write_text(yaml.safe_dump({"version": 1, "entries": list(entries)}, allow_unicode=True),
                    encoding="utf-8")
    return path


@pytest.fixture
def cli(run_cli: CliRun, tmp_path: Path) -> CliRun:
    people = tmp_path / "people.yml"
    people.write_text(DIRECTORY, encoding="utf-8")
    assert run_cli("people", "import", str(people))[0] == 0
    return run_cli


def _stored(cli: CliRun) -> dict[str, str]:
    code, out, _ = cli("kb", "list", "--json")
    assert code == 0
    return {f"{e['id']}/{e['locale']}": e["answer"] for e in json.loads(out)}


def test_import_reports_and_is_idempotent(cli: CliRun, tmp_path: Path) -> None:
    f = _write(tmp_path / "kb.yml", _entry("urlaub"), _entry("gleitzeit"))
    code, out, err = cli("--as", "kb.admin", "kb", "import", str(f))
    assert code == 0, err
    assert "2 hinzugefügt, 0 geändert, 0 unverändert, 0 entfernt" in out
    assert _stored(cli) == {"gleitzeit/de": "Im Personalportal.", "urlaub/de": "Im Personalportal."}
    code, out, _ = cli("--as", "kb.admin", "kb", "import", str(f))
    assert code == 0 and "0 hinzugefügt, 0 geändert, 2 unverändert" in out
    assert "Nichts geändert" in out
    code, out, _ = cli("--as", "kb.admin", "kb", "import", "--json", str(f))
    assert json.loads(out)["version"] is None  # the version stays: the bot rebuilds nothing
    _write(f, _entry("urlaub", "Im neuen Portal."), _entry("dienstrad"))
    code, out, _ = cli("--as", "kb.admin", "kb", "import", str(f))
    assert "1 hinzugefügt, 1 geändert, 0 unverändert, 0 entfernt" in out
    assert "gleitzeit (de)" in out and "--replace" in out  # kept, and said so
    assert _stored(cli)["urlaub/de"] == "Im neuen Portal." and "gleitzeit/de" in _stored(cli)
    code, out, _ = cli("--as", "kb.admin", "kb", "import", "--replace", str(f))
    assert "0 hinzugefügt, 0 geändert, 2 unverändert, 1 entfernt" in out
    assert sorted(_stored(cli)) == ["dienstrad/de", "urlaub/de"]


def test_a_bad_file_writes_nothing_and_names_file_line_field(cli: CliRun, tmp_path: Path) -> None:
    good = _write(tmp_path / "kb.yml", _entry("urlaub"))
    assert cli("--as", "kb.admin", "kb", "import", str(good))[0] == 0
    bad = _entry("zweites")
    bad["reviewed"] = "gestern"
    f = _write(tmp_path / "bad.yml", _entry("urlaub", "Geändert."), _entry("neu"), bad)
    code, _, err = cli("--as", "kb.admin", "kb", "import", str(f))
    assert code == 2 and "Traceback" not in err
    assert "bad.yml" in err and "Zeile" in err and "reviewed" in err
    assert _stored(cli) == {"urlaub/de": "Im Personalportal."}  # nothing of the valid rows


def test_import_is_admin_only_and_audited(cli: CliRun, tmp_path: Path) -> None:
    f = _write(tmp_path / "kb.yml", _entry("urlaub"))
    code, _, err = cli("--as", "hr.only", "kb", "import", str(f))
    assert code == 2 and "hr.only fehlt die Rolle admin" in err
    code, _, err = cli("kb", "import", str(f))
    assert code == 2 and "--as" in err
    assert cli("--as", "kb.admin", "kb", "import", str(f))[0] == 0
    code, out, _ = cli("--as", "kb.admin", "privacy", "audit", "--json")
    actions = [(r["actor"], r["action"], r["target"]) for r in json.loads(out)]
    assert ("kb.admin", "kb.import", "kb.yml") in actions
    assert ("hr.only", "kb.import:refused", "kb.yml") in actions


def test_list_and_check_read_the_store_and_still_take_a_file(cli: CliRun, tmp_path: Path) -> None:
    assert cli("--as", "kb.admin", "kb", "import", str(PUBLIC))[0] == 0
    code, out, _ = cli("kb", "list")
    assert code == 0 and out.startswith("171 Einträge in der Datenbank")
    code, out, _ = cli("kb", "check", "--today", "2026-12-01", "--json")
    assert code == 0 and json.loads(out)["entries"] == 171
    f = _write(tmp_path / "one.yml", _entry("urlaub"))
    code, out, _ = cli("kb", "check", str(f), "--today", "2026-12-01", "--json")
    assert code == 0 and json.loads(out)["entries"] == 1


def test_csv_from_excel_and_a_markdown_folder_import_alike(cli: CliRun, tmp_path: Path) -> None:
    csv = tmp_path / "kb.csv"
    csv.write_bytes(("id;question;alternatives;answer;source;links;owner;reviewed;locale\n"
                     "gleitzeit-konto;Wie viele Plusstunden darf ich haben?;Gleitzeitkonto "
                     "Obergrenze | Überstunden ansammeln;Bis zu 40 Stunden Guthaben.;DV Arbeitszeit;"
                     ";Personalamt;2026-01-05;de\n").encode("cp1252"))
    code, out, err = cli("--as", "kb.admin", "kb", "import", str(csv))
    assert code == 0, err
    assert "1 hinzugefügt" in out
    folder = tmp_path / "cms"
    folder.mkdir()
    (folder / "dienstrad.md").write_text(
        "---\nid: dienstrad\nlocale: de\nquestion: Gibt es ein Dienstrad?\nsource: DV Mobilität\n"
        "owner: Personalamt\nreviewed: '2026-02-01'\n---\nJa, über das Leasing-Programm.\n",
        encoding="utf-8")
    code, out, err = cli("--as", "kb.admin", "kb", "import", str(folder))
    assert code == 0, err
    assert "1 hinzugefügt, 0 geändert, 0 unverändert, 0 entfernt" in out
    stored = _stored(cli)
    assert stored["dienstrad/de"] == "Ja, über das Leasing-Programm."
    assert stored["gleitzeit-konto/de"] == "Bis zu 40 Stunden Guthaben."


def test_a_referral_keeps_its_kind_through_the_store_and_entries_keep_their_hash(
        cli: CliRun, tmp_path: Path) -> None:
    import hashlib

    from flows.faq.entries import Entry
    from flows.faq.store import content_hash

    f = _write(tmp_path / "kb.yml", _entry("urlaub") | {"kind": "referral"}, _entry("gleitzeit"))
    assert cli("--as", "kb.admin", "kb", "import", str(f))[0] == 0
    _, out, _ = cli("kb", "list", "--json")
    assert {e["id"]: e["kind"] for e in json.loads(out)} == {"gleitzeit": "answer",
                                                            "urlaub": "referral"}
    _, out, _ = cli("kb", "list")
    assert "urlaub  [de]" in out and "(Verweis)" in out.split("urlaub  [de]")[1].splitlines()[0]
    # an ordinary entry hashes as it did before kinds existed (no spurious "changed" on upgrade)
    plain = Entry.model_validate(_entry("gleitzeit") | {"reviewed": "2026-10-01"})
    before = {"question", "alternatives", "answer", "source", "links", "owner", "reviewed",
              "keywords"}  # the hashed fields before kinds existed
    old = hashlib.sha256(json.dumps(plain.model_dump(mode="json", include=before),
                                    sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    assert content_hash(plain) == old
    assert content_hash(plain) != content_hash(plain.model_copy(update={"kind": "referral"}))
    _, out, _ = cli("--as", "kb.admin", "kb", "import", str(f))
    assert "0 hinzugefügt, 0 geändert, 2 unverändert" in out
