"""Web load benchmark (issue 5): a real HTTP load generator against `kexie serve` on loopback.

Corpus: with `--bulk`, 100k generated articles written by the archive benchmark's bulk loader
(benchmarks/archive.py) into benchmarks/.corpus/ (SQLite) or a PostgreSQL schema (`--pg URL`);
without it, generated bulletins stored through the archive's write API (slow; resumed if
interrupted). Then `kexie serve --workers 2` runs in a subprocess, the benchmark waits for its
start-up warm-up to end, and `--clients` concurrent clients on one asyncio loop (each its own
keep-alive connection, no think time; ~0.1 ms of this process's CPU per request, so the server
keeps the cores) request one kind of page at a time for `--seconds`: search pages (words and
filters drawn from the corpus), entity profile pages (busy and quiet entities), the dashboard.
Reported per kind: requests, errors, p50/p95/p99 latency, throughput, the number of distinct
addresses, "cold" figures (the first request of each address in the run, which no server cache
can have answered), and the server's own CPU per request (its process tree, from /proc).
`--no-cache` serves with no read/page cache, so every request reads the archive and renders.
The targets: p95 ≤ 150 ms (search, profile) and ≤ 300 ms (dashboard) with no errors.

    .venv/bin/python benchmarks/web.py --bulk --lists benchmarks/.corpus/web-lists-100000.json
    .venv/bin/python benchmarks/web.py --bulk --no-cache --lists benchmarks/.corpus/web-lists-100000.json
    .venv/bin/python benchmarks/web.py --bulk --pg 'postgresql+psycopg://root@127.0.0.1:5432/test?schema=kexie_hw_bulk100k'
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

CORPUS = Path(__file__).resolve().parent / ".corpus"
TARGETS_MS = {"search": 150, "profile": 150, "dashboard": 300}
SEED_BASE = 5_000_000  # away from the seeds other benchmarks use


def build(db: Path, articles: int, per_bulletin: tuple[int, int] = (20, 40)) -> int:
    """Store generated bulletins until the archive holds `articles` articles; returns the count."""
    from kexie.config import Settings
    from kexie.store.archive import Archive
    from kexie.synth import generate_bulletin
    from kexie.synth.wrap import to_bytes

    archive = Archive(Settings(db_url=f"sqlite:///{db}"))
    from kexie import services

    stats = services.dashboard(archive.settings)
    have, seed = stats.articles, SEED_BASE + stats.documents
    t0, start = time.monotonic(), have
    while have < articles:
        bulletin = generate_bulletin(seed, articles=per_bulletin)
        stored = archive.store(bulletin, to_bytes(bulletin))
        have += stored.articles
        seed += 1
        if (seed - SEED_BASE) % 50 == 0:
            rate = (have - start) / max(1e-9, time.monotonic() - t0)
            print(f"  corpus: {have} articles ({rate:.0f}/s)", file=sys.stderr, flush=True)
    return have


def bulk(url: str, articles: int, pool_size: int) -> int:
    """The archive benchmark's bulk loader (benchmarks/archive.py, issue 4): generated records written
    straight into the tables search, profiles and statistics read — no parsing, no entity resolution,
    no mentions, roles or reporting units — so 100k articles load in minutes instead of hours.
    `url`: a SQLite file (loaded when absent) or a PostgreSQL schema (created, loaded when empty)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from sqlalchemy import create_engine, text

    import archive as archive_bench  # benchmarks/archive.py
    from kexie.store import db as kdb
    from kexie.store import derived

    have = 0
    if url.startswith("sqlite:///"):
        if Path(url.removeprefix("sqlite:///")).exists():
            have = _count(url)
    else:
        base, schema = url.split("?schema=")
        eng = create_engine(base)
        with eng.begin() as c:
            c.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        eng.dispose()
        kdb.open_engine(url)  # migrated
        have = _count(url)
    if not have:
        distinct = archive_bench.pool(pool_size, CORPUS)
        archive_bench.bulk_load(url, articles, distinct)
        have = articles
    # the loader sets aside the triggers that keep profiles' partners and the dashboard's counts
    if derived.stale(url):
        print("corpus: recounting entity_pairs and entity_counts", flush=True)
        derived.recount(url)
    return have


def _count(url: str) -> int:
    from sqlalchemy import text

    from kexie.store import db as kdb

    with kdb.open_engine(url).connect() as c:
        return c.execute(text("SELECT count(*) FROM articles")).scalar_one()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, port: int, workers: int, cache: bool = True, threads: int = 0) -> subprocess.Popen:
    """`kexie serve` in a subprocess; `cache=False` runs it with no read/page cache (every request computed)."""
    cmd = [sys.executable, "-c", "from kexie.cli import main; main()", "serve", "--db", url]
    env = dict(os.environ)
    if not cache:
        env["KEXIE_WEB_CACHE_ITEMS"] = "0"
    proc = subprocess.Popen(
        [*cmd, "--port", str(port), "--workers", str(workers), "--threads", str(threads)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"kexie serve exited: {proc.stderr.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("kexie serve did not start within 60 s")


def _cpu_seconds(root: int) -> float:
    """CPU time (user + system) of process `root` and its descendants (uvicorn's workers), from /proc."""
    parent, ticks = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parent[pid], ticks[pid] = int(fields[1]), int(fields[11]) + int(fields[12])
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += ticks.get(pid, 0)
        todo += [c for c, p in parent.items() if p == pid]
    return total / os.sysconf("SC_CLK_TCK")


def wait_idle(proc: subprocess.Popen, limit: float = 300.0) -> float:
    """Wait until the server's start-up work (cache warm-up in every worker) is done: less than 0.05 s
    of its CPU in a second. A real server is warm long before its users come; seconds waited."""
    t0 = time.monotonic()
    last = _cpu_seconds(proc.pid)
    while time.monotonic() - t0 < limit:
        time.sleep(1.0)
        now = _cpu_seconds(proc.pid)
        if now - last < 0.05:
            break
        last = now
    return time.monotonic() - t0


def request_lists(base: str, rng: random.Random) -> dict[str, list[str]]:
    """Realistic addresses: query words from the corpus's own titles, filters from its facets, entities
    from the dashboard's top lists and from search facets (so both busy and quiet profiles)."""
    with httpx.Client(base_url=base, timeout=60) as c:
        stats = c.get("/api/stats").json()
        sample = c.get("/api/search", params={"sort": "date"}).json()
        facets = sample["facets"]
        titles = [h["title"] for h in sample["hits"]]
        words = sorted({t[i : i + 2] for t in titles for i in range(0, max(1, len(t) - 2), 3)} - {""})
        words += ["科普", "培训", "座谈会", "调研", "学术", "乡村振兴", "人才", "志愿服务"]
        entity_ids = [e["id"] for e in stats["top_orgs"] + stats["top_people"]]
        for name in ("org", "person", "place"):
            for value in list(facets.get(name, {}))[:20]:
                ids = c.get("/api/search", params={name: value}).json()
                if ids["hits"]:
                    art = c.get(f"/api/articles/{ids['hits'][0]['article_id']}").json()
                    entity_ids += [e["id"] for e in art["entities"]]
    platforms = list(facets.get("platform", {})) or ["党建"]
    years = list(facets.get("year", {})) or [""]
    searches = []
    for _ in range(400):
        params = {"q": rng.choice(words)}
        roll = rng.random()
        if roll < 0.25:
            params["platform"] = rng.choice(platforms)
        elif roll < 0.45:
            params["year"] = rng.choice(years)
        if rng.random() < 0.3:
            params["sort"] = "date"
        if rng.random() < 0.2:
            params["page"] = str(rng.randrange(2, 6))
        searches.append("/search?" + httpx.QueryParams(params).__str__())
    profiles = [f"/entities/{i}" for i in sorted(set(entity_ids))]
    return {"search": searches, "profile": profiles, "dashboard": ["/"]}


async def _get(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, path: str
) -> tuple[int, int]:
    """One GET on a kept-alive connection: (status, body bytes). Content-Length or chunked bodies."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: identity\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)}
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
        return status, len(body)
    size = 0
    while True:  # chunked
        n = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        await reader.readexactly(n + 2)
        size += n
        if n == 0:
            return status, size


async def _run_clients(
    host: str, port: int, urls: list[str], clients: int, seconds: float, rng_seed: int
) -> list[tuple]:
    """`clients` concurrent clients, each its own keep-alive connection and no think time, requesting
    `urls` at random until `seconds` have passed: [(start time, url, latency ms, error or "")]."""
    stop_at = time.perf_counter() + seconds
    out: list[tuple] = []

    async def client(n: int) -> None:
        rng = random.Random(rng_seed + n)
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while time.perf_counter() < stop_at:
                url = rng.choice(urls)
                t = time.perf_counter()
                try:
                    status, size = await asyncio.wait_for(_get(reader, writer, host, url), 30)
                    error = "" if status == 200 and size > 500 else str(status)
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as e:
                    error = type(e).__name__
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
                out.append((t, url, (time.perf_counter() - t) * 1000, error))
        finally:
            writer.close()

    await asyncio.gather(*(client(i) for i in range(clients)))
    return out


def load(
    base: str, urls: list[str], clients: int, seconds: float, rng_seed: int, server_pid: int | None = None
) -> dict[str, float]:
    """`clients` concurrent clients on one asyncio loop (uvloop when installed): a few tens of
    microseconds of the generator's CPU per request, so the server keeps the cores."""
    host, port = base.removeprefix("http://").split(":")
    runner = asyncio.run
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:
        pass
    server0 = _cpu_seconds(server_pid) if server_pid else 0.0
    cpu0, t0 = time.process_time(), time.monotonic()
    records = runner(_run_clients(host, int(port), urls, clients, seconds, rng_seed))
    wall, cpu = time.monotonic() - t0, time.process_time() - cpu0
    server_cpu = (_cpu_seconds(server_pid) - server0) if server_pid else 0.0
    records.sort()
    seen: set[str] = set()
    latencies, cold, errors = [], [], []
    for _, url, ms, error in records:
        latencies.append(ms)
        if url not in seen:  # the first request of an address in this run: a server cache miss
            seen.add(url)
            cold.append(ms)
        if error:
            errors.append(f"{url}: {error}")
    if not latencies:
        return {"requests": 0, "errors": 0, "first_error": "no request finished"}
    q = _pcts(latencies)
    c = _pcts(cold)
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "p50_ms": round(q[49], 1),
        "p95_ms": round(q[94], 1),
        "p99_ms": round(q[98], 1),
        "max_ms": round(max(latencies), 1),
        "rps": round(len(latencies) / wall, 1),
        "addresses": len(urls),
        "cold_requests": len(cold),
        "cold_p50_ms": round(c[49], 1),
        "cold_p95_ms": round(c[94], 1),
        "generator_cpu_ms_per_request": round(cpu * 1000 / len(latencies), 3),
        # the server's own CPU (all workers) per request: what the page costs, whatever the machine's load
        "server_cpu_ms_per_request": round(server_cpu * 1000 / len(latencies), 2),
        "server_cores_used": round(server_cpu / wall, 2),
    }


def _pcts(values: list[float]) -> list[float]:
    if not values:
        return [0.0] * 99
    return statistics.quantiles(values, n=100) if len(values) >= 2 else [values[0]] * 99


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000, help="corpus size (built once, then reused)")
    ap.add_argument("--db", type=Path, help="database file (default: benchmarks/.corpus/web-<articles>.db)")
    ap.add_argument(
        "--pg",
        metavar="URL",
        help="--bulk on PostgreSQL instead: a URL with kexie's ?schema= (created and loaded when empty)",
    )
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=20.0, help="per kind of page")
    ap.add_argument("--workers", type=int, default=4, help="`kexie serve --workers`")
    ap.add_argument(
        "--threads", type=int, default=1, help="`kexie serve --threads` (requests at once per worker)"
    )
    ap.add_argument(
        "--bulk",
        action="store_true",
        help="load the corpus with the archive benchmark's bulk loader (fast; no mentions, roles or units)",
    )
    ap.add_argument("--pool", type=int, default=5000, help="--bulk: distinct generated articles, repeated")
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument(
        "--kinds", default="search,profile,dashboard", help="which pages to load, comma-separated"
    )
    ap.add_argument(
        "--no-cache", action="store_true", help="serve with no read/page cache: every request computed"
    )
    ap.add_argument(
        "--lists",
        type=Path,
        help="the measured addresses: read from this JSON file if it exists, else saved to it",
    )
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()

    CORPUS.mkdir(exist_ok=True)
    db = args.db or CORPUS / f"web-{'bulk-' if args.bulk else ''}{args.articles}.db"
    t = time.monotonic()
    url = args.pg or f"sqlite:///{db}"
    if args.pg and not args.bulk:
        raise SystemExit("--pg needs --bulk")
    have = bulk(url, args.articles, args.pool) if args.bulk else build(db, args.articles)
    print(f"corpus: {have} articles in {url} ({time.monotonic() - t:.0f} s to build/check)", flush=True)
    if args.build_only:
        return
    port = free_port()
    proc = start_server(url, port, args.workers, cache=not args.no_cache, threads=args.threads)
    base = f"http://127.0.0.1:{port}"
    try:
        if args.lists and args.lists.exists():
            lists = json.loads(args.lists.read_text())
        else:
            lists = request_lists(base, random.Random(1))
            if args.lists:
                args.lists.write_text(json.dumps(lists, ensure_ascii=False, indent=1))
        lists["profile"] = [u for u in lists["profile"] if u != "/entities/1"]  # requested below, unmeasured
        print(f"server idle after {wait_idle(proc):.0f} s (start-up warm-up done)", flush=True)
        results = {}
        # warm the server process (imports, tokenizer dictionary, database pages), not its caches:
        # none of these addresses is among the measured ones
        with httpx.Client(base_url=base, timeout=120) as c:
            for url in ("/search?q=%E8%AD%A6%E6%88%92", "/entities/1", "/articles/1"):
                c.get(url)
        for kind in args.kinds.split(","):
            load_before = Path("/proc/loadavg").read_text().split()[0]
            results[kind] = load(base, lists[kind], args.clients, args.seconds, 7, proc.pid)
            results[kind]["loadavg"] = f"{load_before}-{Path('/proc/loadavg').read_text().split()[0]}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    cache = "no cache" if args.no_cache else "cache on"
    print(
        f"\n{args.clients} clients, {args.seconds:.0f} s per kind, {have} articles, {args.workers} workers × {args.threads} threads, {cache}"
    )
    print(
        f"{'kind':<10}{'requests':>9}{'errors':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>8}"
        f"{'addr':>6}{'cold n':>8}{'cold p50':>9}{'cold p95':>9}  target p95 (load average)"
    )
    ok = True
    for kind, r in results.items():
        met = r["errors"] == 0 and r["p95_ms"] <= TARGETS_MS[kind]
        ok &= met
        print(
            f"{kind:<10}{r['requests']:>9}{r['errors']:>7}{r['p50_ms']:>9}{r['p95_ms']:>9}{r['p99_ms']:>9}"
            f"{r['rps']:>8}{r['addresses']:>6}{r['cold_requests']:>8}{r['cold_p50_ms']:>9}{r['cold_p95_ms']:>9}"
            f"  ≤ {TARGETS_MS[kind]} ms {'ok' if met else 'MISSED'} ({r['loadavg']})"
        )
        print(
            f"{'':<10}server CPU {r['server_cpu_ms_per_request']} ms/request, {r['server_cores_used']} cores used;"
            f" generator CPU {r['generator_cpu_ms_per_request']} ms/request"
        )
        if r["first_error"]:
            print(f"  first error: {r['first_error']}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {"articles": have, "clients": args.clients, "cache": not args.no_cache, "results": results},
                indent=2,
            )
        )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
