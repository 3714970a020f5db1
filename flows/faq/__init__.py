"""FAQ: sourced answers from the knowledge base, the polite fallback, answer feedback."""

from __future__ import annotations

from pathlib import Path

from flows.faq.handlers import make_handlers
from flows.faq.kb import KnowledgeBase
from flows.types import N_, Feature

HERE = Path(__file__).parent


def make_feature(kb: KnowledgeBase) -> Feature:
    answer, fallback, feedback, show = make_handlers(kb)
    return Feature(
        name="faq",
        intents={**{intent: answer for intent in kb.intents()}, "nlu_fallback": fallback},
        actions={"faq:feedback": feedback, "faq:show": show},
        training_data=(HERE / "nlu.yml",),
        help=N_("Questions about mobile work, your first days, IT, training and the staff council"),
    )
