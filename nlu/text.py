"""Text normalisation shared by the classifier and the unanswered-question log."""

from __future__ import annotations

import re
import unicodedata

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_WORD = re.compile(r"[^\w%]+")
MAX_CHARS = 2000


def clean(text: str) -> str:
    """Drop control characters and invalid code points, collapse whitespace, cap the length."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(
        ch if (ch.isprintable() or ch in " ") and not 0xD800 <= ord(ch) <= 0xDFFF else " "
        for ch in text
    )
    return " ".join(text.split())[:MAX_CHARS]


def normalize(text: str) -> str:
    """Lower-case, fold umlauts (``Urlaub``/``urlaub``, ``für``/``fuer``), strip punctuation."""
    text = clean(text).lower().translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", text).split())
