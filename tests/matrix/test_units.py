"""Pure parts of the Matrix adapter: rendering, mentions, the invite policy, transaction ids,
error classes, the directory's ``matrix_id``."""

from __future__ import annotations

from pathlib import Path

import pytest
from nio import ErrorResponse

from bot.adapters.matrix.client import Secrets, check
from bot.adapters.matrix.convert import in_thread, mentions, render, strip_mention
from bot.adapters.matrix.delivery import classified, txn_id
from bot.adapters.matrix.listener import accepts_invite
from bot.config import ConfigError, MatrixSettings
from bot.outbox import PermanentError, TransientError
from bot.runtime import Runtime
from flows.directory import ImportError_, parse_people
from flows.types import Action, Choice, Reply
from tests.conftest import NOW

BOT = "@flurfunk:stadt.example"


def test_render_html_and_plain_with_source_and_numbered_choices() -> None:
    reply = Reply("Bis zu <40 %> mobil.\nSiehe https://intranet.example/mobil",
                  source="Dienstvereinbarung", choices=[Choice("Ja", Action("x:yes")),
                                                        Choice("Nein", Action("x:no"))])
    c = render(reply, "Quelle", "Antworten Sie mit der Nummer.")
    assert c["msgtype"] == "m.notice" and c["format"] == "org.matrix.custom.html"
    assert c["body"].splitlines() == ["Bis zu <40 %> mobil.", "Siehe https://intranet.example/mobil",
                                      "> Quelle: Dienstvereinbarung", "1. Ja", "2. Nein",
                                      "Antworten Sie mit der Nummer."]
    html = c["formatted_body"]
    assert "&lt;40 %&gt;" in html and "<40" not in html  # escaped: no markup injection
    assert '<a href="https://intranet.example/mobil">' in html
    assert "<blockquote>Quelle: Dienstvereinbarung</blockquote>" in html
    assert "<ol><li>Ja</li><li>Nein</li></ol>" in html


def test_scale_choices_are_answered_by_the_number_itself() -> None:
    reply = Reply("Wie zufrieden?", choices=[Choice(str(n), Action("s:a", str(n))) for n in range(11)])
    body = render(reply)["body"]
    assert "0 · 1 · 2" in body and "1. 0" not in body


def test_thread_relation_and_mentions() -> None:
    c = in_thread({"body": "x"}, "$root")
    assert c["m.relates_to"]["rel_type"] == "m.thread" and c["m.relates_to"]["event_id"] == "$root"
    assert mentions({"content": {"m.mentions": {"user_ids": [BOT]}}}, "hallo", BOT)
    assert mentions({"content": {}}, "Flurfunk: Urlaub?", BOT, "Flurfunk")
    assert not mentions({"content": {}}, "Urlaub?", BOT, "Flurfunk")
    assert strip_mention(f"{BOT}: Wann ist Urlaub?", BOT) == "Wann ist Urlaub?"
    assert strip_mention("flurfunk, wann?", BOT, "Flurfunk") == "wann?"


def test_invite_policy() -> None:
    cfg = MatrixSettings(admins="@it:stadt.example, @hr:stadt.example", rooms="!team:stadt.example")
    assert accepts_invite(cfg, "!any:x", "@someone:x", is_direct=True)
    assert accepts_invite(cfg, "!team:stadt.example", "@someone:x", is_direct=False)
    assert accepts_invite(cfg, "!other:x", "@hr:stadt.example", is_direct=False)
    assert not accepts_invite(cfg, "!other:x", "@someone:x", is_direct=False)


def test_txn_id_is_stable_per_message_and_recipient() -> None:
    assert txn_id(7, "@a:x") == txn_id(7, "@a:x")
    assert len({txn_id(7, "@a:x"), txn_id(8, "@a:x"), txn_id(7, "@b:x")}) == 3


def test_errors_are_classified() -> None:
    limited = classified(ErrorResponse("slow down", "M_LIMIT_EXCEEDED", 2500))
    assert isinstance(limited, TransientError) and limited.retry_after == 2.5
    assert isinstance(classified(ErrorResponse("no", "M_FORBIDDEN")), PermanentError)
    assert isinstance(classified(ErrorResponse("?", "M_UNRECOGNIZED_SERVER_ERROR")), TransientError)


def test_missing_settings_are_named() -> None:
    with pytest.raises(ConfigError, match=r"matrix.homeserver.*MATRIX_ACCESS_TOKEN or MATRIX_PASSWORD"):
        check(MatrixSettings(user_id=BOT), Secrets("", ""))
    check(MatrixSettings(homeserver="https://m.example", user_id=BOT), Secrets("", "pw"))


def test_import_takes_matrix_id(tmp_path: Path) -> None:
    f = tmp_path / "people.yml"
    f.write_text("- id: anna\n  name: Anna\n  matrix_id: '@anna.berger:stadt.example'\n")
    assert parse_people(f)[0].fields["matrix_id"] == "@anna.berger:stadt.example"


@pytest.mark.parametrize(("content", "where"), [
    ("- id: anna\n  name: Anna\n  matrix_id: anna.berger\n", "line 3, field 'matrix_id': use the form"),
    ("- id: a\n  name: A\n  matrix_id: '@a:x.de'\n- id: b\n  name: B\n  matrix_id: '@a:x.de'\n",
     "line 4, field 'matrix_id': @a:x.de already on line 1"),
])
def test_import_rejects_bad_matrix_ids(tmp_path: Path, content: str, where: str) -> None:
    f = tmp_path / "people.yml"
    f.write_text(content)
    with pytest.raises(ImportError_, match=where):
        parse_people(f)


def test_hints_are_german_first(runtime: Runtime) -> None:
    from bot.adapters.matrix.convert import content_of

    reply = Reply("Kommen Sie mit?", choices=[Choice("Ja", Action("x:yes"))])
    body = content_of(reply, runtime.translations.for_locale("de"))["body"]
    assert body.endswith("Antworten Sie mit der Nummer oder den Worten Ihrer Wahl.")
    english = content_of(reply, runtime.translations.for_locale("en"))["body"]
    assert english.endswith("Reply with the number or the words of your choice.")


async def test_overview_has_every_home_section(runtime: Runtime) -> None:
    from bot.adapters.matrix.overview import asks_for_overview, overview

    assert asks_for_overview("Übersicht") and asks_for_overview("!flurfunk")
    assert not asks_for_overview("Übersicht über mobiles Arbeiten")
    reply = await overview(runtime.features, runtime.uow, runtime.translations,
                           lambda f: runtime.configs.get(f.name), "anna", NOW)
    assert reply.text.startswith("flurfunk – Ihre Übersicht")
    for heading in ("Lunch-Roulette", "Umfragen", "Ihre Vereinbarungen"):
        assert heading in reply.text


def test_reactions_only_where_they_fit() -> None:
    from bot.adapters.matrix.reactions import KEYCAPS, NO, YES, answer, offered

    scale = [Choice(f"{n} – x" if n in (1, 5) else str(n), Action("survey:answer", f"1|q|{n}"))
             for n in range(1, 6)] + [Choice("Später", Action("survey:later", "1"))]
    keys = offered(scale)
    assert list(keys) == [KEYCAPS[str(n)] for n in range(1, 6)] and keys[KEYCAPS["1"]] == "1 – x"
    assert answer(keys, "3\u20e3") == "3" and answer(keys, "🔟") is None  # with or without FE0F
    enps = [Choice(str(n), Action("survey:answer", f"1|e|{n}")) for n in range(11)]
    assert list(offered(enps))[-1] == KEYCAPS["10"]
    yes_no = [Choice("Hilfreich", Action("faq:feedback", "e:yes")),
              Choice("Nicht hilfreich", Action("faq:feedback", "e:no"))]
    assert offered(yes_no) == {YES: "Hilfreich", NO: "Nicht hilfreich"}
    asked = [Choice("Hilfreich", Action("faq:feedback:e", "yes")),  # the FAQ's buttons now
             Choice("Nicht hilfreich", Action("faq:feedback:e", "no:Wie viel darf ich?"))]
    assert offered(asked) == {YES: "Hilfreich", NO: "Nicht hilfreich"}
    erase = [Choice("Ja, löschen", Action("privacy:erase", "yes"), "danger"),
             Choice("Nein", Action("privacy:erase", "no"))]
    assert offered(erase) == {}  # destructive: typed, never tapped
    free = [Choice("Montag", Action("x:a", "mo")), Choice("Dienstag", Action("x:b", "di"))]
    assert offered(free) == {} and offered([Choice("10 Uhr", Action("x:t", "10"))]) == {}
