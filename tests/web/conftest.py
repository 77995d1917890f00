"""One small archive for the web tests: the project's own bulletin (with <script> in its text),
ingested through the real services into a temporary SQLite database, and an in-process client."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from kexie import services
from kexie.config import Settings
from kexie.web import create_app

DATA = Path(__file__).resolve().parent / "data"
BULLETIN = DATA / "escaping-bulletin.txt"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    db = tmp_path_factory.mktemp("web") / "web.db"
    s = Settings(db_url=f"sqlite:///{db}", max_bytes=200_000)
    result = services.ingest_bytes(s, BULLETIN.name, BULLETIN.read_bytes())
    assert result.status == "stored", result
    assert result.articles >= 2, result
    return s


@pytest.fixture(scope="module")
def client(settings: Settings) -> TestClient:
    with TestClient(create_app(settings, secret="test-secret"), raise_server_exceptions=False) as c:
        yield c


def soup_of(response) -> BeautifulSoup:
    assert "text/html" in response.headers["content-type"]
    return BeautifulSoup(response.text, "html.parser")


def csrf_token(client: TestClient) -> str:
    page = soup_of(client.get("/upload"))
    return page.find("input", attrs={"name": "csrf_token"})["value"]


def article_id(client: TestClient, q: str) -> int:
    hits = client.get("/api/search", params={"q": q}).json()["hits"]
    assert hits, f"no article for {q!r}"
    return hits[0]["article_id"]
