"""``rasa serve`` supervises its child: a signal to the parent or the death of the child at every
stage of start-up (before the spawn, training, loading, ready) leaves no process behind, and a
dead child is a non-zero exit with a German message. Fast fake children (tests/rasa/fake_rasa.py);
tests/rasa/test_rasa_integration.py does the same with the real Rasa."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
STAGES = ["planning", "training", "loading", "ready"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Parent:
    """tests/rasa/fake_serve.py as a process, its output in files, its stages observable."""

    def __init__(self, tmp_path: Path, **opts: object) -> None:
        self.dir = tmp_path
        self.opts = {"dir": str(tmp_path), "port": free_port(), "train": 30, "load": 30,
                     "grandchild": True} | opts
        self.port = int(self.opts["port"])  # type: ignore[call-overload]
        self.out, self.err = tmp_path / "stdout", tmp_path / "stderr"
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "tests.rasa.fake_serve", json.dumps(self.opts)],
                cwd=ROOT, stdout=out, stderr=err)

    def reach(self, stage: str, timeout: float = 30) -> None:
        """Wait until the parent is in ``stage`` (a fake writes a marker when it gets there)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.err.read_text()
            if stage == "ready":
                if f"127.0.0.1:{self.port}" in self.out.read_text():
                    return
            elif (self.dir / stage).exists():
                return
            time.sleep(0.05)
        raise AssertionError(f"stage {stage} not reached: {self.err.read_text()}")

    def descendants(self) -> list[psutil.Process]:
        return psutil.Process(self.proc.pid).children(recursive=True)

    def child(self) -> psutil.Process:
        """The fake Rasa (the parent's direct child)."""
        [child] = psutil.Process(self.proc.pid).children()
        return child

    def wait(self, timeout: float = 30) -> int:
        return self.proc.wait(timeout)


def survivors(procs: list[psutil.Process], timeout: float = 5) -> list[psutil.Process]:
    _, alive = psutil.wait_procs(procs, timeout=timeout)
    for p in alive:  # do not leak them into the rest of the suite
        p.kill()
    return alive


def reach_with_processes(parent: Parent, stage: str) -> list[psutil.Process]:
    opts = parent.opts
    parent.reach(stage)
    if stage in ("training", "loading"):
        deadline = time.monotonic() + 10
        while not (parent.dir / "grandchild").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    procs = parent.descendants()
    expected = 0 if stage == "planning" else (2 if opts.get("grandchild") else 1)
    assert len(procs) == expected, (stage, procs)
    return procs


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_at_any_stage_stops_the_whole_group(tmp_path: Path, stage: str, sig: int) -> None:
    opts = {"plan_delay": 2} if stage == "planning" else {}  # checking the venv, building the project
    if stage in ("loading", "ready"):
        opts |= {"train": None, "load": 30 if stage == "loading" else 0}
    parent = Parent(tmp_path, **opts)
    procs = reach_with_processes(parent, stage)
    parent.proc.send_signal(sig)
    assert parent.wait() == (0 if sig == signal.SIGTERM else 130)
    assert survivors(procs) == []
    assert signal.Signals(sig).name in parent.out.read_text()  # "Rasa gestoppt (SIGTERM)."
    if stage == "planning":  # the plan is finished, but nothing is started after the signal
        assert not [m for m in ("training", "loading") if (tmp_path / m).exists()]


@pytest.mark.parametrize("stage", ["training", "loading", "ready"])
def test_the_child_dying_at_any_stage_is_a_non_zero_exit_with_a_german_message(
    tmp_path: Path, stage: str
) -> None:
    opts = {"train": None, "load": 30 if stage == "loading" else 0} if stage != "training" else {}
    parent = Parent(tmp_path, **opts)
    procs = reach_with_processes(parent, stage)
    parent.child().kill()
    assert parent.wait() == 2
    err = parent.err.read_text()
    assert "SIGKILL" in err and str(tmp_path) in err, err  # the real log path
    expected = {"training": "Das Training des Rasa-Modells ist fehlgeschlagen",
                "loading": "bevor er bereit war",
                "ready": "unerwartet beendet"}[stage]
    assert expected in err, err
    assert survivors(procs) == []  # the grandchild too: the group is killed after the child


@pytest.mark.parametrize("stage", ["training", "loading", "ready"])
def test_sigkill_of_the_parent_takes_the_child_along(tmp_path: Path, stage: str) -> None:
    """SIGKILL cannot be handled; Linux's parent-death signal (set by the launcher) stops the
    direct child. (It does not reach grandchildren; Rasa's server starts none.)"""
    opts = {"train": None, "load": 30 if stage == "loading" else 0} if stage != "training" else {}
    parent = Parent(tmp_path, grandchild=False, **opts)
    procs = reach_with_processes(parent, stage)
    parent.proc.kill()
    parent.wait()
    assert survivors(procs) == []


@pytest.mark.parametrize("stage", ["training", "loading"])
def test_weakened_supervisor_leaves_orphans(tmp_path: Path, stage: str) -> None:
    """The same attack on the set-up before issue 20 (no signal handling during start-up, no
    parent-death signal): the child and its own child outlive the parent."""
    opts = {"train": None} if stage == "loading" else {}
    parent = Parent(tmp_path, weak=True, **opts)
    procs = reach_with_processes(parent, stage)
    parent.proc.send_signal(signal.SIGTERM)
    assert parent.wait() == -signal.SIGTERM
    assert len(survivors(procs, timeout=1)) == 2


def test_the_token_is_on_stdin_not_on_the_command_line(tmp_path: Path) -> None:
    from tests.rasa.fake_serve import TOKEN

    parent = Parent(tmp_path, train=None, load=0)
    procs = reach_with_processes(parent, "ready")
    assert not [p for p in procs if TOKEN in " ".join(p.cmdline())]
    # the same look with ps finds a token that is on a command line
    exposed = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)", TOKEN])
    try:
        deadline = time.monotonic() + 10  # right after fork the child has no command line yet
        while not psutil.Process(exposed.pid).cmdline() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert TOKEN in " ".join(psutil.Process(exposed.pid).cmdline())
    finally:
        exposed.kill()
        exposed.wait()
    parent.proc.send_signal(signal.SIGTERM)
    assert parent.wait() == 0
    assert survivors(procs) == []


def test_a_port_in_use_is_refused_before_anything_starts(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        parent = Parent(tmp_path, port=busy.getsockname()[1], train=None, load=0)
        assert parent.wait() == 2
    err = parent.err.read_text()
    assert f"Port {parent.port}" in err and "bereits belegt" in err, err
    assert not (tmp_path / "loading").exists()
