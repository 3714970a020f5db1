"""The command line speaks the installation's language: our help texts and argparse's own
usage lines and errors (German by default, English where configured), every help text has a
German translation, and argparse is left as it was afterwards."""

from __future__ import annotations

import argparse
import gettext
import re
from collections.abc import Iterator

import pytest

from bot import cli, cli_i18n
from bot.i18n import Translations

GERMAN = Translations(default="de").for_locale(None)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stop:
        cli.main(argv)
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), out, err


def test_a_missing_argument_is_said_in_german(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["kb", "import"], capsys)
    assert code == 2
    assert "Aufruf: flurfunk kb import" in err
    assert "flurfunk kb import: Fehler: diese Argumente fehlen: FILE|DIR" in err
    assert "error" not in err and "usage" not in err


def test_a_missing_sub_command_is_named_by_its_choices(capsys: pytest.CaptureFixture[str]) -> None:
    """Not by the internal name argparse would use ("kb_command")."""
    code, _, err = _run(["kb"], capsys)
    assert code == 2
    assert "Fehler: diese Argumente fehlen: {evaluate,import,check,list}" in err, err
    assert "_command" not in err


def test_a_wrong_choice_is_said_in_german(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["kb", "imprt"], capsys)
    assert code == 2 and "ungültige Auswahl: 'imprt' (möglich: 'evaluate', 'import'" in err


def test_help_is_german(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["kb", "import", "--help"], capsys)
    assert code == 0
    assert "Positionsargumente:" in out and "Optionen:" in out
    assert "diese Hilfe zeigen und beenden" in out
    assert "gespeicherte Einträge entfernen, die nicht in der Datei stehen" in out
    code, out, _ = _run(["--help"], capsys)
    assert "flurfunk, der Assistent der Stadt" in out and "im Terminal chatten" in out


def test_an_english_installation_gets_english(capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLURFUNK_DEFAULT_LOCALE", "en")
    code, _, err = _run(["kb", "import"], capsys)
    assert code == 2 and "error: the following arguments are required: FILE|DIR" in err


def test_unreadable_settings_still_get_german_usage(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: object) -> None:
    code, _, err = _run(["--config", "/nonexistent/flurfunk.toml", "kb", "import"], capsys)
    assert code == 2 and "Fehler: diese Argumente fehlen" in err


def test_argparse_is_left_as_it_was(capsys: pytest.CaptureFixture[str]) -> None:
    _run(["kb", "import"], capsys)
    assert argparse._ is gettext.gettext  # type: ignore[attr-defined]
    assert argparse.ngettext is gettext.ngettext  # type: ignore[attr-defined]


def _help_texts(parser: argparse.ArgumentParser) -> Iterator[str]:
    if parser.description:
        yield parser.description
    for action in parser._actions:
        if action.help and action.help is not argparse.SUPPRESS:
            yield action.help
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.help:
                    yield choice.help
            for sub in action.choices.values():
                yield from _help_texts(sub)


def _without_help(parser: argparse.ArgumentParser, path: str = "flurfunk") -> Iterator[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):  # each sub-command has its help
            for name, sub in action.choices.items():
                yield from _without_help(sub, f"{path} {name}")
        elif action.help is None:
            yield f"{path} {'/'.join(action.option_strings) or action.dest}"


def test_every_option_and_argument_says_what_it_is_for() -> None:
    assert not list(_without_help(cli.build_parser()))


def test_every_help_text_and_argparse_message_has_a_german_translation() -> None:
    with cli_i18n.speaking(GERMAN):
        parser = cli.build_parser()  # the whole command line, every feature's commands
    texts = set(_help_texts(parser)) - {GERMAN.gettext("show this help message and exit")}
    assert len(texts) > 90
    untranslated = sorted(t for t in texts if GERMAN.gettext(t) == t)
    assert not untranslated
    missing = [m for m in cli_i18n.ARGPARSE if GERMAN.gettext(m) == m]
    assert not missing
    missing = [m for m in cli_i18n.SHARED_HELP.values() if GERMAN.gettext(m) == m]
    assert not missing
    for message in cli_i18n.ARGPARSE:  # the same placeholders, or argparse's % fails
        pattern = r"%(?:\(\w+\))?[sr]"
        assert re.findall(pattern, message) == re.findall(pattern, GERMAN.gettext(message))


# --- the evaluation reports ----------------------------------------------------------------------

ENGLISH = Translations(default="en").for_locale("en")


def test_the_knowledge_base_report_is_german_with_german_numbers() -> None:
    from bot.kb_evaluate import PathFigures, table
    from flows.faq import quality

    questions = [quality.Question("Wie lange darf ich mobil arbeiten?", "mobile", "de"),
                 quality.Question("Wo ist die Kantine?", quality.OUT_OF_SCOPE, "de"),
                 quality.Question("Gibt es Parkplätze?", quality.OUT_OF_SCOPE, "de")]
    scores = quality.score(questions, [quality.Outcome("answer", "mobile", "de"),
                                       quality.Outcome("answer", "mobile", "de"),
                                       quality.Outcome("fallback")])
    text = quality.as_text("retrieval (check)", scores, GERMAN).replace("\xa0", " ")  # 95,1 %
    assert "== retrieval (check) (1 im Themenbereich, 2 themennah außerhalb)" in text
    assert "richtig (Antwort): 100,0 %" in text and "themennahe Fragen abgelehnt: 50,0 %" in text
    assert "ÜBERZEUGT FALSCH: 33,3 % aller Fragen (im Themenbereich 0,0 %, außerhalb 50,0 %)" in text
    rows = table([PathFigures("bot (check)", scores, 1.5, 12.25)], GERMAN).replace("\xa0", " ")
    assert rows.startswith("| Weg | richtig |")
    assert "| bot (check) | 100,0 % |" in rows and "| 12,25 ms |" in rows
    assert "| **33.3%** |" in table([PathFigures("bot", scores, 1.5, 12.25)], ENGLISH)


def test_the_intent_report_is_german() -> None:
    from bot.evaluate import Report
    from nlu import evaluate

    scores = evaluate.score(["lunch_join", "out_of_scope", "lunch_join"],
                            ["lunch_join", "nlu_fallback", "survey_start"], ["a", "b", "c"])
    text = Report(scores, scores).text(GERMAN).replace("\xa0", " ")
    assert "== Kreuzvalidierung (3 Beispiele)" in text and "== zurückgehaltene Fragen" in text
    assert "Fragen außerhalb abgelehnt: 100,0 % von 1" in text
    assert "Qualitätsschwelle (mindestens 90,0 % richtig" in text and "UNTER DER SCHWELLE" in text
    assert "verwechselt (richtig -> erkannt):" in text and "BELOW" not in text
