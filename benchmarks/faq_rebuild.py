"""How much a rebuild of the FAQ retriever (after a knowledge-base import, ``flows.faq.live``)
delays the event loop it is started from: the rebuild runs in a worker thread, as the bot runs
it, while a probe on the loop sleeps 1 ms again and again; first one second without a rebuild.
Run: .venv/bin/python -m benchmarks.faq_rebuild [ROUNDS]  (prints wall/CPU seconds per build,
the loop's lag p50/p99/max and how often the probe woke)."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from flows.faq.kb import KnowledgeBase
from flows.faq.retrieval import Retriever

ROOT = Path(__file__).resolve().parent.parent


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


async def probe(lags: list[float], done: asyncio.Event) -> None:
    """Sleep 1 ms until ``done``; each wake-up's delay beyond that (ms) into ``lags``."""
    while not done.is_set():
        t0 = time.perf_counter()
        await asyncio.sleep(0.001)
        lags.append((time.perf_counter() - t0 - 0.001) * 1000)


async def main(rounds: int) -> None:
    kb = KnowledgeBase.load(ROOT / "content/kb")
    synonyms = ROOT / "content/synonyms.yml"
    started = time.process_time()
    Retriever.build(kb.entries, synonyms)  # the first build also loads the language detector
    print(f"first build: {time.process_time() - started:.2f} s CPU (at start, before serving)")
    loop = asyncio.get_running_loop()
    for run in range(rounds + 1):
        lags: list[float] = []
        done = asyncio.Event()
        task = asyncio.create_task(probe(lags, done))
        await asyncio.sleep(0.2)
        lags.clear()
        t0, c0 = time.perf_counter(), time.process_time()
        if run == 0:
            await asyncio.sleep(1.0)
        else:
            await loop.run_in_executor(None, Retriever.build, kb.entries, synonyms)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        done.set()
        await task
        print(f"{'no rebuild' if run == 0 else 'rebuild'}: {wall:.2f} s wall, {cpu:.2f} s CPU; "
              f"loop lag p50 / p99 / max {pct(lags, 50):.1f} / {pct(lags, 99):.1f} / "
              f"{max(lags):.1f} ms, {len(lags) / wall:.0f} wake-ups/s", flush=True)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
