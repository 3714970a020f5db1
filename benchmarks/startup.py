"""Start time of ``flurfunk say`` and of ``flurfunk tick`` with nothing due: CPU seconds (user +
system) of the whole process, measured against ``python -c pass`` in the same run.

Run: .venv/bin/python -m benchmarks.startup [--runs 10] [--check] [--no-bytecode]
(``--check`` exits 1 when a median is above its target; CPU time, not wall time, is the figure
that holds on a shared machine: other processes stretch the wall clock, not a process's CPU.)

The children run as an installed program does: with compiled bytecode (cached in the temporary
directory, written by the preparation runs). ``--no-bytecode`` measures them compiling every
module of the project from source on each start (``PYTHONDONTWRITEBYTECODE`` without a cache).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-03-04T03:00"  # a Wednesday night: the first tick runs what was due, later ones nothing
TARGETS = {"say": 0.8, "tick (nothing due)": 1.0}  # CPU seconds (issue 15, target 9)


def flurfunk() -> list[str]:
    script = Path(sys.executable).with_name("flurfunk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def prepare(tmp: Path, bytecode: bool = True) -> dict[str, str]:
    """A fresh SQLite installation with the demo directory and a trained model; with
    ``bytecode``, the children's compiled modules are cached in ``tmp`` (by the runs here)."""
    env = {**os.environ, "FLURFUNK_DATABASE_URL": f"sqlite+aiosqlite:///{tmp / 'bench.db'}",
           "FLURFUNK_VAR_DIR": str(tmp), "FLURFUNK_NLU__MODEL_PATH": str(tmp / "model.pkl")}
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    for args in (["db", "upgrade"], ["--as", "sarah.miller", "people", "import",
                                     "content/demo/people.yml"],
                 ["nlu", "train"], ["tick", "--now", NOW],
                 ["say", "--user", "anna.berger", "Hallo"]):
        subprocess.run([*flurfunk(), *args], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    return env


def measure(runs: int, bytecode: bool = True) -> dict[str, list[tuple[float, float]]]:
    with tempfile.TemporaryDirectory() as d:
        env = prepare(Path(d), bytecode)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "say": [*flurfunk(), "say", "--user", "anna.berger", "Hallo"],
            "tick (nothing due)": [*flurfunk(), "tick", "--now", NOW],
        }
        out: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(runs):  # interleaved, so load from elsewhere hits every command alike
            for name, cmd in commands.items():
                out[name].append(run(cmd, env))
        return out


def table(figures: dict[str, list[tuple[float, float]]], bytecode: bool = True) -> str:
    base = statistics.median(cpu for cpu, _ in figures["python -c pass"])
    rows = ["| command | runs | CPU p50 | CPU max | wall p50 | CPU above `python -c pass` | target |",
            "|---|---|---|---|---|---|---|"]
    for name, values in figures.items():
        cpu = statistics.median(c for c, _ in values)
        target = f"<= {TARGETS[name]:.1f} s" if name in TARGETS else ""
        rows.append(f"| {name} | {len(values)} | {cpu:.2f} s | {max(c for c, _ in values):.2f} s | "
                    f"{statistics.median(w for _, w in values):.2f} s | {cpu - base:.2f} s | {target} |")
    load = os.getloadavg()
    rows.append(f"\nload average during the run: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
                f"on {os.cpu_count()} cores; "
                + ("compiled bytecode cached" if bytecode else "no bytecode (compiled on each start)"))
    return "\n".join(rows)


def over_target(figures: dict[str, list[tuple[float, float]]]) -> list[str]:
    return [name for name, target in TARGETS.items()
            if statistics.median(c for c, _ in figures[name]) > target]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--check", action="store_true", help="exit 1 when a median misses its target")
    p.add_argument("--no-bytecode", action="store_true",
                   help="compile the project's modules on every start (no .pyc cache)")
    args = p.parse_args()
    figures = measure(args.runs, not args.no_bytecode)
    print(table(figures, not args.no_bytecode))
    missed = over_target(figures)
    if missed:
        print("above target:", ", ".join(missed))
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
