"""The knowledge base the running bot answers from follows the database (``flurfunk kb
import``) without a restart and without retraining anything: on an FAQ question, at most once
per poll interval, one primary-key read compares the stored knowledge-base version with the one
the retriever was built from; when it differs, the stored entries are loaded and a new
retriever is built in a worker thread, then swapped in atomically (``RetrieverHandle.replace``).
Questions asked meanwhile are answered by the old one. The feature classifier is never touched.

First start: when nothing was ever imported, the shipped knowledge base (``content/kb``) is
imported as ``system`` (so the demo and the tests answer as before); the retriever built from
the shipped files at start is the one for that version. On a later start the first FAQ question
waits (bounded) for the retriever built from the stored entries."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from flows.faq import store
from flows.faq.config import READY_TIMEOUT, RetrieverHandle
from flows.faq.entries import Entry
from flows.faq.retrieval import Retriever
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)
POLL_SECONDS = 15  # default of [features.faq] poll_seconds


class LiveKnowledge:
    """Keeps ``handle``'s retriever at the stored knowledge-base version."""

    def __init__(self, handle: RetrieverHandle, build: Callable[[Sequence[Entry]], Retriever],
                 shipped: Path) -> None:
        self.handle, self.build, self.shipped = handle, build, shipped
        self.version: int | None = None  # the version the retriever in use was built from
        self.checked: datetime | None = None  # when the version was last read
        self.pending: asyncio.Future[None] | None = None  # a rebuild under way
        self.rebuilds = 0

    async def refresh(self, uow: UnitOfWork, now: datetime,
                      poll_seconds: float = POLL_SECONDS) -> None:
        """Check the stored version (at most every ``poll_seconds`` of ``now``) and start a
        rebuild when it changed; never waits for the build."""
        if self.checked is not None and now - self.checked < timedelta(seconds=poll_seconds):
            return
        self.checked = now
        stored = await uow.kb.version()
        if stored is None:  # first start: the shipped content becomes the stored knowledge base
            result = await store.seed(uow, self.shipped, now)
            if result is not None and self.version is None:
                self.version = result.version  # the retriever built from content/kb is for it
            return
        if stored == self.version or (self.pending is not None and not self.pending.done()):
            return
        entries = await store.stored(uow)
        first = self.version is None
        self.pending = asyncio.get_running_loop().run_in_executor(
            None, self._rebuild, entries, stored)
        if first:  # after a start: the shipped files are not what is stored; wait for it
            await asyncio.wait({self.pending}, timeout=READY_TIMEOUT)

    def _rebuild(self, entries: Sequence[Entry], version: int) -> None:
        try:
            retriever = self.build(entries)
        except Exception:  # keep answering with the old one; the next poll tries again
            log.exception("rebuilding the FAQ retriever for version %d failed", version)
            return
        self.handle.replace(retriever)
        self.version = version
        self.rebuilds += 1
        log.info("FAQ retriever rebuilt for knowledge-base version %d (%d entries)", version,
                 len(entries))
