"""Search inside the archive: matching ids in rank or date order, and facet counts.

Backend-specific SQL lives here and only here; `kexie.search` composes it (and builds snippets).

Large hit sets: both backends must score every match to rank it, and count every match to
facet it. Above `RANK_WINDOW` matches, relevance ranks the newest RANK_WINDOW matches (by
article id, i.e. ingestion order); above `FACET_EXACT` matches, facets are counted on a uniform
1-in-k sample of the matches (by article id) and scaled by k, and the result says so. Totals are
always exact. Both limits keep a query over a million articles within its latency budget.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, text

from .fulltext import FTS5_WEIGHTS, PG_WEIGHTS, ParsedQuery, fts5_match, pg_tsquery

RANK_WINDOW = 2_000
FACET_EXACT = 5_000
FACET_TOP = 20  # values per facet returned
ENTITY_FACETS = {"ORG": "org", "PER": "person", "LOC": "place"}


@dataclass(slots=True)
class Filters:
    date_from: str | None = None
    date_to: str | None = None
    year: int | None = None
    org: list[int] | None = None  # entity ids (several: the same written name)
    person: list[int] | None = None
    place: list[int] | None = None
    event_type: str | None = None
    platform: str | None = None
    section: str | None = None
    document: int | None = None

    def empty(self) -> bool:
        return all(getattr(self, f) is None for f in self.__slots__)  # type: ignore[attr-defined]


@dataclass(slots=True)
class Page:
    total: int
    ids: list[tuple[int, float]]  # (article id, score)


@dataclass(slots=True)
class Facets:
    counts: dict[str, dict[Any, int]] = field(default_factory=dict)  # entity facets keyed by id
    exact: bool = True


def _filter_sql(f: Filters, params: dict[str, Any], alias: str = "a") -> str:
    conds: list[str] = []
    if f.date_from:
        conds.append(f"{alias}.date >= :date_from")
        params["date_from"] = f.date_from
    if f.date_to:
        conds.append(f"{alias}.date <= :date_to")
        params["date_to"] = f.date_to
    if f.year is not None:
        conds.append(f"{alias}.year = :year")
        params["year"] = f.year
    for name in ("event_type", "section"):
        if getattr(f, name) is not None:
            conds.append(f"{alias}.{name} = :{name}")
            params[name] = getattr(f, name)
    if f.document is not None:
        conds.append(f"{alias}.document_id = :document")
        params["document"] = f.document
    for name in ("org", "person", "place"):
        ids = getattr(f, name)
        if ids is not None:
            keys = []
            for i, eid in enumerate(ids or [-1]):
                params[f"{name}{i}"] = eid
                keys.append(f":{name}{i}")
            conds.append(
                f"{alias}.id IN (SELECT article_id FROM article_entities WHERE entity_id IN ({', '.join(keys)}))"
            )
    if f.platform is not None:
        conds.append(f"{alias}.id IN (SELECT article_id FROM article_platforms WHERE platform = :platform)")
        params["platform"] = f.platform
    return " AND ".join(conds)


class Finder:
    """The SQL of one backend.

    Joins from the full-text matches to `articles` are written CROSS JOIN: SQLite then keeps the
    match as the outer loop instead of probing the index once per article (PostgreSQL plans
    CROSS JOIN + WHERE like an inner join).
    """

    def __init__(self, conn: Connection, sqlite: bool) -> None:
        self.conn = conn
        self.sqlite = sqlite

    def _matches(self, pq: ParsedQuery, params: dict[str, Any], sample: int = 1) -> str:
        """A subquery of (id, score) for the matching articles."""
        if self.sqlite:
            params["m"] = fts5_match(pq)
            w = ", ".join(str(x) for x in FTS5_WEIGHTS)
            cond = " AND rowid % :k = 0" if sample > 1 else ""
            params["k"] = sample
            return f"SELECT rowid AS id, -bm25(article_fts, {w}) AS score FROM article_fts WHERE article_fts MATCH :m{cond}"
        params["q"] = pg_tsquery(pq)
        cond = " AND id % :k = 0" if sample > 1 else ""
        params["k"] = sample
        return f"SELECT id, 0.0 AS score FROM articles WHERE tsv @@ CAST(:q AS tsquery){cond}"

    def count(self, pq: ParsedQuery, f: Filters) -> int:
        params: dict[str, Any] = {}
        where = _filter_sql(f, params)
        if pq.empty:
            sql = "SELECT count(*) FROM articles a" + (f" WHERE {where}" if where else "")
        elif self.sqlite and not where:
            params["m"] = fts5_match(pq)
            sql = "SELECT count(*) FROM article_fts WHERE article_fts MATCH :m"
        elif self.sqlite:
            sql = f"SELECT count(*) FROM ({self._matches(pq, params)}) h CROSS JOIN articles a WHERE a.id = h.id AND {where}"
        else:
            params["q"] = pg_tsquery(pq)
            sql = "SELECT count(*) FROM articles a WHERE a.tsv @@ CAST(:q AS tsquery)" + (
                f" AND {where}" if where else ""
            )
        return self.conn.execute(text(sql), params).scalar_one()

    def page(self, pq: ParsedQuery, f: Filters, sort: str, limit: int, offset: int, total: int) -> Page:
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        where = _filter_sql(f, params)
        # SQLite sorts NULL below every value, so DESC already puts undated articles last; both
        # orders match an index (migration 0002), so the newest page never sorts the whole table
        date_order = "a.date DESC, a.id DESC" if self.sqlite else "a.date DESC NULLS LAST, a.id DESC"
        if pq.empty:
            sql = (
                "SELECT a.id, 0.0 FROM articles a"
                + (f" WHERE {where}" if where else "")
                + f" ORDER BY {date_order} LIMIT :limit OFFSET :offset"
            )
        elif sort == "date":
            if self.sqlite:
                sql = (
                    f"SELECT a.id, h.score FROM ({self._matches(pq, params)}) h CROSS JOIN articles a WHERE a.id = h.id"
                    + (f" AND {where}" if where else "")
                    + f" ORDER BY {date_order} LIMIT :limit OFFSET :offset"
                )
            else:
                params["q"] = pg_tsquery(pq)
                sql = (
                    f"SELECT a.id, ts_rank(CAST('{PG_WEIGHTS}' AS real[]), a.tsv, CAST(:q AS tsquery)) FROM articles a "
                    "WHERE a.tsv @@ CAST(:q AS tsquery)"
                    + (f" AND {where}" if where else "")
                    + f" ORDER BY {date_order} LIMIT :limit OFFSET :offset"
                )
        elif self.sqlite:
            window = " ORDER BY rowid DESC LIMIT :window" if total > RANK_WINDOW else ""
            params["window"] = RANK_WINDOW
            inner = self._matches(pq, params)
            if where:
                inner = f"SELECT h.id, h.score FROM ({inner}) h CROSS JOIN articles a WHERE a.id = h.id AND {where}"
                window = window.replace("rowid", "h.id")
            sql = f"SELECT id, score FROM ({inner}{window}) ORDER BY score DESC, id DESC LIMIT :limit OFFSET :offset"
        else:
            params["q"] = pg_tsquery(pq)
            window = " ORDER BY a.id DESC LIMIT :window" if total > RANK_WINDOW else ""
            params["window"] = RANK_WINDOW
            sql = (
                f"SELECT id, ts_rank(CAST('{PG_WEIGHTS}' AS real[]), tsv, CAST(:q AS tsquery)) AS score FROM ("
                "SELECT a.id, a.tsv FROM articles a WHERE a.tsv @@ CAST(:q AS tsquery)"
                + (f" AND {where}" if where else "")
                + f"{window}) h ORDER BY score DESC, id DESC LIMIT :limit OFFSET :offset"
            )
        rows = self.conn.execute(text(sql), params).all()
        return Page(total, [(r[0], float(r[1] or 0.0)) for r in rows])

    def facets(self, pq: ParsedQuery, f: Filters, total: int) -> Facets:
        """Counts per facet value over the hits (a scaled 1-in-k sample above FACET_EXACT hits)."""
        k = max(1, math.ceil(total / FACET_EXACT)) if total > FACET_EXACT else 1
        params: dict[str, Any] = {}
        where = _filter_sql(f, params)
        if pq.empty:
            hits = "SELECT a.id, a.year, a.event_type, a.section, a.document_id FROM articles a"
            conds = [c for c in (where, "a.id % :k = 0" if k > 1 else "") if c]
            params["k"] = k
            if conds:
                hits += " WHERE " + " AND ".join(conds)
        else:
            hits = (
                f"SELECT a.id, a.year, a.event_type, a.section, a.document_id FROM ({self._matches(pq, params, k)}) h "
                "CROSS JOIN articles a WHERE a.id = h.id" + (f" AND {where}" if where else "")
            )

        # every facet's top FACET_TOP values (all years); each many-valued facet ranked by its own
        # ORDER BY … LIMIT (a top-N sort), which SQLite runs far faster than one window over all groups
        def top(label: str, value: str, source: str, where_: str = "") -> str:
            return (
                f"SELECT * FROM (SELECT '{label}' AS f, CAST({value} AS TEXT) AS v, count(*) AS n FROM {source} "
                f"{where_} GROUP BY {value} ORDER BY n DESC LIMIT {FACET_TOP}) AS top_{label.lower()}"
            )

        sql = f"""WITH hits AS MATERIALIZED ({hits}),
ents AS MATERIALIZED (SELECT e.type AS t, e.entity_id AS id FROM hits CROSS JOIN article_entities e
  WHERE e.article_id = hits.id)
SELECT 'year', CAST(year AS TEXT), count(*) FROM hits GROUP BY year
UNION ALL SELECT 'event_type', event_type, count(*) FROM hits GROUP BY event_type
UNION ALL SELECT 'section', section, count(*) FROM hits GROUP BY section
UNION ALL SELECT 'platform', p.platform, count(*) FROM hits CROSS JOIN article_platforms p
  WHERE p.article_id = hits.id GROUP BY p.platform
UNION ALL {top("document", "document_id", "hits")}
UNION ALL {top("ORG", "id", "ents", "WHERE t = 'ORG'")}
UNION ALL {top("PER", "id", "ents", "WHERE t = 'PER'")}
UNION ALL {top("LOC", "id", "ents", "WHERE t = 'LOC'")}"""
        out: dict[str, dict[Any, int]] = {
            name: {}
            for name in ("year", "org", "person", "place", "event_type", "platform", "section", "document")
        }
        for facet, value, n in self.conn.execute(text(sql), params):
            if value is None:
                continue
            facet = ENTITY_FACETS.get(facet, facet)
            if facet not in out:
                continue
            key: Any = int(value) if facet in ("org", "person", "place", "document") else value
            out[facet][key] = n * k
        for name, counts in out.items():
            items = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
            if name == "year":
                items = sorted(counts.items(), key=lambda kv: str(kv[0]), reverse=True)
            out[name] = dict(items[:FACET_TOP] if name != "year" else items)
        return Facets(out, exact=k == 1)
