"""Search: a user's query → ranked, highlighted hits with facet counts, on either backend.

Backend-neutral: the SQL lives in `kexie.store.find`; this module validates the query,
turns filter names into entity ids, fetches the page's articles, names the facet values,
and cuts the highlighted snippets (HTML-escaped text, `<mark>` around every hit).
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from datetime import date

import orjson
from sqlalchemy import select

from .errors import ConfigError
from .store import tables as t
from .store.archive import Archive
from .store.dbapi import Cursor
from .store.filters import Filters
from .store.find import Facets, Finder, Hits
from .store.fulltext import ParsedQuery, parse_query
from .store.reads import entity_ids
from .store.views import SearchHit, SearchQuery, SearchResult

# The hits (ids, total) and facet counts of recent searches, per archive generation (any write
# makes them stale): paging through results, or the same search again, enumerates nothing twice.
RESULT_CACHE_SIZE = 128
_RESULTS: OrderedDict[tuple, tuple[Hits, Facets]] = OrderedDict()
_RESULTS_LOCK = threading.Lock()

SNIPPET_CHARS = 120  # characters of body text shown per hit
SNIPPET_LEAD = 30  # characters kept before the first hit
MAX_PER_PAGE = 100


def _remember(key: tuple, value: tuple[Hits, Facets]) -> None:
    with _RESULTS_LOCK:
        _RESULTS[key] = value
        _RESULTS.move_to_end(key)
        while len(_RESULTS) > RESULT_CACHE_SIZE:
            _RESULTS.popitem(last=False)


def clear_cache() -> None:
    """Forget cached totals and facets (benchmarks measuring cold searches)."""
    with _RESULTS_LOCK:
        _RESULTS.clear()


def _check(q: SearchQuery) -> None:
    for name in ("date_from", "date_to"):
        v = getattr(q, name)
        if v:
            try:
                date.fromisoformat(v)
            except ValueError:
                raise ConfigError(f"not a date (yyyy-mm-dd): {v!r}", subject=name) from None
    if q.sort not in ("relevance", "date"):
        raise ConfigError(f"must be relevance or date, not {q.sort!r}", subject="sort")
    if q.page < 1:
        raise ConfigError(f"must be 1 or more, not {q.page}", subject="page")
    if not 1 <= q.per_page <= MAX_PER_PAGE:
        raise ConfigError(f"must be between 1 and {MAX_PER_PAGE}, not {q.per_page}", subject="per_page")


def _highlighter(pq: ParsedQuery) -> re.Pattern[str] | None:
    words = pq.highlights()
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None


def snippet(text: str, pq: ParsedQuery, length: int = SNIPPET_CHARS) -> tuple[str, str]:
    """(HTML with <mark>, plain text) of the part of `text` around the first query hit."""
    return _snippet(text, _highlighter(pq), length)


def _snippet(text: str, rx: re.Pattern[str] | None, length: int = SNIPPET_CHARS) -> tuple[str, str]:
    first = rx.search(text) if rx else None
    start = max(0, first.start() - SNIPPET_LEAD) if first else 0
    end = min(len(text), start + length)
    part = text[start:end]
    pre = "…" if start > 0 else ""
    post = "…" if end < len(text) else ""
    out: list[str] = []
    pos = 0
    if rx:
        for m in rx.finditer(part):
            out.append(html.escape(part[pos : m.start()]))
            out.append(f"<mark>{html.escape(m.group(0))}</mark>")
            pos = m.end()
    out.append(html.escape(part[pos:]))
    return pre + "".join(out) + post, pre + part + post


def _in(ids: Iterable[int]) -> str:
    """An `IN` list of integers written into the SQL (ids from the database, never user text)."""
    return ",".join(str(int(i)) for i in ids)


def _names(cur: Cursor, facets: Facets) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """Entity and document facet keys (ids) → display names; the ids kept for links."""
    ent_ids = {i for name in ("org", "person", "place") for i in facets.counts[name]}
    doc_ids = set(facets.counts["document"])
    names: dict[int, str] = {}
    if ent_ids:
        names = dict(cur.rows(f"SELECT id, name FROM entities WHERE id IN ({_in(ent_ids)})"))
    docs: dict[int, str] = {}
    if doc_ids:
        docs = dict(cur.rows(f"SELECT id, name FROM documents WHERE id IN ({_in(doc_ids)})"))
    out: dict[str, dict[str, int]] = {}
    ids: dict[str, dict[str, int]] = {}
    for facet, counts in facets.counts.items():
        if facet in ("org", "person", "place", "document"):
            lookup = docs if facet == "document" else names
            named: dict[str, int] = {}
            idmap: dict[str, int] = {}
            for key, n in counts.items():
                label = lookup.get(key, str(key))
                if label in named:  # two persons of one name: show both, told apart by id
                    label = f"{label}#{key}"
                named[label] = n
                idmap[label] = key
            out[facet], ids[facet] = named, idmap
        else:
            out[facet] = {str(k): v for k, v in counts.items()}
    return out, ids


def run(archive: Archive, q: SearchQuery) -> SearchResult:
    _check(q)
    t0 = time.perf_counter()
    pq = parse_query(q.q or "")
    with archive.read() as conn:
        f = Filters(
            date_from=q.date_from,
            date_to=q.date_to,
            year=q.year,
            event_type=q.event_type or None,
            platform=q.platform or None,
            section=q.section or None,
            document=q.document,
        )
        for name, typ in (("org", "ORG"), ("person", "PER"), ("place", "LOC")):
            value = getattr(q, name)
            if value not in (None, ""):
                setattr(f, name, entity_ids(conn, value, typ, archive.settings))
        finder = Finder(conn, archive.sqlite)
        cur = Cursor(conn)
        gen = cur.value("SELECT generation FROM archive_state")  # Archive.generation, without Core
        key = (archive.settings.db_url, gen, repr(pq.terms), repr(f))
        cached = _RESULTS.get(key)
        if cached is None:
            found = _browse_hits(archive, conn, finder, f) if pq.empty else finder.hits(pq, f)
            facets = _cached_facets(archive, conn, finder, pq, f, found)
            _remember(key, (found, facets))
        else:
            found, facets = cached
        page = finder.page(pq, f, found, q.sort, q.per_page, (q.page - 1) * q.per_page)
        named, ids = _names(cur, facets)
        hits = _hits(cur, page.ids, pq)
        cur.close()
    return SearchResult(
        total=found.total,
        hits=hits,
        facets=named,
        facets_exact=facets.exact,
        total_exact=found.exact,
        page=q.page,
        per_page=q.per_page,
        took_ms=(time.perf_counter() - t0) * 1000,
        facet_ids=ids,
    )


def _browse_hits(archive: Archive, conn, finder: Finder, f: Filters) -> Hits:
    """Browsing (no query): the count of articles passing the filters, exact (indexes answer it);
    the whole archive's count is kept with its facets, per generation."""
    if f.empty():
        row = _stored_facets(archive, conn)
        if row is not None and "total" in row:
            return Hits(row["total"], True)
    return Hits(finder.count(f), True)


def _stored_facets(archive: Archive, conn) -> dict | None:
    row = conn.execute(
        select(t.facet_cache.c.generation, t.facet_cache.c.value).where(t.facet_cache.c.key == "all")
    ).first()
    if row and row[0] == archive.generation(conn):
        return json.loads(row[1])
    return None


def _cached_facets(
    archive: Archive, conn, finder: Finder, pq: ParsedQuery, f: Filters, found: Hits
) -> Facets:
    """The unfiltered archive's facets (and count) are kept in the database per generation (the
    browse page); others are counted per query."""
    if not (pq.empty and f.empty()):
        return finder.facets(pq, f, found)
    data = _stored_facets(archive, conn)
    if data is not None:
        counts = {
            k: ({int(i): n for i, n in v.items()} if k in ("org", "person", "place", "document") else v)
            for k, v in data["counts"].items()
        }
        return Facets(counts, data["exact"])
    facets = finder.facets(pq, f, found)
    gen = archive.generation(conn)
    archive.cache_facets("all", gen, {"counts": facets.counts, "exact": facets.exact, "total": found.total})
    return facets


def _hits(cur: Cursor, ids: list[tuple[int, float]], pq: ParsedQuery) -> list[SearchHit]:
    if not ids:
        return []
    rows = {
        r[0]: r
        for r in cur.rows(
            "SELECT a.id, a.title, a.date, a.record, a.document_id, d.name FROM articles a "
            f"JOIN documents d ON d.id = a.document_id WHERE a.id IN ({_in(i for i, _ in ids)})"
        )
    }
    hits = []
    rx = _highlighter(pq)  # once per page, not per hit
    for aid, score in ids:
        r = rows.get(aid)
        if r is None:
            continue
        body = " ".join(orjson.loads(r[3]).get("paragraphs", []))
        snip_html, snip_text = _snippet(body, rx)
        hits.append(SearchHit(aid, r[1], r[2], snip_html, round(score, 4), r[5], r[4], snip_text))
    return hits
