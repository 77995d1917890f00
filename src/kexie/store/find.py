"""Search inside the archive: which articles a query hits, their page, and facet counts.

Backend-specific SQL lives here and only here; `kexie.search` composes it (and builds snippets).

Bounded cost. Counting, ranking and faceting every hit costs time in proportion to the hits, and a
common term (科协) hits most of a million articles. So, as search engines do (Elasticsearch's
`track_total_hits`), a search is exact only while it is small:

* **Exact** (every test, every small archive, every rare term): when the full-text index holds at
  most `EXACT_CAP` matches of the query (SQLite: read from the newest `EXACT_CAP` matches; PostgreSQL:
  estimated from the sample below), the hits are enumerated ONCE, as ids, and counted, faceted and
  paged from that list.
* **Sampled**: otherwise the hits are read only inside `SAMPLE_BLOCKS` id ranges spread evenly over
  the archive (one per block, the last ending at the newest article: `sample_ranges`), of a total
  width chosen to hold about `EXACT_CAP` matches (PostgreSQL: `PG_SAMPLE` ids first). FTS5 seeks inside its doclists to a rowid range, and
  PostgreSQL reads a primary-key range, so the cost is that of the sample, not of the hits. The total
  is the sample's hits scaled to the whole id space, facets are counted on (a stride of) the sample
  and scaled, relevance ranks the newest `RANK_WINDOW` sampled hits; the result says it is
  approximate (`total_exact` / `facets_exact` False). A sample that would cover half the archive
  or more reads all of it instead (no dearer, and exact). A filter so selective that the sample
  holds fewer than `MIN_SAMPLE_HITS` hits is answered exactly on SQLite by intersecting the
  query's matches with the filter's articles, each listed from its own index, while the two
  lists hold at most `INTERSECT_CAP` ids; beyond, it widens the sample (×4, at most `MAX_WIDEN` times).
* **Browsing** (filters, no query): counts are exact (indexes answer them); above `FACET_EXACT`
  articles the facets come from id ranges the same way, and the page walks the date index.

Ranking: SQLite's bm25() first counts, over the WHOLE index, the rows holding each phrase of the
query (its IDF) — a full doclist walk per term. It is used while every term has at most
`EXACT_CAP` matches; beyond, the window is ranked by BM25F with k1 = 0 (binary term frequency):
Σ over terms of idf × (title 10, words 3, body 1 for each column the term is in), the IDF from the
term's estimated document frequency — title hits still outrank body hits. PostgreSQL's ts_rank has
no IDF and reads each ranked row's tsvector, so it ranks the window as it is.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any

import orjson
from sqlalchemy import Connection

from .facets import Facets, count_facets
from .filters import Filters, filter_sql
from .fulltext import FTS5_WEIGHTS, PG_WEIGHTS, ParsedQuery, fts5_columns, fts5_match, pg_tsquery
from .sampling import bind_range, bind_ranges, ids_covered, sample_ranges

EXACT_CAP = 5_000  # matches a search enumerates exactly; beyond, it samples
PG_EXACT_CAP = 1_500  # PostgreSQL rechecks each match's tsvector (~5 µs): a smaller budget
PG_EXACT_CAP_GIN = 8_000  # ... when no term is a phrase: GIN answers those without any recheck
PG_SAMPLE = 2_000  # ids PostgreSQL samples first (each one's tsvector rechecked, ~5-10 µs)
PG_MIN_SAMPLE_HITS = 50
PG_FACET_EXACT = 500  # PostgreSQL reads each faceted hit's row and links by key: a smaller stride
PG_SAMPLE_BLOCKS = 64  # PostgreSQL's first sample is small (PG_SAMPLE ids): more, shorter ranges
MIN_SAMPLE_HITS = 100  # fewer sampled hits: widen the sample (or intersect, below)
MAX_WIDEN = 2
INTERSECT_CAP = 50_000  # ids listed (matches + filtered articles) to answer a selective filter exactly
INTERSECT_MIN = 200  # hits to filter from which intersecting may pay ...
INTERSECT_RATIO = 20  # ... when the filters pass at most this many times as many articles
FACET_EXACT = 500  # hits faceted exactly; beyond, a stride of about this many
RANK_WINDOW = 300  # hits ranked by relevance (the newest)
PG_RANK_WINDOW = 300  # ts_rank reads each ranked row's tsvector
COLUMN_WEIGHTS = {"title": FTS5_WEIGHTS[0], "body": FTS5_WEIGHTS[1], "words": FTS5_WEIGHTS[2]}


@dataclass(slots=True)
class Hits:
    """The hits of a query, as counted: all of them, or those inside a sample of id ranges."""

    total: int  # exact, or estimated from the sample
    exact: bool
    ids: list[int] | None = None  # hit ids, newest first (all hits, or the sample's); None: browse
    ranges: list[tuple[int, int]] | None = None  # the sample's id ranges (None: every id)
    span: tuple[int, int] = (0, 0)  # lowest and highest article id
    bm25: bool = True  # SQLite: bm25() affordable (every term within EXACT_CAP matches)


@dataclass(slots=True)
class Page:
    total: int
    ids: list[tuple[int, float]]  # (article id, score)


_PG_SQL: dict[str, str] = {}
_PARAM = re.compile(r"(?<![:\w]):(\w+)")


def _pg_sql(sql: str) -> str:
    """`:name` parameters as psycopg's `%(name)s` (statements are built from a few shapes: cached)."""
    out = _PG_SQL.get(sql)
    if out is None:
        out = _PARAM.sub(r"%(\1)s", sql.replace("%", "%%"))
        if len(_PG_SQL) < 4096:
            _PG_SQL[sql] = out
    return out


class Finder:
    """The SQL of one backend.

    Statements run on the driver cursor of the read's transaction (as store/dbapi.py does for the
    ingest): a search reads up to ~10,000 ids in a few statements, and SQLAlchemy's per-statement
    compile and per-row fetch wrapping cost more than SQLite's own work. sqlite3 takes `:name`
    parameters as written; psycopg gets them as `%(name)s`.

    Joins from the full-text matches to `articles` are written CROSS JOIN: SQLite then keeps the
    match as the outer loop instead of probing the index once per article (PostgreSQL plans
    CROSS JOIN + WHERE like an inner join).
    """

    def __init__(self, conn: Connection, sqlite: bool) -> None:
        self.conn = conn
        self.sqlite = sqlite
        self._cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]

    def _rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple]:
        cur = self._cur
        cur.execute(sql if self.sqlite else _pg_sql(sql), params or {})
        return cur.fetchall()

    def _column(self, sql: str, params: dict[str, Any] | None = None) -> list[Any]:
        return [r[0] for r in self._rows(sql, params)]

    def _one(self, sql: str, params: dict[str, Any] | None = None) -> tuple:
        return self._rows(sql, params)[0]

    def _ids(self, sql: str, params: dict[str, Any]) -> list[int]:
        """The integer column `id` of `sql`, in no promised order. SQLite hands the list over as one
        JSON array: a row per id through the driver costs more than finding it (5,000 ids from
        FTS5: 1.3 ms as rows, 0.5 ms as one array)."""
        if not self.sqlite:
            return self._column(sql, params)
        return orjson.loads(self._one(f"SELECT json_group_array(id) FROM ({sql})", params)[0])

    # ------------------------------------------------------------ which articles

    @property
    def _articles(self) -> str:
        """`articles a` for lookups by id: SQLite is told to read the narrow covering index (0007)."""
        return "articles a INDEXED BY ix_articles_search_cover" if self.sqlite else "articles a"

    def span(self) -> tuple[int, int]:
        # two subqueries: SQLite answers a lone min() or max() from the key, but not both in one
        lo, hi = self._one("SELECT (SELECT min(id) FROM articles), (SELECT max(id) FROM articles)")
        return (lo or 0, hi or 0)

    def _ids_param(self, ids: list[int], params: dict[str, Any], name: str = "ids") -> str:
        """A condition `a.id IN <ids>` bound as one parameter (JSON array / integer array)."""
        if self.sqlite:
            params[name] = "[" + ",".join(map(str, ids)) + "]"
            return f"a.id IN (SELECT value FROM json_each(:{name}))"
        params[name] = ids
        return f"a.id = ANY(:{name})"

    def _match_ids(self, pq: ParsedQuery, f: Filters, ranges: list[tuple[int, int]] | None) -> list[int]:
        """Ids (newest first) of the hits: all of them, or those inside `ranges`."""
        params: dict[str, Any] = {}
        where = filter_sql(f, params, per_hit=True)
        if self.sqlite:
            params["m"] = fts5_match(pq, boost=False)
            if ranges is None:
                inner = "SELECT rowid AS id FROM article_fts WHERE article_fts MATCH :m"
            else:
                parts = bind_ranges(
                    ranges,
                    params,
                    "SELECT rowid AS id FROM article_fts WHERE article_fts MATCH :m AND rowid BETWEEN {}",
                )
                inner = " UNION ALL ".join(parts)
            if where:
                sql = (
                    f"SELECT h.id FROM ({inner}) h CROSS JOIN {self._articles} WHERE a.id = h.id AND {where}"
                )
            else:
                sql = f"SELECT id FROM ({inner})"
        else:
            params["q"] = pg_tsquery(pq, boost=False)
            if ranges is None:
                cond = "a.tsv @@ CAST(:q AS tsquery)"
            else:
                ors = bind_ranges(ranges, params, "a.id BETWEEN {}")
                # the function, not the operator: no GIN bitmap of every match, only the ranges' rows
                cond = f"({' OR '.join(ors)}) AND ts_match_vq(a.tsv, CAST(:q AS tsquery))"
            sql = f"SELECT a.id FROM articles a WHERE {cond}" + (f" AND {where}" if where else "")
        ids = self._ids(sql, params)
        ids.sort(reverse=True)
        return ids

    def _pg_sample(
        self, pq: ParsedQuery, f: Filters, ranges: list[tuple[int, int]], raw: bool
    ) -> tuple[int, list[int]]:
        """PostgreSQL: (matches inside `ranges` whatever the filters, when `raw`; ids of those
        passing the filters). Without `raw`, the filters come first in the WHERE (PostgreSQL keeps
        the written order of equally cheap conditions), so only rows passing them are rechecked."""
        params: dict[str, Any] = {"q": pg_tsquery(pq, boost=False)}
        where = filter_sql(f, params, per_hit=True) or "TRUE"
        ors = bind_ranges(ranges, params, "a.id BETWEEN {}")
        match = "ts_match_vq(a.tsv, CAST(:q AS tsquery))"
        if raw:
            sql = f"SELECT a.id, CASE WHEN {where} THEN 1 ELSE 0 END FROM articles a WHERE ({' OR '.join(ors)}) AND {match}"
        else:
            sql = f"SELECT a.id, 1 FROM articles a WHERE ({' OR '.join(ors)}) AND {where} AND {match}"
        rows = self._rows(sql, params)
        return len(rows), sorted((r[0] for r in rows if r[1]), reverse=True)

    def _newest(self, expr: str) -> list[int]:
        """SQLite: ids of the newest EXACT_CAP matches of `expr`, newest first."""
        sql = "SELECT rowid AS id FROM article_fts WHERE article_fts MATCH :m ORDER BY rowid DESC LIMIT :cap"
        ids = self._ids(sql, {"m": expr, "cap": EXACT_CAP})
        ids.sort(reverse=True)
        return ids

    def _filtered(self, ids: list[int], f: Filters) -> list[int]:
        """The ids (newest first) passing the filters."""
        params: dict[str, Any] = {}
        where = filter_sql(f, params, per_hit=True)
        if not where or not ids:
            return ids
        if len(ids) >= INTERSECT_MIN and self.count(f) <= min(INTERSECT_CAP, INTERSECT_RATIO * len(ids)):
            return self._passing(ids, f)
        sql = f"SELECT a.id FROM {self._articles} WHERE {self._ids_param(ids, params)} AND {where}"
        return sorted(self._ids(sql, params), reverse=True)

    def _probe(self, expr: str) -> tuple[int, int]:
        """SQLite: (matches among the newest EXACT_CAP of `expr`, lowest id among them)."""
        n, low = self._one(
            "SELECT count(*), min(id) FROM (SELECT rowid AS id FROM article_fts "
            "WHERE article_fts MATCH :m ORDER BY rowid DESC LIMIT :cap)",
            {"m": expr, "cap": EXACT_CAP},
        )
        return n, (low or 0)

    def hits(self, pq: ParsedQuery, f: Filters) -> Hits:
        """The query's hits, exact when small, else from a sample of id ranges (module docstring)."""
        lo, hi = self.span()
        if hi == 0:
            return Hits(0, True, [], span=(0, 0))
        n = hi - lo + 1
        if not self.sqlite:
            return self._pg_hits(pq, f, lo, hi)
        newest = self._newest(fts5_match(pq, boost=False))
        if len(newest) < EXACT_CAP:  # every match: the hits are those passing the filters
            ids = self._filtered(newest, f)
            return Hits(len(ids), True, ids, span=(lo, hi), bm25=self._bm25_affordable(pq))
        width = hi - newest[-1] + 1  # ids holding about EXACT_CAP matches
        for step in range(MAX_WIDEN + 1):
            ranges = sample_ranges(lo, hi, width)
            covered = ids_covered(ranges)
            if covered * 2 >= n:  # most of the archive: reading all of it costs no more, and is exact
                covered = n
            ids = self._match_ids(pq, f, ranges if covered < n else None)
            if covered >= n:
                return Hits(len(ids), True, ids, span=(lo, hi), bm25=False)
            if len(ids) >= MIN_SAMPLE_HITS or step == MAX_WIDEN:
                break
            if step == 0 and not f.empty():
                exact = self._intersected(pq, f, round(EXACT_CAP * n / width))
                if exact is not None:
                    return Hits(len(exact), True, exact, span=(lo, hi), bm25=False)
            width *= 4
        return Hits(self._estimate(f, ranges, len(ids), n), False, ids, ranges, span=(lo, hi), bm25=False)

    def _intersected(self, pq: ParsedQuery, f: Filters, matches: int) -> list[int] | None:
        """SQLite, a selective filter on a common query (the sample held too few hits): the
        query's matches and the filter's articles, each listed once from its own index and
        intersected — exact, and cheaper than widening the sample until it holds enough hits
        (each widening reads 4× the ids, and checks each match against the filter by key).
        None when the two lists would exceed INTERSECT_CAP ids (`matches`: the estimated count)."""
        if matches > INTERSECT_CAP or matches + self.count(f) > INTERSECT_CAP:
            return None
        return self._passing(self._match_ids(pq, Filters(), None), f)

    def _passing(self, ids: list[int], f: Filters) -> list[int]:
        """The ids (newest first) passing the filters, by intersecting them with the filters'
        articles listed from their indexes (~0.1 µs an id, against ~2-3 µs an id checked by key)."""
        params: dict[str, Any] = {}
        if f.platform_only():
            sql = "SELECT article_id AS id FROM article_platforms WHERE platform = :platform"
            params["platform"] = f.platform
        else:
            sql = f"SELECT a.id FROM articles a WHERE {filter_sql(f, params)}"
        return sorted(set(ids).intersection(self._ids(sql, params)), reverse=True)

    def _pg_hits(self, pq: ParsedQuery, f: Filters, lo: int, hi: int) -> Hits:
        """PostgreSQL: a first sample of PG_EXACT_CAP ids tells the density; a query expected to
        match at most PG_EXACT_CAP articles is answered exactly through the GIN index."""
        n = hi - lo + 1
        width = PG_SAMPLE
        for step in range(MAX_WIDEN + 1):
            ranges = sample_ranges(lo, hi, width, PG_SAMPLE_BLOCKS)
            covered = ids_covered(ranges)
            if covered >= n:
                break
            raw, ids = self._pg_sample(pq, f, ranges, raw=step == 0)
            # single-token terms (no phrase) are answered by the GIN index alone, no recheck
            cap = PG_EXACT_CAP_GIN if all(len(t.grams) == 1 for t in pq.terms) else PG_EXACT_CAP
            if step == 0 and raw * n / covered <= cap:
                break
            if len(ids) >= PG_MIN_SAMPLE_HITS or step == MAX_WIDEN:
                return Hits(self._estimate(f, ranges, len(ids), n), False, ids, ranges, span=(lo, hi))
            width *= 4
        ids = self._match_ids(pq, f, None)
        return Hits(len(ids), True, ids, span=(lo, hi))

    def _estimate(self, f: Filters, ranges: list[tuple[int, int]], found: int, n: int) -> int:
        """The total from `found` hits inside `ranges`. Without filters: scaled to the id space.
        With one filter an index counts exactly (a year, a type, a platform, …), the sample gives
        the share of the filter's articles that match: a filter's articles cluster by id (a year
        is a stretch of ingestion), so scaling by the id space alone would be far off."""
        covered = ids_covered(ranges)
        active = {"date" if x.startswith("date_") else x for x in f.__slots__ if getattr(f, x) is not None}  # type: ignore[attr-defined]
        if len(active) != 1:  # none, or several (their joint count has no single index)
            return round(found * n / covered)
        params: dict[str, Any] = {}
        if f.platform_only():
            # one range of the (platform, article_id) index per sampled range, instead of a
            # primary-key probe per article of the ranges (13 ms at 100k); one row per article
            # (the key), and every row's article exists (foreign key, cascading deletes)
            params["platform"] = f.platform
            parts = [
                "SELECT count(*) AS c FROM article_platforms "
                f"WHERE platform = :platform AND article_id BETWEEN {bind_range(params, i, r)}"
                for i, r in enumerate(ranges)
            ]
        else:
            where = filter_sql(f, params, per_hit=True)
            parts = [
                f"SELECT count(*) AS c FROM {self._articles} WHERE a.id BETWEEN {bind_range(params, i, r)} AND {where}"
                for i, r in enumerate(ranges)
            ]
        in_sample = self._one(f"SELECT sum(c) FROM ({' UNION ALL '.join(parts)}) AS s", params)[0]
        if not in_sample:
            return round(found * n / covered)
        return round(self.count(f) * found / in_sample)

    def _bm25_affordable(self, pq: ParsedQuery) -> bool:
        """bm25() walks every match of each term for its IDF: affordable while each is small."""
        if len(pq.terms) == 1:
            return True  # the probe just counted this term's matches
        return all(self._probe(fts5_match(ParsedQuery([t]), boost=False))[0] < EXACT_CAP for t in pq.terms)

    def count(self, f: Filters) -> int:
        """Articles passing the filters (browsing: no query). Index-only where one filter allows."""
        params: dict[str, Any] = {}
        if f.platform_only():
            sql = "SELECT count(*) FROM article_platforms WHERE platform = :p"
            params["p"] = f.platform
        else:
            where = filter_sql(f, params)
            sql = "SELECT count(*) FROM articles a" + (f" WHERE {where}" if where else "")
        return self._one(sql, params)[0]

    # ------------------------------------------------------------ the page

    def page(self, pq: ParsedQuery, f: Filters, hits: Hits, sort: str, limit: int, offset: int) -> Page:
        if pq.empty:
            lo, hi = self.span()
            if not f.empty() and hits.total * 100 >= hi - lo + 1:
                # at least 1 article in 100 passes: walk the date index, checking each by key
                return Page(hits.total, self._date_walk(pq, f, limit, offset))
            return Page(hits.total, self._browse_page(f, limit, offset))
        assert hits.ids is not None
        if sort == "date":
            if hits.exact:
                return Page(hits.total, self._date_page_of(hits.ids, limit, offset))
            return Page(hits.total, self._date_walk(pq, f, limit, offset))
        # relevance ranks the hits newest first in windows of w: the first page ranks the newest w,
        # a deeper page the window(s) it falls in, so pages never overlap and cost stays bounded
        w = RANK_WINDOW if self.sqlite else PG_RANK_WINDOW
        first, last = offset // w, (offset + limit - 1) // w
        out: list[tuple[int, float]] = []
        for block in range(first, last + 1):
            window = hits.ids[block * w : (block + 1) * w]
            if not window:
                break
            if not self.sqlite:
                scored = self._ts_rank(pq, window)
            elif hits.bm25:
                scored = self._bm25(pq, window)
            else:
                scored = self._binary_bm25f(pq, window, hits)
            scored.sort(key=lambda r: (-r[1], -r[0]))
            out += scored
        start = offset - first * w
        return Page(hits.total, out[start : start + limit])

    def _date_order(self) -> str:
        # SQLite sorts NULL below every value, so DESC already puts undated articles last; both
        # orders match an index (migration 0002), so the newest page never sorts the whole table
        return "a.date DESC, a.id DESC" if self.sqlite else "a.date DESC NULLS LAST, a.id DESC"

    def _browse_page(self, f: Filters, limit: int, offset: int) -> list[tuple[int, float]]:
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        where = filter_sql(f, params)
        sql = (
            "SELECT a.id FROM articles a"
            + (f" WHERE {where}" if where else "")
            + f" ORDER BY {self._date_order()} LIMIT :limit OFFSET :offset"
        )
        return [(r[0], 0.0) for r in self._rows(sql, params)]

    def _date_page_of(self, ids: list[int], limit: int, offset: int) -> list[tuple[int, float]]:
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        cond = self._ids_param(ids, params)
        sql = f"SELECT a.id FROM {self._articles} WHERE {cond} ORDER BY {self._date_order()} LIMIT :limit OFFSET :offset"
        return [(r[0], 0.0) for r in self._rows(sql, params)]

    def _date_walk(self, pq: ParsedQuery, f: Filters, limit: int, offset: int) -> list[tuple[int, float]]:
        """Newest first over the date index, each article checked against the query: a common
        query (the only one sampled) fills a page after a few dozen checks. A year filter walks
        that year's date range (a dated article's year is its date's); undated articles of the
        year, which sort last, follow when the dated ones do not fill the page."""
        if f.year is None or f.date_from or f.date_to:
            return self._walk(pq, f, limit, offset)
        y = f.year
        dated = self._walk(
            pq, replace(f, year=None, date_from=f"{y:04d}-01-01", date_to=f"{y:04d}-12-31"), offset + limit, 0
        )
        if len(dated) < offset + limit:
            dated += self._walk(pq, f, offset + limit - len(dated), 0, undated=True)
        return dated[offset : offset + limit]

    def _walk(
        self, pq: ParsedQuery, f: Filters, limit: int, offset: int, undated: bool = False
    ) -> list[tuple[int, float]]:
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        where = filter_sql(f, params, per_hit=True)
        if undated:
            where = " AND ".join(x for x in (where, "a.date IS NULL") if x)
        if pq.empty:
            cond = "TRUE"
        elif self.sqlite:
            params["m"] = fts5_match(pq, boost=False)
            cond = "EXISTS (SELECT 1 FROM article_fts WHERE article_fts MATCH :m AND rowid = a.id)"
        else:
            params["q"] = pg_tsquery(pq, boost=False)
            cond = "ts_match_vq(a.tsv, CAST(:q AS tsquery))"
        # the cheap filters first: PostgreSQL keeps the written order of equally cheap conditions
        sql = (
            "SELECT a.id FROM articles a WHERE "
            + (f"{where} AND " if where else "")
            + f"{cond} ORDER BY {self._date_order()} LIMIT :limit OFFSET :offset"
        )
        return [(r[0], 0.0) for r in self._rows(sql, params)]

    def _bm25(self, pq: ParsedQuery, window: list[int]) -> list[tuple[int, float]]:
        w = ", ".join(str(x) for x in FTS5_WEIGHTS)
        params = {"m": fts5_match(pq), "a": min(window), "b": max(window)}
        sql = (
            f"SELECT rowid, -bm25(article_fts, {w}) FROM article_fts "
            "WHERE article_fts MATCH :m AND rowid BETWEEN :a AND :b"
        )
        keep = set(window)
        return [(r[0], float(r[1])) for r in self._rows(sql, params) if r[0] in keep]

    def _binary_bm25f(self, pq: ParsedQuery, window: list[int], hits: Hits) -> list[tuple[int, float]]:
        """BM25F with k1 = 0: Σ idf(term) × weight of each column holding the term (see module doc)."""
        keep = set(window)
        a, b = min(window), max(window)
        # the sample's ranges the window reaches (sampled hits), else the window's span (FTS5
        # seeking the window's ids one by one instead, `rowid IN (…)`, was slower: ~7 µs per id
        # for a phrase, and up to 0.5 ms per id for a word absent from the index)
        spans = [(max(x, a), min(y, b)) for x, y in (hits.ranges or [(a, b)]) if x <= b and y >= a]
        lo, hi = hits.span
        n = hi - lo + 1
        score = dict.fromkeys(window, 0.0)
        query = fts5_match(pq, boost=False)
        for t in pq.terms:
            idf = 1.0
            if len(pq.terms) > 1:
                raw, low = self._probe(fts5_match(ParsedQuery([t]), boost=False))
                df = raw if raw < EXACT_CAP else raw * n / max(1, hi - low + 1)
                idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            # `title: t` and `body: t` each imply the query's `{title body}: t`: matched with the
            # other terms only (the same rows, one phrase less for FTS5 to walk)
            rest = [u for u in pq.terms if u is not t]
            others = fts5_match(ParsedQuery(rest), boost=False) if rest else ""
            for column, expr in fts5_columns(t).items():
                # the column's hits AND the query: FTS5 walks the shorter doclist and seeks in the other
                if column == "words":
                    m = f"({expr}) AND ({query})"
                else:
                    m = f"({expr}) AND ({others})" if others else expr
                params: dict[str, Any] = {"m": m}
                sql = " UNION ALL ".join(
                    f"SELECT rowid AS id FROM article_fts WHERE article_fts MATCH :m AND rowid BETWEEN {bind_range(params, i, r)}"
                    for i, r in enumerate(spans)
                )
                # spans are disjoint: each row once, so the order of additions per id is the same
                for rid in self._ids(sql, params):
                    if rid in keep:
                        score[rid] += idf * COLUMN_WEIGHTS[column]
        return list(score.items())

    def _ts_rank(self, pq: ParsedQuery, window: list[int]) -> list[tuple[int, float]]:
        params: dict[str, Any] = {"q": pg_tsquery(pq)}
        cond = self._ids_param(window, params)
        sql = f"SELECT a.id, ts_rank(CAST('{PG_WEIGHTS}' AS real[]), a.tsv, CAST(:q AS tsquery)) FROM articles a WHERE {cond}"
        return [(r[0], float(r[1] or 0.0)) for r in self._rows(sql, params)]

    # ------------------------------------------------------------ facets (counted in facets.py)

    def facets(self, pq: ParsedQuery, f: Filters, hits: Hits) -> Facets:
        """Counts per facet value over the hits: exact up to FACET_EXACT hits, else over a stride
        of the (sampled) hits, scaled to the total."""
        most = FACET_EXACT if self.sqlite else PG_FACET_EXACT
        params: dict[str, Any] = {}
        cols = "a.id, a.year, a.event_type, a.section, a.document_id"
        if pq.empty and hits.total <= most:
            where = filter_sql(f, params)
            sql = f"SELECT {cols} FROM articles a" + (f" WHERE {where}" if where else "")
            scale, exact = 1.0, True
        elif pq.empty:
            # browsing many articles: the filter checked inside id ranges holding about `most` of them
            lo, hi = self.span()
            ranges = sample_ranges(lo, hi, math.ceil((hi - lo + 1) * most / hits.total))
            where = filter_sql(f, params, per_hit=True)
            parts = [
                f"SELECT a.id FROM {self._articles} WHERE a.id BETWEEN {bind_range(params, i, r)}"
                + (f" AND {where}" if where else "")
                for i, r in enumerate(ranges)
            ]
            ids = self._column(" UNION ALL ".join(parts), params)
            params = {}
            sql = f"SELECT {cols} FROM {self._articles} WHERE {self._ids_param(ids, params)}"
            scale, exact = (hits.total / len(ids) if ids else 1.0), False
        else:
            assert hits.ids is not None
            ids = hits.ids
            if len(ids) > most:
                ids = ids[:: math.ceil(len(ids) / most)]
            sql = f"SELECT {cols} FROM {self._articles} WHERE {self._ids_param(ids, params)}"
            scale = hits.total / len(ids) if ids else 1.0
            exact = hits.exact and len(ids) == len(hits.ids)
        return Facets(count_facets(self._rows, self.sqlite, sql, params, scale), exact)
