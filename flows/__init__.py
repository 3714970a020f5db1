"""Messenger-neutral features. The list below is the whole feature set: no plugin discovery."""

from __future__ import annotations

from pathlib import Path

from flows import commitments, core, faq, lunch, onboarding, privacy, survey
from flows.faq.kb import KnowledgeBase
from flows.types import Feature


def all_features(content_dir: Path) -> list[Feature]:
    """Every feature, in routing order; content (knowledge base, journeys) read from disk."""
    kb = KnowledgeBase.load(content_dir / "kb")
    features: list[Feature] = [
        faq.make_feature(kb, content_dir),
        onboarding.make_feature(content_dir / "onboarding"),
        commitments.make_feature(),
        survey.make_feature(),
        lunch.make_feature(content_dir / "lunch"),
    ]
    features.append(privacy.make_feature([d for f in features for d in f.personal_data]))
    help_lines = [f.help for f in features if f.help]
    return [core.make_feature(help_lines), *features]
