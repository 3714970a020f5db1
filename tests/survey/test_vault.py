"""The per-run data keys: sealing is authenticated and bound to its row, every record of a
survey has one length whatever it holds, key files are private and shredded."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.survey import service
from flows.survey.definition import MAX_TEXT, SurveyDef, parse_survey
from flows.survey.vault import KeyMissingError, KeyStore, RunKey, SealError
from tests.survey.helpers import SURVEY, write

KEY = RunKey(bytes(range(32)))


def _sdef(tmp: Path) -> SurveyDef:
    return parse_survey(write(tmp / "s.yml", SURVEY))


def test_sealed_records_open_only_with_their_key_and_row(tmp_path: Path) -> None:
    blob = KEY.seal({"a": {"technik": 4}, "s": "Sozialamt"}, b"survey:1:anna", 1024)
    assert KEY.open(blob, b"survey:1:anna") == {"a": {"technik": 4}, "s": "Sozialamt"}
    assert b"technik" not in blob and b"Sozialamt" not in blob
    with pytest.raises(SealError):  # moved to another person's row
        KEY.open(blob, b"survey:1:bert")
    with pytest.raises(SealError):  # another run's key
        RunKey(bytes(32)).open(blob, b"survey:1:anna")
    tampered = blob[:20] + bytes([blob[20] ^ 1]) + blob[21:]
    with pytest.raises(SealError):
        KEY.open(tampered, b"survey:1:anna")


@settings(max_examples=60, deadline=None)
@given(comment=st.text(max_size=MAX_TEXT), segment=st.text(max_size=service.SEGMENT_MAX),
       values=st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=3, max_size=3))
def test_every_record_of_a_survey_has_the_same_length(comment: str, segment: str,
                                                       values: list[int | None]) -> None:
    """Any answers fit the survey's one record size (control characters, emoji and lone
    surrogates included), so the length of a record says nothing."""
    sdef = SurveyDef.from_dict(SURVEY_DICT)
    size = service.record_size(sdef)
    answers = dict(zip(("technik", "empfehlung", "mobil"), values, strict=True))
    full = KEY.seal({"a": {**answers, "anmerkung": comment}, "s": segment}, b"x", size)
    empty = KEY.seal({"a": {}, "s": None}, b"x", size)
    assert len(full) == len(empty) == size + 28  # nonce and tag
    assert KEY.open(full, b"x")["a"]["anmerkung"] == comment


def test_worst_case_comment_fits(tmp_path: Path) -> None:
    sdef = _sdef(tmp_path)
    worst = "\x01" * MAX_TEXT  # escaped as \u0001: six bytes each
    blob = KEY.seal({"a": {"technik": 10, "empfehlung": 10, "mobil": 1, "anmerkung": worst},
                     "s": "\x01" * service.SEGMENT_MAX}, b"x", service.record_size(sdef))
    assert KEY.open(blob, b"x")["a"]["anmerkung"] == worst
    with pytest.raises(ValueError):  # and a record that does not fit is refused, not cut
        KEY.seal({"a": {"x": "y" * 5000}}, b"x", 1024)


def test_key_files_are_private_durable_and_shredded(tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "keys")
    key_id = store.create()
    path = tmp_path / "keys" / f"{key_id}.key"
    assert path.stat().st_mode & 0o777 == 0o600 and len(path.read_bytes()) == 32
    assert KeyStore(tmp_path / "keys").load(key_id) == store.load(key_id)  # another process
    assert store.destroy(key_id) and not path.exists() and not store.destroy(key_id)
    with pytest.raises(KeyMissingError, match="shared mount"):
        store.load(key_id)
    with pytest.raises(ValueError):
        store.load("../../etc/passwd")


SURVEY_DICT = {
    "id": "puls", "title": {"de": "P"}, "intro": {}, "owner": "o", "audience": {},
    "schedule": {"once": "2026-09-01T09:00"}, "window_days": 7, "reminder_after_days": None,
    "threshold": 5, "text_threshold": 6, "segment_by": "department",
    "questions": [{"id": "technik", "type": "scale", "text": {"de": "T"}},
                  {"id": "empfehlung", "type": "enps", "text": {"de": "E"}},
                  {"id": "mobil", "type": "yesno", "text": {"de": "M"}},
                  {"id": "anmerkung", "type": "text", "text": {"de": "A"}, "optional": True}],
}


def test_pseudonyms_need_the_key() -> None:
    """The tag a record is filed under is the same for one key, run and person, and differs
    for another key or run; it is no plain hash of the id (which anyone could recompute)."""
    import hashlib

    ids = [f"person.{i}" for i in range(200)]
    tags = KEY.tags(1, ids)
    assert len(tags) == 200 and set(tags.values()) == set(ids)  # no collision
    assert KEY.tag(1, "person.7") == next(t for t, p in tags.items() if p == "person.7")
    other = RunKey(bytes(range(1, 33)))
    assert not set(tags) & set(other.tags(1, ids)) and not set(tags) & set(KEY.tags(2, ids))
    plain = {h(f"1:{p}".encode()).hexdigest()[:32] for p in ids
             for h in (hashlib.md5, hashlib.sha1, hashlib.sha256)}
    assert not set(tags) & plain


def test_a_missing_or_damaged_key_is_said_in_german(tmp_path: Path) -> None:
    """Operator-facing, but German first: the CLI renders it from the catalog."""
    from bot.cli import say_error

    store = KeyStore(tmp_path / "keys")
    with pytest.raises(KeyMissingError) as missing:
        store.load("ab" * 16)
    assert say_error(missing.value, None) == (
        f"{tmp_path / 'keys'}: der Umfrageschlüssel {'ab' * 16} fehlt: Bei mehreren Instanzen "
        "muss das Schlüsselverzeichnis ein gemeinsam eingebundenes Verzeichnis sein (siehe "
        "docs/anonymity.md); ist er endgültig verloren: flurfunk survey close ID --key-lost")
    key_id = store.create()
    (tmp_path / "keys" / f"{key_id}.key").write_bytes(b"short")
    with pytest.raises(KeyMissingError, match="is damaged") as damaged:
        store.load(key_id)
    assert say_error(damaged.value, None).endswith(f": der Umfrageschlüssel {key_id} ist beschädigt")
