"""Admin sub-commands contributed per feature; each module has ``register(subparsers)``."""

from __future__ import annotations

import argparse
from collections.abc import Callable

Register = Callable[[argparse._SubParsersAction], None]

from bot.commands import commitments, lunch, onboarding, outbox, privacy, rasa, survey  # noqa: E402

# Feature command modules, listed explicitly (no discovery). Add yours here.
REGISTER: list[Register] = [
    privacy.register, onboarding.register, commitments.register, rasa.register,
    survey.register,
    lunch.register,
    outbox.register,
]
