"""Typed answers matched to offered choices (pure): labels, declared phrases, numbers, ambiguity."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.answers import Open, covers, find
from flows.commitments.capture import parse_take
from flows.commitments.messages import item_choices
from flows.types import Action, Choice
from storage.models.commitments import Commitment


class T:
    """The identity translator (msgids are English)."""

    locale = "en"

    def gettext(self, message: str) -> str:
        return message


def reminder(item_id: int, number: int | None = None) -> list[dict[str, Any]]:
    return [c.to_dict() for c in item_choices(T(), Commitment(id=item_id), number)]  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "verb"), [
    ("erledigt", "done"), ("Erledigt.", "done"), ("ist fertig", "done"), ("done", "done"),
    ("neuer Termin 20.6.", "newdate"), ("verschieben auf Ende Juni", "newdate"),
    ("new date 20 June", "newdate"), ("postpone to end of June", "newdate"),
    ("übergeben an Lena", "handover"), ("hand over to lena", "handover"),
    ("comment", "comment"),
])
def test_reminder_words_pick_their_button(text: str, verb: str) -> None:
    found = find(text, [], [Open(reminder(5), "Guten Tag!")])
    assert found.action == Action(f"commitments:{verb}:5", "5")


@pytest.mark.parametrize("text", ["Was steht bei mir an?", "Wie viel darf ich mobil arbeiten?",
                                  "Termin", "ich habe heute leider keine Zeit für den Bericht "
                                  "und auch nicht morgen erledigt"])
def test_other_sentences_are_no_answer(text: str) -> None:
    assert find(text, [], [Open(reminder(5), "Guten Tag!")]).action is None


def test_two_items_in_one_reminder_are_asked_about() -> None:
    both = reminder(5, 1) + reminder(6, 2)
    found = find("erledigt", [], [Open(both, "Guten Tag!")])
    assert found.action is None
    assert {c["action"] for _, c in found.ambiguous} == {"commitments:done:5", "commitments:done:6"}
    assert find("Done (2)", [], [Open(both, "")]).action == Action("commitments:done:6", "6")


def test_numbers_answer_the_only_open_question_or_ask() -> None:
    yes_no = [Choice("Ja, gern", Action("onboarding:pate:1", "yes")).to_dict(),
              Choice("Diesmal nicht", Action("onboarding:pate:1", "no")).to_dict()]
    other = [dict(c, action="onboarding:pate:2") for c in yes_no]
    assert find("2", [], [Open(yes_no, "a")]).action == Action("onboarding:pate:1", "no")
    two = find("1", [], [Open(yes_no, "a"), Open(other, "b")])
    assert two.action is None and len(two.ambiguous) == 2
    scale = [Choice(str(n), Action("survey:answer:3", str(n))).to_dict() for n in range(11)]
    assert find("4", [], [Open(scale, "")]).action == Action("survey:answer:3", "4")  # the label
    assert not covers("", yes_no[0])


def test_bis_ende_juni_is_the_end_of_june() -> None:
    taken = parse_take("Ich übernehme das Protokoll bis Ende Juni", "de", date(2027, 5, 28))
    assert taken is not None and (taken.title, taken.due) == ("Protokoll", date(2027, 6, 30))
