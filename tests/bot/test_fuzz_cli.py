"""Hypothesis through the command line and the dispatcher, on SQLite and PostgreSQL: random files
for every importer, random text and ids for the dispatcher. Refused input exits 2 and leaves
the database as it was; nothing ever raises."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.config import Settings
from bot.runtime import Runtime
from storage.models.core import Person
from tests.bot.test_bad_input import table_counts
from tests.chat import Chat
from tests.conftest import NOW, CliRun
from tests.flows.test_fuzz_files import EXAMPLES, csv_docs, yaml_docs

DB_FUZZ = settings(max_examples=max(8, EXAMPLES // 5), deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
documents = (st.tuples(yaml_docs.map(lambda d: d.encode("utf-8", "surrogatepass")), st.just(".yml"))
             | st.tuples(csv_docs.map(lambda d: d.encode("utf-8", "replace")), st.just(".csv"))
             | st.tuples(st.binary(max_size=200), st.sampled_from([".yml", ".csv"])))


@DB_FUZZ
@given(doc=documents, command=st.sampled_from([("people", "import"), ("commitments", "import"),
                                               ("survey", "create")]))
def test_importers_refuse_cleanly_and_write_nothing(run_cli: CliRun, settings: Settings,
                                                    tmp_path: Path, doc: tuple[bytes, str],
                                                    command: tuple[str, str]) -> None:
    data, suffix = doc
    f = tmp_path / f"fuzz{suffix}"
    f.write_bytes(data)
    before = table_counts(settings.db_url)
    code, _, err = run_cli(*command, str(f))
    assert "Traceback" not in err
    assert code in (0, 2), err
    if code == 2:
        after = table_counts(settings.db_url)
        assert {k for k in before if before[k] != after[k]} <= {"audit_log"}
        said_in_german(err, f)


ENGLISH = re.compile(r", line \d|, field '|: (missing|expected|not valid YAML|unknown field)")


def said_in_german(err: str, path: Path) -> None:
    """A refusal names the file (or the option) and speaks German: no English location (several
    problems: a German count, then each on its own line, naming the file)."""
    message = err.removeprefix("flurfunk: ")
    if re.match(r"\d+ Probleme:\n", message):
        problems = message.splitlines()[1:]
        assert problems and all(p.startswith(f"- {path}") or re.fullmatch(r"\.\.\. und \d+ weitere", p)
                                for p in problems), err
    else:
        assert message.startswith((str(path), "--as")), err
    assert not ENGLISH.search(message), err


def test_the_german_check_catches_english(tmp_path: Path) -> None:
    """The weakened setup (the old English f-string errors) fails said_in_german."""
    import pytest

    f = tmp_path / "c.yml"
    with pytest.raises(AssertionError):
        said_in_german(f"flurfunk: {f}, line 7, field 'start_date': use YYYY-MM-DD\n", f)
    said_in_german(f"flurfunk: {f}, Zeile 7, Feld „start_date“: kein Datum\n", f)
    said_in_german(f"flurfunk: 2 Probleme:\n- {f}, Zeile 2, Feld „id“: fehlt\n"
                   f"- {f}, Zeile 3, Feld „id“: fehlt\n", f)
    with pytest.raises(AssertionError):
        said_in_german(f"flurfunk: 2 Probleme:\n- {f}, line 2, field 'id': missing\n", f)


ids = st.text(max_size=70) | st.sampled_from(["anna.berger", "a b", "", "x" * 65, "\udcff", "Ä"])


@DB_FUZZ
@given(user=ids, text=st.text(max_size=300), data=st.data())
async def test_dispatcher_answers_everything(runtime: Runtime, user: str, text: str,
                                             data: st.DataObject) -> None:
    """Whatever the text, and whichever intent the classifier takes it for (or none)."""
    intent = data.draw(st.none() | st.sampled_from(sorted(runtime.router.intents)))
    async with runtime.uow() as uow:
        before = await uow.session.scalar(select(func.count()).select_from(Person))
    replies = await Chat(runtime).say(user, text, at=NOW, intent=intent)
    assert replies and all(r.text for r in replies)
    async with runtime.uow() as uow:
        after = await uow.session.scalar(select(func.count()).select_from(Person))
        known = await uow.people.get(user) if user.isascii() and user.isprintable() else None
    if replies[0].kind == "error":  # refused: the id leaves no trace in the directory
        assert after == before and known is None
    else:
        assert "schiefgegangen" not in replies[0].text and "went wrong" not in replies[0].text
