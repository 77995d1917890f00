"""The read side of the archive: articles, entity profiles, graphs, the dashboard, documents.

Each function takes an `Archive` and returns a record of `views.py`; nothing here writes.
"""

from __future__ import annotations

import json
from collections import Counter

from sqlalchemy import Connection, func, or_, select, text

from ..config import Settings
from ..errors import NotFound
from . import tables as t
from .archive import Archive
from .dbapi import Cursor
from .resolve import org_key, place_key
from .views import (
    Activity,
    ArticleRef,
    ArticleView,
    Dashboard,
    DocumentInfo,
    EntityProfile,
    EntityRef,
    Graph,
    GraphEdge,
    GraphNode,
    Partner,
    TitleSpan,
)

TIMELINE_MAX = 200
PARTNERS_MAX = 30


def _doc_info(r) -> DocumentInfo:
    return DocumentInfo(
        id=r.id,
        name=r.name,
        sha256=r.sha256,
        format=r.format,
        issue_title=r.issue_title,
        issue_number=r.issue_number,
        issue_date=r.issue_date,
        issue_year=r.issue_year,
        ingested_at=r.ingested_at.isoformat(timespec="seconds") + "Z",
        size=r.size,
        articles=r.articles,
        current=r.replaced_by is None,
        replaced_by=r.replaced_by,
    )


def entity_ids(
    conn: Connection, value: int | str, typ: str | None = None, settings: Settings | None = None
) -> list[int]:
    """Entity ids a user's value names: an id, or any written form (several persons may share one)."""
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        q = select(t.entities.c.id).where(t.entities.c.id == int(value))
        if typ:
            q = q.where(t.entities.c.type == typ)
        return [r[0] for r in conn.execute(q)]
    name = str(value).strip()
    q = select(t.aliases.c.entity_id).distinct().where(t.aliases.c.text == name)
    q2 = select(t.entities.c.id).where(t.entities.c.name == name)
    if typ:
        q = q.where(t.aliases.c.type == typ)
        q2 = q2.where(t.entities.c.type == typ)
    ids = {r[0] for r in conn.execute(q)} | {r[0] for r in conn.execute(q2)}
    if not ids and settings is not None and typ in (None, "ORG", "LOC"):
        # a written form never seen, but one the resolver would map (市科协 → 北京市科协)
        keys = [("ORG", org_key(name, settings)), ("LOC", place_key(name)[0])]
        for ktyp, key in keys:
            if typ in (None, ktyp):
                ids |= {
                    r[0]
                    for r in conn.execute(
                        select(t.aliases.c.entity_id).where(t.aliases.c.type == ktyp, t.aliases.c.key == key)
                    )
                }
    return sorted(ids)


def resolve_one(
    conn: Connection, value: int | str, typ: str | None = None, settings: Settings | None = None
) -> int:
    """Exactly one entity for a user's value; NotFound or an ambiguity error otherwise."""
    ids = entity_ids(conn, value, typ, settings)
    if not ids:
        raise NotFound("no such entity in the archive", subject=str(value))
    if len(ids) > 1:
        from ..errors import ConfigError

        raise ConfigError(
            f"names {len(ids)} entities ({', '.join(map(str, ids))}): give an id", subject=str(value)
        )
    return ids[0]


def article(arch: Archive, article_id: int) -> ArticleView:
    a, d = t.articles, t.documents
    with arch.read() as conn:
        r = conn.execute(select(a).where(a.c.id == article_id)).first()
        if r is None:
            raise NotFound("no such article", subject=f"article {article_id}")
        doc = conn.execute(select(d).where(d.c.id == r.document_id)).one()
        ments = conn.execute(
            select(t.mentions.c.ord, t.mentions.c.entity_id)
            .where(t.mentions.c.article_id == article_id)
            .order_by(t.mentions.c.ord)
        ).all()
        ents = conn.execute(
            select(t.entities.c.id, t.entities.c.type, t.entities.c.name)
            .join(t.article_entities, t.article_entities.c.entity_id == t.entities.c.id)
            .where(t.article_entities.c.article_id == article_id)
            .order_by(t.entities.c.type, t.entities.c.name)
        ).all()
        prev = conn.execute(
            select(a.c.id, a.c.title)
            .where(a.c.document_id == r.document_id, a.c.idx < r.idx)
            .order_by(a.c.idx.desc())
            .limit(1)
        ).first()
        nxt = conn.execute(
            select(a.c.id, a.c.title)
            .where(a.c.document_id == r.document_id, a.c.idx > r.idx)
            .order_by(a.c.idx)
            .limit(1)
        ).first()
    record = json.loads(r.record)
    by_ord = dict(ments)
    return ArticleView(
        id=r.id,
        record=record,
        document=_doc_info(doc),
        mention_entities=[by_ord.get(i) for i in range(len(record.get("mentions", [])))],
        entities=[EntityRef(e.id, e.type, e.name) for e in ents],
        previous=ArticleRef(prev.id, prev.title) if prev else None,
        next=ArticleRef(nxt.id, nxt.title) if nxt else None,
    )


# The profile and graph reads: plain SQL on the transaction's driver cursor (store/dbapi.py). A profile
# is ~12 small statements; building, compiling and wrapping each through SQLAlchemy Core cost more
# than SQLite's own work for all but the busiest entities (issue 5: a profile page in ~10 ms).
_ENTITY = "SELECT id, type, name, code FROM entities WHERE id = ?"
_ALIASES = "SELECT text FROM aliases WHERE entity_id = ? ORDER BY id"
_STATS = (
    "SELECT count(*), coalesce(sum(ae.mentions), 0), count(DISTINCT a.document_id), min(a.date), max(a.date) "
    "FROM article_entities ae JOIN articles a ON a.id = ae.article_id WHERE ae.entity_id = ?"
)  # (article, entity) is the key: count(*) counts articles
_TIMELINE = (
    "SELECT a.id, a.date, a.title, a.event_type, d.name FROM article_entities ae "
    "JOIN articles a ON a.id = ae.article_id JOIN documents d ON d.id = a.document_id "
    "WHERE ae.entity_id = ? ORDER BY a.date DESC, a.id DESC LIMIT ?"
)
_PLATFORMS = (
    "SELECT p.platform, count(*) FROM article_entities ae "
    "JOIN article_platforms p ON p.article_id = ae.article_id WHERE ae.entity_id = ? GROUP BY p.platform"
)
_EVENTS = (
    "SELECT a.event_type, count(*) FROM article_entities ae JOIN articles a ON a.id = ae.article_id "
    "WHERE ae.entity_id = ? AND a.event_type IS NOT NULL GROUP BY a.event_type"
)
_PARTNERS = (
    "SELECT e.id, e.type, e.name, p.n FROM entity_pairs p JOIN entities e ON e.id = p.partner_id "
    "WHERE p.entity_id = ? ORDER BY p.n DESC, e.id LIMIT ?"
)
_TITLES = (
    "SELECT r.title, o.name, min(r.date), max(r.date), count(*) FROM roles r "
    "LEFT JOIN entities o ON o.id = r.org_id WHERE r.person_id = ? "
    "GROUP BY r.title, o.name ORDER BY min(r.date)"
)
_AFFILIATIONS = (
    "SELECT e.id, e.type, e.name FROM affiliations f JOIN entities e ON e.id = f.org_id "
    "WHERE f.person_id = ? ORDER BY f.count DESC"
)
_LINKS = "SELECT n FROM entity_counts WHERE entity_id = ?"  # articles naming it (migration 0008)


def _in(n: int) -> str:
    return "(" + ", ".join("?" * n) + ")"


def _entity_row(conn: Connection, cur: Cursor, id_or_name: int | str, typ: str | None, settings) -> tuple:
    """(id, type, name, code) of the entity a user's value names (an id: one keyed read)."""
    if isinstance(id_or_name, int) or str(id_or_name).isdigit():
        row = cur.rows(_ENTITY, (int(id_or_name),))
        if row and (typ is None or row[0][1] == typ):
            return row[0]
        raise NotFound("no such entity in the archive", subject=str(id_or_name))
    return cur.rows(_ENTITY, (resolve_one(conn, id_or_name, typ, settings),))[0]


def profile(arch: Archive, id_or_name: int | str, typ: str | None = None) -> EntityProfile:
    with arch.read() as conn, conn.begin():  # one snapshot for every statement below
        cur = Cursor(conn)
        row = _entity_row(conn, cur, id_or_name, typ, arch.settings)
        out = _profile(cur, row, cur.rows(_PARTNERS, (row[0], PARTNERS_MAX)))
        cur.close()
    return out


def profile_and_graph(arch: Archive, id_or_name: int | str, graph_limit: int) -> tuple[EntityProfile, Graph]:
    """A profile page's two reads in one snapshot, sharing the entity and its partners."""
    with arch.read() as conn, conn.begin():
        cur = Cursor(conn)
        row = _entity_row(conn, cur, id_or_name, None, arch.settings)
        partners = cur.rows(_PARTNERS, (row[0], max(PARTNERS_MAX, graph_limit)))
        out = _profile(cur, row, partners[:PARTNERS_MAX]), _graph(cur, row, partners[:graph_limit])
        cur.close()
    return out


def _profile(cur: Cursor, row: tuple, partner_rows: list[tuple]) -> EntityProfile:
    eid, etype, name, code = row
    aliases = [r[0] for r in cur.rows(_ALIASES, (eid,))]
    n_articles, n_mentions, n_docs, first, last = cur.rows(_STATS, (eid,))[0]
    acts = cur.rows(_TIMELINE, (eid, TIMELINE_MAX))
    plats_of: dict[int, list[str]] = {}
    if acts:
        ids = [x[0] for x in acts]
        sql = f"SELECT article_id, platform FROM article_platforms WHERE article_id IN {_in(len(ids))}"
        for aid, p in cur.rows(sql, ids):
            plats_of.setdefault(aid, []).append(p)
    platforms = Counter(dict(cur.rows(_PLATFORMS, (eid,))))
    events = Counter(dict(cur.rows(_EVENTS, (eid,))))
    titles: list[TitleSpan] = []
    affs: list[EntityRef] = []
    if etype == "PER":
        titles = [TitleSpan(*r) for r in cur.rows(_TITLES, (eid,))]
        affs = [EntityRef(*r) for r in cur.rows(_AFFILIATIONS, (eid,))]
    return EntityProfile(
        id=eid,
        type=etype,
        name=name,
        aliases=aliases,
        articles=n_articles,
        mentions=int(n_mentions),
        documents=n_docs,
        first_seen=first,
        last_seen=last,
        code=code,
        titles=titles,
        affiliations=affs,
        timeline=[Activity(x[0], x[1], x[2], x[3], plats_of.get(x[0], []), x[4]) for x in acts],
        partners=[Partner(*r) for r in partner_rows],
        platforms=dict(platforms.most_common()),
        event_types=dict(events.most_common()),
    )


def graph(arch: Archive, entity_id: int, limit: int = 30) -> Graph:
    """The entity, its `limit` most frequent partners and the edges among them (articles naming both),
    read from `entity_pairs` (kept by triggers, migration 0005) and `entity_counts` (0008): by key,
    so the cost is bounded by `limit`, not by how many articles the entities appear in."""
    with arch.read() as conn, conn.begin():
        cur = Cursor(conn)
        row = _entity_row(conn, cur, entity_id, None, arch.settings)
        out = _graph(cur, row, cur.rows(_PARTNERS, (row[0], limit)))
        cur.close()
    return out


def _graph(cur: Cursor, row: tuple, partners: list[tuple]) -> Graph:
    eid, etype, name, _ = row
    nodes = [GraphNode(eid, etype, name, cur.value(_LINKS, (eid,)) or 0)]
    edges = [GraphEdge(eid, p[0], p[3]) for p in partners]
    if partners:
        ids = [p[0] for p in partners]
        marks = _in(len(ids))
        weights = dict(cur.rows(f"SELECT entity_id, n FROM entity_counts WHERE entity_id IN {marks}", ids))
        nodes += [GraphNode(p[0], p[1], p[2], weights.get(p[0], p[3])) for p in partners]
        sql = (
            f"SELECT entity_id, partner_id, n FROM entity_pairs WHERE entity_id IN {marks} "
            f"AND partner_id IN {marks} AND entity_id < partner_id ORDER BY entity_id, partner_id"
        )
        edges += [GraphEdge(*r) for r in cur.rows(sql, [*ids, *ids])]
    return Graph(nodes, edges)


def find_entities(arch: Archive, q: str, typ: str | None = None, limit: int = 20) -> list[EntityRef]:
    e, al = t.entities, t.aliases
    pat = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    with arch.read() as conn:
        ids = select(al.c.entity_id).where(al.c.text.like(pat, escape="\\"))
        cond = or_(e.c.name.like(pat, escape="\\"), e.c.id.in_(ids))
        stmt = (
            select(e.c.id, e.c.type, e.c.name, func.count(t.article_entities.c.article_id).label("n"))
            .outerjoin(t.article_entities, t.article_entities.c.entity_id == e.c.id)
            .where(cond)
            .group_by(e.c.id, e.c.type, e.c.name)
            .order_by(func.count(t.article_entities.c.article_id).desc(), e.c.id)
            .limit(limit)
        )
        if typ:
            stmt = stmt.where(e.c.type == typ)
        return [EntityRef(r.id, r.type, r.name) for r in conn.execute(stmt)]


def documents(arch: Archive, limit: int = 50, offset: int = 0) -> list[DocumentInfo]:
    with arch.read() as conn:
        rows = conn.execute(
            select(t.documents).order_by(t.documents.c.id.desc()).limit(limit).offset(offset)
        ).all()
    return [_doc_info(r) for r in rows]


def document_file(arch: Archive, document_id: int) -> tuple[str, bytes, str]:
    with arch.read() as conn:
        r = conn.execute(
            select(t.documents.c.name, t.blobs.c.data, t.documents.c.format)
            .join(t.blobs, t.blobs.c.sha256 == t.documents.c.sha256)
            .where(t.documents.c.id == document_id)
        ).first()
    if r is None:
        raise NotFound("no such document", subject=f"document {document_id}")
    return r[0].rsplit("/", 1)[-1], bytes(r[1]), r[2]


_TOP = text(
    "SELECT e.id, e.name, c.n FROM entity_counts c JOIN entities e ON e.id = c.entity_id "
    "WHERE c.type = :type ORDER BY c.n DESC, c.entity_id LIMIT :limit"
)


def dashboard(arch: Archive) -> Dashboard:
    a, e = t.articles, t.entities
    with arch.read() as conn:
        n_docs = conn.execute(
            select(func.count()).select_from(t.documents).where(t.documents.c.replaced_by.is_(None))
        ).scalar_one()
        n_art = conn.execute(select(func.count()).select_from(a)).scalar_one()
        ents = dict(conn.execute(select(e.c.type, func.count()).group_by(e.c.type)).all())
        per_month = dict(
            conn.execute(
                select(a.c.month, func.count())
                .where(a.c.month.is_not(None))
                .group_by(a.c.month)
                .order_by(a.c.month)
            ).all()
        )
        per_unit = dict(
            conn.execute(
                select(t.article_units.c.unit, func.count())
                .group_by(t.article_units.c.unit)
                .order_by(func.count().desc())
                .limit(30)
            ).all()
        )
        per_platform = dict(
            conn.execute(
                select(t.article_platforms.c.platform, func.count())
                .group_by(t.article_platforms.c.platform)
                .order_by(func.count().desc())
            ).all()
        )
        per_event = dict(
            conn.execute(
                select(a.c.event_type, func.count())
                .where(a.c.event_type.is_not(None))
                .group_by(a.c.event_type)
                .order_by(func.count().desc())
            ).all()
        )
        tops = {}
        for typ in ("ORG", "PER"):  # entity_counts (migration 0008): the first 20 entries of an index
            tops[typ] = [
                Partner(r[0], typ, r[1], r[2]) for r in conn.execute(_TOP, {"type": typ, "limit": 20})
            ]
        latest = conn.execute(
            select(t.documents)
            .where(t.documents.c.replaced_by.is_(None))
            .order_by(t.documents.c.id.desc())
            .limit(10)
        ).all()
    return Dashboard(
        documents=n_docs,
        articles=n_art,
        entities=ents,
        per_month=per_month,
        per_unit=per_unit,
        per_platform=per_platform,
        per_event_type=per_event,
        top_orgs=tops["ORG"],
        top_people=tops["PER"],
        latest=[_doc_info(r) for r in latest],
    )
