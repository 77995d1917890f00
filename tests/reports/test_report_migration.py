"""Migrations 0004 and 0006 fill the link tables' copies of year, month and platform key in an
archive that already holds articles (an upgrade, not a new archive), on both backends."""

from __future__ import annotations

from datetime import datetime
from importlib.resources import files

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from kexie.store import db
from kexie.store import tables as t


def _upgrade(engine, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("kexie.store") / "migrations"))
    with engine.connect().execution_options(kexie_write=True) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()


def test_upgrade_backfills_year_month_and_platform_key(report_settings):
    engine = db.create(report_settings.db_url)
    try:
        _upgrade(engine, "0003")
        now = datetime(2024, 1, 1)
        articles = {  # id: (year, month, platforms, units, entities)
            1: (2023, "2023-03", ["组织建设", "党建"], ["甲区科协", "乙学会"], [1, 2]),
            2: (2023, None, [], ["甲区科协"], [1]),
            3: (2022, "2022-12", ["党建"], [], [2]),
            4: (None, None, [], [], [1]),
        }
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO blobs (sha256, data) VALUES ('s', :d)"), {"d": b"x"})
            conn.execute(
                text(
                    "INSERT INTO documents (id, name, sha256, format, size, masthead, ingested_at, articles) "
                    "VALUES (1, 'a.txt', 's', 'txt', 1, 'm', :now, 4)"
                ),
                {"now": now},
            )
            for eid, typ in ((1, "ORG"), (2, "PER")):
                conn.execute(
                    text(
                        "INSERT INTO entities (id, type, name, key, created_at) VALUES (:i, :t, :n, :n, :now)"
                    ),
                    {"i": eid, "t": typ, "n": f"e{eid}", "now": now},
                )
            for aid, (year, month, plats, units, ents) in articles.items():
                conn.execute(
                    text(
                        "INSERT INTO articles (id, document_id, idx, title, year, month, record) "
                        "VALUES (:i, 1, :i, 't', :y, :m, '{}')"
                    ),
                    {"i": aid, "y": year, "m": month},
                )
                for p in plats:
                    conn.execute(text("INSERT INTO article_platforms VALUES (:a, :p)"), {"a": aid, "p": p})
                for u in units:
                    conn.execute(text("INSERT INTO article_units VALUES (:a, :u)"), {"a": aid, "u": u})
                for e in ents:
                    conn.execute(
                        text(
                            "INSERT INTO article_entities (article_id, entity_id, type, mentions) VALUES (:a, :e, 'X', 1)"
                        ),
                        {"a": aid, "e": e},
                    )
        _upgrade(engine, "head")
        with engine.connect() as conn:
            for aid, (year, month, plats, units, ents) in articles.items():
                key = t.platform_key(plats)
                got = conn.execute(
                    text(
                        "SELECT entity_id, year, platforms FROM article_entities WHERE article_id = :a ORDER BY 1"
                    ),
                    {"a": aid},
                ).all()
                assert [tuple(r) for r in got] == [(e, year, key) for e in sorted(ents)]
                got = conn.execute(
                    text(
                        "SELECT unit, year, month, platforms FROM article_units WHERE article_id = :a ORDER BY 1"
                    ),
                    {"a": aid},
                ).all()
                assert sorted(tuple(r) for r in got) == sorted((u, year, month, key) for u in units)
                got = conn.execute(
                    text(
                        "SELECT platform, year, month FROM article_platforms WHERE article_id = :a ORDER BY 1"
                    ),
                    {"a": aid},
                ).all()
                assert sorted(tuple(r) for r in got) == sorted((p, year, month) for p in plats)
        assert t.platform_key(["组织建设", "党建"]) == "党建|组织建设"  # code-point order, as the migration's
    finally:
        engine.dispose()
