"""Babel catalogs: one gettext domain per feature, loaded and merged per locale; extraction."""

from __future__ import annotations

import sys
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, get_day_names
from babel.support import NullTranslations
from babel.support import Translations as BabelTranslations

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
LOCALES = ("de", "en")
KEYWORDS = ["gettext", "ngettext:1,2", "N_", "_"]

# Each gettext domain and the source paths extracted into it (one domain per feature keeps
# catalogs small and lets features be worked on side by side).
DOMAINS: dict[str, list[str]] = {
    "flurfunk": ["bot", "flows/types.py", "flows/directory.py", "flows/files.py", "flows/schema.py",
                 "flows/core", "flows/faq",
                 "flows/privacy"],
    "onboarding": ["flows/onboarding"],
    "commitments": ["flows/commitments"],
    "survey": ["flows/survey"],
    "lunch": ["flows/lunch"],
}


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
    merged: NullTranslations | None = None
    for mo in sorted((locale_dir / locale / "LC_MESSAGES").glob("*.mo")):
        with mo.open("rb") as fp:
            cat = BabelTranslations(fp, domain=mo.stem)
        if merged is None:
            merged = cat
        else:
            merged.merge(cat)  # type: ignore[attr-defined]
    return merged or NullTranslations()


def missing_catalogs(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Compiled catalogs that are absent or older than their .po file."""
    missing = []
    for locale in LOCALES:
        for domain in DOMAINS:
            po = locale_dir / locale / "LC_MESSAGES" / f"{domain}.po"
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


def extract() -> None:
    """Extract every domain's messages into locale/<domain>.pot and update the .po files."""
    for domain, paths in DOMAINS.items():
        pot = LOCALE_DIR / f"{domain}.pot"
        _babel(["extract", "-F", str(ROOT / "pyproject.toml"), "--no-location", "--sort-output",
                "--omit-header", *[arg for k in KEYWORDS for arg in ("-k", k)], "-o", str(pot),
                *[str(ROOT / p) for p in paths]])
        for locale in LOCALES:
            po = LOCALE_DIR / locale / "LC_MESSAGES" / f"{domain}.po"
            command = "update" if po.exists() else "init"
            _babel([command, "-i", str(pot), "-d", str(LOCALE_DIR), "-l", locale, "-D", domain,
                    *(["--no-fuzzy-matching"] if command == "update" else [])])


def compile_all() -> None:
    """Compile every .po into its .mo (run by the install step)."""
    for domain in DOMAINS:
        for locale in LOCALES:
            if (LOCALE_DIR / locale / "LC_MESSAGES" / f"{domain}.po").exists():
                _babel(["compile", "-d", str(LOCALE_DIR), "-l", locale, "-D", domain,
                        ])


if __name__ == "__main__":
    {"extract": extract, "compile": compile_all}[sys.argv[1]]()
