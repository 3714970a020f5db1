"""What the FAQ is given at start: the knowledge base and a handle on its retriever, which is
built in a worker thread when the runtime starts answering messages and kept at the stored
knowledge base (``flows.faq.live``); the [features.faq] settings (``FaqConfig``)."""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from flows.calendar import WorkCalendar
from flows.faq.kb import KnowledgeBase
from flows.faq.retrieval import SEMANTIC_DEFAULT, SEMANTIC_MODES, Retriever, load_synonyms
from flows.settings import Invalid, between
from flows.types import N_

if TYPE_CHECKING:
    from flows.faq.live import LiveKnowledge

log = logging.getLogger(__name__)
READY_TIMEOUT = 60.0  # seconds a question waits for the retriever still being built


class RetrieverHandle:
    """The retriever, built once in a daemon thread (``start``); ``ready`` waits for it without
    blocking the event loop. ``replace`` swaps in a newer one (a reloaded knowledge base)."""

    def __init__(self, build: Callable[[str], Retriever]) -> None:
        self._build = build  # [features.faq] semantic ("check", "answer", "off") -> retriever
        self._future: Future[Retriever] = Future()
        self._lock = threading.Lock()
        self._started = False
        self.semantic = SEMANTIC_DEFAULT  # [features.faq] semantic, as given to start

    def start(self, semantic: str = SEMANTIC_DEFAULT) -> None:
        """Begin building in the background (once; later calls do nothing)."""
        with self._lock:
            if self._started:
                return
            self._started = True
            self.semantic = semantic
        threading.Thread(target=self._run, name="faq-retriever", daemon=True).start()

    def _run(self) -> None:
        try:
            retriever = self._build(self.semantic)
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

    def current(self) -> Retriever | None:
        """The retriever if it is built, else None (never waits)."""
        if self._future.done() and self._future.exception() is None:
            return self._future.result()
        return None

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
    kb: KnowledgeBase  # the shipped entries (content/kb); what is answered is ``retriever``'s
    retriever: RetrieverHandle  # decides every question that reaches the FAQ
    live: LiveKnowledge | None = None  # keeps ``retriever`` at the stored knowledge base

    def warm_up(self, config: FaqConfig | None) -> None:
        """Start building the retriever, with sentence embeddings unless the config says no."""
        self.retriever.start(config.semantic if config is not None else SEMANTIC_DEFAULT)


_BUILDS: dict[tuple[object, ...], Future[Retriever]] = {}  # one build per content, per process
_HANDLES_LOCK = threading.Lock()


def _stamp(paths: list[Path]) -> tuple[object, ...]:
    return tuple((str(p.resolve()), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)


def load(content_dir: Path) -> FaqResources:
    """The knowledge base in ``content_dir/kb`` and the synonyms (both checked now, so broken
    content stops the start); the retriever is built later, by ``RetrieverHandle.start``. Runtimes
    started in one process over unchanged content share one build (``_build_once``)."""
    kb = KnowledgeBase.load(content_dir / "kb")
    synonyms = content_dir / "synonyms.yml"
    load_synonyms(synonyms)
    from flows.faq.live import LiveKnowledge  # it uses RetrieverHandle from here

    key = _stamp([*sorted((content_dir / "kb").glob("*.yml")), synonyms])

    def shipped(semantic: str) -> Retriever:
        return _build_once((*key, semantic), functools.partial(
            Retriever.build, kb.entries, synonyms, semantic=semantic))

    handle = RetrieverHandle(shipped)
    live = LiveKnowledge(handle, lambda entries: Retriever.build(entries, synonyms,
                                                                 semantic=handle.semantic),
                         content_dir / "kb")
    return FaqResources(kb, handle, live)


def _build_once(key: tuple[object, ...], build: Callable[[], Retriever]) -> Retriever:
    """The retriever over the shipped content, built once per process and content: runtimes
    started one after another (tests, ``chat`` after ``say``) share it; each keeps its own handle,
    so a reload in one never reaches another."""
    with _HANDLES_LOCK:
        future = _BUILDS.get(key)
        mine = future is None
        if future is None:
            future = _BUILDS[key] = Future()
    if mine:
        try:
            future.set_result(build())
        except BaseException as exc:
            with _HANDLES_LOCK:
                _BUILDS.pop(key, None)
            future.set_exception(exc)
    return future.result()


_PERSON_ID = re.compile(r"^[\w.@+-]{1,64}$")  # as the directory import


@dataclass(frozen=True)
class FaqConfig:
    """[features.faq]: how often the running bot looks for a new knowledge-base version, when an
    entry is due for review, and who receives an owner's digest::

        [features.faq]
        owners = {"IT-Service" = "max.muster", "Personalamt" = "hr.team"}

    ``owners`` maps the ``owner`` an entry names (an office, as content owners write it) to the
    directory's person id that receives its weekly digest; an owner that is itself a person id
    in the directory needs no line. An owner whose contact is not in the directory gets no
    digest (logged)."""

    poll_seconds: int = between(15, 0, 30)
    # sentence embeddings (nlu/semantic.py) beside the lexical rankers, for ~10-70 ms more CPU
    # per question: "check" (one fused ranking answers only what is also close in the
    # embeddings; better suggestions), "answer" (also what the lexical rankers alone are sure of:
    # more right answers, more wrong ones), "off" (flows/faq/retrieval.py, RESULTS.md session 29)
    semantic: str = SEMANTIC_DEFAULT
    review_days: int = between(365, 1, 3650)
    owners: dict[str, str] = field(default_factory=dict)
    # the person who hears of questions no entry comes close to ("new entry needed"); "": nobody
    new_entries: str = ""
    calendar: WorkCalendar = field(default_factory=WorkCalendar)

    def __post_init__(self) -> None:
        if self.semantic not in SEMANTIC_MODES:
            raise Invalid("semantic", N_("expected check, answer or off, got {value}"),
                          value=ascii(self.semantic)[:80])
        for owner, person in self.owners.items():
            if not owner.strip():
                raise Invalid("owners", N_("an empty owner name"))
            if not _PERSON_ID.match(person):
                raise Invalid("owners", N_("{owner}: not a person id: {value} (letters, digits "
                                           "and . _ - @ + only, at most 64)"),
                              owner=owner, value=ascii(person)[:80])
        if self.new_entries and not _PERSON_ID.match(self.new_entries):
            raise Invalid("new_entries", N_("not a person id: {value} (letters, digits and "
                                            ". _ - @ + only, at most 64)"),
                          value=ascii(self.new_entries)[:80])

    def contact(self, owner: str) -> str:
        """The person id for an entry's ``owner``."""
        return self.owners.get(owner, owner)
