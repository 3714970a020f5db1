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


# Help for the options many commands share, where a command gives none of its own.
SHARED_HELP = {
    "--json": N_("print JSON instead of text (for scripts)"),
    "--user": N_("the person's id, as in the people directory"),
    "--locale": N_("the document's language (de or en)"),
    "--verbose": N_("log more (level DEBUG)"),
    "--limit": N_("show at most this many (default %(default)s)"),
}


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help is translated; its sub-parsers are Parsers too (argparse
    makes them of the parent's class). Shared options get SHARED_HELP unless they bring their
    own, and a missing sub-command is named by its choices ("{import,check,list}"), not by the
    internal name argparse would use ("kb_command")."""

    def _get_formatter(self) -> Any:
        return Formatter(prog=self.prog)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        if action.help is None:
            action.help = next((SHARED_HELP[o] for o in action.option_strings
                                if o in SHARED_HELP), None)
        return action

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction) and action.metavar is None:
                action.metavar = "{" + ",".join(action.choices) + "}"
        return super().parse_known_args(args, namespace)
