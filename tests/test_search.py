"""Search on both backends: Chinese recall, phrases, ranking, filters, facets, safe input, snippets."""

from __future__ import annotations

import re

import pytest
from tests.store.conftest import make_article, make_bulletin, pg_schema_url, raw, settings  # noqa: F401  (fixtures)

from kexie import services
from kexie.errors import ConfigError
from kexie.store.archive import Archive
from kexie.store.views import SearchQuery


@pytest.fixture
def corpus(settings):  # noqa: F811
    arch = Archive(settings)
    b1 = make_bulletin(
        "b1.txt",
        [
            make_article(
                0,
                "市科协召开党建工作会",
                ["北京市科协召开党建工作会，党组书记张明讲话。"],
                persons=[("张明", ["党组书记"])],
                orgs=[("北京市科协", [])],
                platforms=["党建"],
                date="2022-03-01",
                section="要闻",
            ),
            make_article(
                1,
                "专家赴平谷调研大桃产业",
                ["土壤学会专家赴平谷区调研大桃种植，提出标准化建议。"],
                orgs=[("土壤学会", [])],
                places=["平谷区"],
                event_type="调研",
                platforms=["落地化科创服务"],
                date="2022-04-02",
                section="学会动态",
            ),
        ],
        number="第1期",
        date="2022-04-30",
    )
    b2 = make_bulletin(
        "b2.txt",
        [
            make_article(
                0,
                "科普讲座走进社区",
                ["市科协组织专家走进社区开展科普讲座，讲解党建知识和健康常识。"],
                orgs=[("市科协", [])],
                event_type="科普活动",
                platforms=["社会化协同科普"],
                date="2023-05-06",
                section="基层动态",
            ),
            make_article(
                1,
                "青年人才托举工程启动",
                ["青年科技人才托举工程启动，提到党建引领。<script>alert(1)</script>"],
                event_type="其他",
                platforms=["全链条人才托举"],
                date="2023-06-07",
            ),
            make_article(
                2,
                "瑷珲镇调研",
                ["调研组在瑷珲镇考察，未登录词也能找到。"],
                event_type="调研",
                date="2023-07-08",
            ),
        ],
        number="第2期",
        date="2023-07-30",
    )
    arch.store(b1, raw("b1"))
    arch.store(b2, raw("b2"))
    return settings


def q(settings, text="", **kw):  # noqa: F811
    return services.search(settings, SearchQuery(q=text, **kw))


def titles(result):
    return [h.title for h in result.hits]


def test_two_character_words_and_unknown_names_are_found(corpus):
    assert q(corpus, "大桃").total == 1
    assert titles(q(corpus, "瑷珲")) == ["瑷珲镇调研"]  # a place no dictionary knows
    assert q(corpus, "桃产").total == 1  # any substring of two characters, even across words


def test_every_term_must_match_and_phrases_are_consecutive(corpus):
    assert q(corpus, "党建 社区").total == 1
    assert q(corpus, '"科普讲座"').total == 1
    assert q(corpus, '"讲座科普"').total == 0
    assert q(corpus, '"党建 工作会"').total == 1  # spaces inside a Chinese phrase are ignored
    assert q(corpus, '"北京 科协"').total == 0  # the text says 北京市科协


def test_title_hits_rank_above_body_hits(corpus):
    r = q(corpus, "党建")
    assert r.total == 3
    assert r.hits[0].title == "市科协召开党建工作会"


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '""',
        "*",
        "-",
        "NEAR",
        "NEAR(党建, 科普)",
        "党建 OR 科普",
        "(党建",
        "\\",
        '\\"',
        "a:b",
        "title:党建",
        "^党建",
        "党建*",
        "'; DROP TABLE articles; --",
        "{title}:x",
        "&|!<->",
        "％",
        "😀",
        " ",
    ],
)
def test_any_user_string_is_safe(corpus, text):
    r = q(corpus, text)
    assert r.total >= 0


def test_operators_are_searched_as_text_not_syntax(corpus):
    assert q(corpus, "党建 OR 瑷珲").total == 0  # OR is a word here, and no article contains it
    assert q(corpus, "-党建").total == 3  # not a negation


def test_filters(corpus):
    assert titles(q(corpus, "调研", event_type="调研", year=2022)) == ["专家赴平谷调研大桃产业"]
    assert q(corpus, "", date_from="2023-01-01", date_to="2023-06-30").total == 2
    assert q(corpus, "", org="北京市科协").total == 2  # 市科协 and 北京市科协 are one organization
    assert q(corpus, "", person="张明").total == 1
    assert q(corpus, "", place="平谷区").total == 1
    assert q(corpus, "", platform="党建").total == 1
    assert q(corpus, "", section="学会动态").total == 1
    assert q(corpus, "", org="不存在的组织").total == 0
    doc = q(corpus, "瑷珲").hits[0]
    assert q(corpus, "", document=doc.document_id).total == 3


def test_facets_count_the_hits(corpus):
    r = q(corpus, "党建")
    assert r.facets["year"] == {"2023": 2, "2022": 1}
    assert r.facets["org"] == {"北京市科协": 2}
    assert r.facets["platform"]["党建"] == 1
    assert r.facets["document"] == {"b2.txt": 2, "b1.txt": 1}
    assert set(r.facets) == {
        "year",
        "org",
        "person",
        "place",
        "event_type",
        "platform",
        "section",
        "document",
    }
    assert r.facets_exact
    browse = q(corpus, "")
    assert browse.total == 5 and sum(browse.facets["year"].values()) == 5
    assert q(corpus, "").facets == browse.facets  # the cached browse facets


def test_snippets_are_escaped_and_marked(corpus):
    hit = q(corpus, "党建引领").hits[0]
    assert "<mark>党建引领</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "<mark>" not in hit.snippet_text


def test_sort_by_date_and_pages(corpus):
    r = q(corpus, "", sort="date", per_page=2)
    assert [h.date for h in r.hits] == ["2023-07-08", "2023-06-07"]
    r2 = q(corpus, "", sort="date", per_page=2, page=3)
    assert [h.date for h in r2.hits] == ["2022-03-01"]


def test_bad_values_are_config_errors(corpus):
    with pytest.raises(ConfigError):
        q(corpus, "x", date_from="2023-13-45")
    with pytest.raises(ConfigError):
        q(corpus, "x", sort="random")
    with pytest.raises(ConfigError):
        q(corpus, "x", per_page=0)


def test_any_stored_substring_of_two_characters_is_found(settings):  # noqa: F811
    """Round trip: arbitrary text stored, then any two adjacent Han characters of it (or a whole
    Latin/digit word: those are indexed as words, like any English search) are searched."""
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hsettings
    from hypothesis import strategies as st

    arch = Archive(settings)
    counter = {"n": 0}
    han = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
    other = st.sampled_from(list("abcXYZ0129 ，。、“”()*-\\\"'"))
    alphabet = st.one_of(han, han, other)

    @hsettings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.text(alphabet=alphabet, min_size=2, max_size=40), st.data())
    def check(body, data):
        counter["n"] += 1
        n = counter["n"]
        art = make_article(0, f"标题{n}", [body], orgs=[], event_type=None)
        arch.store(make_bulletin(f"h{n}.txt", [art], number=f"第{n}期"), raw(f"h{n}", body))
        is_han = lambda c: "\u4e00" <= c <= "\u9fff"  # noqa: E731
        pieces = [body[i : i + 2] for i in range(len(body) - 1) if is_han(body[i]) and is_han(body[i + 1])]
        pieces += re.findall(r"[A-Za-z0-9]+", body)
        if not pieces:
            return
        piece = data.draw(st.sampled_from(pieces))
        hits = services.search(settings, SearchQuery(q=piece, per_page=100)).hits
        assert f"标题{n}" in [h.title for h in hits], piece

    check()
