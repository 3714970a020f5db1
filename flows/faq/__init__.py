"""FAQ: sourced answers from the knowledge base, the polite fallback, answer feedback."""

from __future__ import annotations

import functools
from pathlib import Path

from flows.faq import config, data, handlers, jobs
from flows.types import N_, Feature

HERE = Path(__file__).parent


def make_feature(content_dir: Path) -> Feature:
    """The FAQ with the knowledge base (and synonyms) in ``content_dir``."""
    resources = config.load(content_dir)
    return Feature(
        name="faq",
        # no intent per entry: what the classifier leaves (nlu_fallback) is decided by retrieval
        intents={"nlu_fallback": handlers.fallback},
        actions={"faq:feedback": handlers.feedback, "faq:show": handlers.show,
                 "faq:adopt": handlers.adopt, "faq:language": handlers.language},
        jobs=jobs.JOBS,
        training_data=(HERE / "nlu.yml",),  # out_of_scope examples only: no intent per entry
        help=N_("Questions about mobile work, your first days, IT, training and the staff council"),
        personal_data=data.PERSONAL_DATA,
        config_type=config.FaqConfig,
        resources=resources,
        warm_up=resources.warm_up,  # built in a thread when the runtime starts
        ready=resources.retriever.ready,
        # an unsure feature intent yields to a clear answer
        reconsider=functools.partial(handlers.clear_answer, resources),
    )
