"""Archive benchmark (issue 4): ingest throughput, database size, search latency vs a LIKE scan.

    python benchmarks/archive.py --ingest-files 100 --sizes 100000,1000000 --backends sqlite,pg

1. Ingest: generated bulletins (`kexie.synth`, rendered to text) go through the whole pipeline —
   read, reflow, extract, store — into a fresh SQLite file and a fresh PostgreSQL schema:
   articles/s (wall and this process's CPU), and database size per 1,000 articles.
2. Search: an archive of N articles is BULK-LOADED from generated records (parsing, extraction and
   entity resolution bypassed; articles, full-text tokens, entities, article_entities and platforms
   written directly, which is what search reads). A pool of distinct generated articles is tokenized
   once and repeated with shifted years and documents up to N; the stored record omits the
   mention list (search never reads it), so these databases are smaller than ingested ones. Then 50 fixed queries (one term, two
   terms, phrases, filters, filter-only browsing), each through `kexie.services.search` with facet
   counts, timed after one warm-up pass; p50/p95 over the 50 medians. In the same run, a LIKE '%…%'
   scan over title and body (count + newest 20) for the term queries is the baseline.

Databases live under --workdir (default benchmarks/.corpus/) and are reused with --reuse.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from kexie import services
from kexie.config import Settings
from kexie.store import db as kdb
from kexie.store.fulltext import Tokens, tokenize_article
from kexie.store.views import SearchQuery

PG_BASE = "postgresql+psycopg://root@127.0.0.1:5432/test"

# ---------------------------------------------------------------- the 50 fixed queries
ONE = [
    "科协",
    "科普",
    "党建",
    "培训",
    "专家",
    "调研",
    "院士",
    "乡村振兴",
    "青少年",
    "人才",
    "学会",
    "座谈会",
    "志愿服务",
    "标准化",
    "瑷珲",
]
TWO = [
    "科普 社区",
    "党建 学习",
    "专家 企业",
    "培训 青年",
    "学会 年会",
    "调研 乡村",
    "科技 志愿",
    "院士 工作站",
    "创新 驱动",
    "人才 托举",
]
PHRASE = [
    '"科普讲座"',
    '"党建工作"',
    '"学术交流"',
    '"科技工作者"',
    '"乡村振兴"',
    '"专家团队"',
    '"全国科技工作者日"',
    '"科学家精神"',
    '"技术培训"',
    '"服务企业"',
]
FILTERED = [
    ("科普", {"year": 2023}),
    ("党建", {"event_type": "会议"}),
    ("专家", {"platform": "落地化科创服务"}),
    ("培训", {"date_from": "2020-01-01", "date_to": "2021-12-31"}),
    ("学会", {"event_type": "学术交流"}),
    ("科协", {"year": 2019, "event_type": "调研"}),
    ("人才", {"platform": "全链条人才托举"}),
    ("调研", {"sort": "date"}),
    ("科普", {"sort": "date", "year": 2022}),
    ("企业", {"section": None, "year": 2024}),
]
BROWSE = [{}, {"year": 2021}, {"event_type": "培训"}, {"platform": "党建"}, {"date_from": "2024-01-01"}]


def queries() -> list[tuple[str, str, dict]]:
    out = [("one", q, {}) for q in ONE] + [("two", q, {}) for q in TWO] + [("phrase", q, {}) for q in PHRASE]
    out += [("filter", q, {k: v for k, v in f.items() if v is not None}) for q, f in FILTERED]
    out += [("browse", "", f) for f in BROWSE]
    assert len(out) == 50
    return out


# ---------------------------------------------------------------- backends


def fresh_url(backend: str, name: str, workdir: Path) -> str:
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{workdir / name}.db{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{workdir / name}.db"
    eng = create_engine(PG_BASE)
    with eng.begin() as c:
        c.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        c.execute(text(f'CREATE SCHEMA "{name}"'))
    eng.dispose()
    return f"{PG_BASE}?schema={name}"


def db_bytes(url: str) -> int:
    engine = kdb.open_engine(url)
    with engine.connect() as c:
        if engine.dialect.name == "sqlite":
            c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            path = url.removeprefix("sqlite:///")
            return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
        schema = url.split("schema=")[1]
        return c.execute(
            text(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s AND c.relkind = 'r'"
            ),
            {"s": schema},
        ).scalar_one()


# ---------------------------------------------------------------- 1. ingest throughput


def bench_ingest(
    backend: str, files: int, workdir: Path, runs: int = 3, name: str = "kx_bench_ingest"
) -> dict:
    """`kexie ingest FOLDER` of `files` generated bulletins into a fresh archive, `runs` times.

    The whole pipeline (read, reflow, extract, resolve, store) through `services.ingest_paths`, one
    process, one core; each run into a fresh database (a fresh schema on PostgreSQL). Reported:
    the median run's articles/s of process CPU time and of wall time, and where the CPU time went
    (read+reflow and extraction re-timed alone afterwards on the same files; the rest is
    tokenizing, entity resolution and the database).
    """
    from kexie.synth import generate_bulletin
    from kexie.synth.wrap import to_bytes

    folder = workdir / f"ingest-{files}"
    folder.mkdir(parents=True, exist_ok=True)
    for seed in range(files):
        path = folder / f"bench-{seed:05d}.txt"
        if not path.exists():
            path.write_bytes(to_bytes(generate_bulletin(10_000 + seed, articles=(4, 10))))
    warm = to_bytes(generate_bulletin(1))
    results = []
    for _ in range(runs):
        url = fresh_url(backend, name, workdir)
        s = Settings(db_url=url)
        services.ingest_bytes(s, "warm.txt", warm)  # imports, dictionaries, schema
        load0 = os.getloadavg()[0]
        t0, c0 = time.perf_counter(), time.process_time()
        report = services.ingest_paths(s, [folder])
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        n = sum(r.articles for r in report.results)
        failed = sum(r.status == "failed" for r in report.results)
        results.append((cpu, wall, n, failed, url, (load0, os.getloadavg()[0])))
        kdb.close_all()
    cpu, wall, n, failed, url, load = sorted(results)[len(results) // 2]
    data = [(p.name, p.read_bytes()) for p in sorted(folder.iterdir())]
    s = Settings(db_url=url)
    stages = {}
    for label, extract in (("read_reflow", False), ("read_reflow_extract", True)):
        c = time.process_time()
        for fname, raw in data:
            services.parse_bytes(fname, raw, s, extract=extract)
        stages[label] = time.process_time() - c
    size = db_bytes(url)
    return {
        "backend": backend,
        "files": files,
        "failed": failed,
        "articles": n,
        "runs": runs,
        "cpu_s_runs": [round(r[0], 2) for r in results],
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "articles_per_s_wall": round(n / wall, 1),
        "articles_per_s_cpu": round(n / cpu, 1),
        "cpu_share": {
            "read_reflow": round(stages["read_reflow"] / cpu, 2),
            "extract": round((stages["read_reflow_extract"] - stages["read_reflow"]) / cpu, 2),
            "tokenize_resolve_store": round(1 - stages["read_reflow_extract"] / cpu, 2),
        },
        "load_avg_start_end": [round(x, 2) for x in load],
        "bytes_per_1000_articles": int(size / max(n, 1) * 1000),
    }


# ---------------------------------------------------------------- 2. bulk load for search latency


def pool(n: int, workdir: Path) -> list[tuple[dict, Tokens]]:
    """`n` distinct generated articles with their tokens (cached on disk)."""
    path = workdir / f"pool-{n}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    from kexie.store.archive import record_of
    from kexie.synth import iter_articles

    out = []
    for a in iter_articles(n, seed=4):
        rec = record_of(a)
        rec.pop("mentions", None)  # search never reads the mention list: a smaller load
        out.append((rec, tokenize_article(a.title, a.paragraphs)))
    path.write_bytes(pickle.dumps(out))
    return out


PER_DOC = 8  # articles per bulk document


def bulk_load(url: str, size: int, distinct: list[tuple[dict, Tokens]]) -> float:
    """Write `size` articles straight into the tables search reads; seconds taken.

    The pool (P distinct articles, tokens computed once by `fulltext.py`) is written from Python;
    every further copy is made by the database itself (INSERT … SELECT with id offsets, dates shifted
    back by 0–7 years; SQLite's FTS5 rows from a staging table of token strings, PostgreSQL's tsvector
    copied as a value and the GIN index built once at the end), so 1M articles take minutes.
    """
    t0 = time.perf_counter()
    p = len(distinct) // PER_DOC * PER_DOC
    distinct = distinct[:p]
    engine = kdb.open_engine(url)
    sqlite = engine.dialect.name == "sqlite"
    ents: dict[tuple[str, str], int] = {}

    def eid(typ: str, name: str) -> int:
        return ents.setdefault((typ, name), len(ents) + 1)

    arts, fts, links, plats = [], [], [], []
    for i, (rec, tok) in enumerate(distinct):
        aid = i + 1
        date = rec.get("date")
        row = [aid, i // PER_DOC + 1, i % PER_DOC, rec["title"], rec["section"], date]
        row += [int(date[:4]) if date else None, date[:7] if date else None, rec["event_type"]]
        row.append(json.dumps(rec, ensure_ascii=False))
        if sqlite:
            fts.append((aid, " ".join(tok.title), " ".join(tok.body), " ".join(tok.words)))
        else:
            row.append(tok.tsvector())
        arts.append(row)
        ls = {(eid("ORG", o["name"]), "ORG") for o in rec["orgs"]}
        ls |= {(eid("PER", x["name"]), "PER") for x in rec["persons"]}
        ls |= {(eid("LOC", x["name"]), "LOC") for x in rec["locations"]}
        links += [(aid, e, typ, row[6]) for e, typ in sorted(ls)]
        plats += [(aid, x, row[6], row[7]) for x in dict.fromkeys(rec["platforms"])]
    n_docs = (size + PER_DOC - 1) // PER_DOC
    now = "2026-01-01 00:00:00"
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        ph = "?" if sqlite else "%s"

        def many(sql: str, rows: list) -> None:
            if rows:
                cur.executemany(sql.replace("?", ph), rows)

        # Triggers keeping derived tables (entity_pairs, issue 5) are set aside while loading: search
        # never reads those tables, and a row trigger per link row would triple the load time.
        if sqlite:
            cur.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'article_entities'"
            )
            triggers = [r[0] for r in cur.fetchall()]
            for sql in triggers:
                cur.execute("DROP TRIGGER " + sql.split()[2])
        else:
            cur.execute("ALTER TABLE article_entities DISABLE TRIGGER USER")
        if sqlite:
            cur.execute("PRAGMA synchronous=OFF")
            cur.execute(
                "CREATE TEMP TABLE pool_fts (id INTEGER PRIMARY KEY, title TEXT, body TEXT, words TEXT)"
            )
            cur.execute("BEGIN IMMEDIATE")
        else:
            cur.execute("DROP INDEX IF EXISTS ix_articles_tsv")
            cur.execute("SET maintenance_work_mem = '1GB'")
        many(
            "INSERT INTO blobs (sha256, data) VALUES (?, ?)",
            [(f"{d:064x}", b"") for d in range(1, n_docs + 1)],
        )
        many(
            "INSERT INTO documents (id, name, sha256, format, size, masthead, ingested_at, articles) "
            f"VALUES (?, ?, ?, 'txt', 0, ?, ?, {PER_DOC})",
            [(d, f"bulk-{d}.txt", f"{d:064x}", f"bulk|{d}|", now) for d in range(1, n_docs + 1)],
        )
        many(
            "INSERT INTO entities (id, type, name, key, created_at) VALUES (?, ?, ?, ?, ?)",
            [(i, typ, name, name, now) for (typ, name), i in ents.items()],
        )
        many(
            "INSERT INTO aliases (entity_id, type, text, key, pinned) VALUES (?, ?, ?, ?, 0)",
            [(i, typ, name, name) for (typ, name), i in ents.items()],
        )
        cols = "id, document_id, idx, title, section, date, year, month, event_type, record"
        if sqlite:
            many(f"INSERT INTO articles ({cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", arts)
            many("INSERT INTO pool_fts (id, title, body, words) VALUES (?, ?, ?, ?)", fts)
        else:
            with cur.copy(f"COPY articles ({cols}, tsv) FROM STDIN") as cp:
                for r in arts:
                    cp.write_row(r)
        many(
            "INSERT INTO article_entities (article_id, entity_id, type, mentions, year) VALUES (?, ?, ?, 1, ?)",
            links,
        )
        many("INSERT INTO article_platforms (article_id, platform, year, month) VALUES (?, ?, ?, ?)", plats)
        if sqlite:
            cur.execute(
                "INSERT INTO article_fts (rowid, title, body, words) SELECT id, title, body, words FROM pool_fts"
            )
            cur.execute("COMMIT")
        else:
            raw.commit()
        # the copies, made by the database: copy c of the pool is shifted back c % 8 years
        shifted = (
            "CASE WHEN {c} IS NULL THEN NULL ELSE "
            + ("printf('%04d', year - :s)" if sqlite else "lpad(CAST(year - :s AS TEXT), 4, '0')")
            + " || substr({c}, 5) END"
        )
        tsv = "" if sqlite else ", tsv"
        copy_sql = [
            f"INSERT INTO articles ({cols}{tsv}) SELECT id + :off, document_id + :doff, idx, title, section, "
            f"{shifted.format(c='date')}, year - :s, {shifted.format(c='month')}, event_type, record{tsv} "
            "FROM articles WHERE id <= :n",
            "INSERT INTO article_entities (article_id, entity_id, type, mentions, year) "
            "SELECT article_id + :off, entity_id, type, mentions, year - :s FROM article_entities WHERE article_id <= :n",
            "INSERT INTO article_platforms (article_id, platform, year, month) "
            f"SELECT article_id + :off, platform, year - :s, {shifted.format(c='month')} "
            "FROM article_platforms WHERE article_id <= :n",
        ]
        if sqlite:
            copy_sql.append(
                "INSERT INTO article_fts (rowid, title, body, words) "
                "SELECT id + :off, title, body, words FROM pool_fts WHERE id <= :n"
            )
        for c in range(1, (size + p - 1) // p):
            prm = {"off": c * p, "doff": c * p // PER_DOC, "s": c % 8, "n": min(p, size - c * p)}
            if sqlite:
                cur.execute("BEGIN IMMEDIATE")
                for sql in copy_sql:
                    cur.execute(sql, prm)
                cur.execute("COMMIT")
            else:
                for sql in copy_sql:
                    cur.execute(
                        sql.replace(":off", "%(off)s")
                        .replace(":doff", "%(doff)s")
                        .replace(":s", "%(s)s")
                        .replace(":n", "%(n)s"),
                        prm,
                    )
                raw.commit()
            print(
                json.dumps({"bulk": url.rsplit("/", 1)[-1], "copy": c, "s": round(time.perf_counter() - t0)}),
                flush=True,
            )
        if sqlite:
            cur.execute("UPDATE archive_state SET generation = generation + 1")
            cur.execute("INSERT INTO article_fts(article_fts) VALUES('optimize')")
            cur.execute("DROP TABLE pool_fts")
            for sql in triggers:
                cur.execute(sql)
            cur.execute("ANALYZE")
        else:
            cur.execute("UPDATE archive_state SET generation = generation + 1")
            cur.execute("CREATE INDEX ix_articles_tsv ON articles USING gin (tsv)")
            cur.execute("ALTER TABLE article_entities ENABLE TRIGGER USER")
            raw.commit()
            raw.driver_connection.autocommit = True  # VACUUM runs outside a transaction
            for table in ("articles", "article_entities", "article_platforms", "documents", "entities"):
                cur.execute(f"VACUUM ANALYZE {table}")  # this schema's tables only
            raw.driver_connection.autocommit = False
        raw.commit()
    finally:
        raw.close()
    return time.perf_counter() - t0


# ---------------------------------------------------------------- 3. latency


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def _timed(s: Settings, qs: list, rounds: int, cold: bool) -> dict:
    """Per query: median wall ms and this process's CPU ms over `rounds`, the total, and how many
    queries had an estimated total / sampled facets (the result says so)."""
    from kexie.search import clear_cache

    times: dict[int, list[float]] = {i: [] for i in range(len(qs))}
    cpus: dict[int, list[float]] = {i: [] for i in range(len(qs))}
    totals: dict[int, int] = {}
    approx_facets = approx_total = 0
    for _ in range(rounds):
        for i, (_, q, f) in enumerate(qs):
            if cold:
                clear_cache()
            t0, c0 = time.perf_counter(), time.process_time()
            r = services.search(s, SearchQuery(q=q, **f))
            times[i].append((time.perf_counter() - t0) * 1000)
            cpus[i].append((time.process_time() - c0) * 1000)
            totals[i] = r.total
            approx_facets += not r.facets_exact
            approx_total += not r.total_exact
    return {
        "wall": [statistics.median(v) for v in times.values()],
        "cpu": [statistics.median(v) for v in cpus.values()],
        "totals": totals,
        "approx_facets": approx_facets // rounds,
        "approx_total": approx_total // rounds,
    }


def bench_search(url: str, rounds: int) -> dict:
    """Cold: hits, totals and facets computed for every query (the in-process result cache cleared
    before each); warm: the same queries again, hits and facets from that cache, page and snippets
    still fetched. The database pages are warm in both (one warm-up pass). The whole archive's facets
    and count are kept in the database per generation (the warm-up computes them once)."""
    s = Settings(db_url=url)
    qs = queries()
    for _, q, f in qs:  # warm-up: OS and database caches, the browse facet cache
        services.search(s, SearchQuery(q=q, **f))
    out = {}
    for mode in ("cold", "warm"):
        t = _timed(s, qs, rounds, cold=mode == "cold")
        med, totals = t["wall"], t["totals"]
        by_kind = {}
        for kind in ("one", "two", "phrase", "filter", "browse"):
            ks = [med[i] for i, (k, _, _) in enumerate(qs) if k == kind]
            by_kind[kind] = round(statistics.median(ks), 1)
        slowest = sorted(range(len(qs)), key=lambda i: -med[i])[:5]
        out[mode] = {
            "p50_ms": round(_pct(med, 50), 1),
            "p95_ms": round(_pct(med, 95), 1),
            "max_ms": round(max(med), 1),
            "cpu_p50_ms": round(_pct(t["cpu"], 50), 1),
            "cpu_p95_ms": round(_pct(t["cpu"], 95), 1),
            "median_by_kind_ms": by_kind,
            "slowest": [(qs[i][1] or "(browse)", qs[i][2], round(med[i], 1), totals[i]) for i in slowest],
            "estimated_total_queries": t["approx_total"],
            "sampled_facet_queries": t["approx_facets"],
            "load_avg": os.getloadavg(),
        }
    return out


def bench_like(url: str, terms: list[str]) -> dict:
    """The baseline: a substring scan of title and body, count + newest 20, per term query."""
    engine = kdb.open_engine(url)
    ms = []
    with engine.connect() as c:
        for q in terms:
            words = q.split()
            cond = " AND ".join(f"(title LIKE :w{i} OR record LIKE :w{i})" for i in range(len(words)))
            params = {f"w{i}": f"%{w}%" for i, w in enumerate(words)}
            t0 = time.perf_counter()
            c.execute(text(f"SELECT count(*) FROM articles WHERE {cond}"), params).scalar_one()
            c.execute(text(f"SELECT id FROM articles WHERE {cond} ORDER BY date DESC LIMIT 20"), params).all()
            ms.append((time.perf_counter() - t0) * 1000)
    return {"queries": len(ms), "p50_ms": round(_pct(ms, 50), 1), "p95_ms": round(_pct(ms, 95), 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ingest-files", type=int, default=60, help="bulletins for the ingest run (0: skip)")
    ap.add_argument(
        "--ingest-runs", type=int, default=3, help="ingest runs, each into a fresh archive (median)"
    )
    ap.add_argument(
        "--ingest-name", default="kx_bench_ingest", help="database file / PostgreSQL schema of the ingest run"
    )
    ap.add_argument(
        "--sizes", default="100000", help="archive sizes for the search run, comma-separated ('' skips)"
    )
    ap.add_argument(
        "--pool", type=int, default=25_000, help="distinct generated articles repeated up to a size"
    )
    ap.add_argument("--build-only", action="store_true", help="bulk-load the archives, measure nothing")
    ap.add_argument("--backends", default="sqlite,pg")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--like-queries", type=int, default=8, help="term queries also run as a LIKE scan")
    ap.add_argument("--workdir", type=Path, default=Path(__file__).parent / ".corpus")
    ap.add_argument("--reuse", action="store_true", help="reuse an archive already bulk-loaded at a size")
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    backends = [b for b in args.backends.split(",") if b]
    print(
        json.dumps(
            {
                "machine": platform.platform(),
                "cpus": os.cpu_count(),
                "python": sys.version.split()[0],
                "load_avg": os.getloadavg(),
            }
        ),
        flush=True,
    )
    if args.ingest_files:
        for b in backends:
            print(
                json.dumps(
                    {
                        "ingest": bench_ingest(
                            b, args.ingest_files, args.workdir, args.ingest_runs, args.ingest_name
                        )
                    },
                    ensure_ascii=False,
                ),
                flush=True,
            )
    sizes = [int(x) for x in args.sizes.split(",") if x]
    distinct = pool(min(args.pool, max(sizes)), args.workdir) if sizes else []
    for size in sizes:
        for b in backends:
            name = f"kexie_hs_{size}"
            built = (args.workdir / f"{name}.db").exists() if b == "sqlite" else _pg_built(name)
            if args.reuse and built:
                url = f"sqlite:///{args.workdir / name}.db" if b == "sqlite" else f"{PG_BASE}?schema={name}"
                load_s = None
            else:
                url = fresh_url(b, name, args.workdir)
                load_s = round(bulk_load(url, size, distinct), 1)
            result = {
                "backend": b,
                "articles": size,
                "bulk_load_s": load_s,
                "bytes_per_1000_articles": int(db_bytes(url) / size * 1000),
                "load_avg": os.getloadavg(),
            }
            if not args.build_only:
                result["search"] = bench_search(url, args.rounds)
                if args.like_queries:  # 0: no LIKE baseline
                    result["like_baseline"] = bench_like(url, (ONE + TWO)[: args.like_queries])
                result["load_avg_after"] = os.getloadavg()
            print(json.dumps({"search": result}, ensure_ascii=False), flush=True)
            kdb.close_all()


def _pg_built(schema: str) -> bool:
    """A bulk load finished into `schema` (its GIN index is built last)."""
    eng = create_engine(PG_BASE)
    try:
        with eng.connect() as c:
            return bool(
                c.execute(
                    text("SELECT 1 FROM pg_indexes WHERE schemaname = :s AND indexname = 'ix_articles_tsv'"),
                    {"s": schema},
                ).first()
            )
    finally:
        eng.dispose()


if __name__ == "__main__":
    main()
