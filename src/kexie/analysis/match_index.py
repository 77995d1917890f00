"""The in-memory index that matching ranks over: postings, article facts and who took part.

Built once from what the archive hands over (one `DocInput` per article, one `EntityInfo` per
candidate) and kept per process (and on disk beside a SQLite archive) until the archive's
generation changes. Postings are compressed-row numpy arrays (term → articles, term
frequencies), so BM25 over a synonym-expanded need is a handful of vectorised operations even
at 100k articles; the Python loop touches only the few thousand best articles.

Tokens are the archive's own index words (`store.fulltext`): stored ones are read back, not
recomputed, and a need's words are cut the same way.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np

from ..store.fulltext import word_tokens

NETWORK_SUFFIXES = ("科协", "科学技术协会")  # the association network's own units (general suffixes)
# A concept whose postings cover more than this share of the articles is dropped when the need has
# others (idf below ln 1.25 ≈ 0.22: a frequency stop word, the classic IR shortcut).
MAX_DF_SHARE = 0.8
PHRASE_CACHE = 8192  # split phrases whose postings are kept (intersections are the slow part)
_CLAUSE = re.compile(r"[，。；！？、：\n]")
K1 = 1.2  # BM25 term-frequency saturation; the usual value (Robertson & Zaragoza 2009)
B = 0.75  # BM25 length normalisation; the usual value

# Roles an entity can play in an article, strongest first (see store/matching_queries.py).
ROLES: tuple[str, ...] = ("lead", "unit", "expert", "partner", "official", "mentioned")
ROLE_CODE = {r: i for i, r in enumerate(ROLES)}


@lru_cache(maxsize=200_000)
def tokenize(text: str) -> tuple[str, ...]:
    """The archive's index words of `text`: jieba search-mode words (the full-text index's `words`
    stream) and runs of letters and digits (5G, AI), lower-cased; bare numbers are not words.

    Cached: bulletins repeat whole sentences, and the benchmark corpus builds its index from many
    near-identical paragraphs.
    """
    return (*word_tokens(text), *latin_words(text))


_LATIN = re.compile(
    r"[^\W\d_\u3400-\u9fff\uf900-\ufaff][^\W_\u3400-\u9fff\uf900-\ufaff]*|\d+[^\W\d_\u3400-\u9fff\uf900-\ufaff][^\W_\u3400-\u9fff\uf900-\ufaff]*"
)


def latin_words(text: str) -> list[str]:
    """Runs of letters and digits holding a letter (5G, AI, ChatGPT), NFKC and lower-cased."""
    return [w.lower() for w in _LATIN.findall(unicodedata.normalize("NFKC", text))]


@dataclass(frozen=True, slots=True)
class EntityInfo:
    id: int
    name: str
    kind: str  # "org" or "person"
    places: tuple[str, ...] = ()  # where it is (from its name or its activities), for --region
    titles: tuple[str, ...] = ()  # persons: titles seen with the name
    aliases: tuple[str, ...] = ()  # other written forms, for finding it in a passage


@dataclass(frozen=True, slots=True)
class DocInput:
    """One article as matching needs it."""

    id: int
    title: str
    paragraphs: tuple[str, ...]
    date: str | None = None  # ISO
    platforms: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    involvements: tuple[tuple[int, str], ...] = ()  # (entity id, role in ROLES)
    tokens: tuple[str, ...] | None = None  # precomputed index tokens, else tokenized here


@dataclass(slots=True)
class MatchIndex:
    doc_ids: np.ndarray  # int64, article ids in index order
    doc_len: np.ndarray  # float32, tokens per article
    doc_day: np.ndarray  # int32, date as days since 1970-01-01; -1 unknown
    doc_platforms: list[frozenset[str]]
    doc_places: list[tuple[str, ...]]
    vocab: dict[str, int]
    post_ptr: np.ndarray  # int64, len(vocab)+1
    post_doc: np.ndarray  # int32
    post_tf: np.ndarray  # float32
    inv_ptr: np.ndarray  # int64, len(docs)+1: involvements of each article
    inv_entity: np.ndarray  # int32, index into `entities`
    inv_role: np.ndarray  # int8, index into ROLES
    entities: list[EntityInfo]
    entity_docs: np.ndarray  # int32: articles each entity takes part in
    entity_person: np.ndarray  # bool: a person (else an organization)
    entity_network: np.ndarray  # bool: an association of the network (name ends with 科协)
    doc_platform_bits: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    platform_bits: dict[str, int] = field(default_factory=dict)  # platform -> its bit
    name_ids: dict[str, tuple[int, ...]] = field(default_factory=dict)  # entity name or alias -> ids
    newest: int = 0
    norm: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))  # BM25 length factor
    phrase_cache: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    generation: int = 0
    avgdl: float = 1.0
    entity_pos: dict[int, int] = field(default_factory=dict)

    @property
    def newest_day(self) -> int:
        """The archive's newest activity (days since 1970): recency is relative to it, not to today."""
        return self.newest

    @property
    def size(self) -> int:
        return len(self.doc_ids)

    def platform_mask(self, platforms: Iterable[str]) -> int:
        return sum(1 << self.platform_bits[p] for p in set(platforms) if p in self.platform_bits)

    def df(self, term: str) -> int:
        t = self.vocab.get(term)
        return 0 if t is None else int(self.post_ptr[t + 1] - self.post_ptr[t])

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(articles, term frequencies) of a term; a phrase jieba splits matches articles holding
        all its words (frequency: the rarest word's), an approximation of a phrase query."""
        t = self.vocab.get(term)
        if t is not None:
            lo, hi = self.post_ptr[t], self.post_ptr[t + 1]
            return self.post_doc[lo:hi], self.post_tf[lo:hi]
        hit = self.phrase_cache.get(term)
        if hit is None:
            hit = self._phrase(term)
            if len(self.phrase_cache) >= PHRASE_CACHE:
                self.phrase_cache.clear()
            self.phrase_cache[term] = hit
        return hit

    def warm(self, terms: Iterable[str]) -> None:
        """Compute now the postings of split phrases among `terms` (the synonym table's), so no
        query pays for their intersections."""
        for term in terms:
            if term not in self.vocab and term not in self.phrase_cache:
                self.phrase_cache[term] = self._phrase(term)

    def _phrase(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        parts = [p for p in dict.fromkeys(tokenize(term)) if p != term]
        parts = [p for p in parts if not any(p != q and p in q for q in parts)]  # 一体 ⊂ 一体化
        if not parts:
            return _EMPTY_DOCS, _EMPTY_TF
        if len(parts) == 1:  # the same word written otherwise (5G → 5g)
            t = self.vocab.get(parts[0])
            return (_EMPTY_DOCS, _EMPTY_TF) if t is None else self.postings(parts[0])
        docs, tf = self.postings(parts[0])
        for p in parts[1:]:
            d2, tf2 = self.postings(p)
            docs, i1, i2 = np.intersect1d(docs, d2, assume_unique=True, return_indices=True)
            tf = np.minimum(tf[i1], tf2[i2])
            if not len(docs):
                break
        return docs, tf

    def bm25(self, concepts: Sequence[Sequence[tuple[str, float]]]) -> np.ndarray:
        """BM25 of every article for a need of `concepts`, each a list of (term, weight).

        A concept's synonyms pool their (weighted) frequencies into one pseudo-term with the
        document frequency of their union (as Lucene's SynonymQuery does), so a rare synonym
        cannot outweigh the word the user actually wrote.
        """
        n = self.size
        scores = np.zeros(n, dtype=np.float32)
        if not len(self.norm):
            self.norm = (K1 * (1 - B + B * self.doc_len / self.avgdl)).astype(np.float32)
        pending = []
        for concept in concepts:
            parts = [(d, tf, w) for term, w in concept for d, tf in [self.postings(term)] if len(d)]
            if parts:
                pending.append((max(len(d) for d, _, _ in parts), parts))  # a lower bound of the union
        if len(pending) > 1:  # words in most articles tell little and cost a pass over all of them
            kept = [p for p in pending if p[0] <= MAX_DF_SHARE * n]
            pending = kept or [min(pending, key=lambda p: p[0])]
        for _, parts in pending:
            if len(parts) == 1 and parts[0][2] == 1.0:
                uniq, tf = parts[0][0], parts[0][1]
            else:
                docs = np.concatenate([d for d, _, _ in parts])
                tfs = np.concatenate([t * w if w != 1.0 else t for _, t, w in parts])
                if len(docs) * 8 < n:  # few postings: sorting them beats a pass over every article
                    uniq, inv = np.unique(docs, return_inverse=True)
                    tf = np.bincount(inv, weights=tfs).astype(np.float32)
                else:
                    pooled = np.bincount(docs, weights=tfs, minlength=n)
                    uniq = np.flatnonzero(pooled)
                    tf = pooled[uniq].astype(np.float32)
            idf = math.log(1 + (n - len(uniq) + 0.5) / (len(uniq) + 0.5))
            scores[uniq] += idf * tf * (K1 + 1) / (tf + self.norm[uniq])
        return scores

    def involvements(self, doc: int) -> Iterable[tuple[int, int]]:
        """(entity index, role code) of the entities taking part in article `doc` (index order)."""
        lo, hi = self.inv_ptr[doc], self.inv_ptr[doc + 1]
        return zip(self.inv_entity[lo:hi].tolist(), self.inv_role[lo:hi].tolist(), strict=True)


_EMPTY_DOCS = np.zeros(0, dtype=np.int32)
_EMPTY_TF = np.zeros(0, dtype=np.float32)


def _day(iso: str | None) -> int:
    if not iso:
        return -1
    try:
        return date.fromisoformat(iso[:10]).toordinal() - date(1970, 1, 1).toordinal()
    except ValueError:
        return -1


def doc_tokens(doc: DocInput, tokenizer: Callable[[str], Sequence[str]] = tokenize) -> Sequence[str]:
    if doc.tokens is not None:
        return doc.tokens
    out: list[str] = []
    for text in (doc.title, *doc.paragraphs):
        for clause in _CLAUSE.split(text):  # punctuation ends words anyway; clauses repeat, so cache hits
            if clause:
                out.extend(tokenizer(clause))
    return out


def build_index(
    docs: Iterable[DocInput],
    entities: Iterable[EntityInfo],
    generation: int = 0,
    tokenizer: Callable[[str], Sequence[str]] = tokenize,
) -> MatchIndex:
    """Index the articles; involvements of entities not in `entities` are dropped."""
    ents = list(entities)
    pos = {e.id: i for i, e in enumerate(ents)}
    vocab: dict[str, int] = {}
    rows_t: list[np.ndarray] = []
    rows_f: list[np.ndarray] = []
    doc_ids: list[int] = []
    lens: list[int] = []
    days: list[int] = []
    plats: list[frozenset[str]] = []
    places: list[tuple[str, ...]] = []
    inv_ptr = [0]
    inv_e: list[int] = []
    inv_r: list[int] = []
    for doc in docs:
        toks = doc_tokens(doc, tokenizer)
        counts = Counter(toks)
        ids = [vocab.setdefault(t, len(vocab)) for t in counts]
        rows_t.append(np.asarray(ids, dtype=np.int32))
        rows_f.append(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
        doc_ids.append(doc.id)
        lens.append(len(toks))
        days.append(_day(doc.date))
        plats.append(frozenset(doc.platforms))
        places.append(tuple(doc.places))
        seen: set[int] = set()
        for eid, role in doc.involvements:
            e = pos.get(eid)
            if e is None or e in seen:
                continue
            seen.add(e)
            inv_e.append(e)
            inv_r.append(ROLE_CODE.get(role, ROLE_CODE["mentioned"]))
        inv_ptr.append(len(inv_e))
    n = len(doc_ids)
    term_of = np.concatenate(rows_t) if rows_t else np.zeros(0, dtype=np.int32)
    tf_of = np.concatenate(rows_f) if rows_f else np.zeros(0, dtype=np.float32)
    doc_of = np.repeat(np.arange(n, dtype=np.int32), [len(r) for r in rows_t]) if n else term_of
    order = np.argsort(term_of, kind="stable")  # stable: each posting list stays in article order
    post_ptr = np.zeros(len(vocab) + 1, dtype=np.int64)
    np.cumsum(np.bincount(term_of, minlength=len(vocab)), out=post_ptr[1:])
    inv_entity = np.asarray(inv_e, dtype=np.int32)
    entity_docs = np.bincount(inv_entity, minlength=len(ents)).astype(np.int32)
    doc_len = np.asarray(lens, dtype=np.float32)
    bits: dict[str, int] = {}
    for ps in plats:
        for p in sorted(ps):
            bits.setdefault(p, len(bits))
    masks = np.array([sum(1 << bits[p] for p in ps) for ps in plats], dtype=np.int64)
    names: dict[str, list[int]] = {}
    for e in ents:
        for form in dict.fromkeys((e.name, *e.aliases)):
            names.setdefault(form, []).append(e.id)
    return MatchIndex(
        doc_ids=np.asarray(doc_ids, dtype=np.int64),
        doc_len=doc_len,
        doc_day=np.asarray(days, dtype=np.int32),
        doc_platforms=plats,
        doc_places=places,
        vocab=vocab,
        post_ptr=post_ptr,
        post_doc=doc_of[order].astype(np.int32),
        post_tf=tf_of[order],
        inv_ptr=np.asarray(inv_ptr, dtype=np.int64),
        inv_entity=inv_entity,
        inv_role=np.asarray(inv_r, dtype=np.int8),
        entities=ents,
        entity_docs=entity_docs,
        entity_person=np.array([e.kind == "person" for e in ents], dtype=bool),
        entity_network=np.array(
            [e.kind == "org" and e.name.endswith(NETWORK_SUFFIXES) for e in ents], dtype=bool
        ),
        doc_platform_bits=masks,
        platform_bits=bits,
        name_ids={k: tuple(v) for k, v in names.items()},
        newest=max(days, default=0),
        generation=generation,
        avgdl=float(doc_len.mean()) if n else 1.0,
        entity_pos=pos,
    )
