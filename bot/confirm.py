"""Asking before doing: an intent that changes something for the person (sign up for lunch
roulette, leave it, note a commitment, tick off a checklist item) runs straight away only when
the classifier is sure and the message is not a question. "Was ist der Sinn vom Lunch-Roulette?"
was taken for "leave" (0.63) and unsubscribed a participant; "Lunch-Roulette, wozu gut?" signed
someone up. Otherwise the person is asked once; "Ja" runs the intent on the message, "Nein"
gives the message to the knowledge base (it was a question after all).

Features declare such intents and their question in ``Feature.confirm``. The message waits in
the conversation state (flow CONFIRM_FLOW) until the answer, or until the state expires.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flows.types import Action, Choice, Reply, Translator
from nlu.types import Parse

CONFIRM = "core:confirm"  # the action of both buttons; its value is "yes" or "no"
CONFIRM_FLOW = "core_confirm"  # marks the waiting message in the conversation state
SURE = 0.5  # below this confidence, a changing intent is confirmed first (set, not tuned: the
# misfires seen on the dev questions were 0.33-0.63, and those at 0.5-0.63 were questions)
# A question, not an instruction: a question mark, or a question word at the start.
QUESTION = re.compile(
    r"\?\s*$|^\s*(?:was|wie|wozu|warum|wieso|weshalb|wer|wen|wem|wessen|wann|bis\s+wann|wo|woher|"
    r"wohin|welche[rsmn]?|what|why|how|who|when|where|which)\b", re.IGNORECASE)


def needed(parse: Parse, text: str, meant: Callable[[str], bool] | None = None) -> bool:
    """Whether a changing intent should be confirmed before it runs: the classifier is unsure,
    the message is a question, or the intent's own test (Feature.confirm_unless) says the
    message does not mean it."""
    return (parse.confidence < SURE or QUESTION.search(text) is not None
            or (meant is not None and not meant(text)))


def offer(t: Translator, question: str) -> Reply:
    """The question (a Feature.confirm msgid) with "Ja" and "Nein"."""
    return Reply(t.gettext(question), choices=(
        Choice(t.gettext("Yes"), Action(CONFIRM, "yes"), style="primary",
               says=("ja", "yes", "gerne", "ok")),
        Choice(t.gettext("No"), Action(CONFIRM, "no"), says=("nein", "no", "nee"))))
