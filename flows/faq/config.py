"""What the FAQ is given at start: the knowledge base and, with synonyms, its retriever (it has
no [features.faq] settings)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flows.faq.kb import KnowledgeBase
from flows.faq.retrieval import Retriever, from_content

HERE = Path(__file__).parent


@dataclass(frozen=True)
class FaqResources:
    kb: KnowledgeBase
    # decides every FAQ question and fallback; None: the classifier's intent alone
    retriever: Callable[[], Retriever] | None = None


def load(content_dir: Path) -> FaqResources:
    """The knowledge base in ``content_dir/kb``; questions are decided by retrieval, whose
    model is built on the first question (loading takes a few seconds)."""
    kb = KnowledgeBase.load(content_dir / "kb")

    @functools.cache
    def retriever() -> Retriever:
        return from_content(kb, content_dir, HERE / "nlu.yml")

    return FaqResources(kb, retriever)
