"""`reporting.year_stats` against a naive count of the stored rows, on both backends.

The statistics read copies of the article's year, month and platform set kept on the link tables
(migrations 0004 and 0006). These tests count the same aggregates the plain way (articles and
link rows joined on the article id, in Python), over an archive with articles lacking a platform,
a unit or a date, several platforms and units each, another year, and entity corrections that
move link rows, so a copy that went stale or a NULL row that went missing shows up.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict

import pytest
from report_fixtures import art
from sqlalchemy import select

from kexie.model import Bulletin, Issue, Source
from kexie.store import corrections, reporting
from kexie.store import tables as t
from kexie.store.archive import Archive

PLATFORMS = ["社会化协同科普", "前沿性学术交流", "落地化科创服务", "组织建设", "党建"]
UNITS = ["甲区科协", "乙学会", "丙协会"]
ORGS = ["甲区科协", "乙学会", "丙中心", "丁公司", "戊研究院", "己大学"]
PEOPLE = ["赵一", "钱二", "孙三", "李四"]


@pytest.fixture
def arch(report_settings) -> Archive:
    rng = random.Random(7)
    arch = Archive(report_settings)
    for d in range(8):
        issue_date = None if d == 7 else f"{2023 - (d % 4 == 3)}-{d + 2:02d}-15"
        year = int(issue_date[:4]) if issue_date else 2023
        articles = []
        for i in range(1, 9):
            day = rng.choice([None, f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])
            articles.append(
                art(
                    i,
                    f"第{d}期第{i}篇活动",
                    date=day,
                    platforms=rng.sample(PLATFORMS, rng.choice([0, 1, 1, 2, 3])),
                    orgs=rng.sample(ORGS, rng.randint(0, 3)),
                    persons=[(p, ["主席"]) for p in rng.sample(PEOPLE, rng.randint(0, 2))],
                    attribution=rng.sample(UNITS, rng.choice([0, 1, 1, 2])),
                )
            )
        issue = Issue(title="科协工作动态", number=f"第{d + 1}期", date=issue_date, year=year)
        arch.store(Bulletin(Source(f"{d}.txt", "0" * 64, "txt"), issue, articles), f"stats-{d}".encode())
    return arch


def _reference(arch: Archive, year: int) -> dict:
    """The aggregates counted the plain way: no copied column read."""
    with arch.read() as conn:
        arts = {
            i: m
            for i, m in conn.execute(
                select(t.articles.c.id, t.articles.c.month).where(t.articles.c.year == year)
            )
        }
        plats, units, ents = defaultdict(list), defaultdict(list), defaultdict(list)
        for aid, p in conn.execute(select(t.article_platforms.c.article_id, t.article_platforms.c.platform)):
            plats[aid].append(p)
        for aid, u in conn.execute(select(t.article_units.c.article_id, t.article_units.c.unit)):
            units[aid].append(u)
        q = select(
            t.article_entities.c.article_id, t.entities.c.type, t.entities.c.id, t.entities.c.name
        ).join(t.entities, t.entities.c.id == t.article_entities.c.entity_id)
        for aid, typ, eid, name in conn.execute(q):
            ents[aid].append((typ, eid, name))
    ref: dict[str, Counter] = {
        k: Counter() for k in ("per_month", "platform_month", "per_unit", "cube", "partners", "top")
    }
    for aid, month in arts.items():
        ref["per_month"][month] += 1
        for p in plats[aid] or [None]:
            ref["platform_month"][(p, month)] += 1
            for u in units[aid] or [None]:
                ref["cube"][(p, month, u)] += 1
            for typ, _eid, name in ents[aid]:
                if typ == "ORG" and p is not None:
                    ref["partners"][(p, name)] += 1
        for u in units[aid] or [None]:
            ref["per_unit"][u] += 1
        for typ, eid, _name in ents[aid]:
            ref["top"][(typ, eid)] += 1
    return ref


def _got(rows: reporting.StatsRows) -> dict:
    partners: Counter = Counter()  # by name, as the report shows them
    for p, name, n in rows.partners:
        partners[(p, name)] += n
    return {
        "per_month": Counter(dict(rows.per_month)),
        "platform_month": Counter({(p, m): n for p, m, n in rows.platform_month}),
        "per_unit": Counter(dict(rows.per_unit)),
        "cube": Counter({(p, m, u): n for p, m, u, n in rows.cube}),
        "partners": partners,
        "top": Counter({(typ, eid): n for typ, eid, _name, n in rows.top}),
    }


def _check(arch: Archive, year: int) -> None:
    ref, got = _reference(arch, year), _got(reporting.year_stats(arch, year))
    for key in ref:
        assert got[key] == ref[key], key
    # and the copies themselves agree with their article
    with arch.read() as conn:
        a = t.articles
        for link in (t.article_entities, t.article_units, t.article_platforms):
            cols = [link.c.year]
            want = [a.c.year]
            if "month" in link.c:
                cols.append(link.c.month)
                want.append(a.c.month)
            bad = conn.execute(
                select(link.c.article_id)
                .join(a, a.c.id == link.c.article_id)
                .where(*(c.is_distinct_from(w) for c, w in zip(cols, want, strict=True)))
            ).all()
            assert not bad, link.name
        keys = defaultdict(list)
        for aid, p in conn.execute(select(t.article_platforms.c.article_id, t.article_platforms.c.platform)):
            keys[aid].append(p)
        for link in (t.article_entities, t.article_units):
            for aid, key in conn.execute(select(link.c.article_id, link.c.platforms)):
                assert key == t.platform_key(keys[aid]), (link.name, aid)


def test_year_stats_equal_a_plain_count(arch):
    with arch.read() as conn:
        n = conn.execute(select(t.articles.c.id).where(t.articles.c.year == 2023)).all()
    assert len(n) > 30
    rows = reporting.year_stats(arch, 2023)
    assert rows.articles == len(n)
    assert any(p is None for p, _m, _n in rows.platform_month)  # articles without a platform
    assert any(u is None for u, _n in rows.per_unit)  # and without a unit
    assert any(m is None for m, _n in rows.per_month)  # undated, in an undated issue
    _check(arch, 2023)
    _check(arch, 2022)


def test_year_stats_follow_entity_corrections(arch):
    corrections.merge(arch, "丙中心", ["丁公司"])  # link rows re-pointed to one entity
    corrections.split(arch, "丙中心", alias="丁公司")  # and split off again: rows recounted
    corrections.merge(arch, "戊研究院", ["己大学"])
    rows = reporting.year_stats(arch, 2023)
    assert not any(name == "己大学" for _typ, _eid, name, _n in rows.top)
    _check(arch, 2023)
