"""The archive queries behind reports (issue 6): a unit's articles, a year's statistics, issue numbers.

Read-only, over `tables.py`, returning plain rows; the reports themselves (`kexie.reports`)
are built from these rows by pure functions. Statistics are aggregated in SQL (GROUP BY over
the narrow link tables), never by loading a year's articles into Python: a year of a large
archive is hundreds of thousands of articles.

An article's date is its own, or else its issue's (as `articles.year`/`month` already are).
"""

from __future__ import annotations

import gc
import heapq
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import and_, func, or_, select

from . import tables as t
from .archive import Archive
from .reads import entity_ids

TOP_PARTNERS = 20  # partners listed per platform
TOP_ENTITIES = 30  # most active organizations / persons / places
OTHER_TYPES = ("PER", "LOC")  # entity types besides ORG (article_entities.type)
PARALLEL_QUERIES = 3  # the machine's cores and the database's readers, not the query count


@dataclass(slots=True)
class OrgMatch:
    """Whom a user's ORG argument names: the entity (if any) and every written form of it."""

    name: str  # canonical, else as given
    names: set[str]
    entity_ids: list[int] = field(default_factory=list)


@dataclass(slots=True)
class ReportArticle:
    id: int
    record: dict[str, Any]  # the contract JSON of the article (unit_articles: less mentions and paragraphs)
    issue_title: str | None
    issue_number: str | None
    issue_date: str | None
    document: str


@dataclass(slots=True)
class StatsRows:
    """A year's aggregates. Counts are of distinct articles; None stands for "no platform/unit/month"."""

    year: int
    articles: int
    per_month: list[tuple[str | None, int]]
    platform_month: list[tuple[str | None, str | None, int]]
    per_unit: list[tuple[str | None, int]]
    cube: list[tuple[str | None, str | None, str | None, int]]  # platform, month, unit
    partners: list[tuple[str, str, int]]  # platform, organization, articles
    top: list[tuple[str, int, str, int]]  # type, entity id, name, articles


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside: for building a report of many records.

    A 10,000-activity report decodes ~300k dicts and lists that all stay alive until the report
    is written; each allocation burst sets off a collection that walks every one of them again,
    which measured as half the CPU time of the unit report. Nothing made here is cyclic garbage,
    so collection waits until the report is done (nests: the outermost pause restores it).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def find_org(arch: Archive, value: str) -> OrgMatch | None:
    """The organization a user named (id, name or alias), or a reporting unit known only by name."""
    value = value.strip()
    with arch.read() as conn:
        ids = entity_ids(conn, value, "ORG")
        if ids:
            names = {r[0] for r in conn.execute(select(t.entities.c.name).where(t.entities.c.id.in_(ids)))}
            names |= {
                r[0] for r in conn.execute(select(t.aliases.c.text).where(t.aliases.c.entity_id.in_(ids)))
            }
            canonical = conn.execute(select(t.entities.c.name).where(t.entities.c.id == ids[0])).scalar_one()
            return OrgMatch(canonical, names, ids)
        unit = conn.execute(
            select(t.article_units.c.unit).where(t.article_units.c.unit == value).limit(1)
        ).first()
        return OrgMatch(value, {value}) if unit else None


def _effective_date():
    return func.coalesce(t.articles.c.date, t.documents.c.issue_date)


def unit_articles(arch: Archive, org: OrgMatch, start: str, end: str) -> list[ReportArticle]:
    """The articles attributed to or mentioning `org`, dated (or published) within [start, end] (ISO)."""
    a, d = t.articles, t.documents
    # One id list (a UNION), so the database probes articles by primary key; an OR of two IN
    # conditions made it scan every article.
    ids = select(t.article_units.c.article_id).where(t.article_units.c.unit.in_(sorted(org.names)))
    if org.entity_ids:
        ids = ids.union(
            select(t.article_entities.c.article_id).where(t.article_entities.c.entity_id.in_(org.entity_ids))
        )
    when = _effective_date()
    # The report needs neither the mentions nor the paragraphs, three quarters of a record: SQLite
    # drops them (in C, 0.1 s for 10k records) before Python decodes the JSON. PostgreSQL's round
    # trip through jsonb cost a second of server time for the same; there the whole record is
    # decoded here (orjson) and the two keys dropped.
    record = func.json_remove(a.c.record, "$.mentions", "$.paragraphs") if arch.sqlite else a.c.record
    in_period = and_(when >= start, when <= end)
    # Undated articles (日前, no masthead date) count when the period covers their whole year.
    first_year = int(start[:4]) + (0 if start[5:] == "01-01" else 1)
    last_year = int(end[:4]) - (0 if end[5:] == "12-31" else 1)
    if first_year <= last_year:
        in_period = or_(in_period, and_(when.is_(None), a.c.year.between(first_year, last_year)))
    # no ORDER BY: sorting 10k wide rows spilled to disk on PostgreSQL; the narrow keys sort here
    q = (
        select(a.c.id, record, d.c.issue_title, d.c.issue_number, d.c.issue_date, d.c.name, when)
        .join(d, d.c.id == a.c.document_id)
        .where(a.c.id.in_(ids), in_period)
    )
    with arch.read() as conn:
        rows = conn.execute(q).all()
    rows.sort(key=lambda r: (r[6] is None, r[6] or "", r[0]))  # by date (undated last), then id
    out = []
    with paused_gc():
        for r in rows:
            record = orjson.loads(r[1])
            record.pop("mentions", None)
            record["paragraphs"] = []
            out.append(ReportArticle(r[0], record, r[2], r[3], r[4], r[5]))
    return out


def articles_by_id(arch: Archive, ids: list[int]) -> dict[int, ReportArticle]:
    """Articles by id (for composing an issue); missing ids are simply absent."""
    a, d = t.articles, t.documents
    q = (
        select(a.c.id, a.c.record, d.c.issue_title, d.c.issue_number, d.c.issue_date, d.c.name)
        .join(d, d.c.id == a.c.document_id)
        .where(a.c.id.in_(ids))
    )
    with arch.read() as conn:
        return {r[0]: ReportArticle(r[0], json.loads(r[1]), r[2], r[3], r[4], r[5]) for r in conn.execute(q)}


_NUMBER = re.compile(r"第\s*(\d+)\s*期")


def last_issue_number(arch: Archive, title: str | None, year: int) -> int:
    """The highest 第N期 stored for `year` (and bulletin `title` when given); 0 when there is none."""
    d = t.documents
    q = select(d.c.issue_number).where(d.c.issue_year == year, d.c.issue_number.is_not(None))
    if title:
        q = q.where(d.c.issue_title == title)
    with arch.read() as conn:
        numbers = [int(m.group(1)) for (n,) in conn.execute(q) if (m := _NUMBER.search(n or ""))]
    return max(numbers, default=0)


def year_stats(arch: Archive, year: int) -> StatsRows:
    """Every aggregate of the statistics report for `year`: GROUP BY queries, run side by side.

    The link tables carry the article's year (and month, and platform key: migrations 0004 and
    0006), so each aggregate is one ordered scan of a covering index, grouped in index order, never
    a join of link tables nor the year's article ids as an IN list. Crossed tables (the partners
    of each platform, the platform x month x unit cube) come back grouped by the article's platform
    key and are split into platforms here: a few hundred thousand groups at 1M articles. Only
    articles without a platform or unit (the NULL rows) are found by a probe per article of the
    year. Queries run on their own connections (SQLite in WAL mode and PostgreSQL both serve
    concurrent readers), so the year costs about its slowest query rather than their sum.
    """
    a, p, u, ae = t.articles, t.article_platforms, t.article_units, t.article_entities
    in_year = a.c.year == year
    no_platform = ~select(p.c.article_id).where(p.c.article_id == a.c.id).exists()
    no_unit = ~select(u.c.article_id).where(u.c.article_id == a.c.id).exists()
    agg = func.group_concat if arch.sqlite else func.string_agg
    unitless_key = (
        select(agg(p.c.platform, t.PLATFORM_SEPARATOR)).where(p.c.article_id == a.c.id).scalar_subquery()
    )
    queries = {
        "per_month": select(a.c.month, func.count()).where(in_year).group_by(a.c.month),
        "platform_month": select(p.c.platform, p.c.month, func.count())
        .where(p.c.year == year)
        .group_by(p.c.platform, p.c.month),
        "no_platform": select(a.c.month, func.count()).where(in_year, no_platform).group_by(a.c.month),
        # article_units' primary key (article, unit): a count per unit is of distinct articles
        "units": select(u.c.unit, u.c.month, u.c.platforms, func.count())
        .where(u.c.year == year)
        .group_by(u.c.unit, u.c.month, u.c.platforms),
        "no_unit": select(a.c.month, unitless_key, func.count())
        .where(in_year, no_unit)
        .group_by(a.c.month, unitless_key),
        # organizations by platform key: the partners of each platform and, summed, their totals
        "orgs": select(ae.c.entity_id, ae.c.platforms, func.count())
        .where(ae.c.year == year, ae.c.type == "ORG")
        .group_by(ae.c.entity_id, ae.c.platforms),
        # one query per other type: an index range each (PostgreSQL hashes a scan of all types)
        **{
            f"top {typ}": select(ae.c.entity_id, func.count())
            .where(ae.c.year == year, ae.c.type == typ)
            .group_by(ae.c.entity_id)
            for typ in OTHER_TYPES
        },
    }

    def run(q) -> list[tuple]:
        # Plain DBAPI tuples: the partners and the cube return a few hundred thousand rows, and
        # SQLAlchemy's Row objects cost a third again of the query. Every bound value here is an
        # int or a fixed string, so rendering them inline is safe.
        with arch.read() as conn:
            sql = str(q.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
            cur = conn.connection.dbapi_connection.cursor()
            try:
                cur.execute(sql)
                return cur.fetchall()
            finally:
                cur.close()

    with ThreadPoolExecutor(max_workers=PARALLEL_QUERIES) as pool, paused_gc():
        futures = {name: pool.submit(run, q) for name, q in queries.items()}
        res = {name: f.result() for name, f in futures.items()}
    return _stats_rows(arch, year, res)


@paused_gc()  # a million result tuples and counters alive at once: see paused_gc
def _stats_rows(arch: Archive, year: int, res: dict[str, list]) -> StatsRows:
    """The report's rows from the raw aggregates: platform keys split, tops picked, names looked up."""

    sep = t.PLATFORM_SEPARATOR
    split: dict[str | None, tuple[str | None, ...]] = {}  # platform key -> its platforms (None: none)

    def platforms_of(key: str | None) -> tuple[str | None, ...]:
        ps = split.get(key)
        if ps is None:
            ps = split[key] = tuple(key.split(sep)) if key else (None,)
        return ps

    cube: dict[tuple[str | None, str | None, str | None], int] = {}
    per_unit: dict[str | None, int] = {}
    for unit, month, key, n in res["units"]:
        per_unit[unit] = per_unit.get(unit, 0) + n
        for plat in platforms_of(key):
            cube[(plat, month, unit)] = cube.get((plat, month, unit), 0) + n
    for month, key, n in res["no_unit"]:
        per_unit[None] = per_unit.get(None, 0) + n
        for plat in platforms_of(key):
            cube[(plat, month, None)] = cube.get((plat, month, None), 0) + n
    # partners: rows are (organization, platform key); grouped by key first (a few dozen keys),
    # so each key is split once and a platform's counts are summed over the keys naming it
    by_key: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for eid, key, n in res["orgs"]:
        by_key[key].append((eid, n))
    org_total: dict[int, int] = {}
    for pairs in by_key.values():
        get = org_total.get
        for eid, n in pairs:
            org_total[eid] = get(eid, 0) + n
    by_platform: dict[str | None, dict[int, int]] = {}
    for key, pairs in by_key.items():
        for plat in platforms_of(key):
            acc = by_platform.get(plat)
            if acc is None:
                by_platform[plat] = dict(pairs)
            else:
                get = acc.get
                for eid, n in pairs:
                    acc[eid] = get(eid, 0) + n
    partner_ids = {pl: _top(c, TOP_PARTNERS) for pl, c in by_platform.items() if pl is not None}
    by_type = {"ORG": org_total} | {typ: dict(res[f"top {typ}"]) for typ in OTHER_TYPES}
    top_ids = {typ: _top(v, TOP_ENTITIES) for typ, v in by_type.items() if v}
    with arch.read() as conn:
        wanted = {eid for v in top_ids.values() for eid, _ in v} | {
            eid for v in partner_ids.values() for eid, _ in v
        }
        names = _names(conn, wanted)
    return StatsRows(
        year=year,
        articles=sum(n for _m, n in res["per_month"]),
        per_month=[tuple(r) for r in res["per_month"]],
        platform_month=[tuple(r) for r in res["platform_month"]]
        + [(None, m, n) for m, n in res["no_platform"]],
        per_unit=list(per_unit.items()),
        cube=[(pl, m, un, n) for (pl, m, un), n in cube.items()],
        partners=[(pl, names[eid], n) for pl, v in partner_ids.items() for eid, n in v],
        top=[(typ, eid, names[eid], n) for typ, v in top_ids.items() for eid, n in v],
    )


def _top(counts: dict[int, int], k: int) -> list[tuple[int, int]]:
    """The k (entity id, count) pairs of highest count, ties by id.

    The k-th highest count first (over the bare ints, in C), then only the pairs reaching it
    are sorted: tens of thousands of organizations per platform, twenty wanted.
    """
    if not counts:
        return []
    floor = heapq.nlargest(k, counts.values())[-1]
    return sorted(((e, n) for e, n in counts.items() if n >= floor), key=lambda x: (-x[1], x[0]))[:k]


def _names(conn, ids: set[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    ids_list = sorted(ids)
    for i in range(0, len(ids_list), 500):
        chunk = ids_list[i : i + 500]
        out.update(
            conn.execute(select(t.entities.c.id, t.entities.c.name).where(t.entities.c.id.in_(chunk))).all()
        )
    return out


__all__ = [
    "OrgMatch",
    "ReportArticle",
    "StatsRows",
    "articles_by_id",
    "find_org",
    "last_issue_number",
    "paused_gc",
    "unit_articles",
    "year_stats",
]
