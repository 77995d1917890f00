"""The 报告 page: three forms, downloads that open in their own libraries, errors shown on the page."""

from __future__ import annotations

import io
from urllib.parse import unquote

import docx
import openpyxl
import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from report_fixtures import art

from kexie import services
from kexie.config import Settings
from kexie.model import Bulletin, Issue, Source
from kexie.store import db
from kexie.store.archive import Archive
from kexie.web import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    s = Settings(db_url=f"sqlite:///{tmp_path_factory.mktemp('webr') / 'kexie.db'}")
    arts = [
        art(
            1,
            "甲区科协举办科普讲座",
            date="2023-03-05",
            platforms=["社会化协同科普"],
            orgs=["甲区科协"],
            attribution=["甲区科协"],
        ),
        art(
            2,
            "乙学会召开年会",
            date="2023-04-05",
            platforms=["前沿性学术交流"],
            orgs=["乙学会"],
            section="学会动态",
        ),
    ]
    Archive(s).store(
        Bulletin(Source("a.txt", "0" * 64, "txt"), Issue("科协工作动态", "第4期", "2023-04-10", 2023), arts),
        b"a",
    )
    with TestClient(create_app(s, secret="test-secret"), raise_server_exceptions=False) as c:
        c.kexie_settings = s
        yield c
    db.close_all()


def _soup(r) -> BeautifulSoup:
    assert "text/html" in r.headers["content-type"]
    return BeautifulSoup(r.text, "html.parser")


def _token(client) -> str:
    return _soup(client.get("/reports")).find("input", attrs={"name": "csrf_token"})["value"]


def test_page_offers_three_downloads_and_recent_articles(client):
    r = client.get("/reports")
    assert r.status_code == 200
    page = _soup(r)
    assert page.find("a", href="/reports", attrs={"aria-current": "page"}).text == "报告"
    actions = [f["action"] for f in page.find_all("form") if f.get("action", "").startswith("/reports")]
    assert actions == ["/reports/unit", "/reports/stats", "/reports/compose"]
    boxes = {b.parent.get_text(" ", strip=True) for b in page.find_all("input", attrs={"name": "articles"})}
    assert any("甲区科协举办科普讲座" in t for t in boxes) and len(boxes) == 2
    assert (
        page.find("input", id="number")["placeholder"] == "5"
        or page.find("input", id="number")["placeholder"] == "1"
    )


def test_unit_report_download(client):
    r = client.get(
        "/reports/unit",
        params={"org": "甲区科协", "date_from": "2023-01-01", "date_to": "2023-12-31", "format": "docx"},
    )
    assert r.status_code == 200
    cd = r.headers["content-disposition"]
    assert cd.startswith("attachment;") and "甲区科协2023年度工作报告" in unquote(
        cd.split("filename*=UTF-8''")[1]
    )
    d = docx.Document(io.BytesIO(r.content))
    assert d.paragraphs[0].text == "甲区科协2023年度工作报告"


@pytest.mark.parametrize(
    "params,status,message",
    [
        ({"org": "甲区科协", "date_from": "2023-02-30", "date_to": "2023-12-31"}, 422, "不是有效日期"),
        ({"org": "无此单位", "date_from": "2023-01-01", "date_to": "2023-12-31"}, 404, "没有这个单位"),
        ({"org": " ", "date_from": "2023-01-01", "date_to": "2023-12-31"}, 422, "请填写单位名称"),
    ],
)
def test_unit_form_errors_come_back_on_the_page_with_values_kept(client, params, status, message):
    r = client.get("/reports/unit", params=params)
    assert r.status_code == status
    page = _soup(r)
    assert message in page.find(attrs={"data-error": True}).text
    assert page.find("input", id="org")["value"] == params["org"]
    assert page.find("input", id="date_from")["value"] == params["date_from"]


def test_stats_download_and_bad_year(client):
    r = client.get("/reports/stats", params={"year": "2023", "format": "xlsx"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert "平台×月份" in wb.sheetnames
    bad = client.get("/reports/stats", params={"year": "20x3"})
    assert bad.status_code == 422 and "不是有效年份" in _soup(bad).find(attrs={"data-error": True}).text


def test_compose_form_needs_the_csrf_token_and_returns_an_issue_that_parses(client):
    fields = {
        "articles": [],
        "article_ids": "",
        "item_title": "丙协会开展科技志愿服务",
        "item_body": "5月1日，丙协会开展科技志愿服务。\n活动服务群众200人次。",
        "item_attribution": "丙协会",
        "item_section": "基层动态",
        "number": "",
        "date": "2023-05-10",
        "compose_format": "docx",
    }
    assert client.post("/reports/compose", data=fields).status_code == 403
    ids = [
        int(b["value"]) for b in _soup(client.get("/reports")).find_all("input", attrs={"name": "articles"})
    ]
    r = client.post(
        "/reports/compose", data={**fields, "articles": [str(i) for i in ids], "csrf_token": _token(client)}
    )
    assert r.status_code == 200, r.text[:500]
    parsed = services.parse_bytes("issue.docx", r.content, client.kexie_settings, extract=False)
    assert parsed.issue.number == "第5期"  # numbered on from the stored 第4期
    assert [a.title for a in parsed.articles] == [
        "甲区科协举办科普讲座",
        "乙学会召开年会",
        "丙协会开展科技志愿服务",
    ]
    assert parsed.articles[-1].attribution == ["丙协会"] and parsed.articles[-1].section == "基层动态"
    bad = client.post("/reports/compose", data={**fields, "date": "5月", "csrf_token": _token(client)})
    assert bad.status_code == 422
    page = _soup(bad)
    assert "不是有效日期" in page.find(attrs={"data-error": True}).text
    assert page.find("input", id="item_title")["value"] == "丙协会开展科技志愿服务"


def test_compose_api_returns_a_pdf_or_a_json_error(client):
    token = _token(client)
    ok = client.post(
        "/api/compose",
        json={
            "items": [{"title": "新稿件", "body": "正文一段。", "attribution": ["甲区科协"]}],
            "number": 3,
            "date": "2023-06-01",
            "format": "pdf",
        },
        headers={"X-CSRF-Token": token},
    )
    assert ok.status_code == 200 and ok.content.startswith(b"%PDF")
    missing = client.post("/api/compose", json={"articles": [987654]}, headers={"X-CSRF-Token": token})
    assert missing.status_code == 404 and "没有这些文章" in missing.json()["error"]["message"]
