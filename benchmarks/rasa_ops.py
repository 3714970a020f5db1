"""Operator figures, embedded model and Rasa side by side in one run: training time, time to ready
(process start until the first parse is answered) and peak memory (the whole process tree,
sampled every 0.1 s), each engine in fresh processes as an operator runs it; Rasa trains cold.
Run: .venv/bin/python -m benchmarks.rasa_ops [REPEATS] (Rasa's venv must exist: flurfunk rasa setup).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import psutil

from bot import rasa_manager, rasa_process
from bot.config import Settings
from bot.rasa_process import Child
from flows import all_features

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "Wie viel darf ich mobil arbeiten?"

EMBEDDED_TRAIN = """
import sys
from bot.config import Settings
from bot.runtime import embedded_model
from flows import all_features
s = Settings(content_dir=sys.argv[1]); s.nlu.model_path = sys.argv[2]
embedded_model(s, all_features(s.path(s.content_dir)))
"""
# what starting a Runtime does for NLU: load (fingerprint-checked), then the first parse
EMBEDDED_READY = EMBEDDED_TRAIN + """
model, trained = embedded_model(s, all_features(s.path(s.content_dir)))
assert not trained
model.classify(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()
"""


class PeakRss:
    """The highest resident memory of a process and all its descendants while it runs."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs))
            except psutil.Error:
                pass
            self._stop.wait(0.1)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak / 2**20


def timed(start: Callable[[], subprocess.Popen[bytes]], done: Callable[[subprocess.Popen[bytes]], object]
          ) -> tuple[float, float, subprocess.Popen[bytes]]:
    """(seconds from spawn until ``done`` returns, peak MB meanwhile, the process)."""
    t0 = time.perf_counter()
    proc = start()
    rss = PeakRss(proc.pid)
    try:
        done(proc)
    finally:
        peak = rss.stop()
    return time.perf_counter() - t0, peak, proc


def embedded(tmp: Path, repeats: int) -> dict[str, list[float]]:
    model = tmp / "embedded.pkl"
    figures: dict[str, list[float]] = {"train": [], "train_mb": [], "ready": [], "ready_mb": []}
    for _ in range(repeats):
        model.unlink(missing_ok=True)
        s, mb, _ = timed(lambda: subprocess.Popen([sys.executable, "-c", EMBEDDED_TRAIN,
                                                   str(ROOT / "content"), str(model)]),
                         lambda p: p.wait())
        figures["train"].append(s)
        figures["train_mb"].append(mb)

    def ready(p: subprocess.Popen[bytes]) -> None:
        assert p.stdout is not None and p.stdout.readline().strip() == b"ready"

    for _ in range(repeats):
        s, mb, proc = timed(lambda: subprocess.Popen(
            [sys.executable, "-c", EMBEDDED_READY, str(ROOT / "content"), str(model), QUESTION],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE), ready)
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait()
        figures["ready"].append(s)
        figures["ready_mb"].append(mb)
    return figures


def rasa(tmp: Path, repeats: int) -> dict[str, list[float]]:
    settings = Settings(var_dir=str(tmp / "var"), content_dir=str(ROOT / "content"))
    rasa_manager.setup(settings)
    features = all_features(ROOT / "content")
    figures: dict[str, list[float]] = {"train": [], "train_mb": [], "ready": [], "ready_mb": []}
    model = Path()
    for _ in range(repeats):
        for old in (tmp / "var" / "rasa" / "models").glob("*.tar.gz"):
            old.unlink()
        # cold: Rasa caches trained components under the project's .rasa/cache (a retrain with
        # nothing changed took 24 s instead of 2-3 min); after a content change they retrain
        shutil.rmtree(tmp / "var" / "rasa" / "project" / ".rasa", ignore_errors=True)
        step, model = rasa_manager.train_step(settings, features)
        assert step is not None
        s, mb, proc = timed(lambda: rasa_process.spawn(step), lambda p: p.wait())  # noqa: B023
        assert proc.returncode == 0 and model.exists(), rasa_process.tail(step.log)
        figures["train"].append(s)
        figures["train_mb"].append(mb)
    api_token = rasa_manager.token(settings)
    for _ in range(repeats):
        port = free_port()
        server: Child = rasa_manager.server_step(settings, model, port, api_token)

        def ready(p: subprocess.Popen[bytes], port: int = port, server: Child = server) -> None:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", trust_env=False, timeout=5) as c:
                while p.poll() is None:
                    try:
                        r = c.post("/model/parse", params={"token": api_token}, json={"text": QUESTION})
                        if r.status_code == 200:
                            return
                    except httpx.HTTPError:
                        pass
                    time.sleep(0.1)
            raise RuntimeError(rasa_process.tail(server.log))

        s, mb, proc = timed(lambda: rasa_process.spawn(server), ready)  # noqa: B023
        rasa_process.stop_group(proc)
        figures["ready"].append(s)
        figures["ready_mb"].append(mb)
    return figures


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cell(values: list[float], unit: str) -> str:
    if len(values) == 1:
        return f"{values[0]:.1f} {unit}"
    return f"{statistics.median(values):.1f} {unit} ({min(values):.1f}-{max(values):.1f})"


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        results = {"embedded": embedded(Path(tmp), repeats), "rasa": rasa(Path(tmp), repeats)}
    print(f"{repeats} runs each, median (min-max); load average at start {load:.1f}, "
          f"at end {os.getloadavg()[0]:.1f}; {os.cpu_count()} CPUs\n")
    print("| engine | training | peak memory, training | time to ready (start to first parse) "
          "| peak memory, serving |")
    print("|---|---|---|---|---|")
    for name, f in results.items():
        print(f"| {name} | {cell(f['train'], 's')} | {cell(f['train_mb'], 'MB')} | "
              f"{cell(f['ready'], 's')} | {cell(f['ready_mb'], 'MB')} |")


if __name__ == "__main__":
    main()
