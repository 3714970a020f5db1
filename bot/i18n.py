"""Babel catalogs: one gettext domain, ``flurfunk``; the .po files are the one source of translations.

Developers change English msgids in code and run ``make extract`` (extract + ``pybabel update``,
which keeps every existing translation); translators edit ``locale/<lang>/LC_MESSAGES/flurfunk.po``
with any PO editor (Poedit, Weblate, ...); ``make catalogs`` compiles them.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, get_day_names
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations
from babel.support import Translations as BabelTranslations

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
LOCALES = ("de", "en")
# The log calls' format strings too (bot/logs.py translates them for the operator): any
# ``.info(`` ... ``.critical(`` call's first string.
KEYWORDS = ["gettext", "ngettext:1,2", "N_", "_", "info:1", "warning:1", "error:1", "exception:1",
            "critical:1"]

# One domain for the whole application: a msgid has exactly one translation, wherever it is used
# (per-feature domains used to be merged into one catalog at load, which hid clashes).
DOMAIN = "flurfunk"
SOURCES = ["bot", "flows", "safeyaml", "nlu", "storage"]


class Translator:
    """Translations and Babel formatting for one locale, in one time zone."""

    def __init__(self, locale: str, catalog: NullTranslations, tz: ZoneInfo) -> None:
        self.locale = locale
        self._catalog = catalog
        self.tz = tz

    def gettext(self, message: str) -> str:
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog.ngettext(singular, plural, n)

    def format_date(self, value: date, format: str = "full") -> str:
        """``Freitag, 1. September 2026`` in German, ``Friday, September 1, 2026`` in English."""
        return format_date(value, format=format, locale=self.locale)

    def format_datetime(self, value: datetime, format: str = "medium") -> str:
        return format_datetime(value, format=format, tzinfo=self.tz, locale=self.locale)

    def format_weekday(self, weekday: int) -> str:
        return str(get_day_names("wide", locale=self.locale)[weekday])

    def format_decimal(self, value: float, digits: int = 2) -> str:
        """``0,87`` in German, ``0.87`` in English (``digits`` after the point, at least one)."""
        return format_decimal(value, "#,##0." + "0" * max(1, digits), locale=self.locale)

    def format_percent(self, share: float) -> str:
        """A share with one decimal: ``95,1 %`` in German, ``95.1%`` in English."""
        pattern = Locale.parse(self.locale).percent_formats[None].pattern.replace("0", "0.0", 1)
        return format_percent(share, pattern, locale=self.locale)


class Translations:
    """All locales' translators, loaded once at start."""

    def __init__(self, locale_dir: Path = LOCALE_DIR, default: str = "de", tz: str = "Europe/Berlin"):
        self.default = default
        self.tz = ZoneInfo(tz)
        self._translators = {loc: Translator(loc, _load(locale_dir, loc), self.tz) for loc in LOCALES}

    def for_locale(self, locale: str | None) -> Translator:
        """The translator for ``locale`` (``de_DE`` -> ``de``); unknown locales get the default."""
        key = (locale or self.default).replace("-", "_").split("_")[0].lower()
        return self._translators.get(key) or self._translators[self.default]


def _load(locale_dir: Path, locale: str) -> NullTranslations:
    mo = locale_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not mo.exists():
        return NullTranslations()
    with mo.open("rb") as fp:
        return BabelTranslations(fp, domain=DOMAIN)


def missing_catalogs(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Compiled catalogs that are absent or older than their .po file."""
    missing = []
    for locale in LOCALES:
        po = locale_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
        mo = po.with_suffix(".mo")
        if not mo.exists() or (po.exists() and mo.stat().st_mtime < po.stat().st_mtime):
            missing.append(str(mo.relative_to(ROOT)))
    return missing


@lru_cache(maxsize=8)
def is_known_locale(locale: str) -> bool:
    try:
        Locale.parse(locale.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return False
    return True


def _babel(args: list[str]) -> None:
    from babel.messages.frontend import CommandLineInterface  # developers only

    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(locale_dir: Path = LOCALE_DIR) -> None:
    """Extract the msgids into locale/flurfunk.pot and merge them into each .po file.

    ``pybabel update`` keeps every translation already in a .po file, adds new msgids untranslated
    and drops msgids no longer in the code; nothing is overwritten.
    """
    pot = locale_dir / f"{DOMAIN}.pot"
    _babel(["extract", "-F", str(ROOT / "pyproject.toml"), "--no-location", "--sort-output",
            "--omit-header", *[arg for k in KEYWORDS for arg in ("-k", k)], "-o", str(pot),
            *[str(ROOT / p) for p in SOURCES]])
    for locale in LOCALES:
        po = locale_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
        command = "update" if po.exists() else "init"
        _babel([command, "-i", str(pot), "-d", str(locale_dir), "-l", locale, "-D", DOMAIN,
                *(["--no-fuzzy-matching", "--ignore-obsolete"]
                  if command == "update" else [])])


def compile_all() -> None:
    """Compile each locale's .po into its .mo (run by the install step)."""
    for locale in LOCALES:
        if (LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po").exists():
            _babel(["compile", "-d", str(LOCALE_DIR), "-l", locale, "-D", DOMAIN])


if __name__ == "__main__":
    {"extract": extract, "compile": compile_all}[sys.argv[1]]()
