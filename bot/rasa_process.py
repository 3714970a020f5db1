"""Rasa's processes: each child in a process group of its own, stopped as a whole, never orphaned.

A child runs in a new session (so a Ctrl-C in the terminal reaches only flurfunk, which stops the
child on purpose), its output goes to a log file under the data directory, and a secret reaches
it on stdin. ``stop_group`` ends the whole group: SIGTERM, a grace period, then SIGKILL, and once
more after the child itself has gone, for anything it left behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Child:
    """A command to run as its own process group: argv, working directory, environment, log."""

    argv: list[str]
    cwd: Path
    log: Path
    env: dict[str, str] = field(default_factory=dict)
    stdin: str | None = None  # written to the child's stdin, then closed (the token)


def spawn(child: Child) -> subprocess.Popen[bytes]:
    """Start ``child`` in a new session; call from the thread that lives as long as the child
    should (Linux's parent-death signal, set by the launcher, follows the spawning thread)."""
    child.log.parent.mkdir(parents=True, exist_ok=True)
    with child.log.open("ab") as log:  # the child keeps its own descriptor
        proc = subprocess.Popen(
            child.argv, cwd=child.cwd, env=child.env or None, stdout=log, stderr=log,
            stdin=subprocess.PIPE if child.stdin is not None else subprocess.DEVNULL,
            start_new_session=True,
        )
    if child.stdin is not None and proc.stdin is not None:
        try:
            proc.stdin.write(child.stdin.encode() + b"\n")
            proc.stdin.flush()
        except BrokenPipeError:  # the child died at once; its exit code tells why
            pass
        finally:
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass
    return proc


def _killpg(pgid: int, sig: int) -> bool:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def stop_group(proc: subprocess.Popen[bytes], grace: float = 10.0) -> int:
    """Stop the child's whole process group; returns the child's exit code (negative: signal)."""
    pgid = proc.pid  # start_new_session: the child leads its own group
    if proc.poll() is None:
        _killpg(pgid, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            _killpg(pgid, signal.SIGKILL)
            proc.wait()
    _killpg(pgid, signal.SIGKILL)  # whatever the child started and left behind
    return int(proc.returncode)


def run(child: Child) -> int:
    """Run ``child`` to its end; on any interruption (Ctrl-C, an error) its group is stopped."""
    proc = spawn(child)
    try:
        proc.wait()
    finally:
        stop_group(proc)
    return int(proc.returncode)


def launcher_script() -> Path:
    return Path(__file__).with_name("rasa_launcher.py")


def exit_text(code: int) -> str:
    """``exit code 1`` or ``signal SIGKILL`` (Popen reports a signal as a negative code)."""
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    import socket

    with socket.socket() as s:
        try:
            s.bind((host, port))
        except OSError:
            return True
    return False


def tail(path: Path, lines: int = 5) -> str:
    """The last lines of a log file, for an error message (empty when there is none)."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
