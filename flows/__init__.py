"""Messenger-neutral features. The list below is the whole feature set: no plugin discovery."""

from __future__ import annotations

from pathlib import Path

from flows import commitments, core, faq, lunch, onboarding, privacy, survey
from flows.types import Feature


def all_features(content_dir: Path) -> list[Feature]:
    """Every feature, in routing order (and the order of the Home tab's sections); content
    (knowledge base, journeys, icebreakers) read from ``content_dir``. A new feature is one more
    line here; "Hilfe" (core) and "Meine Daten" (privacy) take in every other feature."""
    features: list[Feature] = [
        faq.make_feature(content_dir),
        onboarding.make_feature(content_dir),
        commitments.make_feature(content_dir),
        survey.make_feature(content_dir),
        lunch.make_feature(content_dir),
    ]
    features.append(privacy.make_feature(features))
    return [core.make_feature(features), *features]
