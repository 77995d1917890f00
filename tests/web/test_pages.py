"""Every page over HTTP (in-process), its HTML read with a parser."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlparse

from .conftest import article_id, soup_of


def test_home_dashboard_counts_and_links(client):
    r = client.get("/")
    assert r.status_code == 200
    page = soup_of(r)
    assert page.html["lang"] == "zh-CN"
    assert page.find("h1").get_text(strip=True) == "工作动态总览"
    assert int(page.select_one('[data-stat="articles"]').get_text()) >= 2
    assert int(page.select_one('[data-stat="documents"]').get_text()) == 1
    charts = json.loads(page.find("script", id="chart-data").string)
    # the ten platforms are always there, each linked to its filtered search
    assert len(charts["platform"]["labels"]) >= 10
    assert "科学家精神宣教" in charts["platform"]["labels"] and "组织建设" in charts["platform"]["labels"]
    assert sum(charts["month"]["values"]) >= 2
    for key in ("month", "unit", "platform", "event_type"):
        s = charts[key]
        assert len(s["labels"]) == len(s["values"]) == len(s["links"])
        assert all(link.startswith("/search") for link in s["links"])


def test_every_nonzero_chart_element_opens_a_search_with_that_many_hits(client):
    charts = json.loads(soup_of(client.get("/")).find("script", id="chart-data").string)
    checked = 0
    for key in ("month", "platform", "event_type"):
        s = charts[key]
        for link, value in zip(s["links"], s["values"], strict=True):
            if value:
                total = client.get(link.replace("/search", "/api/search", 1)).json()["total"]
                assert total == value, (key, link)
                checked += 1
    assert checked >= 3


def test_latest_bulletins_and_top_lists_link_somewhere_real(client):
    page = soup_of(client.get("/"))
    latest = page.select("ul.latest a")
    assert latest, "the ingested bulletin is listed"
    assert client.get(latest[0]["href"]).status_code == 200
    for a in page.select("ol.rank a"):
        assert client.get(a["href"]).status_code == 200


def test_search_page_hits_snippets_and_state_in_url(client):
    r = client.get("/search", params={"q": "修剪", "sort": "date"})
    assert r.status_code == 200
    page = soup_of(r)
    assert page.find("input", id="q")["value"] == "修剪"
    assert page.find("option", selected=True)["value"] == "date"
    hits = page.select("li.hit")
    assert hits
    assert hits[0].find("mark") is not None
    assert re.fullmatch(r"/articles/\d+", hits[0].find("a")["href"])
    assert int(page.select_one("[data-total]").get_text()) == len(hits)
    # facet links keep the query and sort, and narrow the result
    facet_links = [a["href"] for a in page.select(".facets a")]
    assert facet_links
    for href in facet_links:
        qs = parse_qs(urlparse(href).query)
        assert qs["q"] == ["修剪"] and qs["sort"] == ["date"]


def test_search_facet_filter_and_chip_removal(client):
    page = soup_of(client.get("/search"))
    year_link = next(a["href"] for a in page.select(".facets a") if "year=" in a["href"])
    narrowed = soup_of(client.get(year_link))
    chips = narrowed.select("ul.chips li a")
    assert chips, "the active filter is shown and removable"
    removed = parse_qs(urlparse(chips[0]["href"]).query)
    assert "year" not in removed


def test_search_without_hits_says_so(client):
    page = soup_of(client.get("/search", params={"q": "完全不存在的词语组合"}))
    assert page.select_one("[data-total]").get_text() == "0"
    assert "没有找到" in page.select_one("li.empty").get_text()


def test_article_page_marks_and_links_entities(client):
    aid = article_id(client, "修剪")
    r = client.get(f"/articles/{aid}")
    assert r.status_code == 200
    page = soup_of(r)
    article = page.find("article")
    linked = article.select("a.m")
    assert linked, "mentions of entities are links"
    for a in linked:
        assert re.fullmatch(r"/entities/\d+", a["href"])
        assert client.get(a["href"]).status_code == 200
    kinds = {c for el in article.select(".m") for c in el["class"] if c.startswith("m-")}
    assert {"m-ORG", "m-DATE"} <= kinds
    # the record, the source and its download
    record = page.find("dl", class_="record").get_text()
    assert "活动类型" in record and "服务平台" in record
    # the cues behind the event type: the fixture's training article says 培训 in its title and body
    cues = page.find("details", class_="explain").get_text()
    assert "判定依据" in cues and "培训" in cues
    download = page.find("a", href=re.compile(r"^/documents/\d+/file$"))
    f = client.get(download["href"])
    assert f.status_code == 200
    assert "attachment" in f.headers["content-disposition"]
    assert f.content.startswith("科协工作动态".encode())


def test_article_neighbours_link_each_other(client):
    aid = article_id(client, "修剪")
    page = soup_of(client.get(f"/articles/{aid}"))
    nav = page.find("nav", class_="neighbours")
    links = nav.find_all("a")
    assert links, "two articles in one bulletin are neighbours"
    other = links[0]["href"]
    back = soup_of(client.get(other)).find("nav", class_="neighbours")
    assert f"/articles/{aid}" in [a["href"] for a in back.find_all("a")]


def test_entity_profile_by_id_and_by_name(client):
    aid = article_id(client, "修剪")
    page = soup_of(client.get(f"/articles/{aid}"))
    org = next(a for a in page.select("article a.m-ORG"))
    name = org.get_text()
    by_id = client.get(org["href"])
    assert by_id.status_code == 200
    profile = soup_of(by_id)
    assert profile.find("h1").get_text(strip=True) == name
    timeline = [a["href"] for a in profile.select("ol.timeline a")]
    assert f"/articles/{aid}" in timeline
    graph = json.loads(profile.find("script", id="graph-data").string)
    assert any(n["center"] for n in graph["nodes"]) or not graph["nodes"]
    by_name = client.get(f"/entities/{name}")
    assert by_name.status_code == 200
    assert soup_of(by_name).find("h1").get_text(strip=True) == name


def test_person_profile_shows_titles(client):
    aid = article_id(client, "修剪")
    page = soup_of(client.get(f"/articles/{aid}"))
    people = page.select("article a.m-PER")
    assert people, "the person in the fixture is recognized and linked"
    profile = soup_of(client.get(people[0]["href"]))
    assert profile.find("h2", id="h-titles") is not None
    assert profile.select("table.data td"), "titles over time are listed"


def test_upload_page_has_dropzone_and_token(client):
    page = soup_of(client.get("/upload"))
    form = page.find("form", id="upload-form")
    assert form["method"] == "post" and form["enctype"] == "multipart/form-data"
    assert form.find("input", attrs={"name": "csrf_token"})["value"]
    assert form.find("input", type="file").has_attr("multiple")
    assert "TXT" in page.find(id="limits").get_text()


def test_api_docs_page_lists_endpoints_locally(client):
    page = soup_of(client.get("/api/docs"))
    paths = {c.get_text() for c in page.select("h2 code")}
    assert {"/api/search", "/api/ingest", "/api/stats"} <= paths


def test_pages_reference_no_outside_assets(client, settings):
    aid = article_id(client, "修剪")
    for url in ("/", "/search?q=培训", f"/articles/{aid}", "/upload", "/api/docs"):
        page = soup_of(client.get(url))
        for tag in page.find_all(["script", "link", "img"]):
            ref = tag.get("src") or tag.get("href")
            if ref:
                assert ref.startswith("/"), (url, ref)
        assert "//" not in "".join(t.get("src", "") for t in page.find_all("script"))


def test_static_assets_are_served(client):
    css = client.get("/static/kexie.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    echarts = client.get("/static/vendor/echarts.min.js")
    assert echarts.status_code == 200, (
        "run `make install`: it copies echarts from node_modules into static/vendor"
    )
    assert b"echarts" in echarts.content[:5000]


def test_pages_without_forms_set_no_cookie_and_are_cached_whole(client):
    client.cookies.clear()
    first = client.get("/search", params={"q": "培训"})
    assert "set-cookie" not in first.headers
    assert client.get("/search", params={"q": "培训"}).text == first.text
    upload = client.get("/upload")
    assert "kexie_csrf=" in upload.headers["set-cookie"]
