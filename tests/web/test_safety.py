"""Escaping, CSRF, upload limits, and Chinese error pages (never a stack trace)."""

from __future__ import annotations

from .conftest import article_id, csrf_token, soup_of


def _no_injected_script(page) -> None:
    for s in page.find_all("script"):
        assert "alert" not in (s.string or ""), "text from a document became a script element"


def test_script_in_a_bulletin_is_shown_as_text_on_the_article(client):
    aid = article_id(client, "修剪")
    r = client.get(f"/articles/{aid}")
    assert '<script>alert("标题")</script>' not in r.text
    page = soup_of(r)
    _no_injected_script(page)
    article = page.find("article")
    assert '<script>alert("标题")</script>' in article.find("h1").get_text()
    assert "<script>alert(1)</script>" in article.get_text()


def test_script_in_a_bulletin_is_escaped_in_search_results_and_profiles(client):
    r = client.get("/search", params={"q": "修剪"})
    page = soup_of(r)
    _no_injected_script(page)
    assert "<script>" in page.select_one("li.hit h3").get_text()
    for a in page.select("li.hit a"):
        if a["href"].startswith("/articles/"):
            break
    art = soup_of(client.get(a["href"]))
    org = art.select_one("article a.m-ORG")
    _no_injected_script(soup_of(client.get(org["href"])))
    _no_injected_script(soup_of(client.get("/")))


def test_query_text_is_escaped(client):
    evil = '"><script>alert(2)</script>'
    r = client.get("/search", params={"q": evil})
    assert r.status_code == 200
    assert "<script>alert(2)" not in r.text
    assert soup_of(r).find("input", id="q")["value"] == evil


def test_ingest_without_csrf_token_is_refused(client):
    r = client.post("/api/ingest", files={"file": ("a.txt", "科协工作动态\n".encode(), "text/plain")})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "csrf"
    assert "CSRF" in r.json()["error"]["message"]


def test_form_upload_without_token_gets_a_chinese_page(client):
    r = client.post("/upload", files={"files": ("a.txt", "科协工作动态\n".encode(), "text/plain")})
    assert r.status_code == 403
    page = soup_of(r)
    assert page.find("h1").get_text(strip=True).startswith("请求被拒绝")
    assert "刷新页面" in page.find(class_="message").get_text()


def test_forged_or_mismatched_token_is_refused(client):
    token = csrf_token(client)
    files = {"file": ("a.txt", "科协工作动态\n".encode(), "text/plain")}
    # a token that does not match the cookie
    r = client.post("/api/ingest", files=files, headers={"X-CSRF-Token": token + "x"})
    assert r.status_code == 403
    # a cookie and header that match but were not signed by this server
    client.cookies.set("kexie_csrf", "forged.value")
    r = client.post("/api/ingest", files=files, headers={"X-CSRF-Token": "forged.value"})
    assert r.status_code == 403
    client.cookies.clear()


def test_upload_with_token_stores_and_links(client):
    token = csrf_token(client)
    text = "科协工作动态\n\n【区科协动态】\n\n通州区科协举办青少年科技创新大赛\n\n4 月 2 日，通州区科协举办青少年科技创新大赛，300 名学生参加。\n\n（通州区科协）\n"
    r = client.post(
        "/api/ingest",
        files={"file": ("tongzhou.txt", text.encode(), "text/plain")},
        headers={"X-CSRF-Token": token},
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "stored" and body["articles"] >= 1
    listed = client.get(body["links"]["search"]).text
    assert "青少年科技创新大赛" in listed
    # the same bytes again: skipped, nothing new
    again = client.post(
        "/api/ingest",
        files={"file": ("tongzhou.txt", text.encode(), "text/plain")},
        headers={"X-CSRF-Token": token},
    )
    assert again.status_code == 200 and again.json()["status"] == "skipped"


def test_form_upload_with_token_reports_each_file(client):
    token = csrf_token(client)
    files = [
        (
            "files",
            (
                "ok.txt",
                "科协工作动态\n\n顺义区科协召开年度工作会议\n\n5 月 6 日，顺义区科协召开年度工作会议。\n".encode(),
                "text/plain",
            ),
        ),
        ("files", ("bad.exe", b"MZ\x90\x00", "application/octet-stream")),
    ]
    r = client.post("/upload", files=files, data={"csrf_token": token})
    assert r.status_code == 200
    items = soup_of(r).select("#upload-list li.item")
    assert [i.find(class_="name").get_text() for i in items] == ["ok.txt", "bad.exe"]
    assert "stored" in items[0]["class"]
    assert "failed" in items[1]["class"] and "不支持" in items[1].get_text()


def test_upload_too_large_is_refused_in_chinese(client, settings):
    token = csrf_token(client)
    big = b"a" * (settings.max_bytes + 1)
    r = client.post(
        "/api/ingest", files={"file": ("big.txt", big, "text/plain")}, headers={"X-CSRF-Token": token}
    )
    assert r.status_code == 413
    assert "上限" in r.json()["error"]["message"]


def test_upload_of_unsupported_type_is_refused_in_chinese(client):
    token = csrf_token(client)
    r = client.post(
        "/api/ingest",
        files={"file": ("x.exe", b"MZ\x90\x00", "application/octet-stream")},
        headers={"X-CSRF-Token": token},
    )
    assert r.status_code == 415
    assert "不支持" in r.json()["reason"]


def test_unreadable_upload_reports_failure_without_trace(client):
    token = csrf_token(client)
    r = client.post(
        "/api/ingest",
        files={"file": ("fake.pdf", b"this is not a pdf at all", "application/pdf")},
        headers={"X-CSRF-Token": token},
    )
    assert r.status_code in (415, 422)
    body = r.json()
    assert body["status"] == "failed" and body["reason"]
    assert "Traceback" not in r.text


def test_unknown_article_is_a_chinese_404_page(client):
    r = client.get("/articles/999999")
    assert r.status_code == 404
    page = soup_of(r)
    assert page.find("h1").get_text(strip=True).startswith("未找到")
    assert "Traceback" not in r.text


def test_unknown_route_and_entity_are_chinese_404(client):
    for url in ("/no/such/page", "/entities/不存在的机构名称"):
        r = client.get(url)
        assert r.status_code == 404
        assert "未找到" in soup_of(r).find("h1").get_text()


def test_bad_parameters_are_a_chinese_422_page(client):
    r = client.get("/search", params={"page": "abc"})
    assert r.status_code == 422
    page = soup_of(r)
    assert "请求参数有误" in page.find("h1").get_text()
    assert (
        "page" in page.find(class_="message").get_text() and "整数" in page.find(class_="message").get_text()
    )
    r = client.get("/search", params={"sort": "random"})
    assert r.status_code == 422
    r = client.get("/articles/abc")
    assert r.status_code == 422


def test_api_errors_are_json(client):
    r = client.get("/api/search", params={"page": "0"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_request"
    r = client.get("/api/articles/999999")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and "error" in r.json()


def test_method_not_allowed_is_chinese(client):
    r = client.post("/search")
    assert r.status_code == 405
    assert "不支持" in soup_of(r).find("h1").get_text()


def test_unreachable_database_is_a_chinese_503_page_not_a_trace(tmp_path):
    from fastapi.testclient import TestClient

    from kexie.config import Settings
    from kexie.web import create_app

    broken = Settings(db_url=f"sqlite:///{tmp_path}/no/such/dir/x.db")
    with TestClient(create_app(broken), raise_server_exceptions=False) as c:
        r = c.get("/")
        assert r.status_code == 503
        assert "数据库" in soup_of(r).find("h1").get_text()
        assert "Traceback" not in r.text
        api = c.get("/api/stats")
        assert api.status_code == 503 and api.json()["error"]["code"] == "store"


def test_security_headers_forbid_inline_scripts_and_framing(client):
    for url in ("/", "/search?q=培训", "/api/stats", "/no/such/page"):
        h = client.get(url).headers
        csp = h["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in csp
        assert h["x-content-type-options"] == "nosniff"
