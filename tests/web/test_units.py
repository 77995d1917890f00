"""The web's pure helpers: highlighting by offsets, search addresses, paging, chart links, CSRF."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kexie.store.views import Dashboard
from kexie.web.charts import PLATFORMS, chart_data, month_range
from kexie.web.csrf import _valid, make_signer
from kexie.web.highlight import Piece, pieces
from kexie.web.params import GENERATION_TTL
from kexie.web.render import search_url
from kexie.web.routes.search import page_numbers

from .conftest import soup_of


def _m(kind, text, para, start, end):
    return {"type": kind, "text": text, "paragraph": para, "start": start, "end": end}


def test_pieces_cut_text_at_mentions_of_that_paragraph():
    text = "王立新在怀柔区讲话"
    ms = [_m("PER", "王立新", 0, 0, 3), _m("LOC", "怀柔区", 0, 4, 7), _m("LOC", "怀柔区", 1, 4, 7)]
    out = pieces(text, ms, [11, 12, 13], 0)
    assert out == [Piece("王立新", "PER", 11), Piece("在"), Piece("怀柔区", "LOC", 12), Piece("讲话")]


def test_pieces_drop_mismatched_and_overlapping_mentions():
    text = "北京市园艺学会理事长"
    ms = [
        _m("ORG", "北京市园艺学会", 0, 0, 7),
        _m("LOC", "北京市", 0, 0, 3),  # inside the org: dropped
        _m("TITLE", "理事长", 0, 7, 10),
        _m("PER", "不对", 0, 7, 9),  # text does not match the offsets: dropped
        _m("QTY", "x", 0, 50, 51),  # out of range: dropped
    ]
    out = pieces(text, ms, [1, 2, None, None, None], 0)
    assert out == [Piece("北京市园艺学会", "ORG", 1), Piece("理事长", "TITLE", None)]


@given(st.text(max_size=40), st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45)), max_size=6))
def test_pieces_always_rebuild_the_text(text, spans):
    ms = [_m("ORG", text[a:b], 0, a, b) for a, b in spans]
    assert "".join(p.text for p in pieces(text, ms, [1] * len(ms), 0)) == text


def test_search_url_keeps_state_drops_defaults_and_resets_page():
    state = {"q": "科普", "year": 2023, "sort": "date", "page": 3}
    url = search_url(state, platform="党建")
    qs = parse_qs(urlparse(url).query)
    assert qs == {"q": ["科普"], "year": ["2023"], "platform": ["党建"], "sort": ["date"]}
    assert "page=4" in search_url(state, page=4)
    assert search_url({"q": "", "sort": "relevance", "page": 1}) == "/search"
    assert "year" not in search_url(state, year=None)


def test_page_numbers_window_with_gaps():
    assert page_numbers(1, 1) == [1]
    assert page_numbers(6, 20) == [1, None, 4, 5, 6, 7, 8, None, 20]
    assert page_numbers(2, 4) == [1, 2, 3, 4]


def test_month_range_knows_month_lengths():
    assert month_range("2024-02") == ("2024-02-01", "2024-02-29")
    assert month_range("2023-02") == ("2023-02-01", "2023-02-28")
    assert month_range("2023-12") == ("2023-12-01", "2023-12-31")


def test_chart_data_shows_all_ten_platforms_and_links_every_bar():
    d = Dashboard(
        documents=1,
        articles=3,
        entities={},
        per_month={"2023-01": 1, "2023-02": 2},
        per_unit={"甲区科协": 2, "乙学会": 1},
        per_platform={"党建": 2},
        per_event_type={"会议": 2, "培训": 1},
        top_orgs=[],
        top_people=[],
        latest=[],
    )
    c = chart_data(d)
    assert c["platform"]["labels"][: len(PLATFORMS)] == list(PLATFORMS)
    assert c["platform"]["values"][PLATFORMS.index("党建")] == 2
    jan = parse_qs(urlparse(c["month"]["links"][0]).query)
    assert jan["date_from"] == ["2023-01-01"] and jan["date_to"] == ["2023-01-31"]
    assert c["unit"]["labels"] == ["甲区科协", "乙学会"]


def test_csrf_tokens_verify_only_with_the_same_secret():
    a, b = make_signer("one"), make_signer("two")
    token = a.dumps("x")
    assert _valid(a, token)
    assert not _valid(b, token)
    assert not _valid(a, token + "0")
    assert not _valid(a, None)


@pytest.mark.parametrize("secret", [None, "fixed"])
def test_make_signer_works_with_or_without_secret(secret):
    s = make_signer(secret)
    assert _valid(s, s.dumps("v"))


def test_read_cache_serves_only_the_same_generation_and_stays_bounded():
    from kexie.web.cache import ReadCache

    cache = ReadCache(max_items=2)
    calls = []

    def compute(v):
        calls.append(v)
        return v

    assert cache.get("a", 1, lambda: compute("a1")) == "a1"
    assert cache.get("a", 1, lambda: compute("again")) == "a1"
    assert cache.get("a", 2, lambda: compute("a2")) == "a2"  # the archive changed
    cache.get("b", 2, lambda: compute("b"))
    cache.get("c", 2, lambda: compute("c"))  # evicts the least recently used, "a"
    assert cache.get("a", 2, lambda: compute("a2'")) == "a2'"
    assert calls == ["a1", "a2", "b", "c", "a2'"]
    assert cache.hits == 1 and cache.misses == 5


def test_dashboard_follows_an_ingest_by_another_process(settings, client):
    from kexie import services

    before = client.get("/api/stats").json()["articles"]
    text = "科协工作动态\n\n【区科协动态】\n\n大兴区科协举办科技周活动\n\n5 月 20 日，大兴区科协举办科技周活动，800 名居民参加。\n\n（大兴区科协）\n"
    r = services.ingest_bytes(settings, "daxing.txt", text.encode())  # not through the web: no clear()
    assert r.status == "stored"
    time.sleep(GENERATION_TTL + 0.1)  # the app trusts the generation it read for this long
    assert client.get("/api/stats").json()["articles"] == before + r.articles
    assert soup_of(client.get("/")).select_one('[data-stat="articles"]').get_text() == str(
        before + r.articles
    )


def test_warm_up_precomputes_dashboard_and_top_profiles(settings):
    from kexie.web import create_app
    from kexie.web.warm import warm_cache

    app = create_app(settings)
    done = warm_cache(app)
    assert done >= 3
    assert app.state.cache.misses == done and app.state.cache.hits == 0
    # the first visit to a top profile reads nothing: its page data was computed at start-up
    from fastapi.testclient import TestClient

    from kexie import services

    top = services.dashboard(settings).top_orgs[0]
    assert TestClient(app).get(f"/entities/{top.id}").status_code == 200
    assert app.state.cache.hits == 1  # the profile and graph read; only the page itself was rendered


def test_timeline_items_escape_what_came_from_documents():
    from kexie.store.views import Activity
    from kexie.web.render import timeline_items

    html = str(timeline_items([Activity(3, None, "<script>x</script>", '会"议', ["<b>"], "a&b.txt")]))
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "&lt;b&gt;" in html and "a&amp;b.txt" in html and "&#34;" in html
    assert "<time>日期不详</time>" in html and 'href="/articles/3"' in html
    assert str(timeline_items([])) == '<li class="muted">暂无</li>'


@pytest.mark.parametrize("threads", [0, 2])
def test_threads_cap_the_requests_a_worker_computes_at_once(tmp_path, threads):
    """`kexie serve --threads N` sets the worker's thread limiter; 0 keeps the server's default."""
    import anyio.to_thread
    from fastapi.testclient import TestClient

    from kexie.config import Settings
    from kexie.web import create_app

    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'k.db'}"), threads=threads)

    @app.get("/_tokens")
    async def tokens() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    with TestClient(app) as client:
        assert client.get("/_tokens").json() == (threads or 40)
