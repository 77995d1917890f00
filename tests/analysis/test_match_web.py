"""The 对接 page and /api/match (issue 7), through the real app and archive."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from kexie.web import create_app


@pytest.fixture(scope="module")
def client(archive_settings):
    settings, _ = archive_settings
    with TestClient(create_app(settings, secret="t"), raise_server_exceptions=False) as c:
        yield c


def test_match_page_ranks_and_marks_evidence(client, archive_settings):
    _, specs = archive_settings
    postdoc = next(s for s in specs if s.line.key == "postdoc")
    r = client.get("/match", params={"need": "公司想建立博士后工作站，需要申报方面的帮助"})
    assert r.status_code == 200
    page = BeautifulSoup(r.text, "html.parser")
    names = [h.find("a").get_text(strip=True) for h in page.select("li.match h3")]
    assert postdoc.society in names[:5] and postdoc.unit in names[:5]
    marks = [m.get_text() for m in page.select("li.match mark")]
    assert marks and any("博士后" in m for m in marks)
    assert page.select('li.match a[href^="/articles/"]') and page.select('li.match a[href^="/entities/"]')
    assert page.find("a", attrs={"aria-current": "page"}).get_text() == "对接"


def test_match_page_escapes_the_need_and_helps_with_vague_ones(client):
    r = client.get("/match", params={"need": "<script>alert(1)</script>"})
    assert r.status_code == 200 and "<script>alert(1)" not in r.text
    page = BeautifulSoup(client.get("/match", params={"need": "帮忙"}).text, "html.parser")
    assert page.select_one(".notice") and "可以试试" in page.get_text()
    assert page.select('a[href^="/match?need="]')
    empty = client.get("/match")
    assert empty.status_code == 200 and "谁能帮忙" in empty.text


def test_api_match_json_and_bad_parameters(client):
    data = client.get("/api/match", params={"need": "蜜蜂养殖技术培训", "type": "person", "top": 3}).json()
    assert 1 <= len(data["matches"]) <= 3 and all(m["type"] == "person" for m in data["matches"])
    ev = data["matches"][0]["evidence"][0]
    assert all(0 <= a < b <= len(ev["passage"]) for a, b in ev["spans"])
    assert client.get("/api/match", params={"need": "施肥", "type": "team"}).status_code == 422
    assert client.get("/api/match", params={"need": "施肥", "top": 0}).status_code == 422
