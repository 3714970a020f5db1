"""FAQ: sourced answers from the knowledge base, the polite fallback, answer feedback."""

from __future__ import annotations

import functools
from pathlib import Path

from flows.faq.handlers import make_handlers
from flows.faq.kb import KnowledgeBase
from flows.faq.retrieval import Retriever, from_content
from flows.types import N_, Feature

HERE = Path(__file__).parent


def make_feature(kb: KnowledgeBase, content_dir: Path | None = None) -> Feature:
    """The FAQ; with ``content_dir`` (synonyms), questions are decided by retrieval."""
    retriever = None
    if content_dir is not None:
        folder = content_dir

        @functools.cache
        def retriever() -> Retriever:  # built on first question: loading takes a few seconds
            return from_content(kb, folder, HERE / "nlu.yml")

    answer, fallback, feedback, show = make_handlers(kb, retriever)
    return Feature(
        name="faq",
        intents={**{intent: answer for intent in kb.intents()}, "nlu_fallback": fallback},
        actions={"faq:feedback": feedback, "faq:show": show},
        training_data=(HERE / "nlu.yml",),
        help=N_("Questions about mobile work, your first days, IT, training and the staff council"),
    )
