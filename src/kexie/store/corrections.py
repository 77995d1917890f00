"""Entity corrections by users: merge, split, rename — kept across re-ingestion.

A correction changes the tables the resolver reads (aliases with their keys, affiliations,
the entity's name), so re-ingesting a document lands on the corrected entities; each is also
logged in `corrections` (the audit trail a lead can read back).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import Connection, and_, delete, func, insert, select, update

from ..errors import ConfigError, NotFound
from . import tables as t
from .archive import Archive
from .reads import resolve_one
from .resolve import org_key, place_key
from .views import CorrectionResult, EntityRef


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _ref(conn: Connection, eid: int) -> EntityRef:
    r = conn.execute(
        select(t.entities.c.id, t.entities.c.type, t.entities.c.name).where(t.entities.c.id == eid)
    ).one()
    return EntityRef(r.id, r.type, r.name)


def _log(conn: Connection, action: str, payload: dict) -> None:
    conn.execute(
        insert(t.corrections).values(
            action=action, payload=json.dumps(payload, ensure_ascii=False), created_at=_now()
        )
    )


def _move_article_entities(conn: Connection, src: int, dst: int, articles: list[int] | None = None) -> None:
    """Re-point (article, src) rows to dst, adding mention counts where dst is already there."""
    ae = t.article_entities
    q = select(ae.c.article_id, ae.c.type, ae.c.mentions, ae.c.year, ae.c.platforms).where(
        ae.c.entity_id == src
    )
    if articles is not None:
        q = q.where(ae.c.article_id.in_(articles))
    for aid, typ, n, year, key in conn.execute(q).all():
        done = conn.execute(
            update(ae).where(ae.c.article_id == aid, ae.c.entity_id == dst).values(mentions=ae.c.mentions + n)
        ).rowcount
        if not done:  # the article's year and platform key move with the row (migrations 0004, 0006)
            conn.execute(
                insert(ae).values(
                    article_id=aid, entity_id=dst, type=typ, mentions=n, year=year, platforms=key
                )
            )
        conn.execute(delete(ae).where(ae.c.article_id == aid, ae.c.entity_id == src))


def _move_affiliations(conn: Connection, src: int, dst: int, org: int | None = None) -> None:
    af = t.affiliations
    for col, other in ((af.c.person_id, af.c.org_id), (af.c.org_id, af.c.person_id)):
        q = select(other, af.c.count).where(col == src)
        if org is not None:
            q = q.where(af.c.org_id == org)
        for oid, n in conn.execute(q).all():
            cond = and_(col == dst, other == oid)
            if not conn.execute(update(af).where(cond).values(count=af.c.count + n)).rowcount:
                conn.execute(insert(af).values({col.name: dst, other.name: oid, "count": n}))
            conn.execute(delete(af).where(col == src, other == oid))


def merge(arch: Archive, target: int | str, others: list[int | str]) -> CorrectionResult:
    """Merge `others` into `target`: one entity with all their aliases, mentions, roles and partners."""
    with arch.write() as conn:
        dst = resolve_one(conn, target, None, arch.settings)
        dst_ref = _ref(conn, dst)
        srcs = []
        for o in others:
            src = resolve_one(conn, o, dst_ref.type, arch.settings)
            if src == dst:
                raise ConfigError("cannot merge an entity into itself", subject=str(o))
            srcs.append(src)
        names = []
        for src in srcs:
            names.append(_ref(conn, src).name)
            have = {r[0] for r in conn.execute(select(t.aliases.c.text).where(t.aliases.c.entity_id == dst))}
            for aid, text in conn.execute(
                select(t.aliases.c.id, t.aliases.c.text).where(t.aliases.c.entity_id == src)
            ).all():
                if text in have:
                    conn.execute(delete(t.aliases).where(t.aliases.c.id == aid))
                else:
                    conn.execute(
                        update(t.aliases).where(t.aliases.c.id == aid).values(entity_id=dst, pinned=1)
                    )
            conn.execute(update(t.mentions).where(t.mentions.c.entity_id == src).values(entity_id=dst))
            conn.execute(update(t.roles).where(t.roles.c.person_id == src).values(person_id=dst))
            conn.execute(update(t.roles).where(t.roles.c.org_id == src).values(org_id=dst))
            _move_article_entities(conn, src, dst)
            _move_affiliations(conn, src, dst)
            conn.execute(delete(t.entities).where(t.entities.c.id == src))
        _log(conn, "merge", {"target": dst, "merged": srcs, "names": names})
        return CorrectionResult("merge", dst_ref, f"并入 {len(srcs)} 个实体：{'、'.join(names)}")


def split(
    arch: Archive, entity: int | str, *, alias: str | None = None, org: int | str | None = None
) -> CorrectionResult:
    """Split off a written form (`alias`) into its own entity, or a person's occurrences with `org`."""
    if (alias is None) == (org is None):
        raise ConfigError(
            "give exactly one of --alias (a written form) or --org (a person's organization)", subject="split"
        )
    with arch.write() as conn:
        src = resolve_one(conn, entity, None, arch.settings)
        ref = _ref(conn, src)
        if alias is not None:
            row = conn.execute(
                select(t.aliases.c.id, t.aliases.c.key).where(
                    t.aliases.c.entity_id == src, t.aliases.c.text == alias
                )
            ).first()
            if row is None:
                raise NotFound(f"is not a written form of {ref.name} (#{src})", subject=alias)
            n_alias = conn.execute(select(func.count()).where(t.aliases.c.entity_id == src)).scalar_one()
            if n_alias < 2:
                raise ConfigError("is the entity's only written form: rename it instead", subject=alias)
            key = (
                row.key
                if ref.type == "PER"
                else (org_key(alias, arch.settings) if ref.type == "ORG" else place_key(alias)[0])
            )
            new = conn.execute(
                insert(t.entities)
                .values(type=ref.type, name=alias, key=key, created_at=_now())
                .returning(t.entities.c.id)
            ).scalar_one()
            conn.execute(update(t.aliases).where(t.aliases.c.id == row.id).values(entity_id=new, pinned=1))
            moved = conn.execute(
                select(t.mentions.c.article_id).where(
                    t.mentions.c.entity_id == src, t.mentions.c.text == alias
                )
            ).all()
            conn.execute(
                update(t.mentions)
                .where(t.mentions.c.entity_id == src, t.mentions.c.text == alias)
                .values(entity_id=new)
            )
            _recount(conn, sorted({r[0] for r in moved}), src, new, ref.type)
            detail = f"写法“{alias}”拆为新实体 #{new}"
        else:
            if ref.type != "PER":
                raise ConfigError(
                    "--org splits a person; for organizations and places use --alias", subject=str(entity)
                )
            oid = resolve_one(conn, org, "ORG", arch.settings)  # type: ignore[arg-type]
            arts = sorted(
                {
                    r[0]
                    for r in conn.execute(
                        select(t.roles.c.article_id).where(
                            t.roles.c.person_id == src, t.roles.c.org_id == oid
                        )
                    )
                }
                | {
                    r[0]
                    for r in conn.execute(
                        select(t.article_entities.c.article_id).where(
                            t.article_entities.c.entity_id == oid,
                            t.article_entities.c.article_id.in_(
                                select(t.article_entities.c.article_id).where(
                                    t.article_entities.c.entity_id == src
                                )
                            ),
                        )
                    )
                }
            )
            if not arts:
                raise NotFound(f"never appears with this organization (#{oid})", subject=ref.name)
            new = conn.execute(
                insert(t.entities)
                .values(type="PER", name=ref.name, key=ref.name, created_at=_now())
                .returning(t.entities.c.id)
            ).scalar_one()
            conn.execute(
                insert(t.aliases).values(entity_id=new, type="PER", text=ref.name, key=ref.name, pinned=1)
            )
            conn.execute(
                update(t.mentions)
                .where(t.mentions.c.entity_id == src, t.mentions.c.article_id.in_(arts))
                .values(entity_id=new)
            )
            conn.execute(
                update(t.roles)
                .where(t.roles.c.person_id == src, t.roles.c.article_id.in_(arts))
                .values(person_id=new)
            )
            _move_article_entities(conn, src, new, arts)
            _move_affiliations(conn, src, new, org=oid)
            detail = f"与组织 #{oid} 同现的 {len(arts)} 篇文章拆为新人物 #{new}"
        _log(conn, "split", {"entity": src, "new": new, "alias": alias, "org": org})
        return CorrectionResult("split", _ref(conn, new), detail)


def _recount(conn: Connection, articles: list[int], src: int, new: int, typ: str) -> None:
    ae, m = t.article_entities, t.mentions
    for aid in articles:
        # the article's year and platform key, copied onto its links (migrations 0004, 0006)
        year = conn.execute(select(t.articles.c.year).where(t.articles.c.id == aid)).scalar_one()
        key = t.platform_key(
            conn.execute(
                select(t.article_platforms.c.platform).where(t.article_platforms.c.article_id == aid)
            )
            .scalars()
            .all()
        )
        for eid in (src, new):
            n = conn.execute(
                select(func.count()).where(m.c.article_id == aid, m.c.entity_id == eid)
            ).scalar_one()
            conn.execute(delete(ae).where(ae.c.article_id == aid, ae.c.entity_id == eid))
            if n:
                conn.execute(
                    insert(ae).values(
                        article_id=aid, entity_id=eid, type=typ, mentions=n, year=year, platforms=key
                    )
                )


def rename(arch: Archive, entity: int | str, name: str) -> CorrectionResult:
    """Give an entity a new canonical name (kept as a written form too)."""
    name = name.strip()
    if not name:
        raise ConfigError("the new name is empty", subject="name")
    with arch.write() as conn:
        eid = resolve_one(conn, entity, None, arch.settings)
        ref = _ref(conn, eid)
        conn.execute(update(t.entities).where(t.entities.c.id == eid).values(name=name))
        owner = conn.execute(
            select(t.aliases.c.entity_id).where(t.aliases.c.type == ref.type, t.aliases.c.text == name)
        ).first()
        if owner is None:
            key = (
                name
                if ref.type == "PER"
                else (org_key(name, arch.settings) if ref.type == "ORG" else place_key(name)[0])
            )
            conn.execute(insert(t.aliases).values(entity_id=eid, type=ref.type, text=name, key=key, pinned=1))
        elif owner[0] != eid and ref.type != "PER":
            raise ConfigError(f"is already the name of entity #{owner[0]}: merge them instead", subject=name)
        _log(conn, "rename", {"entity": eid, "from": ref.name, "to": name})
        return CorrectionResult("rename", EntityRef(eid, ref.type, name), f"“{ref.name}”改名为“{name}”")
