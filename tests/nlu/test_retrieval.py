"""German-aware lexical matching: lemmas, compounds, typos, synonyms, stop words, coverage."""

from __future__ import annotations

from nlu.retrieval import Analyzer, LexicalIndex

DOCS = {
    "extent": ["Wie viel Homeoffice ist erlaubt?", "Bis zu 40 Prozent der Arbeitszeit mobil."],
    "devices": ["Bekomme ich ein Notebook?", "Die Stadt hat Notebooks und Smartphones beschafft."],
    "vpn": ["Wie komme ich von zu Hause ins Netz?", "Per VPN auf das städtische Netz."],
}
SYNONYMS = [["homeoffice", "mobiles arbeiten", "von zuhause", "remote"], ["notebook", "laptop"]]


def index() -> LexicalIndex:
    return LexicalIndex(DOCS, Analyzer(SYNONYMS, {"wie", "ich", "ein", "ist", "der", "viel", "man"}))


def test_lemmas_synonyms_and_folding_meet() -> None:
    best = index().match("Bekommt man LAPTOPS?")[0]
    assert best.doc == "devices" and best.coverage == 1.0


def test_a_typo_is_corrected_against_the_vocabulary() -> None:
    best = index().match("wie viel homeofice")[0]
    assert best.doc == "extent" and best.coverage == 1.0


def test_multiword_synonyms_are_one_term() -> None:
    assert index().match("mobiles Arbeiten erlaubt")[0].doc == "extent"


def test_a_word_no_document_knows_is_uncovered_and_weighs_most() -> None:
    idx = index()
    m = {x.doc: x for x in idx.match("Wie viel Urlaub ist erlaubt?")}
    assert m["extent"].coverage < 0.6
    assert "urlaub" in m["extent"].uncovered


def test_stop_words_weigh_nothing() -> None:
    idx = index()
    (term,) = idx.analyzer.terms("ich")
    assert idx.weight(term) == 0.0
