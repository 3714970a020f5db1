"""``flurfunk people sync-matrix`` against a real Synapse (user directory searching all users):
matched by email local part or display name, dry run by default, an imported id kept unless
``--force``, each run in the audit log, German output."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest

from bot.config import Settings
from bot.runtime import Runtime
from tests.conftest import CliRun
from tests.matrix.synapse import Synapse, User


def _people(settings: Settings) -> dict[str, str | None]:
    async def read() -> dict[str, str | None]:
        async with Runtime(settings, nlu=False) as rt, rt.uow() as uow:
            return {p.id: p.matrix_id for p in await uow.people.all()}
    return asyncio.run(read())


def _audit(settings: Settings) -> list[tuple[str, str, str]]:
    async def read() -> list[tuple[str, str, str]]:
        async with Runtime(settings, nlu=False) as rt, rt.uow() as uow:
            return [(e.actor, e.action, e.target) for e in await uow.audit.recent(50)]
    return asyncio.run(read())


def test_sync_matrix_dry_run_apply_force(run_cli: CliRun, settings: Settings, synapse: Synapse,
                                         bot_user: User, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    tag = uuid.uuid4().hex[:6]
    anna = synapse.register(f"anna.berger-{tag}")
    ben = synapse.register(f"bk-{tag}", displayname=f"Ben Kaya {tag}")
    cora = synapse.register(f"cora-{tag}")
    monkeypatch.setenv("FLURFUNK_MATRIX__HOMESERVER", synapse.url)
    monkeypatch.setenv("FLURFUNK_MATRIX__USER_ID", bot_user.user_id)
    monkeypatch.setenv("FLURFUNK_MATRIX__STORE_DIR", str(tmp_path / "var" / "matrix"))
    monkeypatch.setenv("MATRIX_ACCESS_TOKEN", bot_user.access_token)
    directory = tmp_path / "people.yml"
    directory.write_text(f"""\
- {{id: it.admin, name: IT Admin, roles: [admin]}}
- {{id: anna.berger, name: Anna Berger, email: anna.berger-{tag}@stadt.example}}
- {{id: ben.kaya, name: Ben Kaya {tag}}}
- {{id: cora.lueders, name: Cora, email: cora-{tag}@stadt.example, matrix_id: "@cora-alt:flurfunk.test"}}
- {{id: dora.niemand, name: Dora Niemand {tag}, email: dora-{tag}@stadt.example}}
""", encoding="utf-8")
    assert run_cli("--as", "it.admin", "people", "import", str(directory))[0] == 0

    deadline = time.monotonic() + 20  # Synapse fills its user directory in the background
    while True:
        code, out, err = run_cli("--as", "it.admin", "people", "sync-matrix")
        if ("anna.berger: " in out and "ben.kaya: " in out) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert code == 0, err
    assert f"anna.berger: {anna.user_id} (neu)" in out  # by the email's local part
    assert f"ben.kaya: {ben.user_id} (neu)" in out  # by the display name
    assert f"cora.lueders: behält @cora-alt:flurfunk.test (der Homeserver hat {cora.user_id}" in out
    assert "Matrix: 2 zu setzen, 1 behalten, 0 schon richtig, 2 nicht gefunden" in out  # dora, admin
    assert "Probelauf: nichts geändert" in out
    assert _people(settings)["anna.berger"] is None

    code, out, _ = run_cli("--as", "it.admin", "people", "sync-matrix", "--apply")
    assert code == 0 and "Gespeichert." in out
    after = _people(settings)
    assert (after["anna.berger"], after["ben.kaya"]) == (anna.user_id, ben.user_id)
    assert after["cora.lueders"] == "@cora-alt:flurfunk.test"  # set by import: kept
    assert after["dora.niemand"] is None

    code, out, _ = run_cli("--as", "it.admin", "people", "sync-matrix", "--apply", "--force")
    assert code == 0 and f"cora.lueders: {cora.user_id} (ersetzt @cora-alt:flurfunk.test)" in out
    assert _people(settings)["cora.lueders"] == cora.user_id
    assert "Matrix: 1 zu setzen, 0 behalten, 2 schon richtig" in out

    runs = Counter(target for actor, act, target in _audit(settings)
                   if act == "people.sync-matrix" and actor == "it.admin")
    assert runs["apply"] == 1 and runs["apply,force"] == 1 and runs["dry-run"] >= 1


def test_sync_matrix_refused_without_the_role(run_cli: CliRun, synapse: Synapse, bot_user: User,
                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLURFUNK_MATRIX__HOMESERVER", synapse.url)
    monkeypatch.setenv("FLURFUNK_MATRIX__USER_ID", bot_user.user_id)
    monkeypatch.setenv("MATRIX_ACCESS_TOKEN", bot_user.access_token)
    directory = tmp_path / "people.yml"
    directory.write_text("- {id: it.admin, name: IT, roles: [admin]}\n- {id: x, name: X}\n",
                         encoding="utf-8")
    assert run_cli("--as", "it.admin", "people", "import", str(directory))[0] == 0
    code, _, err = run_cli("--as", "x", "people", "sync-matrix", "--apply")
    assert code != 0 and "people.sync-matrix: x" in err and "Rolle" in err, err
