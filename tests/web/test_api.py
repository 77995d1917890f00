"""The JSON API: every endpoint, its shapes, and its OpenAPI description."""

from __future__ import annotations

from .conftest import article_id


def test_api_search_shape_and_paging(client):
    body = client.get("/api/search", params={"q": "培训"}).json()
    assert set(body) >= {"total", "hits", "facets", "page", "per_page"}
    assert body["total"] >= 1
    hit = body["hits"][0]
    assert set(hit) >= {"article_id", "title", "date", "snippet", "score", "document"}
    assert "<mark>" in hit["snippet"]
    assert set(body["facets"]) >= {"year", "org", "platform", "event_type"}
    empty_page = client.get("/api/search", params={"q": "培训", "page": 50}).json()
    assert empty_page["hits"] == [] and empty_page["total"] == body["total"]


def test_api_search_sort_by_date(client):
    hits = client.get("/api/search", params={"sort": "date"}).json()["hits"]
    dates = [h["date"] for h in hits if h["date"]]
    assert len(dates) >= 2
    assert dates == sorted(dates, reverse=True)


def test_api_article_and_entity_and_graph(client):
    aid = article_id(client, "修剪")
    art = client.get(f"/api/articles/{aid}").json()
    assert art["id"] == aid
    assert art["record"]["title"].startswith("北京市园艺学会")
    assert len(art["mention_entities"]) == len(art["record"]["mentions"])
    ent = art["entities"][0]
    prof = client.get(f"/api/entities/{ent['id']}").json()
    assert prof["name"] == ent["name"]
    assert any(a["article_id"] == aid for a in prof["timeline"])
    graph = client.get(f"/api/entities/{ent['id']}/graph", params={"limit": 5}).json()
    assert any(n["id"] == ent["id"] for n in graph["nodes"])
    assert len(graph["nodes"]) <= 6


def test_api_stats(client):
    stats = client.get("/api/stats").json()
    assert stats["articles"] >= 2 and stats["documents"] >= 1
    assert sum(stats["per_month"].values()) >= 2


def test_api_csrf_issues_token_and_cookie(client):
    client.cookies.clear()
    r = client.get("/api/csrf")
    assert r.json()["header"] == "X-CSRF-Token"
    assert r.cookies.get("kexie_csrf") == r.json()["token"]
    assert (
        "httponly" in r.headers["set-cookie"].lower() and "samesite=strict" in r.headers["set-cookie"].lower()
    )


def test_openapi_describes_the_api(client):
    spec = client.get("/api/openapi.json").json()
    paths = spec["paths"]
    for p in (
        "/api/search",
        "/api/articles/{article_id}",
        "/api/entities/{key}",
        "/api/stats",
        "/api/ingest",
    ):
        assert p in paths
    assert "multipart/form-data" in paths["/api/ingest"]["post"]["requestBody"]["content"]
    assert not any(p.startswith(("/search", "/articles")) for p in paths), (
        "pages stay out of the API description"
    )


def test_cdn_based_docs_are_off(client):
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404


def test_api_find_entities_and_documents(client):
    found = client.get("/api/entities", params={"q": "园艺", "type": "ORG"}).json()
    assert found and all(e["type"] == "ORG" and "园艺" in e["name"] for e in found)
    assert client.get("/api/entities", params={"q": "园艺", "type": "XYZ"}).status_code == 422
    docs = client.get("/api/documents").json()
    assert any(d["name"] == "escaping-bulletin.txt" and d["articles"] >= 2 for d in docs)
