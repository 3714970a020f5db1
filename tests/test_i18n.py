"""Catalogs: the .po files are the one source of translations, complete and in step with the code."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.i18n import (
    DOMAIN,
    KEYWORDS,
    LOCALE_DIR,
    LOCALES,
    ROOT,
    SOURCES,
    Translations,
    extract,
    missing_catalogs,
)

FIELD = re.compile(r"\{(\w*)[^{}]*\}|%\((\w+)\)[a-z]")


def _keywords() -> dict[str, tuple[int, ...] | None]:
    out: dict[str, tuple[int, ...] | None] = {}
    for k in KEYWORDS:
        name, _, spec = k.partition(":")
        out[name] = tuple(int(x) for x in spec.split(",")) if spec else None
    return out


def _code_msgids() -> set[str]:
    ids: set[str] = set()
    for rel in SOURCES:
        path = ROOT / rel
        directory, pattern = (path.parent, path.name) if path.is_file() else (path, "**.py")
        found = extract_from_dir(directory, method_map=[(pattern, "python")], keywords=_keywords())
        for _file, _line, message, _comments, _ctx in found:
            ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


def _catalog(locale: str, locale_dir: Path = LOCALE_DIR) -> list[Message]:
    with (locale_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as fp:
        return [m for m in read_po(fp, locale=locale) if m.id]


def _key(m: Message) -> str:
    return m.id[0] if isinstance(m.id, tuple) else m.id


def _untranslated(messages: list[Message]) -> list[str]:
    return [_key(m) for m in messages
            if not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy]


def _fields(text: str) -> set[str]:
    return {a or b for a, b in FIELD.findall(text)}


def _field_mismatches(messages: list[Message]) -> list[str]:
    """Translations whose {placeholders} differ from the msgid's (``.format`` would fail)."""
    bad = []
    for m in messages:
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        expected = set().union(*(_fields(i) for i in ids))
        bad += [_key(m) for s in strings if s and not _fields(s) <= expected]
    return bad


def test_every_german_message_is_translated() -> None:
    assert _untranslated(_catalog("de")) == []


def test_untranslated_and_fuzzy_entries_are_caught() -> None:
    assert _untranslated([Message("Source", ""), Message("Helpful?", "Hilfreich?", flags=["fuzzy"]),
                          Message(("%(n)d day", "%(n)d days"), ("%(n)d Tag", ""))]) == [
        "Source", "Helpful?", "%(n)d day"]


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_the_placeholders(locale: str) -> None:
    assert _field_mismatches(_catalog(locale)) == []


def test_a_renamed_placeholder_is_caught() -> None:
    assert _field_mismatches([Message("{n} people imported", "{anzahl} Personen importiert")]) == [
        "{n} people imported"]


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_matches_the_code(locale: str) -> None:
    """Every msgid in the code is in each catalog, and no catalog keeps msgids the code dropped.

    English is the source language: an English entry may stay empty (the msgid is the text)."""
    in_catalog = {_key(m) for m in _catalog(locale)}
    in_code = _code_msgids()
    assert (in_code - in_catalog, in_catalog - in_code) == (set(), set()), \
        "run `make extract` and translate the new entries in locale/de/LC_MESSAGES/flurfunk.po"


def test_extract_keeps_a_translators_edit(tmp_path: Path) -> None:
    """A translator's edit in the .po survives `make extract` (nothing regenerates the .po)."""
    locale_dir = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale_dir, ignore=shutil.ignore_patterns("*.mo"))
    po = locale_dir / "de" / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po.open("rb") as fp:
        catalog = read_po(fp, locale="de")
    catalog["Source"].string = "Fundstelle"
    with po.open("wb") as fp:
        write_po(fp, catalog, no_location=True, sort_output=True)
    extract(locale_dir)
    assert {_key(m): m.string for m in _catalog("de", locale_dir)}["Source"] == "Fundstelle"


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
    assert en.gettext("Source") == "Source"
    assert Translations().for_locale("fr").locale == "de"


def test_one_catalog_per_locale() -> None:
    assert sorted(p.name for p in (LOCALE_DIR / "de" / "LC_MESSAGES").glob("*.po")) == [
        f"{DOMAIN}.po"]
