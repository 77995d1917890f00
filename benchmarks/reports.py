"""Reports benchmark (issue 6): a unit report over 10k activities (≤ 2 s) and a year's platform
statistics over 1M articles (≤ 10 s), on SQLite and on PostgreSQL.

Corpus: the archive's own schema (created by its Alembic migrations), bulk-loaded with generated
rows: `--articles` articles all in one year (the year whose statistics are timed: the worst case),
1–2 platforms and 1–2 reporting units each, and 4–9 linked entities each drawn from pools of
organizations, people and places with a long-tailed (Pareto) popularity, as real archives have.
One unit ("基准区科协") has `--unit-activities` articles whose records are full generated articles
(`kexie.synth`), with persons, titles, partners and quantities. Rows are loaded directly into the
tables (COPY on PostgreSQL, executemany on SQLite) because only the read side is measured here;
the write API has its own benchmark. Secondary indexes are dropped for the load and rebuilt
after it (one sort each instead of millions of random B-tree inserts). Built once per size and
backend, then reused.

Timed: the first (cold) run, then the median of `--repeat` warm runs (wall and CPU time, with
the load average; the one-off font parse of the first PDF/Word export in a process is reported
separately): `services.report_unit` as data only and as md/docx/pdf, and
`services.report_stats` as the SQL aggregates only and as xlsx/md.

    .venv/bin/python benchmarks/reports.py                                 # 1M articles, both backends
    .venv/bin/python benchmarks/reports.py --articles 50000 --backend sqlite  # a quick look
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

from kexie.reports.platforms import PLATFORMS
from kexie.store.tables import platform_key

CORPUS = Path(__file__).resolve().parent / ".corpus"
PG_BASE = "postgresql+psycopg://root@127.0.0.1:5432/test"
PG_SCHEMA = "kexie_hr_reports"  # + size; this benchmark's own schemas
YEAR = 2023
UNIT = "基准区科协"
PLATFORM_WEIGHTS = (4, 6, 8, 12, 20, 5, 3, 9, 10, 7)
EVENTS = (
    "会议",
    "座谈会",
    "调研",
    "科普活动",
    "学术交流",
    "培训",
    "评选表彰",
    "成立签约",
    "现场服务",
    "其他",
)
POOLS = {"ORG": 20_000, "PER": 50_000, "LOC": 3_000}
UNITS = 400
PER_DOC = 25
TARGET_UNIT_S = 2.0
TARGET_STATS_S = 10.0


def pick(rng: random.Random, n: int) -> int:
    """A long-tailed index in [0, n): a few entities are everywhere, most appear rarely."""
    return min(int(rng.paretovariate(1.2)) - 1, n - 1) if rng.random() < 0.7 else rng.randrange(n)


def day_of(rng: random.Random) -> date:
    return date(YEAR, 1, 1) + timedelta(days=rng.randrange(365))


class Loader:
    """Bulk inserts: COPY on PostgreSQL, executemany on SQLite; chunks so memory stays flat."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.pg = engine.dialect.name == "postgresql"

    def secondary_indexes(self, table: str) -> list[tuple[str, str]]:
        """(name, CREATE statement) of `table`'s indexes other than its keys and unique constraints."""
        with self.engine.connect() as conn:
            if self.pg:
                q = (
                    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                    "AND tablename = :t AND indexdef NOT LIKE 'CREATE UNIQUE%'"
                )
            else:
                q = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t AND sql IS NOT NULL"
            return [(r[0], r[1]) for r in conn.execute(text(q), {"t": table})]

    def triggers(self, table: str) -> list[tuple[str, str]]:
        """SQLite: (name, CREATE statement) of `table`'s triggers (PostgreSQL disables them instead)."""
        if self.pg:
            return []
        q = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"
        with self.engine.connect() as conn:
            return [(r[0], r[1]) for r in conn.execute(text(q), {"t": table})]

    def load(self, table: str, cols: tuple[str, ...], rows: Iterable[tuple], chunk: int = 100_000) -> int:
        """Insert `rows` with `table`'s secondary indexes dropped, then rebuild them.

        Triggers are off during the load: those on `article_entities` keep issue 5's
        co-occurrence counts (`entity_pairs`), which no report reads; left empty here.
        """
        indexes, triggers = self.secondary_indexes(table), self.triggers(table)
        with self.engine.begin() as conn:
            for name, _sql in indexes:
                conn.exec_driver_sql(f'DROP INDEX "{name}"')
            for name, _sql in triggers:
                conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
            if self.pg:
                conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        try:
            return self._load(table, cols, rows, chunk)
        finally:
            with self.engine.begin() as conn:
                for _name, sql in indexes + triggers:
                    conn.exec_driver_sql(sql)
                if self.pg:
                    conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER USER")

    def _load(self, table: str, cols: tuple[str, ...], rows: Iterable[tuple], chunk: int) -> int:
        n = 0
        buf: list[tuple] = []
        for row in rows:
            buf.append(row)
            if len(buf) >= chunk:
                n += self._flush(table, cols, buf)
                buf = []
        if buf:
            n += self._flush(table, cols, buf)
        return n

    def _flush(self, table: str, cols: tuple[str, ...], rows: list[tuple]) -> int:
        with self.engine.begin() as conn:
            if self.pg:
                raw = conn.connection.driver_connection
                with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as cp:
                    for r in rows:
                        cp.write_row(r)
            else:
                marks = ", ".join("?" for _ in cols)
                names = ", ".join('"' + c + '"' for c in cols)
                conn.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        return len(rows)


def unit_records(count: int) -> Iterator[dict]:
    """Full article records for the benchmark unit: generated articles, attributed to it."""
    from kexie.synth.generate import iter_articles

    for a in iter_articles(count, seed=6_000_000):
        a.attribution = [UNIT]
        if not any(o.name == UNIT for o in a.orgs):
            from kexie.model import Org

            a.orgs.insert(0, Org(UNIT))
        yield a.to_json()


def build(url: str, articles: int, unit_activities: int, log: Callable[[str], None]) -> None:
    """Create the schema and bulk-load the corpus (skipped when the archive already holds it)."""
    from kexie.store import db

    engine = db.open_engine(url)
    with engine.connect() as conn:
        have = conn.execute(text("SELECT count(*) FROM articles")).scalar_one()
    if have == articles:
        log(f"  corpus present: {have:,} articles")
        return
    with engine.connect() as conn:
        docs_there = conn.execute(text("SELECT count(*) FROM documents")).scalar_one()
    if have or docs_there:
        raise SystemExit(f"{url} holds another or a half-built corpus: remove it (file or schema) first")
    rng = random.Random(42)
    load = Loader(engine)
    t0 = time.perf_counter()
    now = datetime.now(UTC).replace(tzinfo=None)
    docs = (articles + PER_DOC - 1) // PER_DOC
    doc_days = [day_of(rng) for _ in range(docs)]
    shas = [hashlib.sha256(f"bench-{i}".encode()).hexdigest() for i in range(docs)]
    load.load("blobs", ("sha256", "data"), ((s, b"x") for s in shas))
    load.load(
        "documents",
        (
            "id",
            "name",
            "sha256",
            "format",
            "size",
            "masthead",
            "issue_title",
            "issue_number",
            "issue_date",
            "issue_year",
            "ingested_at",
            "articles",
        ),
        (
            (
                i + 1,
                f"bench-{i}.txt",
                shas[i],
                "txt",
                1,
                f"科协工作动态|第{i + 1}期|{doc_days[i]}",
                "科协工作动态",
                f"第{i + 1}期",
                doc_days[i].isoformat(),
                YEAR,
                now,
                PER_DOC,
            )
            for i in range(docs)
        ),
    )
    log(f"  documents: {docs:,} ({time.perf_counter() - t0:.0f} s)")
    # entities: pools per type, plus the benchmark unit and its alias
    ents = [(1, "ORG", UNIT, UNIT, None, now)]
    first: dict[str, int] = {}
    for typ, n in POOLS.items():
        first[typ] = len(ents) + 1
        ents += [(len(ents) + 1 + k, typ, f"{typ}{k:05d}", f"{typ}{k:05d}", None, now) for k in range(n)]
    load.load("entities", ("id", "type", "name", "key", "code", "created_at"), ents)
    load.load(
        "aliases",
        ("id", "entity_id", "type", "text", "key", "pinned"),
        [(1, 1, "ORG", UNIT, UNIT, 0), (2, 1, "ORG", "基准区科协会", UNIT, 0)],
    )
    unit_every = max(1, articles // max(unit_activities, 1))
    unit_ids = set(range(1, articles + 1, unit_every)[:unit_activities])
    records = unit_records(len(unit_ids))
    platforms: list[tuple] = []
    units: list[tuple] = []
    links: list[tuple] = []

    def article_rows() -> Iterator[tuple]:
        for aid in range(1, articles + 1):
            doc = (aid - 1) // PER_DOC
            dated = rng.random() < 0.9
            d = day_of(rng) if dated else doc_days[doc]
            if aid in unit_ids:
                rec = next(records)
                rec["date"] = d.isoformat() if dated else None
                record = json.dumps(rec, ensure_ascii=False)
                plats = rec["platforms"] or [rng.choices(PLATFORMS, PLATFORM_WEIGHTS)[0]]
                unit_names = [UNIT]
            else:
                record = '{"index":1,"title":"活动","paragraphs":["正文"]}'
                plats = rng.choices(PLATFORMS, PLATFORM_WEIGHTS, k=rng.choice((1, 1, 2)))
                unit_names = [f"单位{rng.randrange(UNITS):03d}" for _ in range(rng.choice((1, 1, 1, 2)))]
            month = d.strftime("%Y-%m")
            platforms.extend((aid, p, YEAR, month) for p in dict.fromkeys(plats))
            key = platform_key(plats)
            units.extend((aid, u, YEAR, month, key) for u in dict.fromkeys(unit_names))
            chosen = {1} if aid in unit_ids else set()
            for typ, lo, hi in (("ORG", 2, 4), ("PER", 1, 3), ("LOC", 1, 2)):
                for _ in range(rng.randint(lo, hi)):
                    chosen.add(first[typ] + pick(rng, POOLS[typ]))
            links.extend((aid, e, "ORG" if e == 1 else _type_of(e, first), 1, YEAR, key) for e in chosen)
            yield (
                aid,
                doc + 1,
                aid - doc * PER_DOC,
                f"活动{aid}",
                None,
                d.isoformat() if dated else None,
                YEAR,
                month,
                rng.choice(EVENTS),
                record,
            )

    n = load.load(
        "articles",
        ("id", "document_id", "idx", "title", "section", "date", "year", "month", "event_type", "record"),
        article_rows(),
    )
    log(f"  articles: {n:,} ({time.perf_counter() - t0:.0f} s)")
    load.load("article_platforms", ("article_id", "platform", "year", "month"), platforms)
    load.load("article_units", ("article_id", "unit", "year", "month", "platforms"), units)
    log(f"  platforms {len(platforms):,}, units {len(units):,} ({time.perf_counter() - t0:.0f} s)")
    load.load("article_entities", ("article_id", "entity_id", "type", "mentions", "year", "platforms"), links)
    log(f"  article_entities {len(links):,} ({time.perf_counter() - t0:.0f} s)")
    if engine.dialect.name == "postgresql":
        # VACUUM sets the visibility map, without which an index-only scan still reads every heap
        # row (the partners' 2.5M: 13 s instead of 0.4 s). Autovacuum does this after a bulk
        # ingest; on this test server it is off, so the corpus is left as autovacuum would.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(  # this schema's tables only, not the whole database
                "VACUUM (ANALYZE) blobs, documents, entities, aliases, articles, "
                "article_platforms, article_units, article_entities"
            )
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for t in ("entities", "documents", "aliases"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))"
                )


def _type_of(eid: int, first: dict[str, int]) -> str:
    if eid >= first["LOC"]:
        return "LOC"
    return "PER" if eid >= first["PER"] else "ORG"


@dataclass
class Timing:
    cold: float  # the first run (wall), caches and connections cold for this step
    warm: float  # median wall time of the warm runs
    cpu: float  # median CPU time of this process in the warm runs (threads included)
    load: str  # load average (1, 5, 15 min) after the runs

    def __str__(self) -> str:
        return f"{self.warm:.2f} s (cold {self.cold:.2f}, CPU {self.cpu:.2f})"


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def timed(fn: Callable[[], object], repeat: int) -> tuple[Timing, object]:
    t = time.perf_counter()
    result = fn()
    cold = time.perf_counter() - t
    walls, cpus = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return Timing(cold, statistics.median(walls), statistics.median(cpus), loadavg()), result


def measure(url: str, repeat: int, log: Callable[[str], None]) -> dict[str, Timing]:
    from datetime import date as _date

    from kexie import services
    from kexie.config import Settings
    from kexie.reports import fonts, unit
    from kexie.store import reporting
    from kexie.store.archive import Archive

    s = Settings(db_url=url)
    arch = Archive(s)
    start, end = f"{YEAR}-01-01", f"{YEAR}-12-31"
    out: dict[str, Timing] = {}
    t, c = time.perf_counter(), time.process_time()
    fonts.cjk_fonts()
    once = time.perf_counter() - t
    out["font parse (once per process)"] = Timing(once, once, time.process_time() - c, loadavg())

    def unit_data():
        m = reporting.find_org(arch, UNIT)
        rows = reporting.unit_articles(arch, m, start, end)
        items = [unit.SourcedRecord(r.id, r.record, r.issue_number, r.issue_date) for r in rows]
        rep = unit.build_unit_report_records(m.name, m.names, _date(YEAR, 1, 1), _date(YEAR, 12, 31), items)
        return unit.unit_blocks(rep), len(rep.activities)

    out["unit: query + build"], (_blocks, n) = timed(unit_data, repeat)
    log(f"  unit report: {n:,} activities: {out['unit: query + build']}, load {loadavg()}")
    for fmt in ("md", "docx", "pdf"):
        out[f"unit: {fmt}"], r = timed(lambda f=fmt: services.report_unit(s, UNIT, start, end, f), repeat)
        log(f"  unit {fmt}: {out[f'unit: {fmt}']}, {len(r.data):,} bytes, load {loadavg()}")
    out["stats: SQL aggregates"], rows = timed(lambda: reporting.year_stats(arch, YEAR), repeat)
    log(f"  stats over {rows.articles:,} articles: {out['stats: SQL aggregates']}, load {loadavg()}")
    for fmt in ("xlsx", "md"):
        out[f"stats: {fmt}"], r = timed(lambda f=fmt: services.report_stats(s, YEAR, f), repeat)
        log(f"  stats {fmt}: {out[f'stats: {fmt}']}, {len(r.data):,} bytes, load {loadavg()}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=1_000_000)
    ap.add_argument("--unit-activities", type=int, default=10_000)
    ap.add_argument("--backend", choices=("sqlite", "pg", "both"), default="both")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--build-only", action="store_true", help="build the corpora, measure nothing")
    args = ap.parse_args()
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    results: dict[str, dict[str, Timing]] = {}
    backends = ("sqlite", "pg") if args.backend == "both" else (args.backend,)
    for backend in backends:
        if backend == "sqlite":
            CORPUS.mkdir(exist_ok=True)
            url = f"sqlite:///{CORPUS / f'reports-{args.articles}-{args.unit_activities}.db'}"
        else:
            schema = f"{PG_SCHEMA}_{args.articles}_{args.unit_activities}"
            with create_engine(PG_BASE).begin() as c:
                c.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            url = f"{PG_BASE}?schema={schema}"
        log(f"{backend}: building/reusing corpus")
        build(url, args.articles, args.unit_activities, log)
        if args.build_only:
            continue
        log(f"{backend}: measuring")
        results[backend] = measure(url, args.repeat, log)
    if not results:
        return
    keys = list(next(iter(results.values())))
    print(
        f"\narticles: {args.articles:,}; unit activities: {args.unit_activities:,}; "
        f"median of {args.repeat} warm runs (cold: the first run; CPU: this process)\n"
    )
    print("| step | " + " | ".join(f"{b} warm | cold | CPU | load" for b in results) + " |")
    print("|---|" + "---:|---:|---:|---|" * len(results))
    for k in keys:
        cells = (
            f"{r[k].warm:.2f} s | {r[k].cold:.2f} s | {r[k].cpu:.2f} s | {r[k].load}"
            for r in results.values()
        )
        print(f"| {k} | " + " | ".join(cells) + " |")
    for b, r in results.items():
        unit_ok = r["unit: md"].warm <= TARGET_UNIT_S
        stats_ok = r["stats: xlsx"].warm <= TARGET_STATS_S
        print(
            f"\n{b}: unit report (Markdown) {'meets' if unit_ok else 'MISSES'} ≤ {TARGET_UNIT_S} s; "
            f"year statistics (xlsx) {'meets' if stats_ok else 'MISSES'} ≤ {TARGET_STATS_S} s"
        )


if __name__ == "__main__":
    main()
