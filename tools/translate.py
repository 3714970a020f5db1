"""Fill German translations into a domain's .po file from a Python dict file (developer tool).

Usage: python tools/translate.py DOMAIN tools/de_DOMAIN.py
The dict file defines DE = {"English msgid": "Deutsche Übersetzung", ...}; plural entries map
the singular msgid to a tuple (singular, plural).
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def main(domain: str, table: str) -> None:
    de = runpy.run_path(table)["DE"]
    po_path = ROOT / "locale" / "de" / "LC_MESSAGES" / f"{domain}.po"
    with po_path.open("rb") as fp:
        catalog = read_po(fp, locale="de", domain=domain)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in de:
            message.string = de[key]
            message.flags.discard("fuzzy")
        elif not (message.string if isinstance(message.string, str) else all(message.string)):
            missing.append(key)
    catalog.fuzzy = False  # a freshly initialised catalog is marked fuzzy and would not compile
    with po_path.open("wb") as fp:
        write_po(fp, catalog, no_location=True, sort_output=True)
    for key in missing:
        print(f"untranslated: {key!r}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
