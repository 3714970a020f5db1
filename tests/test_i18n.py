"""Catalogs: every UI string has a German translation and the catalogs match the code."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.i18n import DOMAINS, KEYWORDS, LOCALE_DIR, ROOT, Translations, missing_catalogs


def _keywords() -> dict[str, tuple[int, ...] | None]:
    out: dict[str, tuple[int, ...] | None] = {}
    for k in KEYWORDS:
        name, _, spec = k.partition(":")
        out[name] = tuple(int(x) for x in spec.split(",")) if spec else None
    return out


def _code_msgids(paths: list[str]) -> set[str]:
    ids: set[str] = set()
    for rel in paths:
        p = ROOT / rel
        if p.is_file():
            found = extract_from_dir(p.parent, method_map=[(p.name, "python")], keywords=_keywords())
        else:
            found = extract_from_dir(p, method_map=[("**.py", "python")], keywords=_keywords())
        for _file, _line, message, _comments, _ctx in found:
            ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_every_german_message_is_translated(domain: str) -> None:
    with (LOCALE_DIR / "de" / "LC_MESSAGES" / f"{domain}.po").open("rb") as fp:
        catalog = read_po(fp, locale="de")
    untranslated = [
        m.id for m in catalog
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string))
                     or m.fuzzy)
    ]
    assert untranslated == []


@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_catalog_matches_the_code(domain: str) -> None:
    with (LOCALE_DIR / "de" / "LC_MESSAGES" / f"{domain}.po").open("rb") as fp:
        catalog = read_po(fp, locale="de")
    in_catalog = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id}
    in_code = _code_msgids(DOMAINS[domain])
    assert in_code - in_catalog == set(), "run `make extract` and translate"


def test_catalogs_are_compiled() -> None:
    assert missing_catalogs() == []


def test_german_dates_and_translation() -> None:
    t = Translations().for_locale("de_DE")
    assert t.format_date(date(2026, 9, 4)) == "Freitag, 4. September 2026"
    assert t.format_weekday(0) == "Montag"
    assert t.gettext("Source") == "Quelle"
    assert "15:30" in t.format_datetime(datetime(2026, 9, 4, 13, 30, tzinfo=UTC), "short")
    en = Translations().for_locale("en")
    assert en.format_date(date(2026, 9, 4)) == "Friday, September 4, 2026"
    assert Translations().for_locale("fr").locale == "de"


def test_locale_dir_layout() -> None:
    assert Path(LOCALE_DIR / "de" / "LC_MESSAGES").is_dir()
