"""What matching (issue 7, `kexie.analysis.match_source`) reads from the archive, in bulk.

Read-only, plain rows: every article with its text, tokens, platforms, places, attribution,
entity mentions (with resolved entity ids) and person titles, streamed in article order; the
candidate entities with their written forms; and the texts of a few articles for explanations.
Interpretation (roles, scores) stays in analysis; this module only knows the tables.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Select, select

from . import tables as t
from .fulltext import Tokens


@dataclass(slots=True)
class MatchRow:
    """One article as matching reads it."""

    id: int
    title: str
    paragraphs: list[str]
    date: str | None
    platforms: list[str]
    attribution: list[str]  # unit names as written
    places: list[str]  # canonical names of its LOC entities
    mentions: list[tuple[int, str, int, int, int]] = field(
        default_factory=list
    )  # entity, type, par, start, end
    titles: dict[int, list[str]] = field(default_factory=dict)  # person entity -> titles
    entities: list[tuple[int, str]] = field(default_factory=list)  # (entity id, type) of every linked entity
    words: list[str] | None = None  # stored jieba words (SQLite), None elsewhere


@dataclass(slots=True)
class MatchEntityRow:
    id: int
    type: str  # ORG or PER
    name: str
    aliases: list[str]


def generation(conn: Connection) -> int:
    return int(conn.execute(select(t.archive_state.c.generation)).scalar() or 0)


def entity_rows(conn: Connection) -> list[MatchEntityRow]:
    """Organizations and persons with their written forms."""
    rows = {
        i: MatchEntityRow(i, typ, name, [])
        for i, typ, name in conn.execute(
            select(t.entities.c.id, t.entities.c.type, t.entities.c.name).where(
                t.entities.c.type.in_(("ORG", "PER"))
            )
        )
    }
    for eid, text in conn.execute(select(t.aliases.c.entity_id, t.aliases.c.text)):
        r = rows.get(eid)
        if r is not None and text != r.name:
            r.aliases.append(text)
    return list(rows.values())


def _grouped(conn: Connection, stmt: Select[Any]) -> Iterator[tuple[int, list[tuple]]]:
    """Rows of `stmt` (article id first, ordered by it) grouped per article."""
    current: int | None = None
    bucket: list[tuple] = []
    for row in conn.execute(stmt):
        if row[0] != current:
            if current is not None:
                yield current, bucket
            current, bucket = row[0], []
        bucket.append(tuple(row[1:]))
    if current is not None:
        yield current, bucket


def match_rows(conn: Connection, sqlite: bool) -> Iterator[MatchRow]:
    """Every current article, in id order, with everything matching needs.

    Four ordered streams merged by article id, so memory stays at one article's rows.
    """
    loc_names = dict(
        conn.execute(select(t.entities.c.id, t.entities.c.name).where(t.entities.c.type == "LOC")).all()
    )
    a = t.articles.c
    cols = [a.id, a.title, a.date, a.record]
    stmt = select(*cols)
    if sqlite:
        stmt = select(*cols, t.article_tokens.c.tokens).outerjoin(
            t.article_tokens, t.article_tokens.c.article_id == a.id
        )
    stmt = stmt.order_by(a.id)
    m = t.mentions.c
    mentions = _grouped(
        conn,
        select(m.article_id, m.entity_id, m.type, m.paragraph, m.start, m.end)
        .where(m.entity_id.is_not(None), m.type.in_(("ORG", "PER")))
        .order_by(m.article_id, m.ord),
    )
    r = t.roles.c
    titles = _grouped(conn, select(r.article_id, r.person_id, r.title).order_by(r.article_id, r.id))
    ae = t.article_entities.c
    linked = _grouped(
        conn, select(ae.article_id, ae.entity_id, ae.type).order_by(ae.article_id, ae.entity_id)
    )
    streams = {"m": mentions, "t": titles, "e": linked}
    heads: dict[str, tuple[int, list[tuple]] | None] = {k: next(s, None) for k, s in streams.items()}

    def take(key: str, aid: int) -> list[tuple]:
        head = heads[key]
        while head is not None and head[0] < aid:
            head = heads[key] = next(streams[key], None)
        if head is not None and head[0] == aid:
            heads[key] = next(streams[key], None)
            return head[1]
        return []

    for row in conn.execute(stmt):
        aid, title, date, record = row[0], row[1], row[2], json.loads(row[3])
        words = None
        if sqlite and row[4] is not None:
            words = Tokens.unpack(row[4]).words
        per: dict[int, list[str]] = {}
        for pid, ti in take("t", aid):
            per.setdefault(pid, []).append(ti)
        ents = [(e, typ) for e, typ in take("e", aid)]
        yield MatchRow(
            id=aid,
            title=title,
            paragraphs=list(record.get("paragraphs", [])),
            date=date,
            platforms=list(record.get("platforms", [])),
            attribution=list(record.get("attribution", [])),
            places=[loc_names[e] for e, typ in ents if typ == "LOC" and e in loc_names],
            mentions=[(e, typ, p, s, en) for e, typ, p, s, en in take("m", aid)],
            titles=per,
            entities=[(e, typ) for e, typ in ents if typ in ("ORG", "PER")],
            words=words,
        )


def article_texts(
    conn: Connection, ids: Sequence[int]
) -> dict[int, tuple[str, list[str], str | None, list[str]]]:
    """(title, paragraphs, date, platforms) of these articles, for the passages of an explanation."""
    if not ids:
        return {}
    a = t.articles.c
    out = {}
    for aid, title, date, record in conn.execute(
        select(a.id, a.title, a.date, a.record).where(a.id.in_(list(ids)))
    ):
        rec = json.loads(record)
        out[aid] = (title, list(rec.get("paragraphs", [])), date, list(rec.get("platforms", [])))
    return out
