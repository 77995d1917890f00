"""Chinese full-text search behind one interface: SQLite FTS5 and PostgreSQL tsvector/GIN.

Tokens are computed here, in Python, identically for both backends (no server extension):

* `title` / `body` streams: every run of Han characters becomes its character bigrams (a lone
  character stays a unigram); every run of other letters or digits one lower-cased token. Any
  substring of two or more characters a user types — including names no dictionary knows — is
  then found as a phrase of consecutive bigrams, and punctuation breaks phrases as it should.
* `words` stream: jieba's search-mode words (two or more Han characters), computed by rjieba
  (jieba-rs: the same dictionary and algorithm, the same words, ~15× faster). They never decide
  whether an article matches (the bigram phrase does); a whole-word hit only raises its rank,
  so 科协 in "市科协" ranks above the accidental 科协 inside "理科协同".

User input never reaches a query parser as syntax: `parse_query` keeps only letters and digits
of each term, and the backend query is assembled from those tokens, each quoted. Quotes, `*`,
`-`, NEAR, OR, parentheses and backslashes are therefore searched as text (or ignored, when
they are punctuation), never a syntax error.

Ranking: FTS5 bm25 with column weights / PostgreSQL ts_rank with weights (title A > words B >
body D): a title hit outranks a body hit.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zlib
from collections import defaultdict
from dataclasses import dataclass, field

import rjieba

# Column weights. bm25: larger is more important. ts_rank: {D, C, B, A}.
FTS5_WEIGHTS = (10.0, 1.0, 3.0)  # title, body, words
PG_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
PG_MAX_POS = 16383  # PostgreSQL's largest tsvector position; later tokens share it

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"([{_HAN}]+)|([^\W_{_HAN}]+)")
_HAN_WORD = re.compile(rf"[{_HAN}]{{2,}}")  # an index word: two or more Han characters


def normalize(text: str) -> str:
    """Width and case folding applied to indexed text and queries alike."""
    return unicodedata.normalize("NFKC", text).lower()


def runs(text: str) -> list[tuple[bool, str]]:
    """(is_han, run) for every run of Han characters or of other letters/digits, in order."""
    return [(bool(m.group(1)), m.group(0)) for m in _RUN.finditer(normalize(text))]


def gram_tokens(text: str) -> list[str]:
    """The title/body token stream: Han bigrams (unigram for a lone character), other words whole."""
    return _grams(normalize(text))


def _grams(norm: str) -> list[str]:
    """`gram_tokens` of normalized text."""
    out: list[str] = []
    add = str.__add__
    for m in _RUN.finditer(norm):
        run = m.group(0)
        if m.group(1) and len(run) > 1:
            out += map(add, run[:-1], run[1:])  # each character with the next, in C
        else:
            out.append(run)
    return out


def word_tokens(text: str) -> list[str]:
    """jieba search-mode words (without HMM) of two or more Han characters.

    rjieba gives word for word what `jieba.cut_for_search(text, HMM=False)` gives (the same
    dictionary; tests/store/test_fulltext.py compares them) at a fifteenth of the cost: it was
    a third of the ingest time.
    """
    return _words(normalize(text))


def _words(norm: str) -> list[str]:
    """`word_tokens` of normalized text."""
    # One call over the whole text (per-run calls cost more); keep the Han words (filtered in C:
    # a Python-level test per token cost more than the segmentation).
    return list(filter(_HAN_WORD.fullmatch, rjieba.cut_for_search(norm, False)))


@dataclass(slots=True)
class Tokens:
    title: list[str]
    body: list[str]
    words: list[str]

    def pack(self) -> bytes:
        return zlib.compress(json.dumps([self.title, self.body, self.words], ensure_ascii=False).encode(), 3)

    @staticmethod
    def unpack(data: bytes) -> Tokens:
        t, b, w = json.loads(zlib.decompress(data))
        return Tokens(t, b, w)

    def tsvector(self) -> str:
        """A PostgreSQL tsvector literal: title weight A, body D, words B; gaps keep phrases apart."""
        pos: dict[str, list[str]] = defaultdict(list)
        p = 1
        for weight, stream in (("A", self.title), ("D", self.body), ("B", self.words)):
            for tok in stream:
                pos[tok].append(f"{min(p, PG_MAX_POS)}{weight}")
                p += 1
            p += 2
        # PostgreSQL keeps at most 256 positions per lexeme
        return " ".join(f"'{tok}':{','.join(ps[:256])}" for tok, ps in pos.items())


def tokenize_article(title: str, paragraphs: list[str]) -> Tokens:
    # normalized once: NFKC and lower() act within a line, so the joined text normalizes piecewise
    title, body = normalize(title), normalize("\n".join(paragraphs))
    return Tokens(_grams(title), _grams(body), _words(title + "\n" + body))


# ---------------------------------------------------------------- queries


@dataclass(slots=True)
class Term:
    """One thing the user asked for: a word or a quoted phrase, reduced to index tokens."""

    text: str  # as typed (for highlighting)
    grams: list[str]  # the consecutive title/body tokens it must match
    prefix: bool = False  # the last gram is a lone Han character: match it as a prefix
    word: str | None = None  # the jieba word to boost, when the term is one Han run


@dataclass(slots=True)
class ParsedQuery:
    terms: list[Term] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.terms

    def highlights(self) -> list[str]:
        """Substrings to mark in snippets: each term as typed, and its Han/alnum runs."""
        out: list[str] = []
        for t in self.terms:
            parts = [r for _, r in runs(t.text)]
            out.append("".join(parts) if len(parts) > 1 else t.text)
            out.extend(parts)
        return sorted({normalize(h) for h in out if h}, key=len, reverse=True)


_QUOTED = re.compile(r'"([^"]*)"|(\S+)')
_HAN_GAP = re.compile(rf"(?<=[{_HAN}])\s+(?=[{_HAN}])")


def parse_query(q: str) -> ParsedQuery:
    """Words and "quoted phrases" → terms; everything that is not a letter or digit is dropped.

    A phrase's words are joined (Chinese is written without spaces), so "北京 科协" finds 北京科协.
    An unbalanced quote is treated as a plain character.
    """
    q = q.replace("\u201c", '"').replace("\u201d", '"')
    if q.count('"') % 2:
        q = q.replace('"', " ")
    terms: list[Term] = []
    for m in _QUOTED.finditer(q):
        raw = m.group(1) if m.group(1) is not None else m.group(2)
        if m.group(1) is not None:
            raw = _HAN_GAP.sub("", raw)
        parts = runs(raw)
        if not parts:
            continue
        grams: list[str] = []
        prefix = False
        for i, (han, run) in enumerate(parts):
            if han and len(run) > 1:
                grams.extend(run[j : j + 2] for j in range(len(run) - 1))
            else:
                grams.append(run)
                prefix = han and i == len(parts) - 1
        word = parts[0][1] if len(parts) == 1 and parts[0][0] and len(parts[0][1]) > 1 else None
        text = raw.strip()
        terms.append(Term(text=text, grams=grams, prefix=prefix, word=word))
    return ParsedQuery(terms)


def fts5_phrase(t: Term) -> str:
    """One term as an FTS5 phrase of its grams (quoted; a trailing lone Han character a prefix)."""
    return '"' + " ".join(t.grams) + '"' + ("*" if t.prefix else "")


def fts5_match(pq: ParsedQuery, boost: bool = True) -> str:
    """The FTS5 MATCH expression for a parsed query (every token quoted; tokens hold no quotes).

    `boost=False` leaves out the jieba-word alternatives: they never change which articles match
    (a word of the `words` stream is a run of the text, so its bigram phrase is in title or body)
    and only raise the rank, so counting and sampling read one doclist per gram instead of two.
    """
    parts = []
    for t in pq.terms:
        expr = "{title body}: " + fts5_phrase(t)
        if boost and t.word:
            expr = f'({expr} OR words: "{t.word}")'
        parts.append(expr)
    return " AND ".join(parts)


def fts5_columns(t: Term) -> dict[str, str]:
    """Per-column MATCH expressions of one term (title, body, and words when it has a word)."""
    out = {"title": "title: " + fts5_phrase(t), "body": "body: " + fts5_phrase(t)}
    if t.word:
        out["words"] = f'words: "{t.word}"'
    return out


def pg_tsquery(pq: ParsedQuery, boost: bool = True) -> str:
    """The tsquery literal for a parsed query: bigram phrases on weights A/D, word boost on B.

    `boost=False` (matching only): a one-token term loses its weights — A/D or B covers every
    position it can have (B words are runs of the title/body text), so the set matched is the same
    and the GIN index answers it without rechecking each row's tsvector; phrases keep A/D.
    """
    parts = []
    for t in pq.terms:
        toks = [f"'{g}':AD" for g in t.grams]
        if t.prefix:
            toks[-1] = f"'{t.grams[-1]}':*AD"
        if not boost and len(toks) == 1:
            parts.append(f"'{t.grams[0]}':*" if t.prefix else f"'{t.grams[0]}'")
            continue
        expr = " <-> ".join(toks)
        if boost and t.word:
            expr = f"( {expr} | '{t.word}':B )"
        elif len(toks) > 1:
            expr = f"( {expr} )"
        parts.append(expr)
    return " & ".join(parts)


__all__ = [
    "FTS5_WEIGHTS",
    "PG_WEIGHTS",
    "ParsedQuery",
    "Term",
    "Tokens",
    "fts5_columns",
    "fts5_match",
    "fts5_phrase",
    "gram_tokens",
    "normalize",
    "parse_query",
    "pg_tsquery",
    "tokenize_article",
    "word_tokens",
]
