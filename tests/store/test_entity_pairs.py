"""`entity_pairs` (migration 0005) and `entity_counts` (0008): counts kept by triggers equal a recount
from the links after every kind of write (ingest, a replacing version, merge, split); profiles, graphs
and the dashboard read them."""

from __future__ import annotations

from sqlalchemy import text

from kexie import services
from kexie.store.archive import Archive

from .conftest import make_article, make_bulletin, raw

RECOUNT = (
    "SELECT x.entity_id, y.entity_id, count(*) FROM article_entities x "
    "JOIN article_entities y ON y.article_id = x.article_id AND y.entity_id <> x.entity_id "
    "GROUP BY x.entity_id, y.entity_id"
)


COUNTS = "SELECT entity_id, type, count(*) FROM article_entities GROUP BY entity_id, type"


def _pairs(settings) -> tuple[dict, dict]:
    """(kept by the triggers, recounted from article_entities); the per-entity counts checked too."""
    arch = Archive(settings)
    with arch.read() as conn:
        counts = {
            (e, typ): n for e, typ, n in conn.execute(text("SELECT entity_id, type, n FROM entity_counts"))
        }
        assert counts == {(e, typ): n for e, typ, n in conn.execute(text(COUNTS))}
        kept = {
            (a, b): n for a, b, n in conn.execute(text("SELECT entity_id, partner_id, n FROM entity_pairs"))
        }
        recount = {(a, b): n for a, b, n in conn.execute(text(RECOUNT))}
    return kept, recount


def _store(settings, name, articles, number, salt=""):
    return Archive(settings).store(make_bulletin(name, articles, number=number), raw(name, salt))


def _art(i, title, para, orgs, persons=()):
    return make_article(i, title, [para], orgs=[(o, []) for o in orgs], persons=[(p, []) for p in persons])


def test_pairs_follow_ingest_replace_merge_split(settings):
    _store(
        settings,
        "a.txt",
        [
            _art(
                0,
                "甲",
                "北京市科协与清华大学、北京科学中心合作。",
                ["北京市科协", "清华大学", "北京科学中心"],
            ),
            _art(1, "乙", "北京市科协和清华大学召开会议，王刚出席。", ["北京市科协", "清华大学"], ["王刚"]),
        ],
        "第1期",
    )
    kept, recount = _pairs(settings)
    assert kept == recount and kept  # not vacuous: the articles name several entities
    kexie = services.get_entity(settings, "北京市科协")
    qinghua = services.get_entity(settings, "清华大学")
    assert kept[(kexie.id, qinghua.id)] == 2 and kept[(qinghua.id, kexie.id)] == 2
    assert [(p.name, p.count) for p in kexie.partners][:1] == [("清华大学", 2)]
    top = services.dashboard(settings).top_orgs
    assert [(x.name, x.count) for x in top[:2]] == [("北京市科协", 2), ("清华大学", 2)]

    # a new version of the same issue deletes the old articles (cascade) and stores new ones
    _store(
        settings,
        "a.txt",
        [_art(0, "甲（修订）", "北京市科协与北京科学中心合作。", ["北京市科协", "北京科学中心"])],
        "第1期",
        salt="v2",
    )
    kept, recount = _pairs(settings)
    assert kept == recount
    assert (kexie.id, qinghua.id) not in kept  # no article names both any more: the pair is gone

    _store(settings, "b.txt", [_art(0, "丙", "科技馆与清华大学交流。", ["科技馆", "清华大学"])], "第2期")
    services.merge_entities(settings, "北京科学中心", ["科技馆"])
    kept, recount = _pairs(settings)
    assert kept == recount
    services.split_entity(settings, "北京科学中心", alias="科技馆")
    kept, recount = _pairs(settings)
    assert kept == recount


def test_graph_edges_among_partners(settings):
    orgs = ["北京市科协", "清华大学", "北京大学"]
    _store(
        settings,
        "g.txt",
        [
            _art(0, "甲", "北京市科协、清华大学和北京大学联合举办论坛。", orgs),
            _art(1, "乙", "清华大学与北京大学交流。", orgs[1:]),
        ],
        "第1期",
    )
    center = services.get_entity(settings, "北京市科协")
    g = services.entity_graph(settings, center.id, 10)
    ids = {services.get_entity(settings, n).id: n for n in orgs}
    weights = {ids[n.id]: n.weight for n in g.nodes}
    assert weights == {"北京市科协": 1, "清华大学": 2, "北京大学": 2}
    edges = {frozenset((ids[e.source], ids[e.target])): e.weight for e in g.edges}
    # the partners' own edge counts every article naming both, not only the center's
    assert edges == {
        frozenset(("北京市科协", "清华大学")): 1,
        frozenset(("北京市科协", "北京大学")): 1,
        frozenset(("清华大学", "北京大学")): 2,
    }


def test_recount_rebuilds_what_a_bulk_load_left_stale(settings):
    from kexie.store import derived

    _store(
        settings, "r.txt", [_art(0, "甲", "北京市科协与清华大学合作。", ["北京市科协", "清华大学"])], "第1期"
    )
    assert not derived.stale(settings.db_url)
    arch = Archive(settings)
    with arch.write(bump=False) as conn:  # what a loader with the triggers set aside leaves
        conn.execute(text("DELETE FROM entity_pairs"))
        conn.execute(text("DELETE FROM entity_counts"))
    assert derived.stale(settings.db_url)
    derived.recount(settings.db_url)
    kept, recount = _pairs(settings)
    assert kept == recount and kept
    assert not derived.stale(settings.db_url)


def test_concurrent_writers_keep_counts_exact(settings):
    """Two threads storing documents that name the same entities at once: no deadlock, exact counts
    (PostgreSQL: the writers take turns at their first link statement, migration 0009)."""
    from concurrent.futures import ThreadPoolExecutor

    orgs = ["北京市科协", "清华大学", "北京大学", "北京科学中心"]
    _store(settings, "seed.txt", [_art(0, "序", "、".join(orgs) + "。", orgs)], "第0期")  # entities exist

    def writer(w: int) -> None:
        for i in range(4):
            names = orgs[::-1] if w else orgs  # the same pairs, written in opposite orders
            arts = [_art(j, f"文{w}-{i}-{j}", "、".join(names[j:]) + "合作。", names[j:]) for j in range(3)]
            _store(settings, f"w{w}-{i}.txt", arts, f"第{w * 10 + i + 1}期")

    with ThreadPoolExecutor(2) as pool:
        for f in [pool.submit(writer, w) for w in (0, 1)]:
            f.result()
    kept, recount = _pairs(settings)
    assert kept == recount
    kexie = services.get_entity(settings, "北京市科协")
    assert kexie.articles == 1 + 4 * 1 + 4 * 3  # the seed; first of writer 0's three, all of writer 1's
