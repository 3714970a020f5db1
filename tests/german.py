"""Errors as a German (or English) admin reads them: ``german(exc)`` renders a FileError through
the compiled catalogs, so a test fails when a message is not translated."""

from __future__ import annotations

from bot.i18n import Translations
from flows.files import FileError

_T = Translations()
DE = _T.for_locale("de")


def german(exc: BaseException) -> str:
    assert isinstance(exc, FileError), f"not a FileError (no msgid to translate): {exc!r}"
    return exc.render(_T.for_locale("de"))


def english(exc: BaseException) -> str:
    assert isinstance(exc, FileError), f"not a FileError (no msgid to translate): {exc!r}"
    return exc.render(_T.for_locale("en"))
