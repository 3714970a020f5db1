"""Rasa figures: cached setup, training, server start, and the side-by-side held-out table.
Run: .venv/bin/python -m benchmarks.rasa (Rasa's venv must exist: flurfunk rasa setup)."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bot import rasa_manager, rasa_process
from bot.config import Settings
from bot.evaluate import compare, comparison_table
from bot.i18n import Translations
from flows import all_features

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(var_dir=tmp, content_dir=str(ROOT / "content"))
        settings.nlu.model_path = str(Path(tmp) / "embedded.pkl")
        t0 = time.perf_counter()
        rasa_manager.setup(settings)
        setup_s = time.perf_counter() - t0
        features = all_features(ROOT / "content")
        t0 = time.perf_counter()
        model, _ = rasa_manager.train(settings, features)
        train_s = time.perf_counter() - t0
        proc = rasa_manager.start_server(settings, model, 5099)
        try:
            ready_s = rasa_manager.wait_ready(settings, "http://127.0.0.1:5099",
                                              rasa_manager.token(settings), proc)
        finally:
            rasa_process.stop_group(proc)
        figures = asyncio.run(compare(settings, ROOT / "tests" / "data", ["embedded", "rasa"]))
    print(f"setup (cached venv): {setup_s:.1f} s; train: {train_s:.1f} s; server ready: {ready_s:.1f} s")
    print(comparison_table(figures, Translations(default="en").for_locale("en")))  # RESULTS.md


if __name__ == "__main__":
    main()
