"""The command line in the installation's language (German unless configured otherwise).

argparse takes its own messages ("usage: ", "the following arguments are required: %s", ...)
through the module-level ``_`` and ``ngettext`` it imports from gettext
(https://docs.python.org/3/library/argparse.html, "argparse uses gettext"), and Python ships no
German catalog for them. While the parser is built and reads the command line, ``speaking(t)``
points those two names at our catalog, which holds German translations of argparse's messages
(ARGPARSE, extracted like every other text). Our own help texts are marked with N_ and are
translated when help is shown (``Parser``), through the same hook.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from flows.types import N_


class Catalog(Protocol):
    def gettext(self, message: str) -> str: ...


# argparse's messages a user can meet (Python 3.11 argparse.py), for the catalogs. Plural
# messages are translated as two singular ones: German counts like English.
ARGPARSE = (
    N_("usage: "), N_("positional arguments"), N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"), N_("expected one argument"),
    N_("expected at most one argument"), N_("expected at least one argument"),
    N_("expected %s argument"), N_("expected %s arguments"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"), N_("ignored explicit argument %r"),
    N_("one of the arguments %s is required"), N_("can't open '%(filename)s': %(error)s"),
    N_("unexpected option string: %s"),
)


def say(text: str | None) -> str | None:
    """``text`` in the language ``speaking`` set (unchanged outside it)."""
    return argparse._(text) if text else text  # type: ignore[attr-defined]


@contextmanager
def speaking(catalog: Catalog) -> Iterator[None]:
    """argparse's messages and our help texts through ``catalog`` for the duration."""

    def gettext(message: str) -> str:
        return catalog.gettext(message) if message else message

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = gettext, ngettext  # type: ignore[attr-defined]  # per call
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class Formatter(argparse.HelpFormatter):
    """Help with our texts translated (argparse's own go through its ``_``)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return say(action.help)

    def add_text(self, text: str | None) -> None:
        super().add_text(say(text))


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help is translated; its sub-parsers are Parsers too (argparse
    makes them of the parent's class)."""

    def _get_formatter(self) -> Any:
        return Formatter(prog=self.prog)
