"""Both backends, one suite: every store test runs on SQLite (a temp file) and PostgreSQL.

PostgreSQL is the server at 127.0.0.1:5432, database `test` (trust auth; user postgres, else
root); each test gets its own schema (search_path), dropped afterwards. Unreachable: the pg
cases skip with the reason — unless KEXIE_REQUIRE_PG=1 (set by .ci/run), where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import cache

import pytest
from sqlalchemy import create_engine, text

from kexie.config import Settings
from kexie.model import Article, Bulletin, Issue, Mention, Org, Person, Place, Quantity, Source
from kexie.store import db

PG_HOST = "127.0.0.1:5432"


@cache
def pg_base_url() -> str | None:
    """The first user the test server accepts, or None (with the reason in `_pg_error`)."""
    for user in ("postgres", "root"):
        url = f"postgresql+psycopg://{user}@{PG_HOST}/test"
        try:
            eng = create_engine(url, connect_args={"connect_timeout": 3})
            with eng.connect() as c:
                c.execute(text("SELECT 1"))
            eng.dispose()
            return url
        except Exception as e:
            _pg_error.append(f"{user}: {str(e).splitlines()[0]}")
    return None


_pg_error: list[str] = []


def pg_url_or_skip() -> str:
    base = pg_base_url()
    if base is None:
        reason = f"PostgreSQL at {PG_HOST}/test unreachable ({'; '.join(_pg_error)})"
        if os.environ.get("KEXIE_REQUIRE_PG") == "1":
            pytest.fail(reason + " and KEXIE_REQUIRE_PG=1", pytrace=False)
        pytest.skip(reason)
    return base


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A fresh schema on the test server; its URL (kexie's ?schema=); dropped afterwards."""
    base = pg_url_or_skip()
    schema = "kx_" + uuid.uuid4().hex[:12]
    eng = create_engine(base)
    with eng.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{base}?schema={schema}"
    try:
        yield url
    finally:
        db.close_all()
        with eng.begin() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        eng.dispose()


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def settings(request, tmp_path) -> Iterator[Settings]:
    """Settings pointing at an empty archive on each backend."""
    if request.param == "sqlite":
        yield Settings(db_url=f"sqlite:///{tmp_path / 'kexie.db'}")
        db.close_all()
    else:
        yield Settings(db_url=request.getfixturevalue("pg_schema_url"))


# ---------------------------------------------------------------- hand-built bulletins


def mention(
    article_title: str, paragraphs: list[str], typ: str, text_: str, entity: str | None = None
) -> list[Mention]:
    """Every occurrence of `text_` in the paragraphs as a mention (offsets computed, never typed)."""
    out = []
    for i, p in enumerate(paragraphs):
        start = p.find(text_)
        while start >= 0:
            out.append(Mention(typ, text_, i, start, start + len(text_), entity or text_))  # type: ignore[arg-type]
            start = p.find(text_, start + 1)
    return out


def make_article(
    index: int,
    title: str,
    paragraphs: list[str],
    *,
    date: str | None = "2023-02-22",
    persons: list[tuple[str, list[str]]] = (),  # type: ignore[assignment]
    orgs: list[tuple[str, list[str]]] = (),  # type: ignore[assignment]
    places: list[str] = (),  # type: ignore[assignment]
    event_type: str | None = "会议",
    platforms: list[str] = (),  # type: ignore[assignment]
    section: str | None = None,
    attribution: list[str] = (),  # type: ignore[assignment]
) -> Article:
    ments: list[Mention] = []
    for name, aliases in orgs:
        for form in (name, *aliases):
            ments += mention(title, paragraphs, "ORG", form, name)
    for name, _ in persons:
        ments += mention(title, paragraphs, "PER", name)
    for p in places:
        ments += mention(title, paragraphs, "LOC", p)
    # an alias that is a substring of the full name (市科协 in 北京市科协) would be found twice: keep the longest
    ments.sort(key=lambda m: (m.paragraph, m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for m in ments:
        if kept and kept[-1].paragraph == m.paragraph and m.start < kept[-1].end:
            continue
        kept.append(m)
    return Article(
        index=index,
        title=title,
        paragraphs=paragraphs,
        section=section,
        attribution=list(attribution),
        date=date,
        event_type=event_type,
        platforms=list(platforms),
        persons=[Person(n, list(ts)) for n, ts in persons],
        orgs=[Org(n, list(a)) for n, a in orgs],
        locations=[Place(p) for p in places],
        quantities=[Quantity("3场", 3, "场")],
        mentions=kept,
    )


def make_bulletin(
    name: str,
    articles: list[Article],
    *,
    title: str = "工作动态",
    number: str | None = "第1期",
    date: str | None = "2023-02-28",
) -> Bulletin:
    return Bulletin(
        source=Source(name=name, sha256="0" * 64, format="txt"),
        issue=Issue(title=title, number=number, date=date, year=int(date[:4]) if date else None),
        articles=articles,
    )


def raw(name: str, salt: str = "") -> bytes:
    """Stand-in original bytes for a hand-built bulletin."""
    return f"{name}{salt}".encode()
