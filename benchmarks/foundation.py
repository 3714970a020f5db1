"""Foundation benchmark: embedded parse latency, in-process dispatch latency on SQLite, and the
start-to-exit time of ``flurfunk say``. Run: .venv/bin/python -m benchmarks.foundation"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.config import Settings
from bot.runtime import Runtime
from flows.types import Incoming
from nlu import training_data

ROOT = Path(__file__).resolve().parent.parent


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


async def measure(tmp: Path) -> dict[str, float]:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp / 'bench.db'}", var_dir=str(tmp))
    settings.nlu.model_path = str(tmp / "model.pkl")
    async with Runtime(settings) as rt:
        texts = [e.text for e in training_data.load(sorted((ROOT / "tests/data").glob("nlu_heldout*.yml"))).examples]
        parse_ms: list[float] = []
        for _ in range(5):
            for text in texts:
                t0 = time.perf_counter()
                await rt.parser.parse(text, "de")
                parse_ms.append((time.perf_counter() - t0) * 1000)
        dispatch_ms: list[float] = []
        for i, text in enumerate(texts * 2):
            t0 = time.perf_counter()
            await rt.dispatcher.handle(Incoming(f"user{i % 50}", text), datetime.now(UTC))
            dispatch_ms.append((time.perf_counter() - t0) * 1000)
    start_s = await asyncio.to_thread(time_say, settings)
    return {
        "parses": len(parse_ms), "parse_p50": pct(parse_ms, 50), "parse_p99": pct(parse_ms, 99),
        "dispatches": len(dispatch_ms), "dispatch_p50": pct(dispatch_ms, 50),
        "dispatch_p99": pct(dispatch_ms, 99), "start_median": statistics.median(start_s),
        "start_max": max(start_s),
    }


def time_say(settings: Settings, runs: int = 10) -> list[float]:
    """Wall time of ``flurfunk say`` from process start to exit, ``runs`` times."""
    env = {**os.environ, "FLURFUNK_DATABASE_URL": settings.db_url,
           "FLURFUNK_NLU__MODEL_PATH": settings.nlu.model_path}
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([str(ROOT / ".venv/bin/flurfunk"), "say", "--user", "bench", "Wie viel darf ich mobil arbeiten?"],
                       env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        r = asyncio.run(measure(Path(tmp)))
    print(f"embedded parse   n={r['parses']}: p50 {r['parse_p50']:.2f} ms, p99 {r['parse_p99']:.2f} ms (target <= 5 ms)")
    print(f"say dispatch     n={r['dispatches']}: p50 {r['dispatch_p50']:.2f} ms, p99 {r['dispatch_p99']:.2f} ms (target <= 20 ms)")
    print(f"flurfunk say     n=10: median {r['start_median']:.2f} s, max {r['start_max']:.2f} s (target <= 1.5 s)")
    print(f"python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
