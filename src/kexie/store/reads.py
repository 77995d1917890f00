"""The read side of the archive: articles, entity profiles, graphs, the dashboard, documents.

Each function takes an `Archive` and returns a record of `views.py`; nothing here writes.
"""

from __future__ import annotations

import json
from collections import Counter

from sqlalchemy import Connection, distinct, func, or_, select

from ..config import Settings
from ..errors import NotFound
from . import tables as t
from .archive import Archive
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


def profile(arch: Archive, id_or_name: int | str, typ: str | None = None) -> EntityProfile:
    e, ae, a, d = t.entities, t.article_entities, t.articles, t.documents
    with arch.read() as conn:
        eid = resolve_one(conn, id_or_name, typ, arch.settings)
        ent = conn.execute(select(e).where(e.c.id == eid)).one()
        aliases = [
            r[0]
            for r in conn.execute(
                select(t.aliases.c.text).where(t.aliases.c.entity_id == eid).order_by(t.aliases.c.id)
            )
        ]
        stats = conn.execute(
            select(
                func.count(),  # (article, entity) is the key: one row per article
                func.coalesce(func.sum(ae.c.mentions), 0),
                func.count(distinct(a.c.document_id)),
                func.min(a.c.date),
                func.max(a.c.date),
            )
            .select_from(ae.join(a, a.c.id == ae.c.article_id))
            .where(ae.c.entity_id == eid)
        ).one()
        acts = conn.execute(
            select(a.c.id, a.c.date, a.c.title, a.c.event_type, d.c.name)
            .select_from(ae.join(a, a.c.id == ae.c.article_id).join(d, d.c.id == a.c.document_id))
            .where(ae.c.entity_id == eid)
            .order_by(a.c.date.desc(), a.c.id.desc())
            .limit(TIMELINE_MAX)
        ).all()
        plat_rows = conn.execute(
            select(t.article_platforms.c.article_id, t.article_platforms.c.platform).where(
                t.article_platforms.c.article_id.in_([x.id for x in acts])
            )
        ).all()
        # counted in the database: a busy organization has thousands of rows, a Python row costs ~5 µs
        ap = t.article_platforms
        platforms = Counter(
            dict(
                conn.execute(
                    select(ap.c.platform, func.count())
                    .join(ae, ae.c.article_id == ap.c.article_id)
                    .where(ae.c.entity_id == eid)
                    .group_by(ap.c.platform)
                ).all()
            )
        )
        events = Counter(
            dict(
                conn.execute(
                    select(a.c.event_type, func.count())
                    .join(ae, ae.c.article_id == a.c.id)
                    .where(ae.c.entity_id == eid, a.c.event_type.is_not(None))
                    .group_by(a.c.event_type)
                ).all()
            )
        )
        partners = _partners(conn, eid, PARTNERS_MAX)
        titles: list[TitleSpan] = []
        affs: list[EntityRef] = []
        if ent.type == "PER":
            org = e.alias("org")
            for r in conn.execute(
                select(
                    t.roles.c.title,
                    org.c.name,
                    func.min(t.roles.c.date),
                    func.max(t.roles.c.date),
                    func.count(),
                )
                .select_from(t.roles.outerjoin(org, org.c.id == t.roles.c.org_id))
                .where(t.roles.c.person_id == eid)
                .group_by(t.roles.c.title, org.c.name)
                .order_by(func.min(t.roles.c.date))
            ):
                titles.append(TitleSpan(r[0], r[1], r[2], r[3], r[4]))
            affs = [
                EntityRef(r.id, r.type, r.name)
                for r in conn.execute(
                    select(e.c.id, e.c.type, e.c.name)
                    .join(t.affiliations, t.affiliations.c.org_id == e.c.id)
                    .where(t.affiliations.c.person_id == eid)
                    .order_by(t.affiliations.c.count.desc())
                )
            ]
    plats_of: dict[int, list[str]] = {}
    for aid, p in plat_rows:
        plats_of.setdefault(aid, []).append(p)
    return EntityProfile(
        id=ent.id,
        type=ent.type,
        name=ent.name,
        aliases=aliases,
        articles=stats[0],
        mentions=int(stats[1]),
        documents=stats[2],
        first_seen=stats[3],
        last_seen=stats[4],
        code=ent.code,
        titles=titles,
        affiliations=affs,
        timeline=[
            Activity(x.id, x.date, x.title, x.event_type, plats_of.get(x.id, []), x.name) for x in acts
        ],
        partners=partners,
        platforms=dict(platforms.most_common()),
        event_types=dict(events.most_common()),
    )


def _partners(conn: Connection, eid: int, limit: int) -> list[Partner]:
    """The entities named in most of `eid`'s articles: one index range of `entity_pairs` (kept by
    triggers, migration 0005), not a self-join over the entity's articles."""
    p, e = t.entity_pairs, t.entities
    rows = conn.execute(
        select(e.c.id, e.c.type, e.c.name, p.c.n)
        .join(e, e.c.id == p.c.partner_id)
        .where(p.c.entity_id == eid)
        .order_by(p.c.n.desc(), e.c.id)
        .limit(limit)
    ).all()
    return [Partner(r.id, r.type, r.name, r.n) for r in rows]


def graph(arch: Archive, entity_id: int, limit: int = 30) -> Graph:
    """The entity, its `limit` most frequent partners and the edges among them (articles naming both),
    all read from `entity_pairs` and the link index: cost bounded by `limit`, not by the archive."""
    ae, p = t.article_entities, t.entity_pairs
    with arch.read() as conn:
        eid = resolve_one(conn, entity_id, None, arch.settings)
        ent = conn.execute(select(t.entities).where(t.entities.c.id == eid)).one()
        n_self = conn.execute(select(func.count()).where(ae.c.entity_id == eid)).scalar_one()
        partners = _partners(conn, eid, limit)
        ids = [x.id for x in partners]
        nodes = [GraphNode(ent.id, ent.type, ent.name, n_self)]
        edges = [GraphEdge(eid, x.id, x.count) for x in partners]
        if ids:
            weights = dict(
                conn.execute(
                    select(ae.c.entity_id, func.count())
                    .where(ae.c.entity_id.in_(ids))
                    .group_by(ae.c.entity_id)
                ).all()
            )
            nodes += [GraphNode(x.id, x.type, x.name, weights.get(x.id, x.count)) for x in partners]
            for s, d_, n in conn.execute(
                select(p.c.entity_id, p.c.partner_id, p.c.n)
                .where(p.c.entity_id.in_(ids), p.c.partner_id.in_(ids), p.c.entity_id < p.c.partner_id)
                .order_by(p.c.entity_id, p.c.partner_id)
            ):
                edges.append(GraphEdge(s, d_, n))
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


def dashboard(arch: Archive) -> Dashboard:
    a, e, ae = t.articles, t.entities, t.article_entities
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
        for typ in ("ORG", "PER"):
            tops[typ] = [
                Partner(r[0], typ, r[1], r[2])
                for r in conn.execute(
                    select(e.c.id, e.c.name, func.count())
                    .join(ae, ae.c.entity_id == e.c.id)
                    .where(ae.c.type == typ)
                    .group_by(e.c.id, e.c.name)
                    .order_by(func.count().desc(), e.c.id)
                    .limit(20)
                )
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
