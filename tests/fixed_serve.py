"""``python -m tests.fixed_serve serve ...``: ``flurfunk serve`` with a fixed parser instead of
the trained classifier (tests only; production has no such switch). A test of the process (the
outbox, exactly once, the stop, several instances) is not about what the classifier makes of a
text, so the child never loads the model: loading it fails the start. ``FIXED_INTENTS`` (JSON,
``{"Hallo": "core_greet"}``) gives the intent each text is taken for; any other text is not
understood (the fallback), as with ``tests.chat.FixedParser``. Other wrappers of ``serve``
(tests/slack/hanging_serve.py) call ``install()`` first."""

from __future__ import annotations

import json
import os
from datetime import date
from typing import NoReturn

from bot import runtime
from flows.types import Feature
from nlu.types import FALLBACK, Parse

ENV = "FIXED_INTENTS"  # not FLURFUNK_*: no setting of the product


class MappedParser:
    """A FixedParser for another process: the intent by the whole text, from ``FIXED_INTENTS``."""

    def __init__(self, intents: dict[str, str]) -> None:
        self.intents = intents

    async def parse(self, text: str, locale: str = "de", today: date | None = None) -> Parse:
        intent = self.intents.get(text)
        return Parse(intent or FALLBACK, 1.0 if intent else 0.0, source="fixed")


def fixed_parser(settings: object, features: list[Feature]) -> MappedParser:
    return MappedParser(json.loads(os.environ.get(ENV) or "{}"))


def refuse(*args: object, **kwargs: object) -> NoReturn:
    raise SystemExit("tests.fixed_serve: the trained model was asked for; this serve has a "
                     "fixed parser (FIXED_INTENTS)")


def install() -> None:
    """In the child, before ``serve`` starts: its Runtime gets the fixed parser."""
    runtime.build_parser = fixed_parser  # type: ignore[assignment]
    runtime.embedded_model = refuse


if __name__ == "__main__":
    from bot.__main__ import main

    install()
    main()
