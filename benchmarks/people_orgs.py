"""Speed of people and organization extraction alone (find_persons, find_orgs).

    .venv/bin/python benchmarks/people_orgs.py [--chars 3000000] [--runs 3]

The text is the project's gold articles (tests/fixtures/gold, and the shared sample
when ../shared is there, as reflow rebuilds them) repeated up to --chars characters, processed
article by article on one core; the median of --runs runs after a warm-up that loads
every dictionary (jieba's word list, the division names). CPU time of this process,
so other work on a shared machine slows it less than wall time would. benchmarks/
extract.py times the whole extraction; this script says how much of it these two take.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kexie.config import Settings  # noqa: E402
from kexie.evaluate import load_bulletin, source_path  # noqa: E402
from kexie.extract.orgs import find_orgs  # noqa: E402
from kexie.extract.people import find_persons  # noqa: E402
from kexie.model import Article  # noqa: E402

SHARED_GOLD = ROOT.parent / "shared" / "samples" / "bast-bulletin-2023-02.gold.json"


def articles() -> list[Article]:
    """The gold sets' articles as reflow rebuilds them (read once, before any timing)."""
    golds = sorted((ROOT / "tests" / "fixtures" / "gold").glob("*.gold.json"))
    if SHARED_GOLD.exists():
        golds.append(SHARED_GOLD)
    out = []
    for path in golds:
        gold = json.loads(path.read_text("utf-8"))
        for a in load_bulletin(source_path(path, gold), gold, Settings()).articles:
            out.append(Article(0, a.title, a.paragraphs, a.section, a.attribution))
    return out


def size(a: Article) -> int:
    return len(a.title) + sum(map(len, a.paragraphs))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=3_000_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    base = articles()
    per_copy = sum(map(size, base))
    corpus = base * max(1, args.chars // per_copy)
    chars = sum(map(size, corpus))
    settings = Settings()
    for a in base:  # warm-up: dictionaries and compiled patterns
        find_persons(a)
        find_orgs(a, settings)
    print(
        f"{len(base)} articles × {len(corpus) // len(base)} = {chars:,} characters, median of {args.runs} runs"
    )
    for name, fn in (("find_persons", find_persons), ("find_orgs", lambda a: find_orgs(a, settings))):
        times = []
        for _ in range(args.runs):
            t = time.process_time()
            for a in corpus:
                fn(a)
            times.append(time.process_time() - t)
        med = statistics.median(times)
        print(f"{name:13s} {med:6.2f} s  {chars / med:>12,.0f} chars/s")


if __name__ == "__main__":
    main()
