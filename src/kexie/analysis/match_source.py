"""Where the matching index comes from: the archive (cached per generation), or plain articles.

Building reads every article once (at 100k articles, seconds), so the index is kept in the
process and, beside a SQLite archive, in a cache file; both are keyed by the archive's
generation, which every write bumps, so a stale index is never used.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from ..model import Article
from ..store import matching_queries as q
from ..store.archive import Archive
from .match import ArticleText, Fetch
from .match_index import DocInput, EntityInfo, MatchIndex, build_index, latin_words
from .match_roles import roles
from .synonyms import default_lexicon

CACHE_SUFFIX = ".match-index"
CACHE_VERSION = 3  # bump when MatchIndex changes shape
_lock = threading.Lock()
_memory: dict[str, MatchIndex] = {}


def _entities(rows: Iterable[q.MatchEntityRow]) -> list[EntityInfo]:
    return [
        EntityInfo(r.id, r.name, "org" if r.type == "ORG" else "person", aliases=tuple(r.aliases))
        for r in rows
    ]


def doc_from_row(row: q.MatchRow, unit_ids: Mapping[str, int]) -> DocInput:
    """An archive article as a DocInput: roles from its mentions, titles and attribution."""
    attribution = [unit_ids[u] for u in row.attribution if u in unit_ids]
    found = roles(row.title, row.paragraphs, row.mentions, row.titles, attribution)
    for eid, _typ in row.entities:  # linked without a mention (e.g. named only in the attribution)
        found.setdefault(eid, "mentioned")
    tokens = None
    if row.words is not None:  # the stored jieba words, and the letter/digit words of the text
        tokens = (*row.words, *(w for t in (row.title, *row.paragraphs) for w in latin_words(t)))
    return DocInput(
        id=row.id,
        title=row.title,
        paragraphs=tuple(row.paragraphs),
        date=row.date,
        platforms=tuple(row.platforms),
        places=tuple(row.places),
        involvements=tuple((int(e), r) for e, r in found.items()),
        tokens=tokens,
    )


def _with_places(ents: list[EntityInfo], places: Iterable[str]) -> list[EntityInfo]:
    """An organization's place is the one its name starts with (平谷区科协 → 平谷区): the longest
    known place name that is a prefix, looked up per prefix length (not per place)."""
    known = {p for p in places if len(p) >= 2}
    longest = max((len(p) for p in known), default=0)
    out = []
    for e in ents:
        own = ()
        if e.kind == "org":
            for k in range(min(longest, len(e.name) - 1), 1, -1):
                if e.name[:k] in known:
                    own = (e.name[:k],)
                    break
        out.append(replace(e, places=own) if own else e)
    return out


def build_from_archive(archive: Archive) -> MatchIndex:
    with archive.read() as conn:
        gen = q.generation(conn)
        erows = q.entity_rows(conn)
        unit_ids: dict[str, int] = {}
        for r in erows:
            if r.type == "ORG":
                for form in (r.name, *r.aliases):
                    unit_ids.setdefault(form, r.id)
        docs: list[DocInput] = []
        titles: dict[int, Counter[str]] = {}
        for row in q.match_rows(conn, archive.sqlite):
            docs.append(doc_from_row(row, unit_ids))
            for pid, ts in row.titles.items():
                titles.setdefault(pid, Counter()).update(ts)
    ents = [
        replace(e, titles=tuple(t for t, _ in titles[e.id].most_common(3))) if e.id in titles else e
        for e in _entities(erows)
    ]
    places = {p for d in docs for p in d.places}
    index = build_index(docs, _with_places(ents, places), generation=gen)
    index.warm(default_lexicon().by_term)
    return index


def _cache_path(archive: Archive) -> Path | None:
    url = archive.settings.db_url
    if not archive.sqlite or ":memory:" in url or not url.startswith("sqlite:///"):
        return None
    return Path(url.removeprefix("sqlite:///") + CACHE_SUFFIX)


def index_for(archive: Archive) -> MatchIndex:
    """The current index of this archive: from memory, the cache file, or built (and saved)."""
    with archive.read() as conn:
        gen = q.generation(conn)
    key = archive.settings.db_url
    with _lock:
        idx = _memory.get(key)
        if idx is not None and idx.generation == gen:
            return idx
        path = _cache_path(archive)
        idx = _load(path, gen) if path else None
        if idx is None:
            idx = build_from_archive(archive)
            if path:
                _save(path, idx)
        _memory[key] = idx
        return idx


def _load(path: Path, gen: int) -> MatchIndex | None:
    try:
        with path.open("rb") as f:
            version, stored_gen, idx = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, TypeError):
        return None
    return idx if version == CACHE_VERSION and stored_gen == gen else None


def _save(path: Path, idx: MatchIndex) -> None:
    """Write then rename, so a reader never sees half a file; a read-only folder just skips it."""
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as f:
            pickle.dump((CACHE_VERSION, idx.generation, idx), f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


def fetch_from(archive: Archive) -> Fetch:
    """The `fetch` callback of `match.match`: article texts from the archive."""

    def fetch(ids: Sequence[int]) -> dict[int, ArticleText]:
        with archive.read() as conn:
            rows = q.article_texts(conn, ids)
        return {i: ArticleText(ti, tuple(ps), d, tuple(pl)) for i, (ti, ps, d, pl) in rows.items()}

    return fetch


# ---------------------------------------------------------------- plain articles (tests, benchmarks)


def docs_from_articles(articles: Iterable[Article], ids: dict[tuple[str, str], int]) -> Iterator[DocInput]:
    """Articles with gold annotations as DocInputs; entities keyed by (type, name) in `ids`,
    which grows as new names are seen (ids from 1)."""

    def eid(typ: str, name: str) -> int:
        return ids.setdefault((typ, name), len(ids) + 1)

    for n, a in enumerate(articles, 1):
        alias = {al: o.name for o in a.orgs for al in o.aliases}
        mentions = [
            (
                eid(m.type, alias.get(m.entity or m.text, m.entity or m.text)),
                m.type,
                m.paragraph,
                m.start,
                m.end,
            )
            for m in a.mentions
            if m.type in ("ORG", "PER")
        ]
        titles = {eid("PER", p.name): p.titles for p in a.persons}
        attribution = [eid("ORG", alias.get(u, u)) for u in a.attribution]
        found = roles(a.title, a.paragraphs, mentions, titles, attribution)
        for o in a.orgs:
            found.setdefault(eid("ORG", o.name), "mentioned")
        yield DocInput(
            id=n,
            title=a.title,
            paragraphs=tuple(a.paragraphs),
            date=a.date,
            platforms=tuple(a.platforms),
            places=tuple(p.name for p in a.locations),
            involvements=tuple((int(e), r) for e, r in found.items()),  # type: ignore[call-overload]
        )


def index_from_articles(articles: Sequence[Article]) -> tuple[MatchIndex, dict[int, ArticleText]]:
    """An index over plain articles (ids 1..n in order) and their texts, for tests and benchmarks."""
    ids: dict[tuple[str, str], int] = {}
    docs = list(docs_from_articles(articles, ids))
    ents = [EntityInfo(i, name, "org" if typ == "ORG" else "person") for (typ, name), i in ids.items()]
    places = {p for d in docs for p in d.places}
    texts = {d.id: ArticleText(d.title, d.paragraphs, d.date, d.platforms) for d in docs}
    index = build_index(docs, _with_places(ents, places))
    index.warm(default_lexicon().by_term)
    return index, texts
