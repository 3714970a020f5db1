"""What the FAQ is given at start: the knowledge base and a handle on its retriever, which is
built in a worker thread when the runtime starts answering messages (it has no [features.faq]
settings)."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from flows.faq.kb import KnowledgeBase
from flows.faq.retrieval import Retriever, load_synonyms

log = logging.getLogger(__name__)
READY_TIMEOUT = 60.0  # seconds a question waits for the retriever still being built


class RetrieverHandle:
    """The retriever, built once in a daemon thread (``start``); ``ready`` waits for it without
    blocking the event loop. ``replace`` swaps in a newer one (a reloaded knowledge base)."""

    def __init__(self, build: Callable[[], Retriever]) -> None:
        self._build = build
        self._future: Future[Retriever] = Future()
        self._lock = threading.Lock()
        self._started = False

    def start(self) -> None:
        """Begin building in the background (once; later calls do nothing)."""
        with self._lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._run, name="faq-retriever", daemon=True).start()

    def _run(self) -> None:
        try:
            retriever = self._build()
        except BaseException as exc:  # handed to whoever waits for it, and logged here
            log.exception("building the FAQ retriever failed")
            self._future.set_exception(exc)
        else:
            if not self._future.done():
                self._future.set_result(retriever)

    @property
    def started(self) -> bool:
        return self._started

    def done(self) -> bool:
        return self._future.done()

    def get(self, timeout: float | None = READY_TIMEOUT) -> Retriever:
        """The retriever (blocking, at most ``timeout`` seconds; starts building if needed)."""
        self.start()
        return self._future.result(timeout)

    async def ready(self, wait: float = READY_TIMEOUT) -> Retriever | None:
        """The retriever, waited for at most ``wait`` seconds; None if it is not ready then."""
        self.start()
        if not self._future.done():
            waiting = asyncio.wrap_future(self._future)
            await asyncio.wait({waiting}, timeout=wait)  # no cancel: the build goes on
            if not waiting.done():
                return None
        return self._future.result()

    def replace(self, retriever: Retriever) -> None:
        """Use ``retriever`` from now on (e.g. built from newly imported entries)."""
        with self._lock:
            self._started = True
            if self._future.done():
                fresh: Future[Retriever] = Future()
                fresh.set_result(retriever)
                self._future = fresh
            else:
                self._future.set_result(retriever)


@dataclass(frozen=True)
class FaqResources:
    kb: KnowledgeBase
    retriever: RetrieverHandle  # decides every question that reaches the FAQ


def load(content_dir: Path) -> FaqResources:
    """The knowledge base in ``content_dir/kb`` and the synonyms (both checked now, so broken
    content stops the start); the retriever is built later, by ``RetrieverHandle.start``."""
    kb = KnowledgeBase.load(content_dir / "kb")
    synonyms = content_dir / "synonyms.yml"
    load_synonyms(synonyms)
    return FaqResources(kb, RetrieverHandle(lambda: Retriever.build(kb.entries, synonyms)))
