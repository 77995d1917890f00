"""Bounded-cost search (kexie.store.find): exact while small, sampled and SAID so when large.

The archive's limits are lowered (monkeypatch) so a corpus of 240 articles is "large": the same
code paths a million-article archive takes, on both backends.
"""

from __future__ import annotations

import json

import pytest
from tests.store.conftest import make_article, make_bulletin, raw, settings  # noqa: F401  (fixtures)
from typer.testing import CliRunner

from kexie import search as ksearch
from kexie import services
from kexie.cli import app
from kexie.store import facets, find, sampling
from kexie.store.archive import Archive
from kexie.store.views import SearchQuery

N_DOCS, PER_DOC = 30, 8  # 240 articles


@pytest.fixture
def big(settings):  # noqa: F811
    """240 articles: every one says 科协 (in the body), every 4th 党建 (every 8th in its title),
    years 2015-2022 by bulletin, event type 调研 on every 3rd."""
    arch = Archive(settings)
    n = 0
    for d in range(N_DOCS):
        year = 2015 + d % 8
        arts = []
        for i in range(PER_DOC):
            title = f"第{n}号动态" + ("党建引领" if n % 8 == 0 else "")
            body = f"市科协开展第{n}次活动。" + ("组织党建学习。" if n % 4 == 0 else "")
            arts.append(
                make_article(
                    i,
                    title,
                    [body],
                    date=f"{year}-{1 + i:02d}-15",
                    event_type="调研" if n % 3 == 0 else "会议",
                    platforms=["党建"] if n % 4 == 0 else [],
                )
            )
            n += 1
        arch.store(make_bulletin(f"b{d}.txt", arts, number=f"第{d}期", date=f"{year}-12-31"), raw(f"b{d}"))
    return settings


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(find, "EXACT_CAP", 40)
    monkeypatch.setattr(find, "PG_EXACT_CAP", 40)
    monkeypatch.setattr(find, "PG_EXACT_CAP_GIN", 40)
    monkeypatch.setattr(find, "PG_SAMPLE", 40)
    monkeypatch.setattr(find, "PG_MIN_SAMPLE_HITS", 10)
    monkeypatch.setattr(find, "PG_FACET_EXACT", 15)
    monkeypatch.setattr(find, "PG_RANK_WINDOW", 30)
    monkeypatch.setattr(find, "MIN_SAMPLE_HITS", 10)
    monkeypatch.setattr(find, "FACET_EXACT", 15)
    monkeypatch.setattr(find, "RANK_WINDOW", 30)
    monkeypatch.setattr(sampling, "SAMPLE_BLOCKS", 4)
    ksearch.clear_cache()
    yield
    ksearch.clear_cache()


def s(settings, text="", **kw):  # noqa: F811
    return services.search(settings, SearchQuery(q=text, **kw))


def test_sample_ranges_spread_over_the_span_and_end_at_the_newest():
    r = sampling.sample_ranges(1, 1000, 100, blocks=4)
    assert len(r) == 4 and r[-1][1] == 1000
    assert sum(b - a + 1 for a, b in r) == 100
    assert all(a <= b for a, b in r) and all(r[i][1] < r[i + 1][0] for i in range(3))
    assert sampling.sample_ranges(1, 1000, 5000) == [(1, 1000)]  # wider than the span: everything


def test_small_results_are_exact(big):
    r = s(big, "科协")
    assert (r.total, r.total_exact, r.facets_exact) == (240, True, True)
    assert sum(r.facets["year"].values()) == 240


def test_large_results_are_estimated_and_say_so(big, small_limits):
    r = s(big, "科协")
    assert not r.total_exact and not r.facets_exact
    assert 150 <= r.total <= 330  # 240, estimated from a quarter or so of the ids
    assert len(r.hits) == 20
    assert set(r.facets["year"]) <= {str(y) for y in range(2015, 2023)} and len(r.facets["year"]) >= 4
    assert r.to_json()["total_exact"] is False and r.to_json()["facets_exact"] is False


def test_a_sampled_query_still_ranks_title_hits_first(big, small_limits, monkeypatch):
    monkeypatch.setattr(find, "EXACT_CAP", 20)  # 60 matches: a sample of under half the archive
    r = s(big, "党建")
    assert not r.total_exact
    assert 30 <= r.total <= 100  # 60
    first = [h.title for h in r.hits[:3]]
    assert all("党建" in t for t in first), first  # title hits above body hits


def test_a_filter_on_a_sampled_query_is_applied_to_every_hit(big, small_limits):
    r = s(big, "科协", event_type="调研", per_page=50)
    assert not r.total_exact
    assert 40 <= r.total <= 130  # 80
    assert set(r.facets["event_type"]) == {"调研"}
    r2 = s(big, "科协", year=2016, per_page=50)
    assert all(h.date.startswith("2016") for h in r2.hits) and r2.hits


def test_a_sample_of_most_of_the_archive_reads_all_of_it(big, small_limits):
    """党建: 60 matches, EXACT_CAP 40: a sample would cover ~160 of 240 ids; reading all 240
    costs no more (SQLite), so the count is exact."""
    r = s(big, "党建")
    if big.db_url.startswith("sqlite"):
        assert (r.total, r.total_exact) == (60, True)
    else:
        assert 30 <= r.total <= 100


def test_a_selective_filter_on_a_sampled_query_is_counted_exactly(big, small_limits, monkeypatch):
    """Few sampled hits pass the filters (20 of 240 articles): SQLite intersects the query's
    matches with the filtered articles — exact — instead of widening the sample; with the lists
    over INTERSECT_CAP it widens instead (here until it reads the whole archive). Same answer."""
    want = {n for n in range(240) if n % 12 == 0}  # 调研 (every 3rd) and 党建 (every 4th)
    intersected = []
    real = find.Finder._intersected

    def spy(self, *args):
        out = real(self, *args)
        intersected.append(out is not None)
        return out

    monkeypatch.setattr(find.Finder, "_intersected", spy)

    def numbers(r):
        return {int(h.title[1 : h.title.index("号")]) for h in r.hits}

    r = s(big, "科协", event_type="调研", platform="党建", per_page=50)
    if big.db_url.startswith("sqlite"):
        assert intersected == [True]
        assert (r.total, r.total_exact) == (20, True)
        assert numbers(r) == want
        assert set(r.facets["platform"]) == {"党建"} and set(r.facets["event_type"]) == {"调研"}
    monkeypatch.setattr(find, "INTERSECT_CAP", 100)  # 240 matches: too many to list
    ksearch.clear_cache()
    intersected.clear()
    r2 = s(big, "科协", event_type="调研", platform="党建", per_page=50)
    assert 10 <= r2.total <= 40 and numbers(r2) <= want and r2.hits
    if big.db_url.startswith("sqlite"):
        assert intersected == [False]
        assert (r2.total, numbers(r2)) == (20, want)


def test_date_order_of_a_sampled_query_is_the_newest_first(big, small_limits):
    r = s(big, "科协", sort="date", per_page=10)
    dates = [h.date for h in r.hits]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2022-08-15"


def test_paging_a_sampled_query_repeats_no_hit(big, small_limits):
    p1 = {h.article_id for h in s(big, "科协", per_page=10).hits}
    p2 = {h.article_id for h in s(big, "科协", per_page=10, page=2).hits}
    assert len(p1) == len(p2) == 10 and not p1 & p2


def test_pages_beyond_the_ranked_window_continue_with_the_next(big, small_limits, monkeypatch):
    monkeypatch.setattr(find, "RANK_WINDOW", 8)
    monkeypatch.setattr(find, "PG_RANK_WINDOW", 8)
    pages = [[h.article_id for h in s(big, "科协", per_page=5, page=n).hits] for n in range(1, 5)]
    assert all(len(p) == 5 for p in pages)
    assert len({i for p in pages for i in p}) == 20  # three windows of 8, no hit twice


def test_cli_says_about_for_an_estimate(big, small_limits):
    res = CliRunner().invoke(app, ["search", "科协", "--db", big.db_url])
    assert res.exit_code == 0, res.output
    assert "约" in res.output
    data = json.loads(CliRunner().invoke(app, ["search", "科协", "--json", "--db", big.db_url]).output)
    assert data["total_exact"] is False


def test_date_order_with_a_year_keeps_the_undated_articles_of_that_year_last(big, small_limits):
    r = s(big, "科协", sort="date", year=2016, per_page=50)
    dates = [h.date for h in r.hits]
    assert dates and all(d.startswith("2016") for d in dates) and dates == sorted(dates, reverse=True)


def test_browsing_many_articles_counts_exactly_and_samples_facets(big, small_limits):
    r = s(big, platform="党建", per_page=10)
    assert r.total == 60 and r.total_exact and not r.facets_exact
    assert 40 <= r.facets["platform"]["党建"] <= 80
    dates = [h.date for h in r.hits]
    assert len(dates) == 10 and dates == sorted(dates, reverse=True) and dates[0] == "2022-05-15"
    y = s(big, year=2016, per_page=40)
    assert y.total == 32 and [h.date for h in y.hits] == sorted((h.date for h in y.hits), reverse=True)
    assert len(y.hits) == 32 and all(h.date.startswith("2016") for h in y.hits)


def test_facet_top_keeps_what_sqlite_top_n_keeps():
    """SQLite's entity and document facets are counted in Python (facets._top): the values kept,
    ties at the cut included, must be those the former GROUP BY … ORDER BY n DESC LIMIT kept."""
    import random
    import sqlite3
    from collections import Counter

    rng = random.Random(7)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE ents (id INTEGER)")
    for _ in range(200):
        ids = [rng.randint(1, rng.choice((5, 30, 80))) for _ in range(rng.randint(0, 300))]
        db.execute("DELETE FROM ents")
        db.executemany("INSERT INTO ents VALUES (?)", [(i,) for i in ids])
        want = db.execute(
            f"SELECT id, count(*) AS n FROM ents GROUP BY id ORDER BY n DESC LIMIT {facets.FACET_TOP}"
        ).fetchall()
        assert sorted(facets._top(Counter(ids))) == sorted(want)
