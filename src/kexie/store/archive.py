"""The one write API of the archive: store a parsed bulletin, atomically, idempotently.

`Archive` is the handle every read and write goes through (reads live in `reads.py`,
search in `find.py`, corrections in `corrections.py`; this module is the write side).

Storing a file is one transaction: the bytes, the document row, its articles, their tokens,
mentions, roles, quantities and platforms, and the entities they resolve to. A failure (or a
SIGKILL) anywhere leaves none of it. The same bytes (sha256) are skipped; a new version of an
issue (same masthead, different bytes) replaces the old version's articles and keeps the old
document row (with `replaced_by` set) and its bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from ..config import Settings
from ..errors import StoreError
from ..model import Article, Bulletin, Issue
from . import db
from . import tables as t
from .dbapi import Cursor
from .fulltext import Tokens, tokenize_article
from .resolve import PlaceCode, Resolver

AFFILIATION_WINDOW = 40  # characters before a person's name in which an organization counts as theirs


@dataclass(slots=True)
class Stored:
    status: str  # stored | replaced | skipped
    document_id: int
    articles: int
    replaced: int | None = None  # the superseded document's id


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def masthead_key(issue: Issue, name: str) -> str:
    """What identifies an issue across versions: title, number and date; the file name when it says nothing."""
    parts = [
        re.sub(r"\s+", "", x or "") for x in (issue.title, issue.number, issue.date or str(issue.year or ""))
    ]
    if not any(parts[:2]):
        stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name.rsplit("/", 1)[-1])
        parts = ["file", stem, ""]
    return "|".join(parts)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# The write path's statements, run on the transaction's DBAPI cursor (`dbapi.Cursor`).
_NEW_ARTICLE = (
    "INSERT INTO articles (document_id, idx, title, section, date, year, month, event_type, record) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_DOC_BY_SHA = "SELECT id FROM documents WHERE sha256 = ?"
_CURRENT_VERSION = "SELECT id FROM documents WHERE masthead = ? AND replaced_by IS NULL"
_NEW_BLOB = "INSERT INTO blobs (sha256, data) VALUES (?, ?)"
_NEW_DOCUMENT = (
    "INSERT INTO documents (name, sha256, format, size, masthead, issue_title, issue_number, "
    "issue_date, issue_year, ingested_at, articles) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_GENERATION = "SELECT generation FROM archive_state"
# PostgreSQL: the tsvector goes in with the row (an UPDATE afterwards would leave a dead tuple)
_NEW_ARTICLE_PG = (
    "INSERT INTO articles (document_id, idx, title, section, date, year, month, event_type, record, tsv) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS tsvector))"
)
_TOKENS_INSERT = "INSERT INTO article_tokens (article_id, tokens) VALUES (?, ?)"
_FTS_INSERT = "INSERT INTO article_fts (rowid, title, body, words) VALUES (?, ?, ?, ?)"
_PG_TSV = "UPDATE articles SET tsv = CAST(? AS tsvector) WHERE id = ?"
_LINKS = (
    ("tokens", _TOKENS_INSERT),
    ("fts", _FTS_INSERT),
    ("tsv", _PG_TSV),
    ("platforms", "INSERT INTO article_platforms (article_id, platform, year, month) VALUES (?, ?, ?, ?)"),
    ("units", "INSERT INTO article_units (article_id, unit, year, month, platforms) VALUES (?, ?, ?, ?, ?)"),
    ("quantities", "INSERT INTO quantities (article_id, text, value, unit) VALUES (?, ?, ?, ?)"),
    ("roles", "INSERT INTO roles (article_id, person_id, title, org_id, date) VALUES (?, ?, ?, ?, ?)"),
    (
        "mentions",
        'INSERT INTO mentions (article_id, ord, type, text, paragraph, start, "end", entity_id) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    (
        "entities",
        "INSERT INTO article_entities (article_id, entity_id, type, mentions, year, platforms) "
        "VALUES (?, ?, ?, ?, ?, ?)",
    ),
)


@dataclass(slots=True)
class _Batch:
    """Rows of one document's articles (tuples in the column order of `_LINKS`), one executemany per table.

    Link rows carry the article's year (and month) since migration 0004.
    """

    tokens: list[tuple] = field(default_factory=list)  # article_id, tokens
    fts: list[tuple] = field(default_factory=list)  # rowid, title, body, words
    tsv: list[tuple] = field(default_factory=list)  # tsvector, id
    platforms: list[tuple] = field(default_factory=list)  # article_id, platform, year, month
    units: list[tuple] = field(default_factory=list)  # article_id, unit, year, month
    quantities: list[tuple] = field(default_factory=list)  # article_id, text, value, unit
    roles: list[tuple] = field(default_factory=list)  # article_id, person_id, title, org_id, date
    mentions: list[tuple] = field(
        default_factory=list
    )  # article_id, ord, type, text, paragraph, start, end, entity_id
    entities: list[tuple] = field(default_factory=list)  # article_id, entity_id, type, mentions, year

    def flush(self, db: Cursor) -> None:
        for name, sql in _LINKS:
            rows = getattr(self, name)
            if rows:
                db.many(sql, rows)
                rows.clear()


def record_of(a: Article) -> dict[str, Any]:
    """`a.to_json()` built by hand: dataclasses.asdict's deep copy was a fifth of the ingest time."""
    return {
        "index": a.index,
        "title": a.title,
        "paragraphs": list(a.paragraphs),
        "section": a.section,
        "attribution": list(a.attribution),
        "date": a.date,
        "date_text": a.date_text,
        "event_type": a.event_type,
        "platforms": list(a.platforms),
        "persons": [{"name": p.name, "titles": list(p.titles)} for p in a.persons],
        "orgs": [{"name": o.name, "aliases": list(o.aliases)} for o in a.orgs],
        "locations": [{"name": p.name} for p in a.locations],
        "quantities": [{"text": q.text, "value": q.value, "unit": q.unit} for q in a.quantities],
        "mentions": [
            {
                "type": m.type,
                "text": m.text,
                "paragraph": m.paragraph,
                "start": m.start,
                "end": m.end,
                "entity": m.entity,
            }
            for m in a.mentions
        ],
    }


class Archive:
    """The archive at `settings.db_url` (opened and migrated on first use in this process)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine: Engine = db.open_engine(settings.db_url)
        self.sqlite = db.is_sqlite(self.engine)
        self._driver = self.engine.dialect.loaded_dbapi  # its errors: raised by `dbapi.Cursor` statements
        # Organization/place forms resolved by this handle's committed writes; dropped as soon as
        # anyone else has written (a correction may have moved a form), see `store`.
        self._known: dict[tuple[str, str], tuple[tuple[int, int], ...]] = {}
        self._known_gen = -1

    # ---------------------------------------------------------------- transactions

    @contextmanager
    def write(self, bump: bool = True) -> Iterator[Connection]:
        """One write transaction (SQLite: BEGIN IMMEDIATE, the single writer); DB errors → StoreError.

        `bump`: the write changes what searches see, so caches keyed on the generation go stale.
        """
        conn = db.write_conn(self.engine)
        try:
            with conn.begin():
                yield conn
                if bump:
                    conn.execute(update(t.archive_state).values(generation=t.archive_state.c.generation + 1))
        except (DBAPIError, self._driver.Error) as e:
            raise StoreError(_reason(e), subject="database") from None
        finally:
            # conn.info lives with the pooled DBAPI connection: left set, every later read through
            # it would BEGIN IMMEDIATE (serializing readers, and deadlocking a read that writes a cache)
            conn.info.pop("write", None)
            conn.close()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except DBAPIError as e:
            raise StoreError(_reason(e), subject="database") from None

    def generation(self, conn: Connection) -> int:
        return conn.execute(select(t.archive_state.c.generation)).scalar_one()

    def cache_facets(self, key: str, generation: int, value: dict) -> None:
        """Keep facet counts computed for `generation` (best effort: a busy database skips it)."""
        try:
            with self.write(bump=False) as conn:
                if self.generation(conn) != generation:
                    return
                conn.execute(delete(t.facet_cache).where(t.facet_cache.c.key == key))
                conn.execute(
                    insert(t.facet_cache).values(
                        key=key, generation=generation, value=json.dumps(value, ensure_ascii=False)
                    )
                )
        except StoreError:
            pass

    # ---------------------------------------------------------------- writes

    def document_by_sha(self, digest: str) -> int | None:
        with self.read() as conn:
            return conn.execute(select(t.documents.c.id).where(t.documents.c.sha256 == digest)).scalar()

    def store(self, bulletin: Bulletin, data: bytes, place_code: PlaceCode | None = None) -> Stored:
        """Store `bulletin` parsed from `data`, all or nothing."""
        digest = sha256(data)
        name = bulletin.source.name
        # CPU work before taking the write lock: tokens, index rows and records
        prepared = [self._prepare(a) for a in bulletin.articles]
        try:
            with self.write() as conn:
                resolver = Resolver(conn, self.settings, place_code, self._known)
                db = resolver.db
                existing = db.value(_DOC_BY_SHA, (digest,))
                if existing is not None:
                    return Stored("skipped", existing, 0)
                masthead = masthead_key(bulletin.issue, name)
                old = db.value(_CURRENT_VERSION, (masthead,))
                db.run(_NEW_BLOB, (digest, data))
                issue = bulletin.issue
                doc_id = db.insert(
                    _NEW_DOCUMENT,
                    (
                        name,
                        digest,
                        bulletin.source.format,
                        len(data),
                        masthead,
                        issue.title,
                        issue.number,
                        issue.date,
                        issue.year,
                        db.datetime_param(_now()),
                        len(bulletin.articles),
                    ),
                )
                if old is not None:
                    self._remove_articles(conn, old)
                    conn.execute(
                        update(t.documents).where(t.documents.c.id == old).values(replaced_by=doc_id)
                    )
                gen = db.value(_GENERATION)
                if gen != self._known_gen:
                    self._known.clear()  # someone else wrote: what this handle knew may be stale
                arts = bulletin.articles
                resolver.prefetch(
                    [f for a in arts for o in a.orgs for f in (o.name, *o.aliases)] + _mentioned(arts, "ORG"),
                    [p.name for a in arts for p in a.locations] + _mentioned(arts, "LOC"),
                    [p.name for a in arts for p in a.persons],
                )
                batch = _Batch()
                for article, prep in zip(arts, prepared, strict=True):
                    self._store_article(db, resolver, doc_id, article, issue, prep, batch)
                resolver.flush()  # entities first: the link rows refer to them
                batch.flush(db)
                db.close()
                stored = Stored("replaced" if old else "stored", doc_id, len(bulletin.articles), old)
            # committed: what the resolver learned is true now (our write bumped the generation by one)
            self._known.update(resolver.learned())
            self._known_gen = gen + 1
            return stored
        except (
            IntegrityError,
            self._driver.IntegrityError,
        ) as e:  # a concurrent writer stored the same bytes first
            raise StoreError(_reason(e), subject=name) from None

    def _prepare(self, a: Article) -> tuple[str, Any]:
        """(record JSON, index value): SQLite's (packed tokens, title, body, words), PostgreSQL's tsvector."""
        tok = tokenize_article(a.title, a.paragraphs)
        record = json.dumps(record_of(a), ensure_ascii=False)
        if self.sqlite:
            return record, (tok.pack(), " ".join(tok.title), " ".join(tok.body), " ".join(tok.words))
        return record, tok.tsvector()

    def _remove_articles(self, conn: Connection, document_id: int) -> None:
        ids = [
            r[0] for r in conn.execute(select(t.articles.c.id).where(t.articles.c.document_id == document_id))
        ]
        if self.sqlite and ids:
            for aid, packed in conn.execute(
                select(t.article_tokens.c.article_id, t.article_tokens.c.tokens).where(
                    t.article_tokens.c.article_id.in_(ids)
                )
            ).all():
                tok = Tokens.unpack(packed)
                conn.execute(
                    text(
                        "INSERT INTO article_fts(article_fts, rowid, title, body, words) "
                        "VALUES('delete', :id, :title, :body, :words)"
                    ),
                    {
                        "id": aid,
                        "title": " ".join(tok.title),
                        "body": " ".join(tok.body),
                        "words": " ".join(tok.words),
                    },
                )
        conn.execute(delete(t.articles).where(t.articles.c.document_id == document_id))

    def _store_article(
        self,
        db: Cursor,
        res: Resolver,
        doc_id: int,
        a: Article,
        issue: Issue,
        prep: tuple[str, Any],
        batch: _Batch,
    ) -> int:
        date = a.date or issue.date
        year = int(date[:4]) if date else issue.year
        month = date[:7] if date else None  # year/month copied onto the link rows (migration 0004)
        record, index = prep
        row = (doc_id, a.index, a.title, a.section, a.date, year, month, a.event_type, record)
        if self.sqlite:
            aid = db.insert(_NEW_ARTICLE, row)
            packed, title, body, words = index
            batch.tokens.append((aid, packed))
            batch.fts.append((aid, title, body, words))
        else:
            aid = db.insert(_NEW_ARTICLE_PG, (*row, index))
        batch.platforms += [(aid, p, year, month) for p in dict.fromkeys(a.platforms)]
        key = t.platform_key(a.platforms)  # the platform set on unit and entity links (migration 0006)
        batch.units += [(aid, u, year, month, key) for u in dict.fromkeys(a.attribution) if u]
        batch.quantities += [(aid, q.text, q.value, q.unit) for q in a.quantities]
        self._store_entities(res, aid, a, date, batch, (year, key))
        return aid

    def _store_entities(
        self,
        res: Resolver,
        aid: int,
        a: Article,
        date: str | None,
        batch: _Batch,
        link: tuple[int | None, str],
    ) -> None:
        ids: dict[tuple[str, str], int] = {}  # (type, written form or entity name) -> entity id
        org_list = []
        for o in a.orgs:
            forms = res.org(o.name, o.aliases)
            ids.update({("ORG", f): e for f, e in forms.items()})
            org_list.append(forms[o.name])
        for p in a.locations:
            ids[("LOC", p.name)] = res.place(p.name)
        # ORG/LOC mentions the record lists under no org/place: resolve them on their own
        for m in a.mentions:
            if m.type in ("ORG", "LOC") and (m.type, m.text) not in ids:
                if m.entity and (m.type, m.entity) in ids:
                    continue
                form = m.entity or m.text
                ids[(m.type, form)] = res.org(form)[form] if m.type == "ORG" else res.place(form)
        article_orgs = {v for (typ, _), v in ids.items() if typ == "ORG"}
        for p in a.persons:
            aff = self._affiliation(a, p.name, ids) or (org_list[0] if org_list else None)
            eid = res.person(p.name, aff, article_orgs)
            ids[("PER", p.name)] = eid
            batch.roles += [(aid, eid, ti, aff, date) for ti in p.titles]
        counts: dict[int, list] = {}
        rows = batch.mentions
        for i, m in enumerate(a.mentions):
            eid = None
            # the written form first: a form split off by a user keeps its entity
            if m.type in ("ORG", "LOC"):
                eid = ids.get((m.type, m.text)) or ids.get((m.type, m.entity or ""))
            elif m.type == "PER":
                eid = ids.get((m.type, m.entity or m.text)) or ids.get((m.type, m.text))
            rows.append((aid, i, m.type, m.text, m.paragraph, m.start, m.end, eid))
            if eid is not None:
                counts.setdefault(eid, [m.type, 0])[1] += 1
        for (typ, _), eid in ids.items():
            counts.setdefault(eid, [typ, 0])
        # the article's year and platform key copied onto its entity links (migrations 0004, 0006)
        batch.entities += [(aid, e, typ, max(n, 1), *link) for e, (typ, n) in counts.items()]

    @staticmethod
    def _affiliation(a: Article, person: str, ids: dict[tuple[str, str], int]) -> int | None:
        """The organization named just before the person's first mention, in the same paragraph."""
        mentions = a.mentions
        first = next((m for m in mentions if m.type == "PER" and (m.entity or m.text) == person), None)
        if first is None:
            return None
        best = None
        for m in mentions:
            if (
                m.type == "ORG"
                and m.paragraph == first.paragraph
                and m.end <= first.start
                and first.start - m.end <= AFFILIATION_WINDOW
            ):
                best = ids.get(("ORG", m.entity or m.text)) or ids.get(("ORG", m.text)) or best
        return best


def _mentioned(articles: list[Article], typ: str) -> list[str]:
    """The written forms (and entity names) of the articles' mentions of one type."""
    return [f for a in articles for m in a.mentions if m.type == typ for f in (m.text, m.entity) if f]


def _reason(e: Exception) -> str:
    orig = getattr(e, "orig", None)  # SQLAlchemy's wrapper, or the driver's own error
    text_ = str(orig) if orig is not None else str(e)
    return (text_.strip().splitlines() or ["database error"])[0]
